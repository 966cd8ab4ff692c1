"""The briefs box: short news items (简讯) under a heading, in a ruled box.

How it is set is in makeup/kinds/briefs.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, Role, key
from bulletin_pdf.model.text import Text


@dataclass(kw_only=True)
class Briefs(BlockModel):
    TYPE = "briefs"
    ORDER = 30
    NAME = "briefs"
    WHAT = "a briefs block"
    DOC = "A box of short news items (简讯), e.g. 重要新闻."
    TYPE_DOC = "a box of short news items"
    ROLES: ClassVar[dict[str, Role]] = {
        "briefs_title": Role("heading of a briefs box"),
        "brief": Role("one brief"),
    }

    title: Text = key(
        "text", "Heading of the box, e.g. 重要新闻.", required=True, example="重要新闻"
    )
    items: list[Text] = key(
        "items",
        "The news items, one per entry; the style sets the ◆ before "
        "each, so a ◆ written at the start is dropped.",
        required=True,
        example="[…]",
        strip=r"◆\s*",
        limit="briefs box",
    )
    columns: int | None = keys.columns()
    column: int | None = keys.column()
    place: str | None = keys.place()
    pin: bool = keys.pin()
    filler: bool = keys.filler()

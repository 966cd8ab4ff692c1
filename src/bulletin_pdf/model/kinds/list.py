"""The numbered list (十大实事项目 and the like): a heading and entries numbered 1. 2. ….

How it is set is in makeup/kinds/list.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, Role, key
from bulletin_pdf.model.text import Text


@dataclass(kw_only=True)
class NumberedList(BlockModel):
    TYPE = "list"
    ORDER = 40
    NAME = "list"
    WHAT = "a list block"
    DOC = "A numbered list, e.g. 十大实事项目."
    TYPE_DOC = "a numbered list"
    ROLES: ClassVar[dict[str, Role]] = {
        "list_title": Role("heading of a numbered list"),
        "list": Role("one list entry, hanging after its number"),
    }

    title: Text = key(
        "text", "Heading of the list.", required=True, example="天平街道2020年十大实事项目"
    )
    items: list[Text] = key(
        "items",
        "The entries, in order; the numbers 1. 2. … are set by the "
        "style, so a matching number written at the start is dropped.",
        required=True,
        example="[…]",
        strip=r"{n}\s*[.．、)）](?!\d)\s*",
        limit="list",
    )
    columns: int | None = keys.columns()
    column: int | None = keys.column()
    place: str | None = keys.place()
    pin: bool = keys.pin()
    filler: bool = keys.filler()

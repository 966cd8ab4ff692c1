"""The greeting: a letter such as 新春贺词 — salutation, text, signature flush right.

How it is set is in makeup/kinds/greeting.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, Role, key
from bulletin_pdf.model.text import Text


@dataclass(kw_only=True)
class Greeting(BlockModel):
    TYPE = "greeting"
    ORDER = 50
    NAME = "greeting"
    WHAT = "a greeting block"
    DOC = "A letter such as 新春贺词: salutation, text, signature."
    TYPE_DOC = "a letter or greeting"
    ROLES: ClassVar[dict[str, Role]] = {
        "greeting_title": Role("heading of a greeting"),
        "greeting": Role("text of a greeting"),
        "salutation": Role("opening line of a greeting"),
        "signature": Role("signature lines of a greeting"),
    }

    title: Text = key("text", "Heading, e.g. 新春贺词.", required=True, example="新春贺词")
    salutation: Text | None = key(
        "text",
        "The opening line, e.g. 居民们、同志们、朋友们: (in quotes when it ends with ':').",
        example='"居民们、同志们、朋友们:"',
    )
    body: list[Text] = key(
        "paragraphs",
        "The text, paragraphs separated by blank lines.",
        required=True,
        example="| (and the text on the next lines, indented)",
        limit="greeting",
    )
    signature: list[Text] = key(
        "lines",
        "Signature lines, set right-aligned: title, name, date.",
        default=(),
        example="[天平路街道办事处主任, 王争]",
    )
    columns: int | None = keys.columns()
    column: int | None = keys.column()
    place: str | None = keys.place()
    pin: bool = keys.pin()
    filler: bool = keys.filler()

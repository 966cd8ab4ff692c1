"""The notice: a boxed notice — 便民信息, 征稿启事, a hotline table — a title bar and short
lines in a ruled or tinted frame, on the grid.

How it is set is in makeup/kinds/notice.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, Role, key
from bulletin_pdf.model.text import Text


@dataclass(kw_only=True)
class Notice(BlockModel):
    TYPE = "notice"
    ORDER = 80
    NAME = "notice"
    WHAT = "a notice block"
    DOC = "A boxed notice (便民信息, 征稿启事, a hotline table): a title bar and short lines."
    TYPE_DOC = "a boxed notice"
    ROLES: ClassVar[dict[str, Role]] = {
        "notice_title": Role("the title bar of a notice", fallback="briefs_title"),
        "notice": Role("a line of a notice", fallback="brief"),
    }

    title: Text = key(
        "text", "The title in the bar, e.g. 便民服务热线.", required=True, example="便民服务热线"
    )
    lines: list[Text] = key(
        "items",
        "The notice's lines, one per entry; a long one wraps.",
        required=True,
        example="[…]",
        limit="notice",
    )
    table: bool = key(
        "flag",
        "true: set each line as a table row, the text before its first colon flush left and "
        "the rest flush right, e.g. 物业报修：6431 2288 (a line without a colon runs across "
        "the row).",
        default=False,
        example="true",
    )
    frame: str = key(
        "choice",
        "How the notice is set off.",
        choices={
            "rule": "a ruled box, the title bar tinted",
            "tint": "a tinted ground, a rule under the title bar",
        },
        default="rule",
        example="rule",
    )
    columns: int | None = keys.columns()
    column: int | None = keys.column()
    place: str | None = keys.place()
    pin: bool = keys.pin()
    filler: bool = keys.filler()

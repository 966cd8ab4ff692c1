"""The quote: a pull quote or an editor's note (编者按) — a short text in a ruled or tinted
frame, in 楷体 or 黑体, set beside an article (a narrow block next to it) or above one (a
block as wide as the article, with the label 编者按).

How it is set is in makeup/kinds/quote.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, Role, key
from bulletin_pdf.model.text import Text


@dataclass(kw_only=True)
class Quote(BlockModel):
    TYPE = "quote"
    ORDER = 70
    NAME = "quote"
    WHAT = "a quote block"
    DOC = "A pull quote or an editor's note (编者按): a short text in a ruled or tinted frame."
    TYPE_DOC = "a pull quote or 编者按"
    ROLES: ClassVar[dict[str, Role]] = {
        "quote": Role("text of a quote or 编者按 (楷体)", fallback="caption"),
        "quote_hei": Role("text of a quote with face: hei (黑体)", fallback="quote"),
        "quote_label": Role(
            "a quote's label run in before its text, e.g. 编者按", fallback="subtitle"
        ),
        "quote_source": Role("who said or wrote a quote, flush right under it", fallback="byline"),
    }

    label: Text | None = key(
        "text",
        "A label run in before the text, e.g. 编者按 (a colon is set after it).",
        example="编者按",
    )
    text: list[Text] = key(
        "paragraphs",
        "The quote: one or a few short paragraphs.",
        required=True,
        example="| (and the text on the next lines, indented)",
        limit="quote",
    )
    source: Text | None = key(
        "text",
        "Who said or wrote it, set flush right under the text, e.g. ——居民 王阿姨.",
        example="——居民 王阿姨",
    )
    face: str = key(
        "choice",
        "The typeface of the text.",
        choices={"kai": "楷体, the quote style", "hei": "黑体, the quote_hei style"},
        default="kai",
        example="kai",
    )
    frame: str = key(
        "choice",
        "How the quote is set off from the text around it.",
        choices={
            "rule": "a heavy rule above and a thin one below",
            "tint": "on a tinted ground",
            "box": "in a ruled box",
        },
        default="rule",
        example="rule",
    )
    columns: int | None = keys.columns()
    column: int | None = keys.column()
    place: str | None = keys.place()
    pin: bool = keys.pin()
    filler: bool = keys.filler()

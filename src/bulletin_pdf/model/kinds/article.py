"""The article: a news story with kicker, headline, subtitle, byline, body and photos.

How it is set and the shapes it may take are in makeup/kinds/article.py; that an article
marked `continued` has a continuation on a later page is checked by source/load.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, Role, key
from bulletin_pdf.model.kinds.photo import Photo
from bulletin_pdf.model.text import Text

# A paragraph of an article's body written "## …" is a subhead (小标题); `import` writes
# Word's headings and short bold lines that way (docs/issue-format.md).
SUBHEAD_MARK = "## "
_SUBHEAD = re.compile(r"##(?!#)[ \t\u3000]*(.*)", re.S)


def subhead_text(paragraph: str) -> str | None:
    """The subhead a body paragraph holds ("" for a mark with nothing after it), or None
    when it is an ordinary paragraph."""
    found = _SUBHEAD.fullmatch(paragraph)
    return found.group(1).strip() if found else None


@dataclass(kw_only=True)
class Article(BlockModel):
    TYPE = "article"
    ORDER = 10
    NAME = "article"
    WHAT = "an article block"
    DOC = "A news story: headline, text, photos."
    TYPE_DOC = "a news story"
    ROLES: ClassVar[dict[str, Role]] = {
        "kicker": Role("引题 above a headline"),
        "title": Role("lead headline (头条主标题)"),
        "title2": Role("headline of the other articles"),
        "title_one_column": Role("headline of an article one column wide", fallback="title2"),
        "subtitle": Role("副题 below a headline"),
        "byline": Role("author line"),
        # layouts made before subheads existed set them as the 副题 is set
        "subhead": Role(
            "小标题 inside an article's text (a body paragraph written '## …')", "subtitle"
        ),
    }

    kicker: Text | None = key(
        "text", "引题: the line above the headline.", example="立足新起点 扬帆新征程"
    )
    title: Text = key(
        "text",
        "The headline (主标题).",
        required=True,
        example="天平街道第五届社区代表会议第二次会议顺利召开",
    )
    subtitle: Text | None = key("text", "副题: the line below the headline.")
    byline: Text | None = key(
        "text",
        "Author and photographers, e.g. 吕佳 文 魏克 摄. An internal newsletter does not use 记者.",
        example="吕佳 文",
    )
    byline_position: str = key(
        "choice",
        "Where the byline is set.",
        choices={"end": "after the last paragraph", "top": "under the headline"},
        default="end",
        example="end",
    )
    body: list[Text] = key(
        "paragraphs",
        "The text. Paragraphs are separated by blank lines; write "
        "it after 'body: |' on the following lines, indented. A paragraph written "
        "'## …' is a subhead (小标题).",
        required=True,
        example="| (and the text on the next lines, indented)",
        limit="article '{title}'",
    )
    photos: list[Photo] = key("photos", "Photos set inside the article.", default=())
    columns: int | None = keys.columns()  # span on the page's grid; None = the whole page
    column: int | None = keys.column()
    place: str | None = keys.place()
    pin: bool = keys.pin()
    filler: bool = keys.filler()
    continued: bool = key(
        "flag",
        "true if the article may continue on a later page; that page "
        "then holds a block {type: continuation, article: <id>}.",
        default=False,
        example="true",
    )
    id: str | None = key(
        "ident",
        "A short name for the article, needed when it is continued.",
        hint="letters, digits, '-' or '_' without spaces",
        example="lead",
    )

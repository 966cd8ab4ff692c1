"""The content of one issue, as the editor wrote it. Knows nothing of layout or PDF.

Every text field keeps the `Where` it came from, so later stages (composer, make-up) can
report a problem at the editor's file, line and field without re-reading the YAML.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_pdf.errors import Where

# What `bulletin-pdf new` writes where the editor has still to write: check lists every one,
# and --final refuses an issue that still holds one.
PLACEHOLDER = "【待填】"


@dataclass(frozen=True)
class Text:
    """A piece of editor text and where it stands in the issue file."""

    value: str
    where: Where

    def __str__(self) -> str:
        return self.value


@dataclass
class Photo:
    file: Path  # resolved, checked to lie inside the issue folder
    caption: Text | None
    credit: Text | None  # "顾莉敏 摄": set after the caption
    columns: int | None  # span inside the article; None = the article's span
    ratio: float | None  # width / height to crop to; None = the image's own
    focus: tuple[float, float]  # crop centre, 0..1 from the left / top
    where: Where


@dataclass
class Article:
    title: Text
    body: list[Text]  # paragraphs, in order
    kicker: Text | None = None  # 引题
    subtitle: Text | None = None  # 副题
    byline: Text | None = None
    byline_position: str = "end"  # "end" | "top"
    photos: list[Photo] = field(default_factory=list)
    columns: int | None = None  # span on the page's grid; None = the whole page
    place: str | None = None  # optional hint: "top" | "bottom"
    column: int | None = None  # optional hint: first column (1-based)
    continued: bool = False  # may continue on the next page that has a `continuation`
    id: str | None = None
    where: Where | None = None


@dataclass
class Continuation:
    """Where a continued article picks up on a later page (上接第N版)."""

    article_id: str
    columns: int | None = None
    where: Where | None = None


@dataclass
class PhotoBlock:
    photo: Photo
    columns: int | None = None
    place: str | None = None
    column: int | None = None
    where: Where | None = None


@dataclass
class Briefs:
    title: Text
    items: list[Text]
    columns: int | None = None
    place: str | None = None
    column: int | None = None
    where: Where | None = None


@dataclass
class NumberedList:
    title: Text
    items: list[Text]
    columns: int | None = None
    place: str | None = None
    column: int | None = None
    where: Where | None = None


@dataclass
class Greeting:
    title: Text
    body: list[Text]
    salutation: Text | None = None
    signature: list[Text] = field(default_factory=list)  # lines, right-aligned: title, name, date
    columns: int | None = None
    place: str | None = None
    column: int | None = None
    where: Where | None = None


Block = Article | Continuation | PhotoBlock | Briefs | NumberedList | Greeting


@dataclass
class Page:
    section: Text | None
    blocks: list[Block]
    where: Where | None = None


@dataclass
class Newsletter:
    name: Text
    publisher: Text | None = None  # 主办 / 编印单位
    permit: Text | None = None  # 准印证 number; set for an internal newsletter
    internal: bool = False  # 内部资料: the §1.6 rules apply
    logo: Path | None = None
    url: Text | None = None


@dataclass
class Imprint:
    """What an internal newsletter must print (PRINT.md §1.6)."""

    editor: Text | None = None  # 编印单位
    audience: Text | None = None  # 发送对象
    printer: Text | None = None  # 印刷单位
    print_date: _dt.date | None = None  # 印刷日期
    copies: int | None = None  # 印数
    address: Text | None = None
    where: Where | None = None


@dataclass
class Issue:
    newsletter: Newsletter
    number: int
    date: _dt.date
    layout: str  # a file name in layouts/ without .yaml
    pages: list[Page]
    total_number: int | None = None  # 总第N期
    imprint: Imprint | None = None
    title: str = ""  # PDF title; default: newsletter name + issue
    folder: Path = Path(".")  # the issue's folder; photos resolve against it
    file: Path = Path("issue.yaml")
    layout_version: int | None = None  # pinned layout version; None = the current file

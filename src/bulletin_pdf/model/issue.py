"""The content of one issue, as the editor wrote it. Knows nothing of layout or PDF.

Every text field keeps the `Where` it came from, so later stages (composer, make-up) can
report a problem at the editor's file, line and field without re-reading the YAML.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from bulletin_pdf.errors import Where
from bulletin_pdf.model.keys import BlockModel
from bulletin_pdf.model.kinds.article import Article
from bulletin_pdf.model.kinds.briefs import Briefs
from bulletin_pdf.model.kinds.continuation import Continuation
from bulletin_pdf.model.kinds.greeting import Greeting
from bulletin_pdf.model.kinds.list import NumberedList
from bulletin_pdf.model.kinds.photo import Photo, PhotoBlock
from bulletin_pdf.model.text import Text

__all__ = [
    "PLACEHOLDER",
    "Article",
    "Block",
    "Briefs",
    "Continuation",
    "Greeting",
    "Imprint",
    "Issue",
    "Newsletter",
    "NumberedList",
    "Page",
    "Photo",
    "PhotoBlock",
    "Text",
]

# What `bulletin-pdf new` writes where the editor has still to write: check lists every one,
# and --final refuses an issue that still holds one.
PLACEHOLDER = "【待填】"


# The block kinds' models live one module each under model/kinds/; the first six are named
# here too for the modules that take them apart (commands/generate.py, tests). A block is
# any BlockModel.
Block = BlockModel


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

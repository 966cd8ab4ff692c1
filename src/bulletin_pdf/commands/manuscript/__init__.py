"""An editor's manuscript (a Word document, a .txt or a .md file) read into the pieces of an
article. Reading is in two steps, so every format is understood by the same rules:

1. a reader (docx.py, plain.py) turns the file into a flat list of `Para`s and `Picture`s,
   each knowing where it stood, plus what it could not map (`Report` warnings);
2. article.py decides what each piece is: kicker, title, subtitle, byline, body paragraph,
   subhead, photo caption or credit.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin_pdf.errors import Where


@dataclass(frozen=True)
class Para:
    """One paragraph of the manuscript, its text already cleaned (clean.py)."""

    text: str
    where: Where
    heading: int | None = None  # 0 = Word's Title style, 1.. = Heading N / '#' level
    role: str | None = None  # a role the writer gave it explicitly: subtitle, caption
    bold: bool = False  # every character of it is bold (a "short bold line")
    size: float | None = None  # its largest type size in pt, where the format has one


@dataclass(frozen=True)
class Picture:
    """A picture embedded in (or, for .md, linked from) the manuscript."""

    data: bytes
    ext: str  # "jpg", "png": how it is saved
    alt: str  # the picture's alt text (description), or ""
    where: Where


Piece = Para | Picture

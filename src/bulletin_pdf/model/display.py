"""The display list: what make-up hands to render, and the seam tests assert on.

Coordinates are points in the trim box with the origin at the trim's top-left corner and
y growing downward (the way a page is made up); `render` flips them for PDF and adds the
bleed offset. A text line's y is its baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bulletin_pdf.model.layout import BLACK, CMYK


@dataclass(frozen=True, slots=True)  # slots: an issue holds some 10^5 of them, in memos too
class PlacedGlyph:
    """One glyph of a composed line.

    `text` is what the glyph stands for in the text layer (one character as a rule); `x` is
    its origin from the line's left edge; `advance` the room it takes after compression."""

    text: str
    x: float
    advance: float
    font: str | None = None  # None: the line's font


@dataclass(frozen=True)
class Line:
    """A composed line: glyphs at fixed x, set to `measure`, from the composer."""

    glyphs: tuple[PlacedGlyph, ...]
    measure: float  # the width it was set to (pt)
    font: str  # font key (Layout.fonts)
    size: float
    justified: bool  # stretched or squeezed to fill the measure
    first: bool  # a paragraph's first line
    last: bool  # a paragraph's last line
    hyphen: bool = False  # ends in a hyphen the composer added (over-long Latin word)

    @cached_property
    def text(self) -> str:
        # make-up counts a line's characters at every shape it weighs: join the glyphs once
        return "".join(g.text for g in self.glyphs)

    @property
    def right(self) -> float:
        """Right extent of the last glyph's advance (after line-end half width)."""
        if not self.glyphs:
            return 0.0
        g = self.glyphs[-1]
        return g.x + g.advance


@dataclass(frozen=True)
class TextItem:
    x: float  # left edge of the line's measure
    y: float  # baseline
    line: Line
    color: CMYK = BLACK
    role: str = "body"
    block: str = ""  # which block it belongs to, for reports and tests


@dataclass(frozen=True)
class ImageItem:
    x: float  # frame, top-left
    y: float
    width: float
    height: float
    path: Path
    crop: tuple[float, float, float, float] = (
        0.0,
        0.0,
        1.0,
        1.0,
    )  # l, t, r, b as fractions of the image
    role: str = "photo"
    block: str = ""


@dataclass(frozen=True)
class RuleItem:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: CMYK = BLACK
    role: str = "rule"
    block: str = ""


@dataclass(frozen=True)
class BoxItem:
    x: float
    y: float
    width: float
    height: float
    fill: CMYK | None = None
    stroke: CMYK | None = BLACK
    stroke_width: float = 0.5
    role: str = "box"
    block: str = ""


@dataclass(frozen=True)
class GroupItem:
    """Items set in a frame of their own: its origin at (x, y) on the page, turned by `angle`
    degrees anticlockwise as the page is seen; the items' coordinates are in that frame, y
    downward as on the page. What a rotated element or a vertical headline needs. A page's
    groups are drawn first, under its other items; a group's items in the usual layers."""

    x: float
    y: float
    angle: float
    items: tuple[TextItem | ImageItem | RuleItem | BoxItem, ...]
    role: str = "group"
    block: str = ""


Item = TextItem | ImageItem | RuleItem | BoxItem | GroupItem


@dataclass
class PageList:
    number: int  # 1-based
    width: float  # trim, pt
    height: float
    items: list[Item] = field(default_factory=list)
    section: str = ""
    unused: list[str] = field(default_factory=list)  # make-up report lines for this page

    def add(self, item: Item) -> None:
        self.items.append(item)


def item_extent(item: Item) -> tuple[float, float, float, float] | None:
    """What an item covers in its frame: a line's glyphs from its em box top to its foot."""
    if isinstance(item, TextItem):
        if not item.line.glyphs:
            return None
        size = item.line.size
        return (
            item.x + item.line.glyphs[0].x,
            item.y - 0.88 * size,
            item.x + item.line.right,
            item.y + 0.12 * size,
        )
    if isinstance(item, (ImageItem, BoxItem)):
        return (item.x, item.y, item.x + item.width, item.y + item.height)
    if isinstance(item, RuleItem):
        return (
            min(item.x0, item.x1),
            min(item.y0, item.y1),
            max(item.x0, item.x1),
            max(item.y0, item.y1),
        )
    return None

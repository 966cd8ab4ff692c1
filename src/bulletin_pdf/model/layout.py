"""The layout file: page, grid and styles. All lengths here are in points (1/72 in);
the layout YAML writes page geometry in mm and type in pt, `load` converts.

The column grid is derived, never typed twice: a column is `column_chars` body characters
wide (clreq: a line is a whole number of characters), the gutters take what is left of the
type area, and the type area is `lines` baseline pitches deep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

MM = 72 / 25.4

CMYK = tuple[float, float, float, float]  # each 0..1
BLACK: CMYK = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class Style:
    """How one role (body, title, caption, ...) is set."""

    font: str  # a key of Layout.fonts
    size: float  # pt
    leading: float  # baseline to baseline, pt (body: the grid pitch)
    align: str = "justify"  # justify | left | center | right
    indent: float = 0.0  # first-line indent in em
    color: CMYK = BLACK


@dataclass(frozen=True)
class Layout:
    name: str  # file stem, e.g. tabloid-4k
    version: int
    trim_width: float  # pt
    trim_height: float
    bleed: float  # pt per side; 0 for coldset web presses
    margin_top: float  # pt, from trim edge to the top of the type area
    margin_inner: float  # left margin on odd pages (and the bottom of the arithmetic below)
    columns: int
    column_chars: int  # characters of body size per column
    gutter: float  # pt between columns
    lines: int  # baseline-grid lines in the type area
    fonts: dict[str, str]  # role font key -> file name in fonts/ (or an absolute path)
    styles: dict[str, Style]
    punctuation: str = "quanjiao"  # quanjiao | kaiming
    prohibition: str = "basic"  # basic | gb | strict (clreq §3.1.4 line-breaking levels)
    column_rules: bool = True  # 栏线 between columns of text
    rule_width: float = 0.5  # pt, every rule and box line
    tint: CMYK = (0.0, 0.0, 0.0, 0.12)  # box background
    min_image_ppi: float = 200.0
    max_image_ppi: float = 400.0  # above: downsampled
    icc_profile: str | None = None  # CMYK output profile; None = the shipped newsprint one
    crop_marks: bool = True  # in --final output
    registration_marks: bool = True  # register targets beside the crop marks (when crop_marks)
    photo_fill: bool = True  # photos grow (cropped taller) into empty rows at a page's foot
    list_box: bool = False  # numbered lists in a ruled box, like the briefs
    extra: dict = field(default_factory=dict)  # room for layout-specific settings

    # ---- derived geometry (pt) ----
    # body and column_width are asked some 5 000 times a make-up: worked out once (a Layout
    # is frozen, and one per layout file is kept for the process)
    @cached_property
    def body(self) -> Style:
        return self.styles["body"]

    @property
    def pitch(self) -> float:
        """The baseline grid pitch: the body style's leading."""
        return self.body.leading

    @cached_property
    def column_width(self) -> float:
        return self.column_chars * self.body.size

    @property
    def type_width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def type_height(self) -> float:
        return self.lines * self.pitch

    @property
    def margin_outer(self) -> float:
        return self.trim_width - self.margin_inner - self.type_width

    @property
    def margin_bottom(self) -> float:
        return self.trim_height - self.margin_top - self.type_height

    def column_x(self, index: int) -> float:
        """Left edge of column `index` (0-based), from the trim's left edge."""
        return self.margin_inner + index * (self.column_width + self.gutter)

    def span_width(self, first: int, count: int) -> float:
        """Width of `count` columns starting at `first`, gutters between them included."""
        return count * self.column_width + (count - 1) * self.gutter

    def row_baseline(self, ascent: float, descent: float) -> float:
        """Where a body baseline sits inside its grid row: the body font's em box (`ascent`
        em above the baseline, `descent` em, negative, below it; the font's typo metrics)
        centred in the row."""
        return self.pitch / 2 + (ascent + descent) / 2 * self.body.size

    def baseline_y(self, row: int, row_baseline: float) -> float:
        """Baseline of grid row `row` on the page, from the trim's top edge."""
        return self.margin_top + row * self.pitch + row_baseline

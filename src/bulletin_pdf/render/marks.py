"""Printer's marks for the final PDF: corner crop marks (裁切线), registration targets and a
slug line, all outside the bleed so none of them can print on the trimmed page.

ReportLab's own `cropMarks=` scales the page to fill the bleed and leaves the boxes alone
(PRINT.md §4), so the media is enlarged here instead and the page is drawn at true size.
Marks are in the registration colour: a Separation named /All, which a RIP puts on every
plate (spot plates too), drawn at C=M=Y=K=100 % on screen.
"""

from __future__ import annotations

from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfbase.pdfmetrics import stringWidth

from bulletin_pdf.model.layout import MM

MARK_OFFSET = 3 * MM  # gap between the bleed edge and the start of a mark
MARK_LENGTH = 6 * MM
MARK_WIDTH = 0.25  # pt: thin enough to be exact, thick enough to survive the plate
TARGET_RADIUS = 2.2 * MM
SLUG_SIZE = 6.0  # pt
SLUG_MIN_SIZE = 4.0

REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)


def media_size(
    trim_w: float, trim_h: float, bleed: float, marks: bool
) -> tuple[float, float, float]:
    """Media (page) width and height in pt, and the offset of the trim's lower-left corner on it.

    Without marks the media is the trim plus the bleed; with marks it grows on each side by
    the bleed, the gap and the mark length."""
    offset = bleed + (MARK_OFFSET + MARK_LENGTH if marks else 0.0)
    return trim_w + 2 * offset, trim_h + 2 * offset, offset


def _crop_marks(canvas, x0: float, y0: float, x1: float, y1: float, reach: float) -> None:
    """Two marks per corner, on the trim lines' extensions, starting `reach` from the trim."""
    p = canvas.beginPath()
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            # horizontal mark on the trim line y, outside the page
            p.moveTo(x + sx * reach, y)
            p.lineTo(x + sx * (reach + MARK_LENGTH), y)
            # vertical mark on the trim line x
            p.moveTo(x, y + sy * reach)
            p.lineTo(x, y + sy * (reach + MARK_LENGTH))
    canvas.drawPath(p, stroke=1, fill=0)


def _target(canvas, cx: float, cy: float) -> None:
    """A registration target: circle, inner circle and crosshair, for checking plate fit."""
    r = TARGET_RADIUS
    canvas.circle(cx, cy, r, stroke=1, fill=0)
    canvas.circle(cx, cy, r / 2, stroke=1, fill=0)
    p = canvas.beginPath()
    p.moveTo(cx - r * 1.3, cy)
    p.lineTo(cx + r * 1.3, cy)
    p.moveTo(cx, cy - r * 1.3)
    p.lineTo(cx, cy + r * 1.3)
    canvas.drawPath(p, stroke=1, fill=0)


def draw_marks(
    canvas,
    trim: tuple[float, float, float, float],
    bleed: float,
    *,
    slug: str,
    registration: bool,
    font: str,
    font_size: float = SLUG_SIZE,
) -> None:
    """Draw crop marks, optional registration targets and the slug around `trim`
    ((x0, y0, x1, y1) in pt on the media). `font` is a registered, embeddable TrueType name.

    The media must have room: use `media_size(..., marks=True)`. The canvas state is left
    as it was."""
    x0, y0, x1, y1 = trim
    reach = bleed + MARK_OFFSET  # marks start this far from the trim line
    middle = reach + MARK_LENGTH / 2  # centre line of the margin the marks live in
    canvas.saveState()
    # Marks knock out nothing and are cut away, but overprint keeps them from punching
    # holes in any bleed artwork a RIP's trap engine might look at.
    canvas.setStrokeOverprint(True)
    canvas.setFillOverprint(True)
    canvas.setOverprintMask(True)
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setDash()
    _crop_marks(canvas, x0, y0, x1, y1, reach)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if registration:
        for tx, ty in ((cx, y1 + middle), (cx, y0 - middle), (x0 - middle, cy), (x1 + middle, cy)):
            _target(canvas, tx, ty)
    if slug:
        # K only, in the foot margin from the left mark to just short of the centre target
        left = x0 + 3 * MM
        right = cx - TARGET_RADIUS * 1.3 - 2 * MM if registration else x1 - 3 * MM
        room = right - left
        size = font_size
        width = stringWidth(slug, font, size)
        if width > room:
            size = max(SLUG_MIN_SIZE, size * room / width)
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setFont(font, size)
        canvas.drawString(left, y0 - middle - size * 0.35, slug)
    canvas.restoreState()

"""The pages as they go to render: what make-up adds for one kind of output.

Final output: a tint or photo that touches a trim edge reaches past it by the bleed
(`bleed_pages`). A proof carries 校样 across each page (`with_watermark`) and may carry the
grid as guide rules (`with_grid`). Render draws every item exactly where it stands and
computes nothing from the layout.
"""

from __future__ import annotations

import dataclasses

from bulletin_pdf.model.display import (
    BoxItem,
    GroupItem,
    ImageItem,
    Line,
    PageList,
    PlacedGlyph,
    RuleItem,
    TextItem,
)
from bulletin_pdf.model.layout import Layout
from bulletin_pdf.text.fonts import FontSet

EDGE = 0.01  # pt: an item this close to the trim edge touches it


def into_bleed(item, trim_w: float, trim_h: float, bleed: float):
    """A tint or photo that touches a trim edge, extended past it by the bleed, so that the
    trimmer's tolerance never shows a white sliver. A photo's crop grows with its frame (and
    is trimmed back to the frame's shape where the picture has no more to give)."""
    if bleed <= 0:
        return item
    left = bleed if item.x <= EDGE else 0.0
    top = bleed if item.y <= EDGE else 0.0
    right = bleed if item.x + item.width >= trim_w - EDGE else 0.0
    bottom = bleed if item.y + item.height >= trim_h - EDGE else 0.0
    if not (left or top or right or bottom):
        return item
    changes = dict(
        x=item.x - left,
        y=item.y - top,
        width=item.width + left + right,
        height=item.height + top + bottom,
    )
    if isinstance(item, ImageItem):
        l, t, r, b = item.crop
        per_x, per_y = (r - l) / item.width, (b - t) / item.height  # crop fraction per pt
        changes["crop"] = (
            max(0.0, l - left * per_x),
            max(0.0, t - top * per_y),
            min(1.0, r + right * per_x),
            min(1.0, b + bottom * per_y),
        )
    return dataclasses.replace(item, **changes)


def bleed_pages(pages: list[PageList], layout: Layout) -> list[PageList]:
    """The pages with their tints and photos that touch a trim edge extended into the
    layout's bleed (the same pages when the layout has none)."""
    if layout.bleed <= 0:
        return pages
    w, h, bleed = layout.trim_width, layout.trim_height, layout.bleed
    return [
        dataclasses.replace(page, items=[_bled(item, w, h, bleed) for item in page.items])
        for page in pages
    ]


def _bled(item, trim_w: float, trim_h: float, bleed: float):
    return (
        into_bleed(item, trim_w, trim_h, bleed) if isinstance(item, (BoxItem, ImageItem)) else item
    )


GRID_WIDTH = 0.25  # pt
COLUMN_GUIDE = (0.6, 0.0, 0.0, 0.0)  # cyan
BASELINE_GUIDE = (0.0, 0.5, 0.0, 0.0)  # magenta


def with_grid(pages: list[PageList], layout: Layout, row_baseline: float) -> list[PageList]:
    """Proof guides over the type area, as rules of the page: each column's edges in cyan,
    each grid row's body baseline in magenta (`row_baseline`: where it sits in its row)."""
    top, bottom = layout.margin_top, layout.margin_top + layout.type_height
    left, right = layout.margin_inner, layout.margin_inner + layout.type_width
    guides: list[RuleItem] = []
    for i in range(layout.columns):
        x0 = layout.column_x(i)
        for x in (x0, x0 + layout.column_width):
            guides.append(RuleItem(x, top, x, bottom, GRID_WIDTH, COLUMN_GUIDE, "proof-grid"))
    for k in range(layout.lines):
        y = layout.baseline_y(k, row_baseline)
        guides.append(RuleItem(left, y, right, y, GRID_WIDTH, BASELINE_GUIDE, "proof-grid"))
    return [dataclasses.replace(page, items=[*page.items, *guides]) for page in pages]


WATERMARK = "校样"
WATERMARK_SIZE = 150.0  # pt
WATERMARK_TINT = (0.0, 0.18, 0.18, 0.0)
WATERMARK_ANGLE = 35.0  # degrees, anticlockwise


def proof_font(layout: Layout) -> str:
    """The font key of a proof's own marks: 黑体 when the layout has it, else the body's."""
    return "hei" if "hei" in layout.fonts else layout.body.font


def with_watermark(pages: list[PageList], layout: Layout, fonts: FontSet) -> list[PageList]:
    """校样 across each page's centre, in a light tint, turned 35°: a group drawn under
    everything, so the text stays legible."""
    key = proof_font(layout)
    advance = fonts.metrics(key).advance
    glyphs, x = [], 0.0
    for ch in WATERMARK:
        width = advance(ch) * WATERMARK_SIZE
        glyphs.append(PlacedGlyph(ch, x, width))
        x += width
    line = Line(tuple(glyphs), x, key, WATERMARK_SIZE, False, True, True)
    # centred on the page's centre, its baseline 50 pt below it
    text = TextItem(-x / 2, 50.0, line, WATERMARK_TINT, "proof-watermark", "proof")
    mark = GroupItem(
        layout.trim_width / 2, layout.trim_height / 2, WATERMARK_ANGLE, (text,), "proof-watermark"
    )
    return [dataclasses.replace(page, items=[mark, *page.items]) for page in pages]

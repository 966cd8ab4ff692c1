"""Make-up properties every display list must have; shared by the make-up tests."""

from __future__ import annotations

import itertools

from bulletin_pdf.model.display import BoxItem, ImageItem, RuleItem, TextItem
from bulletin_pdf.text.charclass import OPENING

GRID_ROLES = {"body", "brief", "list", "greeting", "salutation", "signature", "byline", "jump"}
EPS = 0.01
FURNITURE = {"furniture", "masthead", "imprint"}


def bbox(item):
    if isinstance(item, TextItem):
        line = item.line
        # a line-start opening bracket may have its blank left half trimmed (origin at −½ em)
        left = item.x + min(
            g.x + (0.5 * line.size if g.text in OPENING and g.x < 0 else 0) for g in line.glyphs
        )
        return (left, item.y - 0.88 * line.size, item.x + line.right, item.y + 0.12 * line.size)
    if isinstance(item, (ImageItem, BoxItem)):
        return (item.x, item.y, item.x + item.width, item.y + item.height)
    if isinstance(item, RuleItem):  # butt caps: the width spreads across the rule only
        hx = item.width / 2 if item.x0 == item.x1 else 0.0
        hy = item.width / 2 if item.y0 == item.y1 else 0.0
        return (
            min(item.x0, item.x1) - hx,
            min(item.y0, item.y1) - hy,
            max(item.x0, item.x1) + hx,
            max(item.y0, item.y1) + hy,
        )
    raise TypeError(item)


def overlap(a, b) -> bool:
    return a[0] < b[2] - EPS and b[0] < a[2] - EPS and a[1] < b[3] - EPS and b[1] < a[3] - EPS


def assert_no_overlaps(pages) -> None:
    """No two items of different blocks overlap; inside a block, no text overlaps a photo or other text."""
    for page in pages:
        items = [it for it in page.items if not (isinstance(it, TextItem) and not it.line.glyphs)]
        for a, b in itertools.combinations(items, 2):
            if a.block == b.block:
                if isinstance(a, (BoxItem, RuleItem)) or isinstance(b, (BoxItem, RuleItem)):
                    continue  # a block's own box and rules frame its own content
            elif {a.block, b.block} <= FURNITURE:
                continue
            if isinstance(a, RuleItem) and isinstance(b, RuleItem):
                continue
            assert not overlap(bbox(a), bbox(b)), (page.number, a.role, a.block, b.role, b.block)


def assert_inside_type_area(pages, lay) -> None:
    x0, y0 = lay.margin_inner, lay.margin_top
    x1, y1 = x0 + lay.type_width, y0 + lay.type_height
    for page in pages:
        for it in page.items:
            b = bbox(it)
            assert b[0] >= x0 - 0.5 and b[2] <= x1 + 0.5, (page.number, it.role, b)
            assert b[1] >= y0 - 0.5 and b[3] <= y1 + 0.5, (page.number, it.role, b)


def row_base(lay) -> float:
    """Where a body baseline sits in its grid row, from the layout's body font as make-up
    reads it (the checkout's fonts/)."""
    from bulletin_pdf import paths
    from bulletin_pdf.text.fonts import FontSet

    body = FontSet(lay.fonts, paths.fonts_folder(paths.CHECKOUT)).metrics(lay.body.font)
    return lay.row_baseline(body.ascent, body.descent)


def assert_on_baseline_grid(pages, lay) -> None:
    for page in pages:
        for it in page.items:
            if isinstance(it, TextItem) and it.role in GRID_ROLES:
                k = (it.y - lay.baseline_y(0, row_base(lay))) / lay.pitch
                assert abs(k - round(k)) < 1e-6, (page.number, it.role, it.line.text)


def text_columns(pages, lay, roles=("body", "greeting", "list", "brief")):
    """{(page, block, column): [TextItem, …] top to bottom} for flowing text."""
    columns: dict[tuple[int, str, int], list[TextItem]] = {}
    for page in pages:
        for it in page.items:
            if isinstance(it, TextItem) and it.role in roles:
                col = round((it.x - lay.margin_inner) / (lay.column_width + lay.gutter))
                columns.setdefault((page.number, it.block, col), []).append(it)
    for items in columns.values():
        items.sort(key=lambda it: it.y)
    return columns


def assert_no_widows(pages, lay) -> None:
    """孤行: no column opens with the last line of a paragraph begun in an earlier column."""
    for key, items in text_columns(pages, lay).items():
        first = items[0].line
        assert not (first.last and not first.first), (key, first.text)


def reading_text(items) -> str:
    """The text of some lines of one block read as a reader does: column by column (left to
    right), each top to bottom."""
    items = [it for it in items if isinstance(it, TextItem)]
    return "".join(it.line.text for it in sorted(items, key=lambda it: (it.x, it.y)))

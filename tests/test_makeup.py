"""Make-up asserted on the display list of the sample issue (no PDF involved)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from displaylist_checks import (
    EPS,
    GRID_ROLES,
    assert_inside_type_area,
    assert_no_overlaps,
    assert_on_baseline_grid,
    row_base,
)

from bulletin_pdf.model.display import BoxItem, ImageItem, RuleItem, TextItem
from bulletin_pdf.text.charclass import NO_LINE_END, NO_LINE_START

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"


@pytest.fixture(scope="module")
def made():
    from bulletin_pdf.commands.build import make

    return make(SAMPLE)


def test_sample_has_every_element(made):
    roles = {it.role for p in made.makeup.pages for it in p.items}
    for role in (
        "masthead",
        "masthead-info",
        "kicker",
        "title",
        "body",
        "photo",
        "caption",
        "byline",
        "brief",
        "list",
        "greeting",
        "salutation",
        "signature",
        "running-head",
        "folio",
        "imprint",
    ):
        assert role in roles, role
    photos = [it for p in made.makeup.pages for it in p.items if isinstance(it, ImageItem)]
    assert len(photos) == 3


def test_nothing_overlaps(made):
    assert_no_overlaps(made.makeup.pages)


def test_everything_inside_type_area(made):
    assert_inside_type_area(made.makeup.pages, made.layout)


def test_caption_sits_directly_under_its_photo(made):
    for page in made.makeup.pages:
        for photo in (it for it in page.items if isinstance(it, ImageItem)):
            caps = [
                it
                for it in page.items
                if isinstance(it, TextItem)
                and it.role == "caption"
                and it.block == photo.block
                and abs(it.x - photo.x) < EPS
            ]
            assert caps, "photo without caption"
            first = min(caps, key=lambda c: c.y)
            top_of_caption = first.y - 0.88 * first.line.size
            assert 0 <= top_of_caption - (photo.y + photo.height) <= 0.6 * made.layout.pitch
            for c in caps:
                assert c.x + c.line.right <= photo.x + photo.width + EPS


def test_body_lines_on_one_baseline_grid(made):
    assert_on_baseline_grid(made.makeup.pages, made.layout)


def test_justified_lines_fill_the_column(made):
    lay = made.layout
    n = 0
    for page in made.makeup.pages:
        for it in page.items:
            if isinstance(it, TextItem) and it.role == "body" and not it.line.last:
                assert abs(it.line.right - lay.column_width) <= 0.1, it.line.text
                first = it.line.glyphs[0]
                expected = 2 * it.line.size if it.line.first else 0.0
                assert first.x <= expected + 0.1 and first.x >= expected - 0.5 * it.line.size - 0.1
                n += 1
    assert n > 100


def test_no_prohibited_line_starts_or_ends(made):
    for page in made.makeup.pages:
        for it in page.items:
            if isinstance(it, TextItem) and it.role in GRID_ROLES and it.line.glyphs:
                text = it.line.text
                assert text[0] not in NO_LINE_START, text
                assert text[-1] not in NO_LINE_END, text


def test_unused_space_is_reported(made):
    """Every column whose last item (a line, a photo, a box) ends more than 3 lines above the
    folio is named in the make-up report."""
    lay = made.layout
    for page in made.makeup.pages:
        lowest = {}
        for it in page.items:
            if it.block in ("furniture", "imprint", "masthead"):
                continue
            if isinstance(it, TextItem):
                x0, x1, y = it.x, it.x + it.line.right, it.y
            elif isinstance(it, (ImageItem, BoxItem)):
                x0, x1, y = it.x, it.x + it.width, it.y + it.height
            else:
                continue
            for col in range(lay.columns):
                cx = lay.column_x(col)
                if x0 < cx + lay.column_width - 1 and x1 > cx + 1:
                    lowest[col] = max(lowest.get(col, 0), y)
        # the last body line above the folio, or above the imprint on the page that has it
        foot_row = lay.lines - 2
        for it in page.items:
            if isinstance(it, RuleItem) and it.role == "imprint-rule":
                foot_row = round((it.y0 - lay.margin_top) / lay.pitch - 0.5) - 1
        for col, y in lowest.items():
            short = (lay.baseline_y(foot_row, row_base(lay)) - y) / lay.pitch
            if short > 3:
                assert any(col + 1 in _columns_named(u) for u in page.unused), (
                    page.number,
                    col,
                    page.unused,
                )


def _columns_named(report_line: str) -> set[int]:
    """The columns a make-up report line names: "column 5", "columns 1–4", "columns 1, 3"."""
    m = re.search(r"columns? ([0-9–, ]+)$", report_line)
    cols: set[int] = set()
    for part in m.group(1).split(","):
        a, _, b = part.strip().partition("–")
        cols.update(range(int(a), int(b or a) + 1))
    return cols


def test_page_filling_grows_photos_within_their_crop_limit(made):
    """Photos are cropped taller to fill a page (page 1's lead photos are), never to less
    than MIN_CROP_WIDTH of their width; with the layout's photo_fill off every photo keeps
    its own shape."""
    from dataclasses import replace

    from bulletin_pdf.errors import Report
    from bulletin_pdf.makeup.blocks import MIN_CROP_WIDTH
    from bulletin_pdf.makeup.place import make_up
    from bulletin_pdf.photos.images import image_info

    photos = [it for p in made.makeup.pages for it in p.items if isinstance(it, ImageItem)]
    for photo in photos:
        left, top, right, bottom = photo.crop
        assert right - left >= MIN_CROP_WIDTH - 1e-9 and bottom - top > 0
    assert any(p.crop[2] - p.crop[0] < 0.97 for p in photos)  # one was cropped taller
    unfilled = make_up(
        made.issue, replace(made.layout, photo_fill=False), made.fonts, Report(), image_info
    )
    for photo in (it for p in unfilled.pages for it in p.items if isinstance(it, ImageItem)):
        left, top, right, bottom = photo.crop
        assert right - left > 0.9 and bottom - top > 0.9, photo.crop  # whole rows only
    assert not made.makeup.overset


def test_boxed_list_keeps_its_text_inside_the_box(made):
    """With the layout's list_box, the list sits in a ruled box, its text inset from the rules."""
    from dataclasses import replace

    from displaylist_checks import bbox

    from bulletin_pdf.errors import Report
    from bulletin_pdf.makeup.place import make_up
    from bulletin_pdf.photos.images import image_info

    boxed = make_up(
        made.issue, replace(made.layout, list_box=True), made.fonts, Report(), image_info
    )
    page = boxed.pages[0]
    block = next(it.block for it in page.items if isinstance(it, TextItem) and it.role == "list")
    box = next(it for it in page.items if it.role == "box" and it.block == block)
    texts = [
        it
        for it in page.items
        if isinstance(it, TextItem) and it.block == block and it.role == "list"
    ]
    assert len(texts) > 30
    for it in texts:
        x0, y0, x1, y1 = bbox(it)
        assert box.x + 2 <= x0 and x1 <= box.x + box.width - 2
        assert box.y <= y0 and y1 <= box.y + box.height
    assert not boxed.overset
    assert_no_overlaps(boxed.pages)


def test_no_widow_at_a_column_top(made):
    from displaylist_checks import assert_no_widows

    assert_no_widows(made.makeup.pages, made.layout)


def test_flowing_columns_are_balanced(made):
    """The columns a block's text flows through end within a line of each other, the last
    no lower than the others (balanced, not filled one after the other)."""
    from displaylist_checks import text_columns

    ends: dict[tuple[int, str], list[float]] = {}
    roles = ("body", "greeting", "list", "brief", "byline", "salutation", "signature")
    for (page, block, _col), items in sorted(
        text_columns(made.makeup.pages, made.layout, roles).items()
    ):
        ends.setdefault((page, block), []).append(items[-1].y)
    multi = {k: v for k, v in ends.items() if len(v) > 1}
    assert multi
    for key, bottoms in multi.items():
        assert max(bottoms) - min(bottoms) <= made.layout.pitch + 1e-6, (key, bottoms)
        assert bottoms[-1] <= max(bottoms[:-1]) + 1e-6, (key, bottoms)


def test_baselines_come_from_the_fonts_em_box(made):
    """A body baseline sits where the body font's em box (its typo ascender and descender)
    is centred in the grid row, and a line centred in its leading likewise: read from the
    font, not a constant (the shipped fonts all have the 0.88/-0.12 em box)."""
    from bulletin_pdf.errors import Report
    from bulletin_pdf.makeup.blocks import Setter
    from bulletin_pdf.photos.images import image_info
    from bulletin_pdf.text.fonts import FontMetrics

    lay = made.layout
    body = made.fonts.metrics(lay.body.font)
    assert (body.ascent, body.descent) == (0.88, -0.12)
    other = FontMetrics(body.path, body.advances, 0.8, -0.2)

    class Fonts:  # the issue's fonts, with another em box for the body font
        def metrics(self, key):
            return other if key == lay.body.font else made.fonts.metrics(key)

    setter = Setter(lay, Fonts(), Report(), image_info)
    assert setter.row_base == pytest.approx(lay.pitch / 2 + 0.3 * lay.body.size)
    assert setter.baseline_y(2) == pytest.approx(lay.margin_top + 2 * lay.pitch + setter.row_base)
    size = lay.body.size
    assert setter.baseline_in(20.0, lay.body) == pytest.approx((20.0 - size) / 2 + 0.8 * size)


def test_columns_a_widow_would_unbalance_balance_with_a_paragraph_a_line_longer(made):
    """Eight lines in two columns split four and four only by opening column 2 with the
    first paragraph's last line (a widow, 单行不占版). The compositor's remedy: set a
    paragraph a line longer, so that two lines come over — the columns then end one line
    apart, not two, the last column the shorter, and every character stays, in order."""
    from bulletin_pdf.errors import Report
    from bulletin_pdf.makeup.blocks import Setter
    from bulletin_pdf.model.text import Text
    from bulletin_pdf.photos.images import image_info

    lay = made.layout
    setter = Setter(lay, made.fonts, Report(), image_info)
    c = lay.column_chars

    def han(n: int) -> str:
        return ("社区居民" * n)[:n]

    first, second = han(5 * c - 3), han(3 * c - 3)  # 5 and 3 lines, each last one c − 1
    entries = setter.body_entries([Text(first, None), Text(second, None)])
    assert [e.para_last for e in entries] == [False] * 4 + [True] + [False] * 2 + [True]
    bottom, placed, rest = setter.flow(entries, 2, [0, 0], max_rows=None)
    assert not rest and bottom == 5
    columns = [[e for e, j, _ in placed if j == col] for col in (0, 1)]
    assert [len(col) for col in columns] == [5, 4]  # a paragraph a line longer: 9 lines
    assert not (columns[1][0].para_last and not columns[1][0].para_first)  # no widow
    text = "".join(g.text for e, _, _ in placed for _, line, _ in e.parts for g in line.glyphs)
    assert text == first + second


def test_stories_side_by_side_have_a_rule_in_the_gutter_between_them(made):
    """As between the columns inside a story, a vertical rule stands in the gutter between
    blocks side by side, over the rows they share: level headlines across it do not read as
    one (碰题), and it stays out of both blocks."""
    from bulletin_pdf.commands.build import make

    lay = made.layout
    pairs = 0
    four_pages = make(Path(__file__).parent / "issues" / "t10-safety-4p")
    for pno, rects, page in (
        (pno, rects, issue.makeup.pages[pno - 1])
        for issue in (made, four_pages)
        for pno, rects in enumerate(issue.makeup.rects, 1)
    ):
        rules = [
            it
            for it in page.items
            if isinstance(it, RuleItem) and it.role == "block-rule" and it.x0 == it.x1
        ]
        for a in rects.values():
            for b in rects.values():
                if a.right != b.col:
                    continue
                top, bottom = max(a.row, b.row), min(a.bottom, b.bottom)
                if bottom <= top:
                    continue
                pairs += 1
                left_edge = lay.column_x(b.col) - lay.gutter
                y0 = lay.margin_top + (top + 0.2) * lay.pitch
                y1 = lay.margin_top + (bottom - 0.2) * lay.pitch
                assert any(
                    left_edge < r.x0 < lay.column_x(b.col)
                    and min(r.y0, r.y1) <= y0 + 1e-6
                    and max(r.y0, r.y1) >= y1 - 1e-6
                    for r in rules
                ), (pno, a, b)
    assert pairs >= 5

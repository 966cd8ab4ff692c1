"""What touches the trim edge runs on into the bleed in final output."""

from __future__ import annotations

from bulletin_pdf.makeup.finish import into_bleed
from bulletin_pdf.model.display import BoxItem, ImageItem

W, H, BLEED = 765.0, 1105.0, 8.5


def test_a_tint_band_across_the_top_extends_on_three_sides():
    band = into_bleed(BoxItem(0, 0, W, 100, fill=(0, 0, 0, 0.2), stroke=None), W, H, BLEED)
    assert (band.x, band.y, band.width, band.height) == (-BLEED, -BLEED, W + 2 * BLEED, 100 + BLEED)


def test_items_inside_the_trim_stay_as_they_are():
    box = BoxItem(40, 40, 100, 100)
    assert into_bleed(box, W, H, BLEED) is box
    assert into_bleed(BoxItem(0, 0, W, 100), W, H, 0.0).x == 0  # no bleed: trim-size PDF


def test_a_photo_at_the_right_edge_takes_more_of_the_picture():
    photo = ImageItem(500, 200, W - 500, 200, path="p.jpg", crop=(0.1, 0.0, 0.9, 1.0))
    out = into_bleed(photo, W, H, BLEED)
    assert out.width == photo.width + BLEED and out.x == photo.x
    # the crop grows by the bleed's share of the picture, at the same scale
    assert abs((out.crop[2] - out.crop[0]) / out.width - (0.8 / photo.width)) < 1e-9
    assert out.crop[0] == 0.1 and out.crop[1] == 0.0 and out.crop[3] == 1.0 and out.crop[2] < 1.0


def test_proof_grid_is_rules_on_the_display_list():
    """The proof grid is made before render, as rules of each page: two per column (its
    edges, the type area's height) and one per grid row, on the body baselines."""
    from conftest import ROOT

    from bulletin_pdf.commands.build import make
    from bulletin_pdf.makeup.finish import with_grid
    from bulletin_pdf.model.display import RuleItem, TextItem

    made = make(ROOT / "issues" / "2020-01-tianping")
    lay = made.layout
    body = made.fonts.metrics(lay.body.font)
    row_base = lay.row_baseline(body.ascent, body.descent)
    pages = with_grid(made.makeup.pages, lay, row_base)
    for before, page in zip(made.makeup.pages, pages):
        guides = [it for it in page.items if it.role == "proof-grid"]
        assert page.items[: len(before.items)] == before.items  # the page itself untouched
        assert len(guides) == 2 * lay.columns + lay.lines
        assert all(isinstance(g, RuleItem) and g.width == 0.25 for g in guides)
        across = {round(g.y0, 3) for g in guides if g.y0 == g.y1}
        body_lines = [it for it in page.items if isinstance(it, TextItem) and it.role == "body"]
        assert body_lines and all(round(it.y, 3) in across for it in body_lines)


def test_proof_watermark_is_a_turned_group_on_the_display_list():
    """校样 is made before render as a group turned 35° about the page's centre, under the
    page's items; render draws it through a transform."""
    from conftest import ROOT

    from bulletin_pdf.commands.build import make
    from bulletin_pdf.makeup.finish import with_watermark
    from bulletin_pdf.model.display import GroupItem

    made = make(ROOT / "issues" / "2020-01-tianping")
    lay = made.layout
    pages = with_watermark(made.makeup.pages, lay, made.fonts)
    for before, page in zip(made.makeup.pages, pages):
        mark = page.items[0]
        assert isinstance(mark, GroupItem) and page.items[1:] == before.items
        assert (mark.x, mark.y, mark.angle) == (lay.trim_width / 2, lay.trim_height / 2, 35.0)
        (text,) = mark.items
        assert text.line.text == "校样" and text.line.size == 150.0
        assert text.x == -text.line.measure / 2  # centred on the group's origin

"""The block-kind registry: every kind declared once, found by make-up, and answering the
planner's two questions — its shapes, and its setting inside a shape it offered."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import SAMPLE
from displaylist_checks import bbox

from bulletin_pdf.commands.build import make
from bulletin_pdf.errors import Report
from bulletin_pdf.makeup.blocks import Setter
from bulletin_pdf.makeup.kinds import BY_TYPE, KINDS, PageContext, kind_of
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.kinds import BLOCK_MODELS
from bulletin_pdf.photos.images import image_info
from bulletin_pdf.source.schema import BLOCK_TYPES, ROLES

EPS = 0.01


@pytest.fixture(scope="module")
def made():
    return make(SAMPLE)


def context(made, page: int = 1, carried=None) -> PageContext:
    setter = Setter(made.layout, made.fonts, Report(), image_info)
    blocks = made.issue.pages[page - 1].blocks
    return PageContext(setter, page, blocks[0], {"lead": 2}, carried or {})


def assert_inside(setting, shape, lay):
    """Every item of the setting inside shape.span columns × shape.rows rows."""
    width = lay.span_width(0, shape.span)
    height = shape.rows * lay.pitch
    assert setting.rows <= shape.rows
    for item in setting.items:
        x0, y0, x1, y1 = bbox(item)
        assert x0 >= -EPS and x1 <= width + EPS, (item.role, x0, x1, width)
        assert y0 >= -EPS and y1 <= height + EPS, (item.role, y0, y1, height)


def test_every_kind_is_declared_once_and_set_by_make_up():
    assert [model.TYPE for model in BLOCK_MODELS] == list(BLOCK_TYPES) == list(BY_TYPE)
    assert set(KINDS) == set(BLOCK_MODELS)
    for model in BLOCK_MODELS:
        assert set(model.ROLES) <= set(ROLES), model.TYPE
        # the schema's keys are the model's declared keys (the photo block's are its photo's)
        declared = {
            (f.metadata["key"].name or f.name)
            for f in dataclasses.fields(model)
            if "key" in f.metadata and f.metadata["key"].value != "photo"
        }
        assert declared <= set(BLOCK_TYPES[model.TYPE].fields), model.TYPE


def test_shapes_of_the_sample_blocks_hold_their_settings(made):
    """For every block of the sample and spans 2–5, each shape a kind offers sets within it."""
    lay = made.layout
    for pno, page in enumerate(made.issue.pages, 1):
        for blk in page.blocks:
            kind = kind_of(blk)
            ctx = context(made, pno)
            shapes = kind.shapes(blk, ctx, [2, 3, 5], 60)
            assert {s.span for s in shapes} == {2, 3, 5}, blk.TYPE
            for shape in shapes:
                assert 0 < shape.rows <= 60
                assert_inside(kind.set(blk, ctx, shape, "b"), shape, lay)


def test_a_photo_offers_shorter_and_taller_crops_unless_its_ratio_is_given(made):
    photo = next(p for b in made.issue.pages[1].blocks for p in getattr(b, "photos", []))
    blk = m.PhotoBlock(photo=photo, columns=2)
    ctx = context(made, 2)
    kind = kind_of(blk)
    free = dataclasses.replace(blk, photo=dataclasses.replace(blk.photo, ratio=None))
    shapes = kind.shapes(free, ctx, [2], 60)
    rows = [s.rows for s in shapes]
    assert len(rows) > 3 and rows == sorted(rows) and len(set(rows)) == len(rows)
    width = made.layout.span_width(0, 2)
    shortest, natural, tallest = ctx.setter.photo_range(free.photo, width)
    assert shortest < natural < tallest
    assert (rows[0], rows[-1]) == (shortest, tallest) and natural in rows
    # the natural crop costs least, and each row added or taken off costs more
    at = rows.index(natural)
    costs = [s.cost for s in shapes]
    assert costs[at] == min(costs)
    assert costs[: at + 1] == sorted(costs[: at + 1], reverse=True)
    assert costs[at:] == sorted(costs[at:])
    _, px_h = image_info(free.photo.file, None)
    for shape in shapes:  # each shape's rows are the setting's, exactly
        setting = kind.set(free, ctx, shape, "b")
        assert setting.rows == shape.rows
    # the shortest crop keeps MIN_CROP_HEIGHT of the picture's height, and is as sharp as
    # the natural one (the width's pixels set it); the tallest keeps MIN_CROP_WIDTH of its
    # width and print resolution
    ppi = [ctx.setter.photo_ppi(free.photo, width, s.choice[0]) for s in shapes]
    assert min(ppi[: at + 1]) == pytest.approx(ppi[at])
    shortest_image = next(
        it for it in kind.set(free, ctx, shapes[0], "b").items if it.role == "photo"
    )
    left, top, right, bottom = shortest_image.crop
    assert bottom - top >= 0.75 - 1e-9 and right - left == pytest.approx(1.0)
    image = next(it for it in kind.set(free, ctx, shapes[-1], "b").items if it.role == "photo")
    left, top, right, bottom = image.crop
    assert right - left >= 0.6 - 1e-9
    assert (bottom - top) * px_h / (image.height / 72) >= made.layout.min_image_ppi - 1e-6
    fixed = dataclasses.replace(blk, photo=dataclasses.replace(blk.photo, ratio=1.5))
    assert len(kind.shapes(fixed, ctx, [2], 60)) == 1


def test_a_continued_article_may_stop_at_any_height(made):
    # (without its photos, which must stand whole on the page whatever it keeps)
    lead = dataclasses.replace(made.issue.pages[0].blocks[0], continued=True, id="lead", photos=[])
    ctx = context(made, 1)
    ctx.lead = lead
    natural = kind_of(lead).shapes(lead, dataclasses.replace(ctx, continues_on={}), [4], 64)[0].rows
    for max_rows in (64, natural - 5):
        shapes = kind_of(lead).shapes(lead, ctx, [4], max_rows)
        heights = [s.rows for s in shapes]
        assert heights == list(range(heights[0], min(natural, max_rows) + 1))
        assert heights[0] + 5 < natural  # a head and a few lines
    assert all(s.overset_lines == 0 for s in shapes)  # the rest goes on, it is not lost
    short = kind_of(lead).set(lead, ctx, shapes[0], "b")
    assert short.rows == shapes[0].rows and short.overset and short.jump_slot
    assert_inside(short, shapes[0], made.layout)
    # its continuation takes up what it did not keep
    later = context(made, 2, {"lead": (lead, short.overset, 1)})
    continuation = m.Continuation(article_id="lead", columns=3)
    kind = kind_of(continuation)
    for shape in kind.shapes(continuation, later, [2, 3], 60):
        setting = kind.set(continuation, later, shape, "c")
        assert_inside(setting, shape, made.layout)
        assert not setting.overset
    assert kind.shapes(continuation, context(made, 2), [3], 60) == []
    assert "is empty" in kind.empty(continuation, context(made, 2))[0]


def test_new_scaffolds_every_kind(made):
    for kind in BY_TYPE.values():
        lines, _ = kind.scaffold({"type": kind.model.TYPE, "article": "lead", "columns": 2})
        assert lines[0].lstrip("# ") == f"- type: {kind.model.TYPE}"
        assert any("columns: 2" in line for line in lines)

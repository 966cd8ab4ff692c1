"""The page planner on its own: shapes in, rectangles out (makeup/planner.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_pdf.makeup.planner import GAP_ROWS, W_EMPTY, BlockSpec, Plan, plan_page
from bulletin_pdf.makeup.shapes import Shape

COLUMNS, ROWS = 5, 61


def text_block(
    name: str, lines: int, head: int = 4, photo: tuple[int, int] | None = None, **hints
) -> BlockSpec:
    """A story of `lines` body lines under a `head`-row headline, at every span; with a photo
    (from span photo[0] on, photo[1] rows) that may grow up to 20 rows taller. Shorter
    than its text, it is overset by what it cannot hold, as a kind says."""
    shapes, overset = [], []
    for span in range(1, COLUMNS + 1):
        rows = head + -(-lines // span)
        overset += [
            Shape(span, r, 0.0, (rows - r) * span) for r in range(head + 2, min(rows, ROWS + 1))
        ]
        if photo and span >= photo[0]:
            shapes += [Shape(span, rows + photo[1] + k, k / photo[1]) for k in range(21)]
        else:
            shapes += [Shape(span, rows), Shape(span, rows + 1, 0.5)]
    return BlockSpec(name, tuple(shapes), overset_shapes=tuple(overset), **hints)


def cells(plan: Plan) -> dict[tuple[int, int], str]:
    """Every cell of the region and what covers it; fails on a cell covered twice."""
    out: dict[tuple[int, int], str] = {}
    rects = [(f"b{p.block}", p.rect) for p in plan.placements]
    rects += [("rule", r) for r in plan.rules] + [("empty", r) for r in plan.empty]
    for what, r in rects:
        for c in range(r.col, r.right):
            for row in range(r.row, r.bottom):
                assert (c, row) not in out, f"cell {(c, row)} covered by {out[(c, row)]} and {what}"
                out[(c, row)] = what
    return out


def test_the_rectangles_tile_the_page_and_the_lead_stands_on_top():
    blocks = [
        text_block("lead", 60, 6, (3, 14), columns=5),
        text_block("b", 60, columns=3),
        text_block("c", 40, columns=2),
    ]
    plan = plan_page(blocks, COLUMNS, ROWS)
    covered = cells(plan)
    assert len(covered) == COLUMNS * ROWS and not plan.empty
    assert plan.rect_of(0).row == 0 and plan.rect_of(0).span == 5
    assert not plan.departures  # every hint could be kept
    for p in plan.placements:  # each block in one of its own shapes
        assert (p.shape.span, p.shape.rows) == (p.rect.span, p.rect.rows)
        assert p.shape in blocks[p.block].shapes


def test_a_hint_is_departed_from_only_when_no_full_page_keeps_it_and_then_named():
    # b cannot fill the page's lower part at 2 columns beside c: the planner widens it
    blocks = [text_block("lead", 60, 6, (3, 14), columns=5), text_block("b", 60, columns=2)]
    plan = plan_page(blocks, COLUMNS, ROWS)
    assert not plan.empty
    assert plan.departures == [(1, "columns")]
    assert plan.rect_of(1).span == 5


def test_a_pinned_hint_binds_even_at_the_price_of_a_hole():
    blocks = [
        text_block("lead", 60, 6, (3, 14), columns=5),
        text_block("b", 60, columns=2, pinned=frozenset({"columns"})),
    ]
    plan = plan_page(blocks, COLUMNS, ROWS)
    assert plan.rect_of(1).span == 2
    assert (1, "columns") not in plan.departures
    assert plan.empty  # the rest of its band stays empty, reported


def test_fillers_go_in_only_where_they_close_a_gap():
    lead = text_block("lead", 60, 6, (3, 14), columns=5)
    tight = text_block("b", 60, columns=5)
    filler = BlockSpec("补白", tuple(Shape(s, r) for s in range(1, 6) for r in (3, 4)), filler=True)
    assert plan_page([lead, tight, filler], COLUMNS, ROWS).left_out == [2]
    short = text_block("b", 20, columns=5)  # leaves rows the photo alone cannot take
    plan = plan_page([text_block("lead", 40, 6, (3, 14), columns=5), short, filler], COLUMNS, ROWS)
    assert not plan.empty and plan.left_out == []


def test_two_headlines_side_by_side_are_avoided_when_a_page_without_exists():
    blocks = [text_block("lead", 60, 6, (3, 14)), text_block("b", 60), text_block("c", 40)]
    plan = plan_page(blocks, COLUMNS, ROWS)
    tops = [p for p in plan.placements if p.rect.row == 0]
    assert len(tops) == 1  # only the lead's headline at the top


def test_with_no_hints_the_planner_decides_and_leaves_no_hole():
    blocks = [
        text_block("lead", 60, 6, (3, 12)),
        text_block("b", 45),
        text_block("c", 30),
        text_block("d", 25),
    ]
    plan = plan_page(blocks, COLUMNS, ROWS)
    assert not plan.empty and len(cells(plan)) == COLUMNS * ROWS


def test_place_bottom_puts_the_block_on_the_region_foot():
    blocks = [
        text_block("lead", 60, 6, (3, 14), columns=5),
        text_block("b", 30, columns=5),
        text_block("c", 30, columns=5, place="top"),
    ]
    plan = plan_page(blocks, COLUMNS, ROWS)
    # c asked for the top, which only the lead may hold: it is told
    assert (2, "place") in plan.departures
    blocks[1] = text_block("b", 30, columns=5, place="bottom")
    plan = plan_page(blocks[:2], COLUMNS, ROWS)
    assert plan.rect_of(1).bottom == ROWS


def test_the_same_blocks_give_the_same_plan():
    blocks = [text_block("lead", 80, 6, (3, 12)), text_block("b", 45), text_block("c", 30)]
    a, b = plan_page(blocks, COLUMNS, ROWS), plan_page(blocks, COLUMNS, ROWS)
    assert a.placements == b.placements and a.rules == b.rules


@st.composite
def pages(draw):
    n = draw(st.integers(1, 5))
    blocks = []
    for i in range(n):
        lines = draw(st.integers(4, 120))
        photo = draw(st.one_of(st.none(), st.tuples(st.integers(1, 5), st.integers(6, 20))))
        head = draw(st.integers(2, 7))
        blocks.append(text_block(f"b{i}", lines, head, photo))
    return blocks


@settings(max_examples=25, deadline=None)
@given(pages())
def test_any_page_is_covered_once_by_blocks_rules_and_reported_holes(blocks):
    plan = plan_page(blocks, COLUMNS, ROWS)
    covered = cells(plan)
    assert len(covered) == COLUMNS * ROWS
    assert sorted(p.block for p in plan.placements) == list(range(len(blocks)))
    for r in plan.rules:
        assert r.rows == GAP_ROWS
    if not plan.empty and not any(p.shape.overset_lines for p in plan.placements):
        assert plan.cost < W_EMPTY  # a full page: only small costs

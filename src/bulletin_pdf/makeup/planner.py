"""The page planner: one shape and one rectangle per block, the rectangles tiling the page.

What it solves
--------------
A page's free region (the type area less masthead or running head, folio and imprint) is a
grid of `columns` × `rows` cells. Every block offers shapes (makeup/shapes.py: a span in
columns, a height in whole rows, the kind's cost, what would be overset). The planner picks
one shape per block and a rectangle for it so that the rectangles, with one rule row between
blocks stacked one over the other, cover the region exactly — modular make-up (MAKEUP.md §1).

The method: exact search over guillotine arrangements, memoised
----------------------------------------------------------------
Every arrangement considered is guillotine: the region is cut in two, horizontally (a rule
row between the parts) or vertically (at a column boundary), and each part is cut again,
down to single blocks. That is how a newspaper page is built (bands of stories, stacks of
stories side by side) and it keeps the search small: a part is fully described by the blocks
it holds and its size, so results are memoised on (blocks, width, height[, position]).

Which blocks go into which part follows reading order (MAKEUP.md §4): the parts of a cut hold
blocks in the page's order, so the first block of any part stands at that part's top:

- horizontal cut: the top part takes the first k blocks, the bottom part the rest;
- vertical cut: the left part takes the first k blocks and the right part the rest, or
  mirrored (a small cost), or the left part takes the first block and the *last* ones while
  the right part takes those in between — the classic lead story down the left with the
  second story top right.

So the first block, the 头条, always stands at the top of the page. The search is exact
over that space: first a cheap pass computes, as bit masks, which heights each (blocks,
width) can fill exactly; the costed search then only tries cuts whose both parts can be
filled. When no exact tiling exists (too little text, or too much) a second pass allows
empty rectangles, at a cost per cell far above every other cost, so the plan with the
fewest empty cells wins and the holes are reported (and used to say what is missing).
Deterministic: candidates are tried in a fixed order and ties keep the first found.

Scores (lower is better)
------------------------
- empty cells (holes), then overset lines: far above everything else; among plans with as
  many empty cells, the one with fewer holes (one hole takes a filler, scattered ones don't);
- each hint departed from (`columns`, `column`, `place`); a pinned hint is never departed;
- 碰题: two headed blocks side by side at the top of a vertical cut (boxes excepted);
- reading order: a mirrored vertical cut; the lead narrower than 3 columns;
- the kinds' own costs (a photo cropped taller, a deeper headline, box padding);
- a filler block (补白) used: a little, so fillers go in only where they close a gap;
- a tiny cost per cut, so that among equal plans the simplest wins (stability).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from bulletin_pdf.makeup.shapes import Rect, Shape

GAP_ROWS = 1  # a rule row between blocks stacked one over the other

W_EMPTY = 1000.0  # per empty cell
W_HOLE = 100.0  # per empty rectangle: one hole (where a filler can go) before several
W_OVERSET = 5000.0  # per overset line
W_HINT = 100.0  # per hint departed from: above all the make-up costs of a full page together
W_PENGTI = 20.0  # headlines side by side
W_MIRROR = 3.0  # an earlier block right of a later one
W_LEAD_NARROW = 40.0  # the 头条 narrower than three columns: more than a hint
W_FILLER = 1.0  # a filler block put in
W_CUT = 0.01  # per cut
INF = float("inf")

HINTS = ("columns", "column", "place")


@dataclass(frozen=True)
class BlockSpec:
    """One block of a page as the planner sees it."""

    name: str  # for warnings: 'article “…”'
    shapes: tuple[Shape, ...]
    columns: int | None = None  # hints, as the editor wrote them
    column: int | None = None  # 1-based first column
    place: str | None = None  # "top" | "bottom"
    pinned: frozenset[str] = frozenset()  # hints that bind
    headed: bool = True  # a headline at its top (for 碰题)
    boxed: bool = False  # in a box or tint: never reads as one with its neighbour
    filler: bool = False  # 补白: put in only where it closes a gap
    overset_shapes: tuple[Shape, ...] = ()  # shapes that cut its text short: a last resort


@dataclass(frozen=True)
class Placement:
    block: int  # index into the page's blocks
    shape: Shape
    rect: Rect


@dataclass
class Plan:
    placements: list[Placement]
    rules: list[Rect] = field(default_factory=list)  # the rule rows between stacked blocks
    # the vertical cuts between blocks side by side: the column boundary `col`, over `rows`
    # rows from `row` (span 0); make-up draws a rule in the gutter there
    cuts: list[Rect] = field(default_factory=list)
    empty: list[Rect] = field(default_factory=list)  # holes the plan could not avoid
    cost: float = 0.0
    departures: list[tuple[int, str]] = field(default_factory=list)  # (block, what was not kept)
    left_out: list[int] = field(default_factory=list)  # fillers not needed

    def rect_of(self, block: int) -> Rect | None:
        for p in self.placements:
            if p.block == block:
                return p.rect
        return None


class _Tables:
    """Per block of a page: its cheapest shape for each (span, rows), a mask of the heights it
    takes at each span, and its smallest area."""

    def __init__(self, blocks: list[BlockSpec], columns: int, rows: int):
        self.by_size: list[dict[tuple[int, int], Shape]] = []
        self.masks: list[dict[int, int]] = []
        self.min_area: list[int] = []
        for spec in blocks:
            table: dict[tuple[int, int], Shape] = {}
            masks: dict[int, int] = {}
            for s in spec.shapes:
                if s.span < 1 or s.span > columns or s.rows < 1 or s.rows > rows:
                    continue
                if "columns" in spec.pinned and spec.columns and s.span != spec.columns:
                    continue
                key = (s.span, s.rows)
                if key not in table or _shape_cost(s) < _shape_cost(table[key]):
                    table[key] = s
                masks[s.span] = masks.get(s.span, 0) | (1 << s.rows)
            self.by_size.append(table)
            self.masks.append(masks)
            self.min_area.append(min((sp * r for sp, r in table), default=10**9))


class _Search:
    """One page's search over one choice of blocks; memo tables live as long as the search.
    With `foot_holes` a group of blocks may stand over an empty rectangle at its foot (the
    second pass); the group itself is then planned by an exact search of its own."""

    def __init__(
        self,
        blocks: list[BlockSpec],
        tables: _Tables,
        order: tuple[int, ...],
        col0: int,
        row0: int,
        columns: int,
        rows: int,
        foot_holes: bool = False,
    ):
        self.blocks, self.tables, self.order = blocks, tables, order
        self.col0, self.row0, self.columns, self.rows = col0, row0, columns, rows
        self.foot_holes = foot_holes
        self.full = (1 << (rows + 1)) - 1
        self.by_size, self.masks, self.min_area = tables.by_size, tables.masks, tables.min_area
        self._hx: dict = {}
        self._memo: dict = {}
        self._lower: dict = {}
        self.min_cost = [
            min((_shape_cost(sh) for sh in t.values()), default=INF)
            + (W_FILLER if b.filler else 0.0)
            for b, t in zip(blocks, self.by_size)
        ]
        # which blocks' costs depend on where they stand (their column or place hints)
        self.by_column = {i for i, b in enumerate(blocks) if b.column}
        self.by_place = {i for i, b in enumerate(blocks) if b.place}
        self.exact = (
            _Search(blocks, tables, order, col0, row0, columns, rows) if foot_holes else self
        )

    # ---- which heights a set of blocks can fill at a width (bit h set: height h)
    def heights(self, group: tuple[int, ...], width: int) -> int:
        key = (group, width)
        got = self._hx.get(key)
        if got is not None:
            return got
        mask = 0
        if sum(self.min_area[b] for b in group) + _rule_cells(group, width) <= width * self.rows:
            if len(group) == 1:
                mask = self.masks[group[0]].get(width, 0)
            else:
                for top, bottom in _horizontal(group):
                    a, b = self.heights(top, width), self.heights(bottom, width)
                    if a and b:
                        mask |= _sum_masks(a, b, GAP_ROWS, self.full)
                for left, right, _ in _vertical(group):
                    for a_w in range(1, width):
                        mask |= self.heights(left, a_w) & self.heights(right, width - a_w)
        if self.foot_holes:
            exact = self.exact.heights(group, width)
            if exact:  # any height from the lowest exact one plus a rule row and a hole row up
                lowest = (exact & -exact).bit_length() - 1
                mask |= self.full & ~((1 << (lowest + GAP_ROWS + 1)) - 1)
        self._hx[key] = mask
        return mask

    def lower(self, group: tuple[int, ...]) -> float:
        """A bound no plan of `group` goes below: each block's cheapest shape, and one cut
        fewer than blocks (every guillotine plan of n blocks has n − 1 cuts)."""
        got = self._lower.get(group)
        if got is None:
            got = self._lower[group] = sum(self.min_cost[b] for b in group) + W_CUT * max(
                len(group) - 1, 0
            )
        return got

    def min_height(self, group: tuple[int, ...], width: int) -> int:
        if not group:
            return 0
        area = sum(self.min_area[b] for b in group) + _rule_cells(group, width)
        return max(1, -(-area // width))

    # ---- the costed search: (cost, plan tree) for `group` filling the rectangle exactly,
    # or, when `loose`, with empty rectangles allowed
    def best(self, group: tuple[int, ...], x: int, y: int, w: int, h: int, loose: bool):
        """(cost, plan tree) of `group` in the rectangle; the tree holds cuts and shapes, not
        positions, so a result found at one position serves every position that sets the
        same hints the same way (most groups have no position hint at all)."""
        key = (
            group,
            w,
            h,
            loose,
            x if self.by_column.intersection(group) else -1,
            (y == self.row0, y + h == self.row0 + self.rows)
            if self.by_place.intersection(group)
            else (),
        )
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._best(group, x, y, w, h, loose)
        return got

    def _best(self, group: tuple[int, ...], x: int, y: int, w: int, h: int, loose: bool):
        if not group:
            return (W_EMPTY * w * h + W_HOLE, ("empty",)) if loose else (INF, None)
        if not loose and not (self.heights(group, w) >> h) & 1:
            return INF, None
        if loose and self.min_height(group, w) > h:
            return INF, None
        best: tuple[float, object] = (INF, None)
        floor = self.lower(group) + 1e-9  # no plan of the group costs less: stop when reached
        if len(group) == 1:
            best = self._leaf(group[0], x, y, w, h)
            if best[0] <= floor:
                return best
        if self.foot_holes and not loose:
            # the group exactly, then a hole at its foot
            for t in _bits(self.exact.heights(group, w)):
                if t + GAP_ROWS >= h:
                    break
                hole = W_EMPTY * w * (h - t) + W_HOLE  # the rule row over it is white too
                if hole >= best[0]:
                    continue
                c1, p1 = self.exact.best(group, x, y, w, t, False)
                if c1 + hole < best[0]:
                    best = (c1 + hole, ("h", t, p1, ("empty",)))
        # horizontal cuts: the first blocks over the others
        for top, bottom in _horizontal(group, allow_empty=loose):
            if loose:
                lo = self.min_height(top, w)
                hi = h - GAP_ROWS - max(self.min_height(bottom, w), 1)
                tops: Iterable[int] = range(lo, hi + 1)
            else:
                a, b = self.heights(top, w), self.heights(bottom, w)
                tops = [t for t in _bits(a) if t + GAP_ROWS < h and (b >> (h - GAP_ROWS - t)) & 1]
            if self.lower(top) + self.lower(bottom) + W_CUT >= best[0]:
                continue
            for t in tops:
                c1, p1 = self.best(top, x, y, w, t, loose)
                if c1 >= best[0]:
                    continue
                c2, p2 = self.best(bottom, x, y + t + GAP_ROWS, w, h - t - GAP_ROWS, loose)
                cost = c1 + c2 + W_CUT + (0.0 if bottom else W_EMPTY * w * GAP_ROWS)
                if cost < best[0]:
                    best = (cost, ("h", t, p1, p2))
                    if cost <= floor:
                        return best
        # vertical cuts
        for left, right, penalty in _vertical(group, allow_empty=loose):
            if self.lower(left) + self.lower(right) + penalty + W_CUT >= best[0]:
                continue
            for a_w in range(1, w):
                if (
                    not loose
                    and not ((self.heights(left, a_w) & self.heights(right, w - a_w)) >> h) & 1
                ):
                    continue
                c1, p1 = self.best(left, x, y, a_w, h, loose)
                if c1 + penalty >= best[0]:
                    continue
                c2, p2 = self.best(right, x + a_w, y, w - a_w, h, loose)
                cost = c1 + c2 + penalty + W_CUT + self._pengti(left, right)
                if cost < best[0]:
                    best = (cost, ("v", a_w, p1, p2))
                    if cost <= floor:
                        return best
        return best

    def _leaf(self, b: int, x: int, y: int, w: int, h: int):
        shape = self.by_size[b].get((w, h))
        if shape is None:
            return INF, None
        spec = self.blocks[b]
        cost = _shape_cost(shape)
        for hint, kept in self._hints_kept(spec, x, y, w, h):
            if not kept:
                if hint in spec.pinned:
                    return INF, None
                cost += W_HINT
        if b == self.order[0] and w < min(3, self.columns) and not spec.filler:
            cost += W_LEAD_NARROW
        if spec.filler:
            cost += W_FILLER
        return cost, ("leaf", b, shape)

    def _hints_kept(self, spec: BlockSpec, x: int, y: int, w: int, h: int):
        if spec.columns:
            yield "columns", w == min(spec.columns, self.columns)
        if spec.column:
            yield "column", x - self.col0 == spec.column - 1
        if spec.place == "top":
            yield "place", y == self.row0
        elif spec.place == "bottom":
            yield "place", y + h == self.row0 + self.rows

    def _pengti(self, left: tuple[int, ...], right: tuple[int, ...]) -> float:
        if not left or not right:
            return 0.0
        a, b = self.blocks[left[0]], self.blocks[right[0]]
        return W_PENGTI if a.headed and b.headed and not a.boxed and not b.boxed else 0.0


def _rule_cells(group: tuple[int, ...], width: int) -> int:
    """The fewest rule cells a plan of `group` at `width` columns has: side by side at most
    `width` blocks stand without a rule, each one more stands under another, over a rule
    row at least a column wide."""
    return max(0, len(group) - width)


def _shape_cost(s: Shape) -> float:
    return s.cost + W_OVERSET * s.overset_lines + W_EMPTY * s.white


def _horizontal(group: tuple[int, ...], allow_empty: bool = False):
    """(top, bottom) splits: the first k blocks over the rest."""
    n = len(group)
    for k in range(1, n if not allow_empty else n + 1):
        yield group[:k], group[k:]


def _vertical(group: tuple[int, ...], allow_empty: bool = False):
    """(left, right, reading-order cost) splits of a vertical cut."""
    n = len(group)
    for k in range(1, n):
        yield group[:k], group[k:], 0.0
    for k in range(2, n):  # the first block with the last ones on the left, the middle ones right
        yield (group[0], *group[k:]), group[1:k], 0.0
    for k in range(1, n):
        yield group[k:], group[:k], W_MIRROR
    if allow_empty:
        yield group, (), 0.0


def _bits(mask: int):
    h = 0
    while mask:
        if mask & 1:
            yield h
        mask >>= 1
        h += 1


def _sum_masks(a: int, b: int, gap: int, full: int) -> int:
    """Heights t + gap + u for t in a, u in b (bit masks), up to `full`."""
    out = 0
    for t in _bits(a):
        out |= b << (t + gap)
    return out & full


def plan_page(
    blocks: list[BlockSpec], columns: int, rows: int, *, col0: int = 0, row0: int = 0
) -> Plan:
    """The best plan for `blocks` (in the page's order) on a region of `columns` × `rows`
    cells whose top-left cell is (col0, row0). Fillers are left out unless they close a gap.

    Passes, each only when the ones before found nothing: exact tilings; tilings where a
    group of blocks may stand over a hole (costed per cell), first keeping every hint (the
    page is short either way: the editor's arrangement and a hole report), then not; with a
    pinned hint, holes anywhere (a pin costs a hole, never text); tilings where the last blocks
    of the page, one more at a time, may also take their overset shapes (text cut short,
    costed per line); last, any arrangement with holes wherever needed."""
    fillers = [i for i, b in enumerate(blocks) if b.filler]
    regular = tuple(i for i, b in enumerate(blocks) if not b.filler)
    # every subset of the fillers, fewest first (a page needs a filler only where it has a gap)
    subsets = sorted(range(1 << len(fillers)), key=lambda m: (m.bit_count(), m))

    def attempt(specs: list[BlockSpec], foot_holes: bool, loose: bool = False) -> Plan | None:
        tables = _Tables(specs, columns, rows)
        best: Plan | None = None
        for subset in subsets:
            chosen = tuple(
                sorted(regular + tuple(f for k, f in enumerate(fillers) if subset >> k & 1))
            )
            if not chosen:
                continue
            search = _Search(
                specs, tables, chosen, col0, row0, columns, rows, foot_holes=foot_holes
            )
            cost, tree = search.best(chosen, col0, row0, columns, rows, loose)
            if tree is not None and (best is None or cost < best.cost):
                best = _plan_from(tree, search, cost)
                best.left_out = [f for f in fillers if f not in chosen]
            if best is not None and best.cost < W_EMPTY:
                return best  # fewest fillers first: a full page with fewer is the one
        return best

    plan = attempt(blocks, False)
    if plan is not None:
        return plan
    # no full page: the page keeps the editor's hints (departing from them would only move
    # the hole) unless they cannot all be kept at once
    plan = attempt([_pin_hints(b) for b in blocks], True) or attempt(blocks, True)
    if plan is not None:
        return plan
    if any(b.pinned for b in blocks):
        # a pinned hint is kept at the price of a hole (as its warning promises), which
        # costs less than text cut short: holes anywhere before any overset
        plan = attempt(blocks, False, loose=True)
        if plan is not None:
            return plan
    with_overset = list(blocks)
    for index in reversed(regular):  # the least important block first
        if not blocks[index].overset_shapes:
            continue
        spec = blocks[index]
        with_overset[index] = dataclasses.replace(spec, shapes=spec.shapes + spec.overset_shapes)
        plan = attempt(with_overset, False) or attempt(with_overset, True)
        if plan is not None:
            return plan
    plan = attempt(with_overset, False, loose=True)
    if plan is None:
        raise ValueError(
            "no arrangement of these blocks fits the page"
        )  # only with no shapes at all
    return plan


def _pin_hints(spec: BlockSpec) -> BlockSpec:
    given = frozenset(h for h in HINTS if getattr(spec, h))
    return dataclasses.replace(spec, pinned=spec.pinned | given) if given else spec


def _plan_from(tree, search: _Search, cost: float) -> Plan:
    plan = Plan([], cost=cost)

    def walk(node, x: int, y: int, w: int, h: int) -> None:
        kind = node[0]
        if kind == "leaf":
            _, b, shape = node
            plan.placements.append(Placement(b, shape, Rect(x, w, y, h)))
            spec = search.blocks[b]
            for hint, kept in search._hints_kept(spec, x, y, w, h):
                if not kept:
                    plan.departures.append((b, hint))
        elif kind == "empty":
            plan.empty.append(Rect(x, w, y, h))
        elif kind == "h":
            _, t, top, bottom = node
            walk(top, x, y, w, t)
            if bottom[0] == "empty":  # no rule over a hole: the rule row is part of it
                plan.empty.append(Rect(x, w, y + t, h - t))
                return
            plan.rules.append(Rect(x, w, y + t, GAP_ROWS))
            walk(bottom, x, y + t + GAP_ROWS, w, h - t - GAP_ROWS)
        else:
            _, a_w, left, right = node
            if left[0] != "empty" and right[0] != "empty":
                plan.cuts.append(Rect(x + a_w, 0, y, h))
            walk(left, x, y, a_w, h)
            walk(right, x + a_w, y, w - a_w, h)

    walk(tree, search.col0, search.row0, search.columns, search.rows)
    plan.placements.sort(key=lambda p: p.block)
    return plan

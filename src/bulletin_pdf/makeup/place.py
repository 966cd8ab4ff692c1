"""Page make-up: blocks onto the column grid, text on the baseline grid, a display list out.

The page is a grid of `layout.columns` columns by `layout.lines` rows (one row = one body
line pitch). For each page, every block's kind offers the shapes it can take (its span and
height in whole rows, makeup/kinds/); the planner (planner.py) chooses one shape and one
rectangle per block so that the rectangles tile the page's free rows; each block is then set
by its kind in its shape, in frame coordinates, and *placed*: translated to its rectangle.
Because every rectangle starts on a row boundary and every body baseline sits at the same
offset inside its row, body lines of all blocks share one page-wide baseline grid.

The hard invariant is kept in one place, `_place`: every item of a block lies inside the
rectangle the planner gave it, so nothing but the furniture enters the masthead, folio and
imprint rows and no block prints over another. A violation is a bug in a kind and stops
make-up with a message naming the block, never a silent overlap. Text that does not fit is
overset: it goes to the proof's 超版 sheets and nowhere else.

Legitimate means of filling, besides the kinds' own (photo crops, how much of a continued
story stays): a headline set one to three lines deeper (`_deepen`, for blocks with a headline
and no box), a box one to four lines taller inside (padding), and the editor's fillers (补白,
`filler: true`), which go in only where they close a gap.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from bulletin_pdf.errors import BulletinError, Report, Where
from bulletin_pdf.makeup.blocks import Entry, Overset, Setter, Setting, moved, short_columns
from bulletin_pdf.makeup.furniture import page_furniture
from bulletin_pdf.makeup.grid import FOLIO_ROWS, PageGrid
from bulletin_pdf.makeup.kinds import BlockKind, PageContext, kind_of
from bulletin_pdf.makeup.planner import GAP_ROWS, BlockSpec, Plan, plan_page
from bulletin_pdf.makeup.shapes import Rect, Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import (
    BoxItem,
    Item,
    PageList,
    RuleItem,
    TextItem,
    item_extent,
)
from bulletin_pdf.model.keys import BlockModel
from bulletin_pdf.model.kinds.notice import Notice
from bulletin_pdf.model.kinds.quote import Quote
from bulletin_pdf.model.layout import Layout
from bulletin_pdf.text.fonts import FontSet

HEAD_ROLES = frozenset(
    {"kicker", "title", "title2", "title_one_column", "subtitle", "list_title", "greeting_title"}
)
DEEPER_HEAD = (1, 2, 3)  # a headline may be set this many lines deeper …
DEEPER_COST = 0.6  # … at this cost a line
BOX_PADDING = (1, 2, 3, 4)  # a box this many lines taller inside
PADDING_COST = 0.8
MIN_OVERSET_ROWS = 6  # a block cut short keeps at least this many rows on its page
FILLER_HEAD_ROWS = 3  # rows a filler's heading takes, for the characters a hole would take
MAX_PLAN_ROUNDS = 4  # plans made with estimated shapes corrected by measuring (then kept)
EDGE = 0.75  # pt an item may touch past its rectangle's edge (rules, stroke widths)


class MakeupBug(BulletinError):
    """A block's items do not stay inside the rectangle make-up gave it."""


@dataclass
class MakeupResult:
    pages: list[PageList]
    overset: list[Overset]
    unused: list[str]
    missing: list[tuple[str, Where | None, str]]  # characters no font covers, where, font file
    overset_sheets: dict[int, list[PageList]] = field(
        default_factory=dict
    )  # proof-only pages of 超版 text
    plans: list[Plan] = field(default_factory=list)  # each page's plan, for check and tests
    rects: list[dict[str, Rect]] = field(default_factory=list)  # block id → rectangle, per page


def make_up(
    issue: m.Issue,
    layout: Layout,
    fonts: FontSet,
    report: Report,
    image_info,
    compose=None,
    shapes_memo: dict | None = None,
) -> MakeupResult:
    """`compose`: typeset.compose by default; a long-running process passes a memo of it,
    and a dict in which the kinds keep the shapes of the blocks they measured (`shapes_memo`)."""
    setter = Setter(
        layout,
        fonts,
        report,
        image_info,
        **({"compose": compose} if compose else {}),
        shapes_memo=shapes_memo,
    )
    n_pages = len(issue.pages)
    # where each continued article picks up again, to number the jump lines
    continues_on: dict[str, int] = {}
    for pno, page in enumerate(issue.pages, 1):
        for blk in page.blocks:
            if isinstance(blk, m.Continuation):
                continues_on[blk.article_id] = pno
    carried: dict[str, tuple[m.Article, list[Entry], int]] = {}
    result = MakeupResult([], [], [], [])
    spare_fillers: list[tuple[int, str, list[tuple[int, int]]]] = []
    for pno, page in enumerate(issue.pages, 1):
        page_list, oversets, plan, rects, spare = _make_up_page(
            setter, issue, page, pno, n_pages, continues_on, carried
        )
        result.pages.append(page_list)
        result.overset += oversets
        result.plans.append(plan)
        result.rects.append(rects)
        spare_fillers += spare
    for pno, (page_list, plan) in enumerate(zip(result.pages, result.plans), 1):
        page_list.unused = _hole_report(plan, pno, layout, spare_fillers) + page_list.unused
        result.unused += page_list.unused
    for art_id, (art, rest, _pno) in carried.items():
        if rest:
            report.warn(
                f"article “{art.title.value}” continues but its continuation block did not take it",
                art.where,
                f"add a {{type: continuation, article: {art_id}}} block on a later page",
            )
    # the cut list's last way out: a page with room to spare (its holes, in lines)
    room = {
        pno: sum(r.span * r.rows for r in plan.empty) for pno, plan in enumerate(result.plans, 1)
    }
    over = {pno: sum(o.lines for o in result.overset if o.page == pno) for pno in room}
    for o in result.overset:
        o.pages = [(p, n) for p, n in room.items() if p != o.page and n >= o.size]
        # a photo is offered when dropping it makes room for all the page's overset lines
        o.photos = [(name, n) for name, n in o.photos if n >= over[o.page]]
    # a text is composed at several widths while the planner weighs spans: one finding each
    result.missing = list(dict.fromkeys(setter.missing))
    result.overset_sheets = {
        pno: _overset_sheets(setter, pno, [o for o in result.overset if o.page == pno])
        for pno in sorted({o.page for o in result.overset})
    }
    return result


def _make_up_page(
    setter: Setter,
    issue: m.Issue,
    page: m.Page,
    pno: int,
    n_pages: int,
    continues_on: dict[str, int],
    carried: dict,
) -> tuple[PageList, list[Overset], Plan, dict[str, Rect], list]:
    """One page: furniture, a plan for its blocks, each block set in its shape and placed in
    its rectangle. `carried` (continued articles' text) is updated in place."""
    layout = setter.layout
    report = setter.report
    pl = PageList(
        pno,
        layout.trim_width,
        layout.trim_height,
        section=page.section.value if page.section else "",
    )
    grid = PageGrid(layout.columns, layout.lines)
    page_furniture(setter, issue, pl, grid, pno, n_pages)
    top = grid.head_rows
    bottom = grid.bottom_free(0, layout.columns)  # above the folio (and the imprint)
    rows = bottom - top
    ctx = PageContext(setter, pno, page.blocks[0] if page.blocks else None, continues_on, carried)
    live: list[tuple[int, BlockModel]] = []
    offers: list[_Offer] = []
    for index, blk in enumerate(page.blocks):
        nothing = kind_of(blk).empty(blk, ctx)
        if nothing:
            report.warn(*nothing)
            continue
        offer = _offer(blk, ctx, layout.columns, rows)
        if offer.spec.shapes or offer.spec.overset_shapes:
            live.append((index, blk))
            offers.append(offer)
    plan = Plan([])
    rounds = 0
    while offers:
        plan = plan_page([o.spec for o in offers], layout.columns, rows, row0=top)
        # every estimated shape the plan chose measured for real (a wrong guess re-plans,
        # always: each round settles one guess at least) and, for the first rounds, set to
        # see that it leaves no white inside
        white = rounds < MAX_PLAN_ROUNDS
        checks = [
            offers[p.block].verify(live[p.block][1], ctx, p.shape, white) for p in plan.placements
        ]
        rounds += 1
        if all(checks):
            break
    oversets: list[Overset] = []
    rects: dict[str, Rect] = {}
    inner: list[str] = []
    for placement in plan.placements:
        index, blk = live[placement.block]
        offer = offers[placement.block]
        block_id = f"p{pno}.b{index}"
        rect = placement.rect
        rects[block_id] = rect
        checked = offer.settings.get(placement.shape)
        if checked is not None:  # set when checked: only its items' block is to say
            setting = dataclasses.replace(checked, block_id=block_id)
        else:
            setting = offer.set(blk, ctx, placement.shape, block_id)
        _place(setter, pl, setting, rect, offer.spec.name, block_id)
        inner += _inner_holes(setting, rect, layout, pno, offer.spec.name)
        if isinstance(blk, m.Continuation):
            carried.pop(blk.article_id, None)  # the continuation took the article's text
        if setting.overset:
            if isinstance(blk, m.Article) and blk.continued and blk.id in continues_on:
                carried[blk.id] = (blk, setting.overset, pno)
                _jump_line(setter, pl, setting, rect.col, rect.row, continues_on[blk.id])
            else:
                text = "".join(e.parts[-1][1].text for e in setting.overset if e.parts)
                # every photo of the page, its own first: dropping one frees its place
                photos = sorted(
                    _photo_rooms(plan, offers, live, ctx),
                    key=lambda room: room[0] != placement.block,
                )
                oversets.append(
                    Overset(
                        pno,
                        f"{blk.TYPE} “{setting.title[:24]}”",
                        len(setting.overset),
                        sum(e.chars for e in setting.overset),
                        text,
                        getattr(blk, "where", None),
                        setting.overset,
                        title=setting.title,
                        # cutting a full line's characters from a paragraph takes one line
                        # off it, whatever the overset lines hold (short paragraph ends,
                        # a signature): the cut that surely works, as composing rooms count
                        cut_chars=len(setting.overset) * layout.column_chars,
                        size=rect.span * rect.rows + len(setting.overset),
                        photos=[(name, lines) for _, name, lines in photos],
                    )
                )
    for rule in plan.rules:
        # a rule in the middle of the row between two stacked blocks, across the upper one's foot
        x0 = layout.column_x(rule.col)
        y = layout.margin_top + (rule.row + GAP_ROWS / 2) * layout.pitch
        pl.add(
            RuleItem(
                x0,
                y,
                x0 + layout.span_width(rule.col, rule.span),
                y,
                layout.rule_width,
                role="block-rule",
                block="makeup",
            )
        )
    for cut in plan.cuts:
        # a rule in the gutter between stories side by side, as between columns inside one:
        # two headlines level across it do not read as one (碰题, MAKEUP.md §3)
        gutter_x = layout.column_x(cut.col) - layout.gutter / 2
        rule_top = layout.margin_top + (cut.row + 0.2) * layout.pitch
        foot = layout.margin_top + (cut.bottom - 0.2) * layout.pitch
        pl.add(
            RuleItem(
                gutter_x,
                rule_top,
                gutter_x,
                foot,
                layout.rule_width,
                role="block-rule",
                block="makeup",
            )
        )
    for index, what in plan.departures:
        position = live[index][0]
        _warn_departure(
            report, page.blocks[position], offers[index].spec, plan, index, what, layout
        )
    for index in plan.left_out:
        blk = page.blocks[live[index][0]]
        if plan.empty:  # the page runs short, yet no shape of the filler fits its holes
            report.warn(
                f"page {pno}: filler {offers[index].spec.name} fits none of the page's holes "
                "and is left out",
                getattr(blk, "where", None),
                "make it the size a hole's note gives, or remove it",
                kind="makeup",
            )
            continue
        report.warn(
            f"page {pno}: filler {offers[index].spec.name} was not needed and is left out",
            getattr(blk, "where", None),
            "nothing to do; remove it or keep it for a page that runs short",
            kind="makeup",
        )
    pl.unused = inner  # the holes are said when every page is made (fillers of other pages)
    spare = [
        (pno, offers[i].spec.name, sorted({(s.span, s.rows) for s in offers[i].spec.shapes}))
        for i in plan.left_out
    ]
    return pl, oversets, plan, rects, spare


def _photo_rooms(plan: Plan, offers: list, live: list, ctx: PageContext):
    """(block, photo file, lines its place holds) of every photo on a planned page: photo
    blocks by their rectangle, photos inside blocks as their kind measures them."""
    for p in plan.placements:
        blk, offer = live[p.block][1], offers[p.block]
        if isinstance(blk, m.PhotoBlock):
            yield p.block, blk.photo.file.name, p.rect.span * p.rect.rows
        else:
            base = offer.derived.get(p.shape, (p.shape, 0))[0]
            for name, lines in offer.kind.photo_room(blk, ctx, base):
                yield p.block, name, lines


@dataclass
class _Offer:
    """A block's shapes as the planner sees them, and how to set each of them: the kind's
    own, or one of the page's means (a deeper headline, a padded box) applied to a kind's."""

    spec: BlockSpec
    kind: BlockKind
    derived: dict[Shape, tuple[Shape, int]]  # planner's shape → (kind's shape, rows added)
    estimated: set[Shape] = field(default_factory=set)  # kind's shapes not yet measured
    rows: int = 0  # the page region's rows (the kinds' max_rows)
    cut: set[Shape] = field(default_factory=set)  # estimated shapes that cut the text short
    checked: set[Shape] = field(default_factory=set)  # shapes set once and found as offered
    # the settings the checks made, for the page to place without setting the block again
    # (not for a continued story or a continuation: their text depends on the page's order)
    settings: dict[Shape, Setting] = field(default_factory=dict)

    def verify(self, blk, ctx: PageContext, shape: Shape, white: bool = True) -> bool:
        """True when `shape` is what the kind really gives: its height as estimated and no
        white inside it (a column ending short); else the offer is corrected (the estimate
        replaced by the measured shape, white charged as holes) and False."""
        if shape in self.checked:
            return True
        base, _extra = self.derived.get(shape, (shape, 0))
        cut = base in self.cut
        if base in self.estimated:
            self.estimated.discard(base)
            real = self.kind.measure(
                blk, ctx, base.span, base.rows if cut else self.rows, base.choice, base.cost
            )
            if real.rows != base.rows or real.overset_lines != base.overset_lines:
                fits = real.rows <= base.rows
                self._replace(base, (real,) if fits else ())
                return False
        if not white:
            return True
        self.checked.add(shape)
        setting = self.set(blk, ctx, shape, "check")
        white_lines = sum(short_columns(setting, shape.span, shape.rows, ctx.setter.layout))
        if white_lines <= shape.white:
            if not (isinstance(blk, m.Continuation) or getattr(blk, "continued", False)):
                self.settings[shape] = setting
            return True
        # white inside a block is charged as holes (never dropped: the next best might be
        # text cut short)
        charged = dataclasses.replace(shape, white=white_lines)
        self._replace(shape, (charged,))
        self.checked.add(charged)
        if any(base.choice):
            # a photo cropped taller than its text runs leaves white beside it; a taller crop
            # of the same photo at this span leaves more: they go too
            grows = tuple(i for i, v in enumerate(base.choice) if v)
            taller = [
                s
                for s in self.spec.shapes
                if s.span == base.span
                and s not in self.derived
                and tuple(i for i, v in enumerate(s.choice) if v) == grows
                and max(s.choice) > max(base.choice)
            ]
            for s in taller:
                self._replace(s, ())
        return False

    def _replace(self, old: Shape, new: tuple[Shape, ...]) -> None:
        """`old` (and the shapes derived from it, when it is a kind's) gives way to `new`;
        a replacement of a derived shape is set the same way."""
        drop = {old} | {d for d, (b, _) in self.derived.items() if b == old}
        origin = self.derived.get(old)
        for d in drop:
            self.derived.pop(d, None)
        if origin is not None:
            for n in new:
                self.derived[n] = origin
        self.spec = dataclasses.replace(
            self.spec,
            shapes=tuple(s for s in self.spec.shapes if s not in drop)
            + tuple(n for n in new if not n.overset_lines),
            overset_shapes=tuple(s for s in self.spec.overset_shapes if s not in drop)
            + tuple(n for n in new if n.overset_lines),
        )

    def set(self, blk, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        base, extra = self.derived.get(shape, (shape, 0))
        setting = self.kind.set(blk, ctx, base, block_id)
        if extra:
            setting = _deepen(setting, extra, ctx.setter.pitch)
        return setting


def _offer(blk, ctx: PageContext, columns: int, rows: int) -> _Offer:
    kind = kind_of(blk)
    hint_cols: int | None = getattr(blk, "columns", None)
    pin = bool(getattr(blk, "pin", False))
    pinned = frozenset(h for h in ("columns", "column", "place") if pin and getattr(blk, h, None))
    spans = (
        [min(hint_cols, columns)]
        if hint_cols and "columns" in pinned
        else list(range(1, columns + 1))
    )
    natural: list[Shape] = []
    overset: list[Shape] = []
    derived: dict[Shape, tuple[Shape, int]] = {}
    shapes, estimated = _remembered_shapes(kind, blk, ctx, spans, rows)
    for shape in shapes:
        if shape.overset_lines:
            overset.append(shape)
        else:
            natural.append(shape)
    deepen = _deepening(blk)
    if deepen:
        extras, unit = (
            (BOX_PADDING, PADDING_COST) if deepen == "box" else (DEEPER_HEAD, DEEPER_COST)
        )
        for shape in list(natural):
            for extra in extras:
                if shape.rows + extra <= rows:
                    grown = dataclasses.replace(
                        shape,
                        rows=shape.rows + extra,
                        cost=shape.cost + unit * extra,
                        choice=(*shape.choice, "+", extra),
                    )
                    derived[grown] = (shape, extra)
                    natural.append(grown)
    # cut short: a last resort for text that cannot fit; the kind measures what it loses
    by_span: dict[int, Shape] = {}
    for shape in overset + [s for s in natural if s not in derived]:  # the kind's own shapes
        if shape.span not in by_span or shape.rows > by_span[shape.span].rows:
            by_span[shape.span] = shape
    cut: list[Shape] = []
    for span, tallest in by_span.items():
        lines_per_row = span
        for r in range(MIN_OVERSET_ROWS, tallest.rows):
            lost = (tallest.rows - r) * lines_per_row + tallest.overset_lines
            cut.append(Shape(span, r, tallest.cost, lost, 0, tallest.choice))
    overset_full = [s for s in overset if s.rows <= rows]
    if isinstance(blk, m.PhotoBlock):
        # never below print resolution (an error in final output), unless no span keeps it
        px_w, px_h = ctx.setter.image_info(blk.photo.file, blk.photo.where)
        layout = ctx.setter.layout
        ratio = blk.photo.ratio or px_w / px_h

        def ppi(span: int) -> float:  # the crop at the frame's ratio, over the frame
            width = layout.span_width(0, span)
            return 72 * min(px_w / width, px_h / (width / ratio))

        sharp = [s for s in natural if ppi(s.span) >= layout.min_image_ppi]
        narrowest = min((s.span for s in natural), default=1)
        natural = sharp or [s for s in natural if s.span == narrowest]
        overset_full, cut = [], []
    spec = BlockSpec(
        _name(blk),
        tuple(natural),
        columns=hint_cols,
        column=getattr(blk, "column", None),
        place=getattr(blk, "place", None),
        pinned=pinned,
        headed=not isinstance(blk, m.PhotoBlock),
        boxed=isinstance(blk, m.Briefs)
        or (isinstance(blk, m.NumberedList) and ctx.setter.layout.list_box),
        filler=bool(getattr(blk, "filler", False)),
        overset_shapes=tuple(overset_full + cut),
    )
    return _Offer(spec, kind, derived, estimated | set(cut), rows, set(cut))


# kinds whose shapes follow from the block as written alone, given the layout and fonts
# (an article keeps its own, with its photos' pixels; a continuation's text and a photo
# block's pixels come from elsewhere)
PURE_KINDS = (m.Briefs, m.NumberedList, m.Greeting, Notice, Quote)


def _remembered_shapes(kind, blk, ctx: PageContext, spans: list[int], rows: int):
    """_kind_shapes, kept in the setter's shapes memo (a WarmCache's) for the kinds whose
    shapes the block as written decides: a rebuild measures only the blocks edited."""
    # a filler may be left out, and then only measuring composes it: not kept, so that its
    # composition's warnings come on every build, as on a cold one
    if not isinstance(blk, PURE_KINDS) or getattr(blk, "filler", False):
        return _kind_shapes(kind, blk, ctx, spans, rows)

    def measured():
        shapes, estimated = _kind_shapes(kind, blk, ctx, spans, rows)
        return tuple(shapes), frozenset(estimated)

    shapes, estimated = ctx.setter.remembered(
        lambda: ("kind", repr(blk), tuple(spans), rows), measured
    )
    return list(shapes), set(estimated)


def _kind_shapes(kind, blk, ctx: PageContext, spans: list[int], rows: int):
    """The kind's shapes, as BlockKind.shapes gives them, but measuring only the natural
    shape and the tallest crop of each photo at each span: the heights between are
    estimated (one row per row of crop once the photo band is the deepest part) and
    returned as such, so that make-up measures an estimated shape for real before it sets
    it (_Offer.verify). Setting a block for every crop of every photo at every span was most
    of make-up's time."""
    if type(kind).shapes is not BlockKind.shapes:  # the kind measures its shapes itself
        return kind.shapes(blk, ctx, spans, rows), set()
    out: list[Shape] = []
    estimated: set[Shape] = set()
    for span in spans:
        (base_choice, base_cost), *rest = kind.choices(blk, ctx, span, rows)
        if not ctx.setter.layout.photo_fill:
            rest = []  # the layout keeps every photo at its own shape
        natural = kind.measure(blk, ctx, span, rows, base_choice, base_cost)
        best: dict[int, Shape] = {natural.rows: natural}
        guessed: set[Shape] = set()
        groups: dict[tuple, list[tuple[int, tuple, float]]] = {}
        for choice, cost in rest:  # grouped by which photo grows, each by its rows added
            grows = tuple(i for i, v in enumerate(choice) if v)
            groups.setdefault(grows, []).append((max(choice), choice, cost))
        for group in groups.values():
            group.sort()
            top_extra, top_choice, top_cost = group[-1]
            tallest = kind.measure(blk, ctx, span, rows, top_choice, top_cost)
            for extra, choice, cost in group:
                if choice == top_choice:
                    shape = tallest
                else:
                    guess = max(natural.rows, tallest.rows - (top_extra - extra))
                    shape = Shape(
                        span, guess, cost, natural.overset_lines, natural.overset_chars, choice
                    )
                if shape.overset_lines > natural.overset_lines:
                    continue  # a taller photo that pushes text over is no help
                if shape.rows not in best or shape.cost < best[shape.rows].cost:
                    best[shape.rows] = shape
                    if shape is not tallest:
                        guessed.add(shape)
        out += [best[r] for r in sorted(best)]
        estimated.update(s for s in best.values() if s in guessed)
    return out, estimated


def _deepening(blk) -> str | None:
    """How a block can take more rows without a hole: a box grows inside, a headline deeper."""
    if isinstance(blk, m.Briefs):
        return "box"
    if isinstance(blk, (m.Article, m.Greeting, m.Continuation, m.NumberedList)):
        return "head"
    return None


def _deepen(setting: Setting, extra: int, pitch: float) -> Setting:
    """The setting `extra` rows deeper: a box grows with air inside, above and under its
    items (a briefs box's heading band stays at the top); otherwise the headline group is centred in `extra` more rows and everything under
    it moves down whole rows, so body lines stay on the baseline grid."""
    boxes = [it for it in setting.items if isinstance(it, BoxItem) and it.role == "box"]
    items: list[Item] = []
    if boxes:  # the box grows at its foot; its items move down half the rows (whole rows)
        for it in setting.items:
            if isinstance(it, BoxItem) and it.role == "box":
                it = dataclasses.replace(it, height=it.height + extra * pitch)
            elif isinstance(it, TextItem) and it.role not in HEAD_ROLES | {"briefs_title"}:
                it = moved(it, 0.0, extra // 2 * pitch)
            items.append(it)
    else:
        head_bottom = max(
            (
                it.y + 0.12 * it.line.size
                for it in setting.items
                if isinstance(it, TextItem) and it.role in HEAD_ROLES
            ),
            default=None,
        )
        for it in setting.items:
            if isinstance(it, TextItem) and it.role in HEAD_ROLES:
                items.append(moved(it, 0.0, extra * pitch / 2))
            elif head_bottom is not None:
                items.append(moved(it, 0.0, extra * pitch))
            else:
                items.append(it)
    jump = setting.jump_slot
    return dataclasses.replace(
        setting,
        rows=setting.rows + extra,
        items=items,
        jump_slot=None if jump is None else (jump[0], jump[1] + (0 if boxes else extra)),
    )


def _name(blk) -> str:
    title = getattr(blk, "title", None)
    if isinstance(blk, m.Continuation):
        return f"continuation of '{blk.article_id}'"
    if isinstance(blk, m.PhotoBlock):
        return f"photo {blk.photo.file.name}"
    return f"{blk.TYPE} “{title.value[:24] if title else ''}”"


def _warn_departure(
    report: Report, blk, spec: BlockSpec, plan: Plan, index: int, what: str, layout: Layout
) -> None:
    rect = plan.placements[[p.block for p in plan.placements].index(index)].rect
    cols = f"{rect.span} column{'s' * (rect.span != 1)}"
    took = f"{cols} from column {rect.col + 1}, rows {rect.row + 1}–{rect.bottom}"
    asked = {
        "columns": f"columns: {spec.columns}",
        "column": f"column: {spec.column}",
        "place": f"place: {spec.place}",
    }[what]
    why = "would leave more of the page empty" if plan.empty else "left no full page"
    report.warn(
        f"{spec.name}: {asked} {why}, so make-up set it in {took}",
        getattr(blk, "where", None),
        f"take the hint out, or write pin: true to keep {asked} at the price of a hole",
        kind="makeup",
    )


def _place(
    setter: Setter, pl: PageList, setting: Setting, rect: Rect, name: str, block_id: str
) -> None:
    """The one place a block enters its page: every item moved into `rect`, as block
    `block_id`, and checked to lie inside it. An item outside is a make-up bug; it stops the
    build with a message."""
    lay = setter.layout
    if setting.rows > rect.rows or setting.span != rect.span:
        raise MakeupBug(
            f"make-up bug: {name} was set {setting.span} columns × {setting.rows} rows for a "
            f"rectangle of {rect.span} × {rect.rows}",
            None,
            "report this with the issue file; as a stopgap change the block's columns",
        )
    x0 = lay.column_x(rect.col)
    y0 = lay.margin_top + rect.row * lay.pitch
    width = lay.span_width(rect.col, rect.span)
    height = rect.rows * lay.pitch
    for item in setting.items:
        box = item_extent(item)
        # a line's first or last glyph may stand half an em out: punctuation set half width
        # (its empty half falls outside the measure), never its ink
        side = EDGE + (0.5 * item.line.size if isinstance(item, TextItem) else 0.0)
        if box is not None and not (
            box[0] >= -side
            and box[2] <= width + side
            and box[1] >= -EDGE
            and box[3] <= height + EDGE
        ):
            raise MakeupBug(
                f"make-up bug: {name}: its {item.role} at ({box[0]:.1f}, {box[1]:.1f})–"
                f"({box[2]:.1f}, {box[3]:.1f}) pt lies outside its rectangle of {width:.1f} × "
                f"{height:.1f} pt (columns {rect.col + 1}–{rect.right}, rows {rect.row + 1}–{rect.bottom})",
                getattr(setting, "where", None),
                "report this with the issue file; as a stopgap change the block's columns",
            )
        pl.add(moved(item, x0, y0, block_id))


def _inner_holes(setting: Setting, rect: Rect, layout: Layout, pno: int, name: str) -> list[str]:
    """Columns of a placed block that end short inside it: white inside the block
    (unbalanced columns, a widow rule the balancing could not keep)."""
    out = []
    for j, short in enumerate(short_columns(setting, rect.span, rect.rows, layout)):
        if short:
            out.append(
                f"page {pno}: {short} empty lines (rows {rect.bottom - short + 1}–{rect.bottom}) "
                f"in column {rect.col + j + 1}, inside {name}"
            )
    return out


OVERSET_RED = (0.0, 1.0, 1.0, 0.0)


def _overset_sheets(setter: Setter, pno: int, oversets: list[Overset]) -> list[PageList]:
    """Proof-only pages after page `pno` holding every overset line, as composed, so that
    an editor sees exactly what did not fit (a proof never loses text either)."""
    lay = setter.layout
    entries: list[Entry] = []
    labels: set[int] = set()
    for o in oversets:
        label = setter.set_text(
            f"超版 {o.block}：{o.lines} 行，约 {o.chars} 字",
            "jump",
            lay.column_width,
            o.where,
            align="left",
            indent=0.0,
        )
        labels.update(id(line) for line in label)
        entries += [Entry([(0.0, line, "jump")], keep_with_next=True) for line in label]
        entries += o.entries
    heading = setter.set_text(
        f"第{pno}版 超版文字 · 校样附页，不印刷",
        "kicker",
        lay.type_width,
        None,
        align="left",
        indent=0.0,
    )[0]
    sheets: list[PageList] = []
    while entries:
        sheet = PageList(pno, lay.trim_width, lay.trim_height, section="超版")
        sheet.add(
            TextItem(
                lay.margin_inner,
                setter.baseline_y(0),
                heading,
                OVERSET_RED,
                "overset-heading",
                "overset",
            )
        )
        sheet.add(
            BoxItem(
                lay.margin_inner,
                lay.margin_top,
                lay.type_width,
                lay.type_height,
                fill=None,
                stroke=OVERSET_RED,
                stroke_width=1.0,
                role="overset-frame",
                block="overset",
            )
        )
        _, placed, entries = setter.flow(
            entries, lay.columns, [2] * lay.columns, max_rows=lay.lines
        )
        for item in setter.flow_items(placed, "overset"):
            if id(item.line) in labels:
                item = dataclasses.replace(item, color=OVERSET_RED, role="overset-label")
            sheet.add(moved(item, lay.margin_inner, lay.margin_top))
        sheets.append(sheet)
    return sheets


def _jump_line(
    setter: Setter, pl: PageList, setting: Setting, col: int, top: int, to_page: int
) -> None:
    lay = setter.layout
    if setting.jump_slot is None:
        return
    j, row = setting.jump_slot
    line = setter.set_text(
        f"（下转第{to_page}版）", "jump", lay.column_width, None, align="right", indent=0.0
    )[0]
    pl.add(
        TextItem(
            lay.column_x(col + j),
            setter.baseline_y(top + row),
            line,
            setter.style("jump").color,
            "jump",
            setting.block_id,
        )
    )


def _hole_report(
    plan: Plan, pno: int, layout: Layout, spare_fillers: list[tuple[int, str, list]]
) -> list[str]:
    """Every empty rectangle the plan left (a hole: 开天窗): how many lines the page is short
    there (缺 N 行), and what would close it: a filler of the hole's size, with about how
    many characters it takes, and a filler another page did not need that fits."""
    out = []
    foot = layout.lines - FOLIO_ROWS
    per_line = layout.column_chars
    region_top = min((p.rect.row for p in plan.placements), default=0)
    for r in sorted(plan.empty, key=lambda r: (r.row, r.col)):
        where = "at the foot of" if r.bottom >= foot - 3 else f"(rows {r.row + 1}–{r.bottom}) in"
        cols = f"column {r.col + 1}" if r.span == 1 else f"columns {r.col + 1}–{r.right}"
        room = r.rows - (GAP_ROWS if r.row > region_top else 0)  # a rule over the filler
        chars = max(room - FILLER_HEAD_ROWS, 1) * r.span * per_line
        fits = [
            f"filler {name} of page {page}"
            for page, name, sizes in spare_fillers
            if page != pno and any(s <= r.span and rows <= room for s, rows in sizes)
        ]
        fix = (
            f"a filler (filler: true) of {r.span} columns × {room} rows would fit "
            f"(about {chars} characters)"
        )
        if fits:
            fix += f", e.g. {fits[0]}"
        out.append(
            f"page {pno}: {r.rows} empty lines {where} {cols} ({r.span * r.rows} lines short); "
            f"{fix}"
        )
    return out

"""Page make-up: blocks onto the column grid, text on the baseline grid, a display list out.

The page is a grid of `layout.columns` columns by `layout.lines` rows (one row = one body
line pitch). Every block is first *set* on its own, in frame coordinates (x from the left of
its column span, y from the top of its first row), as a whole number of rows; it is then
*placed* at a (column, row) where it fits, which is a pure translation. Because every frame
starts on a row boundary and every body baseline sits at the same offset inside its row, body
lines of all blocks share one page-wide baseline grid.

Setting a block is its kind's job (makeup/kinds/, with the means in blocks.py), the page
furniture `furniture.py`'s; this module places the blocks, fills the page, and reports
unused space and overset text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from bulletin_pdf.errors import Report, Where
from bulletin_pdf.makeup.blocks import Entry, Overset, Setter, Setting, moved
from bulletin_pdf.makeup.furniture import page_furniture
from bulletin_pdf.makeup.grid import FOLIO_ROWS, PageGrid
from bulletin_pdf.makeup.kinds import PageContext, kind_of
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import BoxItem, PageList, RuleItem, TextItem
from bulletin_pdf.model.layout import Layout
from bulletin_pdf.text.fonts import FontSet

GAP_ROWS = 1  # an empty row (with a rule) between stacked blocks


@dataclass
class MakeupResult:
    pages: list[PageList]
    overset: list[Overset]
    unused: list[str]
    missing: list[tuple[str, Where | None, str]]  # characters no font covers, where, font file
    overset_sheets: dict[int, list[PageList]] = field(
        default_factory=dict
    )  # proof-only pages of 超版 text


@dataclass
class _PageRun:
    """One make-up of one page; page filling compares several."""

    page: PageList
    grid: PageGrid
    oversets: list[Overset]
    carried: dict
    warnings: list[tuple[str, Where | None, str]]

    @property
    def empty(self) -> int:
        return sum(not cell for column in self.grid.taken for cell in column)


def make_up(
    issue: m.Issue, layout: Layout, fonts: FontSet, report: Report, image_info
) -> MakeupResult:
    setter = Setter(layout, fonts, report, image_info)
    n_pages = len(issue.pages)
    # where each continued article picks up again, to number the jump lines
    continues_on: dict[str, int] = {}
    for pno, page in enumerate(issue.pages, 1):
        for blk in page.blocks:
            if isinstance(blk, m.Continuation):
                continues_on[blk.article_id] = pno
    carried: dict[str, tuple[m.Article, list[Entry], int]] = {}
    pages: list[PageList] = []
    oversets: list[Overset] = []
    unused_all: list[str] = []
    for pno, page in enumerate(issue.pages, 1):
        run = _run_page(setter, issue, page, pno, n_pages, continues_on, carried)
        if layout.photo_fill:
            run = _fill_with_photos(setter, issue, page, pno, n_pages, continues_on, carried, run)
        for what, where, fix in run.warnings:
            report.warn(what, where, fix)
        carried = run.carried
        oversets += run.oversets
        run.page.unused = _unused_report(run.grid, pno, layout)
        unused_all += run.page.unused
        pages.append(run.page)
    for art_id, (art, rest, _pno) in carried.items():
        if rest:
            report.warn(
                f"article “{art.title.value}” continues but its continuation block did not take it",
                art.where,
                f"add a {{type: continuation, article: {art_id}}} block on a later page",
            )
    sheets = {
        pno: _overset_sheets(setter, pno, [o for o in oversets if o.page == pno])
        for pno in sorted({o.page for o in oversets})
    }
    return MakeupResult(pages, oversets, unused_all, setter.missing, sheets)


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


def _fill_with_photos(
    setter: Setter, issue, page, pno, n_pages, continues_on, carried, run: _PageRun
) -> _PageRun:
    """Empty rows at the foot of a page's columns go to its photos: each photo in turn is
    cropped taller by as many rows as still make the page emptier without oversetting
    anything or pushing more text of a continued article over (a page is never left with
    holes a picture could have taken). The crops are the blocks' shape choices: the rows
    each photo a kind offers (BlockKind.photos) grows by."""
    photos = [
        (index, n)
        for index, blk in enumerate(page.blocks)
        for n in range(len(kind_of(blk).photos(blk)))
    ]
    extra: dict[tuple[int, int], int] = {}  # (block index, photo) → rows added

    def crops() -> dict[int, tuple[int, ...]]:
        return {
            index: tuple(extra.get((index, n), 0) for n in range(len(kind_of(blk).photos(blk))))
            for index, blk in enumerate(page.blocks)
        }

    for photo in photos:
        if run.empty == 0:
            break
        # the most rows that still help, by bisection: a taller photo only risks more overset
        low, high, best = (
            0,
            max(_longest_empty_run(run.grid, c) for c in range(run.grid.columns)),
            None,
        )
        while low < high:
            extra[photo] = (low + high + 1) // 2
            trial = _run_page(setter, issue, page, pno, n_pages, continues_on, carried, crops())
            if (
                len(trial.oversets) <= len(run.oversets)
                and trial.empty < run.empty
                and _carried_lines(trial) <= _carried_lines(run)
            ):
                low, best = extra[photo], trial
            else:
                high = extra[photo] - 1
        if best is None:
            extra.pop(photo, None)
        else:
            extra[photo] = low
            run = best
    return run


def _longest_empty_run(grid: PageGrid, col: int) -> int:
    longest = run = 0
    for taken in grid.taken[col]:
        run = 0 if taken else run + 1
        longest = max(longest, run)
    return longest


def _carried_lines(run: _PageRun) -> int:
    return sum(len(rest) for _, rest, _ in run.carried.values())


def _run_page(
    setter: Setter,
    issue: m.Issue,
    page: m.Page,
    pno: int,
    n_pages: int,
    continues_on: dict[str, int],
    carried_in: dict,
    crops: dict[int, tuple[int, ...]] | None = None,
) -> _PageRun:
    """One make-up of the page: each block, bottom-placed ones first, set by its kind at the
    highest free position of its span (`crops`: the photo crops page filling chose)."""
    layout = setter.layout
    carried = dict(carried_in)
    pl = PageList(
        pno,
        layout.trim_width,
        layout.trim_height,
        section=page.section.value if page.section else "",
    )
    grid = PageGrid(layout.columns, layout.lines)
    run = _PageRun(pl, grid, [], carried, [])
    ctx = PageContext(setter, pno, page.blocks[0] if page.blocks else None, continues_on, carried)
    page_furniture(setter, issue, pl, grid, pno, n_pages)
    indexed = list(enumerate(page.blocks))
    ordered = [(i, b) for i, b in indexed if getattr(b, "place", None) == "bottom"] + [
        (i, b) for i, b in indexed if getattr(b, "place", None) != "bottom"
    ]
    for index, blk in ordered:
        kind = kind_of(blk)
        block_id = f"p{pno}.b{index}"
        span = min(getattr(blk, "columns", None) or layout.columns, layout.columns)
        bottom_hint = getattr(blk, "place", None) == "bottom"
        col, top, avail = _choose_position(
            grid, span, getattr(blk, "column", None), bottom_hint, layout
        )
        nothing = kind.empty(blk, ctx)
        if nothing:
            run.warnings.append(nothing)
            continue
        setting = kind.set(
            blk, ctx, Shape(span, avail, choice=(crops or {}).get(index, ())), block_id
        )
        if isinstance(blk, m.Continuation):
            carried.pop(blk.article_id)  # the continuation took the article's text
        if bottom_hint:
            top = max(top, top + avail - setting.rows)
        _place(setter, pl, grid, setting, col, top, avail)
        if setting.overset:
            if isinstance(blk, m.Article) and blk.continued and blk.id in continues_on:
                carried[blk.id] = (blk, setting.overset, pno)
                _jump_line(setter, pl, setting, col, top, continues_on[blk.id])
            else:
                text = "".join(e.parts[-1][1].text for e in setting.overset if e.parts)
                run.oversets.append(
                    Overset(
                        pno,
                        f"{blk.TYPE} “{setting.title[:24]}”",
                        len(setting.overset),
                        sum(e.chars for e in setting.overset),
                        text,
                        getattr(blk, "where", None),
                        setting.overset,
                    )
                )
    return run


def _choose_position(
    grid: PageGrid, span: int, column_hint: int | None, bottom: bool, layout: Layout
):
    """(column, top row, rows available) for a block of `span` columns: the highest free
    position (leftmost on ties), or the lowest for bottom-placed blocks. Positions with no
    room are taken only when no position has any (the block is then overset)."""
    cols = [column_hint - 1] if column_hint else list(range(0, layout.columns - span + 1))
    cols = [c for c in cols if 0 <= c <= layout.columns - span] or [0]
    floor_rows = _floor(grid, layout)
    candidates = []
    for c in cols:
        bottom_row = min(grid.bottom_free(c, span), floor_rows)
        top = grid.top_free(c, span, bottom_row)
        if top > grid.head_rows:
            top += GAP_ROWS  # room for the rule between stacked blocks
        top = max(top, grid.head_rows)
        avail = bottom_row - top
        key = (-bottom_row, c) if bottom else (top, c)
        candidates.append((avail <= 0, key if avail > 0 else (-avail, c), c, top, max(avail, 0)))
    _, _, c, top, avail = min(candidates)
    return c, top, avail


def _floor(grid: PageGrid, layout: Layout) -> int:
    return layout.lines - FOLIO_ROWS


def _place(
    setter: Setter, pl: PageList, grid: PageGrid, setting: Setting, col: int, top: int, avail: int
) -> None:
    lay = setter.layout
    dx = lay.column_x(col)
    dy = lay.margin_top + top * lay.pitch
    for item in setting.items:
        pl.add(moved(item, dx, dy))
    rows = min(setting.rows, avail)
    grid.take(col, setting.span, top, rows)
    if top - GAP_ROWS >= grid.head_rows:
        # a rule in the middle of the gap row above, across the block
        y = lay.margin_top + (top - GAP_ROWS / 2) * lay.pitch
        pl.add(
            RuleItem(
                dx,
                y,
                dx + lay.span_width(col, setting.span),
                y,
                lay.rule_width,
                role="block-rule",
                block=setting.block_id,
            )
        )
        grid.take(col, setting.span, top - GAP_ROWS, GAP_ROWS)


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


def _unused_report(grid: PageGrid, pno: int, layout: Layout) -> list[str]:
    """Runs of empty rows per column, merged over neighbouring columns with the same run."""
    runs: dict[tuple[int, int], list[int]] = {}
    for c in range(grid.columns):
        r = 0
        while r < grid.rows:
            if not grid.taken[c][r]:
                start = r
                while r < grid.rows and not grid.taken[c][r]:
                    r += 1
                runs.setdefault((start, r), []).append(c)
            else:
                r += 1
    out = []
    for (start, end), cols in sorted(runs.items(), key=lambda kv: (kv[1][0], kv[0])):
        n = end - start
        where = (
            "at the foot of" if end >= grid.rows - FOLIO_ROWS else f"(rows {start + 1}–{end}) in"
        )
        col_text = (
            f"column {cols[0] + 1}" if len(cols) == 1 else f"columns {cols[0] + 1}–{cols[-1] + 1}"
        )
        if len(cols) > 1 and cols != list(range(cols[0], cols[-1] + 1)):
            col_text = "columns " + ", ".join(str(c + 1) for c in cols)
        out.append(f"page {pno}: {n} empty line{'s' if n != 1 else ''} {where} {col_text}")
    return out

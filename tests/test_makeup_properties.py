"""Make-up properties on generated issues, end to end through the real make-up.

Each example is a two-page issue (the sample's newsletter: masthead, running head, folio,
imprint) whose pages are built backwards from a random guillotine partition of each page's
free region on the column grid: spans 1–5, one rule row between parts stacked one over the
other (planner.GAP_ROWS), read in one of the orders the planner's reading rules allow. Every
part is filled, in that reading order, with a block whose natural shape at the part's span
is exactly the part's rows: an article of real published news (tests/fixtures/
makeup-corpus.yaml), possibly with a photo, whose body is cut at the end of a line until the
article kind's own measure() gives those rows with no column ending short; a briefs box or a
编者按 cut character by character the same way; or a photo block at its own ratio. So a
tiling with no empty cell exists by construction, and the properties below can fail only by
make-up's fault:

1. every item of every block lies inside the rectangle make-up reports for it, read from
   the display list (not trusting make-up's own MakeupBug check), rules only in the rule
   rows, and nothing but furniture outside the free region (masthead, running head, folio,
   imprint rows), the furniture never inside it;
2. no two blocks' rectangles overlap, and the rectangles, the rule rows and the reported
   empty rectangles cover the free region exactly, every cell once;
3. no empty cell: no reported hole or unused space, no overset, no column of a block ending
   more than INNER_HOLE lines above its rectangle's foot; and every character of the input,
   in order, in the page's text on the display list;
4. hints: some blocks carry the hints their part keeps (columns, column, place), some of
   them pinned: a pinned hint is kept, a hint not kept is reported and warned about;
5. fillers: some boxes are marked filler, some pages get a spare one they do not need:
   only fillers are left out, each told, the spare one always;

and the same issue made up twice, in this process or another, gives the same display lists.
What the properties found is kept at the end of the file as strict xfail tests.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from displaylist_checks import bbox
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from bulletin_pdf import paths
from bulletin_pdf.errors import Report
from bulletin_pdf.makeup.blocks import Setter
from bulletin_pdf.makeup.furniture import page_furniture
from bulletin_pdf.makeup.grid import PageGrid
from bulletin_pdf.makeup.kinds import PageContext, kind_of
from bulletin_pdf.makeup.place import MakeupResult, make_up
from bulletin_pdf.makeup.planner import GAP_ROWS
from bulletin_pdf.makeup.shapes import INNER_HOLE, Rect, Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import GroupItem, PageList, RuleItem, TextItem
from bulletin_pdf.model.kinds.quote import Quote
from bulletin_pdf.model.layout import Layout
from bulletin_pdf.photos.images import image_info
from bulletin_pdf.source.load import load
from bulletin_pdf.text.fonts import FontSet
from bulletin_pdf.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"
CORPUS = ROOT / "tests" / "fixtures" / "makeup-corpus.yaml"  # real news, each with its source

MIN_ROWS = 9  # the shortest part a partition cuts: a short headline and a few lines
MIN_BODY_ROWS = 3  # an article's part holds at least this many rows under its headline
MAX_BLOCKS = 6  # per page
EPS = 0.01  # pt: positions are computed, not measured
FURNITURE = {"furniture", "masthead", "imprint"}
SECTIONS = ("要闻", "社区")
HINTS = ("columns", "column", "place")
BOXES = ("briefs", "quote")
MAX_BOX_ROWS = 24  # a box of briefs or a 编者按 deeper than this is no box

PROPERTY_SETTINGS = {
    "deadline": None,
    "derandomize": True,  # the same examples on every run, in CI too
    "database": None,
    # shrinking a failing issue takes minutes (each example is a make-up): the failing
    # example is shown whole, with describe()'s account of its pages
    "phases": [Phase.explicit, Phase.generate],
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}


# ---------------------------------------------------------------------------- the material


@dataclass(frozen=True)
class Story:
    title: str
    paragraphs: tuple[str, ...]


@dataclass
class Material:
    """What generated issues are made of: the sample issue (its newsletter and furniture)
    and layout, the corpus's real news and photos, and each page's free region."""

    issue: m.Issue
    layout: Layout
    fonts: FontSet
    setter: Setter
    stories: list[Story]
    paragraphs: list[str]  # every story's body, in order: the text generated issues draw on
    photos: list[m.Photo]
    regions: list[tuple[int, int]]  # per page: the free region's first row and its rows

    def ctx(self, pno: int, lead) -> PageContext:
        return PageContext(self.setter, pno, lead)


@functools.cache
def material() -> Material:
    sample, layout = load(SAMPLE, Report())
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    stories = [
        Story(normalize(s["title"], True)[0], tuple(normalize(p)[0] for p in s["body"]))
        for s in corpus["stories"]
    ]
    photos = [
        m.Photo(
            file=ROOT / p["file"],
            caption=m.Text(normalize(p["caption"])[0], None),
            credit=m.Text(normalize(p["credit"])[0], None) if p.get("credit") else None,
        )
        for p in corpus["photos"]
    ]
    fonts = FontSet(layout.fonts, paths.fonts_folder(ROOT))
    setter = Setter(layout, fonts, Report(), image_info)
    # the free region of each page: what the furniture leaves, as make-up finds it
    probe = dataclasses.replace(sample, pages=[m.Page(None, []), m.Page(None, [])])
    regions = []
    for pno in (1, 2):
        grid = PageGrid(layout.columns, layout.lines)
        page_furniture(setter, probe, PageList(pno, 0, 0), grid, pno, 2)
        top = grid.head_rows
        regions.append((top, grid.bottom_free(0, layout.columns) - top))
    paragraphs = [p for s in stories for p in s.paragraphs]
    return Material(sample, layout, fonts, setter, stories, paragraphs, photos, regions)


# ---------------------------------------------------------------- partitions of a region


@dataclass(frozen=True)
class Part:
    """A leaf of the partition: `span` × `rows`, filled with an article or a photo block."""

    span: int
    rows: int
    photo: int | None = None  # a photo block: index into Material.photos; None: an article
    inset: int | None = None  # the article's photo, under its headline
    box: str | None = None  # instead of an article: "briefs" or "quote" (编者按)
    filler: bool = False  # marked as a filler (补白), though the tiling has it in
    hints: frozenset[str] = frozenset()  # the editor's hints the block gets, true of the part
    pin: bool = False  # and whether they bind


# How the parts of a vertical cut are read (the orders the planner's reading rules allow,
# planner._vertical): the left part first; the right part first (mirrored); or the left
# part's first block, then the right part, then the rest of the left part (the lead story
# down the left with the second story top right).
LEFT_FIRST, RIGHT_FIRST, LEAD_LEFT = "left first", "right first", "lead left"


@dataclass(frozen=True)
class Cut:
    across: bool  # True: a horizontal cut (a rule row between); False: at a column boundary
    at: int  # rows of the top part, or columns of the left part
    first: Part | Cut  # the top or the left part
    second: Part | Cut
    order: str = LEFT_FIRST  # of a vertical cut


def leaves(tree: Part | Cut, col: int = 0, row: int = 0) -> list[tuple[Part, Rect]]:
    """The parts in reading order with their cells (rows counted from the region's top)."""
    if isinstance(tree, Part):
        return [(tree, Rect(col, tree.span, row, tree.rows))]
    if tree.across:
        return leaves(tree.first, col, row) + leaves(tree.second, col, row + tree.at + GAP_ROWS)
    left, right = leaves(tree.first, col, row), leaves(tree.second, col + tree.at, row)
    if tree.order == RIGHT_FIRST:
        return right + left
    if tree.order == LEAD_LEFT:
        return left[:1] + right + left[1:]
    return left + right


def count(tree: Part | Cut) -> int:
    return 1 if isinstance(tree, Part) else count(tree.first) + count(tree.second)


@functools.cache
def photo_rows(index: int, span: int) -> int | None:
    """The rows photo block `index` (of Material.photos) takes at its own ratio at `span`,
    or None when the photo would print below the layout's resolution there (make-up does
    not offer that span)."""
    mat = material()
    photo = mat.photos[index]
    width = mat.layout.span_width(0, span)
    px_w, _ = image_info(photo.file, photo.where)
    if 72 * px_w / width < mat.layout.min_image_ppi:
        return None
    return mat.setter.photo_range(photo, width)[1]


@st.composite
def hints(draw) -> dict:
    """Most blocks without hints; some with the hints their part keeps, some of them pinned."""
    if draw(st.integers(0, 2)):
        return {}
    chosen = draw(st.sets(st.sampled_from(HINTS), min_size=1))
    return {"hints": frozenset(chosen), "pin": draw(st.booleans())}


@st.composite
def partitions(draw, span: int, rows: int, budget: int):
    """A guillotine partition of `span` × `rows` cells into at most `budget` parts."""
    mat = material()
    photos = [
        (i, own)
        for i in range(len(mat.photos))
        if (own := photo_rows(i, span)) is not None and rows - own - GAP_ROWS >= MIN_ROWS
    ]
    cuts = []
    if budget >= 2 and rows >= 2 * MIN_ROWS + GAP_ROWS:
        cuts.append("across")
        if photos:
            cuts.append("photo")
    if budget >= 2 and span >= 2:
        cuts.append("down")
    # a part of a page or more is left whole now and then, smaller ones more often
    keep = 1 if rows * span > 150 else 4
    if rows >= MIN_ROWS and (not cuts or draw(st.integers(0, 7)) < keep):
        what = draw(st.sampled_from(["article"] * 5 + ["photo", "briefs", "quote"]))
        if what in BOXES and rows <= MAX_BOX_ROWS:
            return Part(span, rows, box=what, filler=draw(st.booleans()), **draw(hints()))
        if what == "photo" and rows >= 2 * MIN_ROWS:
            inset = draw(st.integers(0, len(mat.photos) - 1))
            return Part(span, rows, inset=inset, **draw(hints()))
        return Part(span, rows, **draw(hints()))
    assume(cuts)
    how = draw(st.sampled_from(cuts))
    if how == "photo":  # a photo block at its own ratio over (or under) the rest
        index, own = draw(st.sampled_from(photos))
        rest = draw(partitions(span, rows - own - GAP_ROWS, budget - 1))
        photo = Part(span, own, index, **draw(hints()))
        if draw(st.booleans()):
            return Cut(True, own, photo, rest)
        return Cut(True, rows - own - GAP_ROWS, rest, photo)
    if how == "across":
        top = draw(st.integers(MIN_ROWS, rows - MIN_ROWS - GAP_ROWS))
        first = draw(partitions(span, top, draw(st.integers(1, budget - 1))))
        second = draw(partitions(span, rows - top - GAP_ROWS, budget - count(first)))
        return Cut(True, top, first, second)
    left = draw(st.integers(1, span - 1))
    first = draw(partitions(left, rows, draw(st.integers(1, budget - 1))))
    second = draw(partitions(span - left, rows, budget - count(first)))
    orders = [LEFT_FIRST, RIGHT_FIRST] + ([LEAD_LEFT] if count(first) > 1 else [])
    return Cut(False, left, first, second, draw(st.sampled_from(orders)))


@dataclass(frozen=True)
class PagePlan:
    tree: Part | Cut  # a partition of the page's free region
    start: int  # the paragraph of the corpus its text starts at
    title: int  # the story whose title its first article takes (the next ones the next)
    spare: bool = False  # one more block, a filler the full page does not need


def without_fillers(tree: Part | Cut) -> Part | Cut:
    if isinstance(tree, Part):
        return dataclasses.replace(tree, filler=False)
    return dataclasses.replace(
        tree, first=without_fillers(tree.first), second=without_fillers(tree.second)
    )


@st.composite
def issue_plans(draw) -> tuple[PagePlan, ...]:
    mat = material()
    pages = []
    for _, rows in mat.regions:
        tree = draw(partitions(mat.layout.columns, rows, MAX_BLOCKS))
        spare = draw(st.integers(0, 3)) == 0
        pages.append(
            PagePlan(
                without_fillers(tree) if spare else tree,  # fillers in the tiling, or one spare
                draw(st.integers(0, len(mat.paragraphs) - 1)),
                draw(st.integers(0, len(mat.stories) - 1)),
                spare,
            )
        )
    return tuple(pages)


# ------------------------------------------------------------- filling the parts exactly


def article(title: str, paragraphs: list[str], photos: tuple[m.Photo, ...] = ()) -> m.Article:
    return m.Article(
        title=m.Text(title, None),
        body=[m.Text(p, None) for p in paragraphs],
        photos=list(photos),
    )


def short_columns(items, span: int, rows: int, lay: Layout) -> list[int]:
    """For each column of a block of `span` × `rows` whose items are in frame coordinates,
    the whole lines by which its lowest line, photo or box ends above the block's foot."""
    lowest = [0.0] * span
    step = lay.column_width + lay.gutter
    for it in items:
        if isinstance(it, (RuleItem, GroupItem)) or (
            isinstance(it, TextItem) and not it.line.glyphs
        ):
            continue
        x0, _y0, x1, y1 = bbox(it)
        for j in range(span):
            if x0 < j * step + lay.column_width - 1 and x1 > j * step + 1:
                lowest[j] = max(lowest[j], y1)
    return [int((rows * lay.pitch - y) / lay.pitch) for y in lowest]


def fitted_article(
    title: str,
    text: list[str],
    photos: tuple[m.Photo, ...],
    span: int,
    rows: int,
    pno: int,
    lead: bool,
) -> tuple[m.Article, int] | None:
    """An article under `title` (with `photos`) whose body is cut from the start of `text`
    (paragraphs) at the end of one of its lines, so that at `span` its natural shape, as the
    article kind measures it, is `rows` rows with no column ending more than INNER_HOLE
    lines short; and the number of paragraphs it took. None when no cut gives that (a
    headline and photo too deep for the part)."""
    mat = material()
    lay, setter = mat.layout, mat.setter
    kind = kind_of(article(title, ["一"]))
    region_rows = mat.regions[pno - 1][1]

    def measured(paragraphs: list[str]) -> tuple[m.Article, Shape]:
        a = article(title, paragraphs, photos)
        return a, kind.measure(a, mat.ctx(pno, a if lead else None), span, region_rows)

    if measured(["一"])[1].rows + MIN_BODY_ROWS - 1 > rows:
        return None  # no room for text under the headline (and photo)
    # the body's lines as the article sets them, paragraph after paragraph: a cut is the end
    # of one of them
    ends: list[tuple[int, int]] = []  # per body line: (paragraph, its characters kept)
    for k, para in enumerate(text):
        lines = setter.set_text(para, "body", lay.column_width)
        ends += [(k, keep) for keep in _line_ends(para, lines)]
        if len(ends) > (rows + 1) * span:
            break
    tried: dict[int, tuple[m.Article, Shape]] = {}

    def cut(line: int) -> tuple[m.Article, Shape]:
        if line not in tried:
            k, keep = ends[line - 1]
            tried[line] = measured([*text[:k], text[k][:keep]])
        return tried[line]

    # a row more for every `span` lines: step to the rows wanted, then look around for a cut
    # whose columns end level (the flow's widow rules may leave one short)
    line = min(rows * span, len(ends))
    for _ in range(6):
        got = cut(line)[1]
        if got.rows == rows and not got.overset_lines:
            break
        step = -got.overset_lines if got.overset_lines else (rows - got.rows) * span
        line = min(max(line + step, 1), len(ends))
    around = range(max(line - 2 * span, 1), min(line + 2 * span, len(ends)) + 1)
    for near in sorted(around, key=lambda n: abs(n - line)):
        a, shape = cut(near)
        if shape.rows != rows or shape.overset_lines:
            continue
        setting = kind.set(a, mat.ctx(pno, a if lead else None), shape, "fit")
        if max(short_columns(setting.items, span, rows, lay)) <= INNER_HOLE:
            return a, ends[near - 1][0] + 1
    return None


def box_block(box: str, paragraphs: list[str]) -> m.Block:
    """A briefs box of these items under a standing heading, or a 编者按 of these paragraphs."""
    texts = [m.Text(p, None) for p in paragraphs]
    if box == "briefs":
        return m.Briefs(title=m.Text("社区简讯", None), items=texts)
    return Quote(label=m.Text("编者按", None), text=texts, frame="tint")


def fitted_box(
    box: str, text: list[str], span: int, rows: int, pno: int, lead: bool
) -> tuple[m.Block, int] | None:
    """A box (`box_block`) of the text at the start of `text` (paragraphs), cut character
    by character to the fewest characters that make its natural shape at `span` `rows`
    rows, as the kind measures it; and the number of paragraphs it took. None when no cut
    gives exactly that (its heading deeper than the part, a jump of two rows)."""
    mat = material()
    kind = kind_of(box_block(box, ["一"]))
    region_rows = mat.regions[pno - 1][1]
    flat = "\n\n".join(text)[: rows * span * 20 + 200]  # more than the part holds

    def measured(n: int) -> tuple[m.Block, Shape]:
        blk = box_block(box, [p for p in flat[:n].split("\n\n") if p.strip()])
        return blk, kind.measure(blk, mat.ctx(pno, blk if lead else None), span, region_rows)

    def natural(n: int) -> int:
        shape = measured(n)[1]
        return region_rows + 1 if shape.overset_lines else shape.rows

    if natural(1) > rows or natural(len(flat)) < rows:
        return None
    lo, hi = 1, len(flat)  # the fewest characters that reach `rows`
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if natural(mid) < rows else (lo, mid)
    if flat[lo - 1].isspace() or natural(lo) != rows:
        return None
    blk, shape = measured(lo)
    setting = kind.set(blk, mat.ctx(pno, blk if lead else None), shape, "fit")
    if max(short_columns(setting.items, span, rows, mat.layout)) > INNER_HOLE:
        return None
    return blk, flat[:lo].count("\n\n") + 1


def _line_ends(paragraph: str, lines) -> list[int]:
    """For each composed line of `paragraph`, how many of its characters end there (the
    composer keeps every character; a space it sets as a gap is no glyph)."""
    ends, pos = [], 0
    for line in lines:
        for ch in line.text:
            while pos < len(paragraph) and paragraph[pos] != ch and paragraph[pos].isspace():
                pos += 1
            if pos < len(paragraph) and paragraph[pos] == ch:
                pos += 1
        ends.append(pos)
    return ends


@dataclass
class Generated:
    plan: tuple[PagePlan, ...]
    issue: m.Issue
    parts: list[list[tuple[Part, Rect]]]  # per page, in reading order, rows from region top


def generate(plan: tuple[PagePlan, ...]) -> Generated | None:
    """The issue of `plan`, every part filled exactly; None when a part cannot be (no title
    of the corpus leaves room for text in it)."""
    mat = material()
    pages, parts = [], []
    for pno, page in enumerate(plan, 1):
        cursor, title = page.start, page.title
        page_parts = leaves(page.tree)
        page_blocks: list[m.Block] = []
        for i, (part, _rect) in enumerate(page_parts):
            if part.photo is not None:
                page_blocks.append(m.PhotoBlock(photo=mat.photos[part.photo]))
                continue
            if part.box is not None:
                text = (mat.paragraphs * 2)[cursor : cursor + len(mat.paragraphs)]
                boxed = fitted_box(part.box, text, part.span, part.rows, pno, lead=i == 0)
                if boxed is None:
                    return None
                blk, used = boxed
                cursor = (cursor + used) % len(mat.paragraphs)
                page_blocks.append(blk)
                continue
            photos = (mat.photos[part.inset],) if part.inset is not None else ()
            text = (mat.paragraphs * 2)[cursor : cursor + len(mat.paragraphs)]
            fitted = None
            for k in range(len(mat.stories)):  # the next title that leaves room, if need be
                story = mat.stories[(title + k) % len(mat.stories)]
                fitted = fitted_article(
                    story.title, text, photos, part.span, part.rows, pno, lead=i == 0
                )
                if fitted is not None:
                    title += k + 1
                    break
            if fitted is None:
                return None
            blk, used = fitted
            cursor = (cursor + used) % len(mat.paragraphs)
            page_blocks.append(blk)
        for i, (part, rect) in enumerate(page_parts):
            blk = with_hints(page_blocks[i], part, rect, mat.regions[pno - 1][1])
            page_blocks[i] = dataclasses.replace(blk, filler=True) if part.filler else blk
        if page.spare:  # a one-line notice as a filler, after the page's blocks
            brief = (mat.paragraphs * 2)[cursor][:40]
            page_blocks.append(dataclasses.replace(box_block("briefs", [brief]), filler=True))
        pages.append(m.Page(m.Text(SECTIONS[pno - 1], None), page_blocks))
        parts.append(page_parts)
    return Generated(plan, dataclasses.replace(mat.issue, pages=pages), parts)


def with_hints(blk: m.Block, part: Part, rect: Rect, region_rows: int) -> m.Block:
    """The block with the hints its part keeps: its span, its first column, and `place`
    when the part stands at the region's top or foot (none otherwise)."""
    values = {
        "columns": rect.span,
        "column": rect.col + 1,
        "place": "top" if rect.row == 0 else "bottom" if rect.bottom == region_rows else None,
    }
    given = {h: values[h] for h in part.hints if values[h] is not None}
    return dataclasses.replace(blk, **given, pin=part.pin) if given else blk


def made_up(issue: m.Issue, report: Report | None = None) -> MakeupResult:
    mat = material()
    return make_up(issue, mat.layout, mat.fonts, report or Report(), image_info)


def describe(gen: Generated) -> str:
    """The generated pages, for a failing example's report: each part in reading order."""
    mat = material()
    out = []
    for pno, parts in enumerate(gen.parts, 1):
        top = mat.regions[pno - 1][0]
        shown = []
        for p, r in parts:
            what = "photo" if p.photo is not None else p.box or "article"
            what += "+photo" if p.inset is not None else ""
            hints = f" {'pinned ' if p.pin else ''}{'/'.join(sorted(p.hints))}" if p.hints else ""
            shown.append(f"{what} {Rect(r.col, r.span, top + r.row, r.rows)}{hints}")
        out.append(f"page {pno}: " + "; ".join(shown))
    return "\n".join(out)


# ----------------------------------------------------------------------------- the checks


def assert_cells_covered_once(plan, region: tuple[int, int], columns: int) -> None:
    """Every cell of the free region covered once, by a block, a rule row or a reported
    hole, and nothing outside the region."""
    top, rows = region
    covered: dict[tuple[int, int], str] = {}
    rects = [(f"block {p.block}", p.rect) for p in plan.placements]
    rects += [("rule", r) for r in plan.rules] + [("empty", r) for r in plan.empty]
    for what, r in rects:
        for c in range(r.col, r.right):
            for row in range(r.row, r.bottom):
                assert 0 <= c < columns and top <= row < top + rows, (what, r, region)
                assert (c, row) not in covered, f"cell {(c, row)}: {covered[(c, row)]} and {what}"
                covered[(c, row)] = what
    left = [(c, r) for c in range(columns) for r in range(top, top + rows) if (c, r) not in covered]
    assert not left, f"cells covered by nothing: {left[:10]}"
    assert all(r.rows == GAP_ROWS for r in plan.rules), plan.rules


def box_of(rect: Rect, lay: Layout) -> tuple[float, float, float, float]:
    """A rectangle of grid cells on the page, in pt."""
    x0 = lay.column_x(rect.col)
    y0 = lay.margin_top + rect.row * lay.pitch
    return (x0, y0, x0 + lay.span_width(rect.col, rect.span), y0 + rect.rows * lay.pitch)


def gutter_of(cut: Rect, lay: Layout) -> tuple[float, float, float, float]:
    """The gutter at a vertical cut between blocks side by side (column boundary cut.col),
    over the cut's rows, in pt: where its rule may stand."""
    x1 = lay.column_x(cut.col)
    y0 = lay.margin_top + cut.row * lay.pitch
    return (x1 - lay.gutter, y0, x1, y0 + cut.rows * lay.pitch)


def _within(inner, outer, slack: float = EPS) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def assert_items_inside(page: PageList, rects: dict[str, Rect], plan, region, lay) -> None:
    """Every item of every block inside its block's rectangle, the planner's rules inside
    their rule rows or the gutters of its vertical cuts, the furniture outside the free
    region; no item of anything else."""
    top, rows = region
    free = box_of(Rect(0, lay.columns, top, rows), lay)
    rules = [box_of(r, lay) for r in plan.rules] + [gutter_of(c, lay) for c in plan.cuts]
    seen = set()
    for it in page.items:
        assert not isinstance(it, GroupItem), (page.number, it.role, it.block)
        if isinstance(it, TextItem) and not it.line.glyphs:
            continue
        box = bbox(it)
        where = (page.number, it.block, it.role, tuple(round(v, 1) for v in box))
        if it.block in FURNITURE:
            assert box[3] <= free[1] + EPS or box[1] >= free[3] - EPS, ("furniture inside", where)
        elif it.block == "makeup":
            assert it.role == "block-rule", where
            assert any(_within(box, r) for r in rules), ("a rule outside the rule rows", where)
        else:
            assert it.block in rects, ("an item of no block", where)
            seen.add(it.block)
            rect = rects[it.block]
            assert _within(box, box_of(rect, lay)), ("outside its rectangle", rect, where)
    assert seen == set(rects), ("blocks with nothing on the page", sorted(set(rects) - seen))


def assert_no_holes(page: PageList, result: MakeupResult, pno: int, lay) -> None:
    """No hole, no overset, no unused space reported; no column of a block, as the display
    list shows it, ending more than INNER_HOLE lines above its rectangle's foot."""
    plan = result.plans[pno - 1]
    assert not plan.empty, ("holes", plan.empty)
    assert not [p.rect for p in plan.placements if p.shape.overset_lines], "overset shapes"
    assert not [(o.block, o.lines) for o in result.overset if o.page == pno], "overset"
    assert not page.unused, page.unused
    for block_id, rect in result.rects[pno - 1].items():
        x0, y0, _, _ = box_of(rect, lay)
        local = [_shifted(it, -x0, -y0) for it in page.items if it.block == block_id]
        shorts = short_columns(local, rect.span, rect.rows, lay)
        assert max(shorts) <= INNER_HOLE, ("a column ends short", block_id, rect, shorts)


def _shifted(it, dx: float, dy: float):
    if isinstance(it, RuleItem):
        return dataclasses.replace(it, x0=it.x0 + dx, x1=it.x1 + dx, y0=it.y0 + dy, y1=it.y1 + dy)
    return dataclasses.replace(it, x=it.x + dx, y=it.y + dy)


def hints_kept(blk: m.Block, rect: Rect, region: tuple[int, int]) -> dict[str, bool]:
    """Each hint the block has, and whether its rectangle keeps it."""
    top, rows = region
    kept = {}
    if blk.columns:
        kept["columns"] = rect.span == blk.columns
    if blk.column:
        kept["column"] = rect.col == blk.column - 1
    if blk.place:
        kept["place"] = rect.row == top if blk.place == "top" else rect.bottom == top + rows
    return kept


def assert_hints_kept_or_told(result: MakeupResult, report: Report, pno: int, blocks) -> None:
    """A pinned hint always kept (a full page keeping it exists); a hint not kept reported
    as departed from, with a warning naming the block and the hint; no other reported."""
    plan, rects = result.plans[pno - 1], result.rects[pno - 1]
    region = material().regions[pno - 1]
    departed = []
    for index, blk in enumerate(blocks):
        if f"p{pno}.b{index}" not in rects:
            continue  # a filler left out
        for hint, kept in hints_kept(blk, rects[f"p{pno}.b{index}"], region).items():
            if kept:
                continue
            assert not blk.pin, ("a pinned hint not kept", pno, index, hint, blk.pin)
            departed.append((index, hint))
            asked = f"{hint}: {getattr(blk, hint)}"
            assert any(asked in w.what and w.kind == "makeup" for w in report.warnings), (
                "a departure not told",
                pno,
                index,
                asked,
            )
    assert sorted(plan.departures) == sorted(departed), (plan.departures, departed)


def squeezed(text: str) -> str:
    return "".join(text.split())


def expected_text(blk) -> str:
    """A block's text as a reader meets it: headline, captions, body."""
    if isinstance(blk, m.PhotoBlock):
        photo = blk.photo
        return squeezed(
            (photo.caption.value if photo.caption else "")
            + (photo.credit.value if photo.credit else "")
        )
    if isinstance(blk, m.Briefs):
        return squeezed(blk.title.value + "".join("◆" + t.value for t in blk.items))
    if isinstance(blk, Quote):
        label = blk.label.value + "：" if blk.label else ""
        source = blk.source.value if blk.source else ""
        return squeezed(label + "".join(t.value for t in blk.text) + source)
    captions = "".join(expected_text(m.PhotoBlock(photo=p)) for p in blk.photos)
    return squeezed(blk.title.value) + captions + squeezed("".join(p.value for p in blk.body))


def assert_fillers_only_where_needed(
    result: MakeupResult, report: Report, pno: int, page: PagePlan, blocks: list[m.Block]
) -> None:
    """Only fillers are left out, each told; a spare one (the page is full without it)
    always."""
    plan, rects = result.plans[pno - 1], result.rects[pno - 1]
    out = [i for i in range(len(blocks)) if f"p{pno}.b{i}" not in rects]
    assert out == sorted(plan.left_out), (out, plan.left_out)
    for i in out:
        assert blocks[i].filler, ("a block left out that is no filler", pno, i)
        assert any("not needed" in w.what for w in report.warnings), ("not told", pno, i)
    if page.spare:
        assert len(blocks) - 1 in out, ("a spare filler put in", pno, rects)


def assert_text_kept(page: PageList, blocks: list[m.Block]) -> None:
    """The page's text, in the display list's order, is every block's text in page order
    (the blocks it holds): no character lost, none added, none out of order."""
    got = squeezed(
        "".join(
            it.line.text
            for it in page.items
            if isinstance(it, TextItem) and it.block not in FURNITURE
        )
    )
    want = "".join(expected_text(b) for b in blocks)
    if got != want:
        at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), len(got))
        pytest.fail(
            f"page {page.number}: the text differs at character {at}: "
            f"“…{got[max(at - 10, 0) : at + 20]}…” where the input has "
            f"“…{want[max(at - 10, 0) : at + 20]}…”"
        )


def check_issue(gen: Generated, result: MakeupResult, report: Report) -> None:
    """Every property on every page."""
    lay = material().layout
    for pno, page in enumerate(result.pages, 1):
        region = material().regions[pno - 1]
        plan, rects = result.plans[pno - 1], result.rects[pno - 1]
        assert sorted(rects.values(), key=repr) == sorted(
            (p.rect for p in plan.placements), key=repr
        ), "the rectangles reported are not the plan's"
        assert_cells_covered_once(plan, region, lay.columns)
        for a, b in [(a, b) for a in rects for b in rects if a < b]:
            assert not rects[a].overlaps(rects[b]), (pno, a, rects[a], b, rects[b])
        assert_items_inside(page, rects, plan, region, lay)
        assert_no_holes(page, result, pno, lay)
        blocks = gen.issue.pages[pno - 1].blocks
        assert_fillers_only_where_needed(result, report, pno, gen.plan[pno - 1], blocks)
        placed = [b for i, b in enumerate(blocks) if f"p{pno}.b{i}" in rects]
        assert_text_kept(page, placed)
        assert_hints_kept_or_told(result, report, pno, blocks)


# ------------------------------------------------------------------------------ the tests


# Found by the property: make-up stopped looking for white inside blocks after
# place.MAX_PLAN_ROUNDS plans, and this page 2 needed five (photo crops measured one by one):
# the fifth put the article with a photo in 4 columns × 26 rows, its photo 8 rows taller,
# columns 1–2 ending 15 lines short. Clean since articles measure their shapes exactly
# (three plans); kept as an example.
_ACROSS, _DOWN = True, False
FIVE_PLANS = (
    PagePlan(Part(5, 61), 0, 0),
    PagePlan(
        Cut(
            _DOWN,
            3,
            Cut(
                _ACROSS,
                14,
                Part(3, 14),
                Cut(
                    _ACROSS,
                    26,
                    Cut(_DOWN, 1, Part(1, 26), Part(2, 26, inset=0), RIGHT_FIRST),
                    Part(3, 21, photo=1),
                ),
            ),
            Cut(_ACROSS, 53, Part(2, 53), Part(2, 9)),
        ),
        109,
        39,
    ),
)


@settings(max_examples=int(os.environ.get("MAKEUP_PROPERTY_EXAMPLES", 30)), **PROPERTY_SETTINGS)
@given(issue_plans())
@example(FIVE_PLANS)
def test_generated_issues_fill_their_pages_with_every_block_in_its_rectangle(plan):
    gen = generate(plan)
    assume(gen is not None)
    print(describe(gen))  # shown with a failing example
    report = Report()
    check_issue(gen, made_up(gen.issue, report), report)


@settings(max_examples=4, **PROPERTY_SETTINGS)
@given(issue_plans())
def test_a_generated_issue_made_up_twice_gives_the_same_pages(plan):
    gen = generate(plan)
    assume(gen is not None)
    first, second = made_up(gen.issue), made_up(gen.issue)
    assert first.pages == second.pages
    assert first.plans == second.plans and first.rects == second.rects
    assert first.overset == second.overset and first.unused == second.unused


def example_plan() -> tuple[PagePlan, ...]:
    """A fixed issue for the tests below: the lead down the left with two stories beside
    it (page 1); a photo block over a story with a photo beside two stacked, and a spare
    filler (page 2)."""
    (_, rows1), (_, rows2) = material().regions
    photo = photo_rows(3, 5)
    assert photo is not None
    beside = Cut(True, 20, Part(2, 20), Part(2, rows1 - 21))
    page1 = Cut(False, 3, Cut(True, 30, Part(3, 30), Part(3, rows1 - 31)), beside, LEAD_LEFT)
    rest = rows2 - photo - GAP_ROWS
    below = Cut(False, 3, Part(3, rest, inset=1), Cut(True, 12, Part(2, 12), Part(2, rest - 13)))
    page2 = Cut(True, photo, Part(5, photo, 3), below)
    return (PagePlan(page1, 0, 0), PagePlan(page2, 40, 10, spare=True))


def example_digest() -> str:
    """A digest of the example issue's make-up: display lists, plans, rectangles."""
    gen = generate(example_plan())
    assert gen is not None
    result = made_up(gen.issue)
    return hashlib.sha256(repr((result.pages, result.plans, result.rects)).encode()).hexdigest()


def test_the_example_issue_makes_up_the_same_in_another_process():
    """With another hash seed (set and dict order of strings): the same input, the same
    pages, as a reprint needs."""
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import test_makeup_properties as t; print(t.example_digest())"
    )
    child = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "tests")],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == example_digest()


def test_the_checks_find_every_planted_fault():
    """The checks above are not vacuous: the example issue passes them, and a copy of its
    make-up with one fault planted fails the check that is about it."""
    gen = generate(example_plan())
    assert gen is not None
    report = Report()
    good = made_up(gen.issue, report)
    check_issue(gen, good, report)

    def planted(fault) -> MakeupResult:
        bad = dataclasses.replace(
            good,
            pages=[dataclasses.replace(p, items=list(p.items)) for p in good.pages],
            plans=[
                dataclasses.replace(
                    p,
                    placements=list(p.placements),
                    rules=list(p.rules),
                    empty=list(p.empty),
                    left_out=list(p.left_out),
                )
                for p in good.plans
            ],
            rects=[dict(r) for r in good.rects],
        )
        fault(bad)
        return bad

    def body_lines(result, pno, block=None):
        return [
            i
            for i, it in enumerate(result.pages[pno - 1].items)
            if isinstance(it, TextItem) and it.role == "body" and block in (None, it.block)
        ]

    def rect_moved(r):  # the reported rectangle a row lower than the block stands
        key = next(iter(r.rects[0]))
        r.rects[0][key] = dataclasses.replace(r.rects[0][key], row=r.rects[0][key].row + 1)

    def line_pushed(r):  # a body line 8 pt right, past its block's right edge
        items = r.pages[1].items
        for i in body_lines(r, 2):
            items[i] = dataclasses.replace(items[i], x=items[i].x + 8)

    def folio_raised(r):  # the folio a row up, into the free region
        items = r.pages[0].items
        for i, it in enumerate(items):
            if it.role == "folio":
                items[i] = dataclasses.replace(it, y=it.y - material().layout.pitch)

    def rule_dropped(r):
        r.plans[0].rules.pop()

    def photo_grown(r):  # the photo block's picture grown past its caption, over the rule
        items = r.pages[1].items
        rows = r.rects[1]["p2.b0"].rows
        for i, it in enumerate(items):
            if it.role == "photo" and it.block == "p2.b0":
                items[i] = dataclasses.replace(it, height=rows * material().layout.pitch + 1)

    def block_dropped(r):  # a block left out, its rectangle reported as a hole
        p = r.plans[0].placements.pop()
        r.plans[0].empty.append(p.rect)
        block = next(b for b, rect in r.rects[0].items() if rect == p.rect)
        del r.rects[0][block]
        r.pages[0].items = [it for it in r.pages[0].items if it.block != block]

    def lines_swapped(r):  # two lines swapped: every column as deep as before, the text not
        items = r.pages[0].items
        a, b = body_lines(r, 1)[-2:]
        items[a], items[b] = (
            dataclasses.replace(items[a], line=items[b].line),
            dataclasses.replace(items[b], line=items[a].line),
        )

    def column_short(r):  # the lead's last three lines gone: its last column ends short
        lead = next(iter(r.rects[0]))
        for i in sorted(body_lines(r, 1, lead)[-3:], reverse=True):
            del r.pages[0].items[i]

    faults = {
        rect_moved: "not the plan's",
        photo_grown: "outside its rectangle",
        line_pushed: "outside its rectangle",
        folio_raised: "furniture inside",
        rule_dropped: "cells covered by nothing",
        block_dropped: "holes",
        lines_swapped: "the text differs",
        column_short: "a column ends short",
    }
    for fault, finding in faults.items():
        try:
            check_issue(gen, planted(fault), report)
        except (AssertionError, pytest.fail.Exception) as caught:
            assert finding in str(caught), (fault.__name__, str(caught)[:300])
        else:
            pytest.fail(f"{fault.__name__}: no check found it")

    # a block left out that is no filler; the spare filler put in
    lost = planted(lambda r: None)
    rect = lost.rects[0].pop("p1.b1")
    lost.plans[0].placements = [p for p in lost.plans[0].placements if p.rect != rect]
    lost.plans[0].left_out.append(1)
    with pytest.raises(AssertionError, match="a block left out that is no filler"):
        assert_fillers_only_where_needed(lost, report, 1, gen.plan[0], gen.issue.pages[0].blocks)
    spare = len(gen.issue.pages[1].blocks) - 1
    put_in = planted(lambda r: r.rects[1].update({f"p2.b{spare}": Rect(0, 1, 2, 3)}))
    put_in.plans[1].left_out = []
    with pytest.raises(AssertionError, match="a spare filler put in"):
        assert_fillers_only_where_needed(put_in, report, 2, gen.plan[1], gen.issue.pages[1].blocks)

    # a hint the make-up did not keep, not reported (the lead's column said to be 2), and
    # the same hint pinned
    lead = gen.issue.pages[0].blocks[0]
    for pin, finding in ((False, "a departure not told"), (True, "a pinned hint not kept")):
        moved = dataclasses.replace(lead, column=2, pin=pin)
        pages = [
            dataclasses.replace(gen.issue.pages[0], blocks=[moved, *gen.issue.pages[0].blocks[1:]])
        ]
        told = dataclasses.replace(gen, issue=dataclasses.replace(gen.issue, pages=pages))
        with pytest.raises(AssertionError, match=finding):
            assert_hints_kept_or_told(good, report, 1, told.issue.pages[0].blocks)


# ------------------------------------------------------ what the properties found, kept


def test_a_hint_is_kept_when_a_full_page_keeps_it():
    """Found by the property above (a hint kept or reported); fixed: a departure now costs
    more (W_HINT 100) than all the make-up costs of a full page together. Page 2 (rows 2–64, 5
    columns): an article 5 × 17 on top; under it a band of four articles 10 rows deep, read
    column 2 (hint `column: 2`), column 3, columns 4–5, then column 1; a photo block 5 × 34
    at the foot. Every part is filled to its natural shape, so this page is full with the
    hint kept; pinned, make-up keeps it and fills the page (plan cost 63: three 碰题 in the
    band, one mirrored cut). Unpinned, make-up moves the article to column 1, rows 22–31,
    and fills the page in another arrangement (cost 54, 30 of it the departure), warning
    that the hint 'left no full page'."""
    across, down = True, False
    column_two = Part(1, 10, hints=frozenset({"column"}))
    band = Cut(
        down,
        1,
        Part(1, 10),
        Cut(down, 1, column_two, Cut(down, 1, Part(1, 10), Part(2, 10))),
        RIGHT_FIRST,
    )
    page2 = Cut(across, 28, Cut(across, 17, Part(5, 17), band), Part(5, 34, photo=1))
    gen = generate((PagePlan(Part(5, 61), 18, 0), PagePlan(page2, 21, 4)))
    assert gen is not None
    report = Report()
    result = made_up(gen.issue, report)
    check_issue(gen, result, report)  # full, and the departure told
    assert not result.plans[1].departures, [w.what for w in report.warnings if w.kind == "makeup"]


def test_a_stack_beside_a_full_height_column_is_found():
    """Found by the property above (fixed: the planner's bound counted a rule cell for
    every cut; it now counts max(0, n − width)). Page 2 (rows 2–64, 5 columns): three articles
    stacked in columns 1–3 (3 × 20, 3 × 26, 3 × 15); in columns 4–5, read right first, an
    article 1 × 63 in column 5, then in column 4 an article 1 × 19 over an article 1 × 43
    with `column: 4` pinned. Columns 4–5 hold 19 + 43 + 63 = 125 block cells and one rule
    cell, 126 = 2 × 63, but the planner's area bound asks for 125 + 2 and finds no height
    for the three blocks at width 2; the page gets a 3-row hole in column 5 (rows 62–64)
    instead. With the bound at max(0, n − width) rule cells the page is full (cost 43)."""
    across, down = True, False
    left = Cut(across, 47, Cut(across, 20, Part(3, 20), Part(3, 26)), Part(3, 15))
    pinned = Part(1, 43, hints=frozenset({"column"}), pin=True)
    right = Cut(down, 1, Cut(across, 19, Part(1, 19), pinned), Part(1, 63), RIGHT_FIRST)
    gen = generate((PagePlan(Part(5, 61), 0, 0), PagePlan(Cut(down, 3, left, right), 24, 34)))
    assert gen is not None
    report = Report()
    check_issue(gen, made_up(gen.issue, report), report)


def test_the_planner_finds_a_stack_beside_a_full_height_block():
    """The case above on the planner alone, as small as it gets: 2 columns × 10 rows, a
    block 1 × 10 and beside it a block 1 × 4 over a rule row over a block 1 × 5 (4 + 1 + 5
    = 10). plan_page says 'no arrangement of these blocks fits the page'."""
    from bulletin_pdf.makeup.planner import BlockSpec, plan_page

    blocks = [BlockSpec(name, (Shape(1, rows),)) for name, rows in (("x", 10), ("y", 4), ("z", 5))]
    plan = plan_page(blocks, 2, 10)
    assert not plan.empty
    assert [p.rect for p in plan.placements] == [
        Rect(0, 1, 0, 10),
        Rect(1, 1, 0, 4),
        Rect(1, 1, 5, 5),
    ]

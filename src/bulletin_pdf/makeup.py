"""Page make-up: blocks onto the column grid, text on the baseline grid, a display list out.

The page is a grid of `layout.columns` columns by `layout.lines` rows (one row = one body
line pitch). Every block is first *set* on its own, in frame coordinates (x from the left of
its column span, y from the top of its first row), as a whole number of rows; it is then
*placed* at a (column, row) where it fits, which is a pure translation. Because every frame
starts on a row boundary and every body baseline sits at the same offset inside its row, body
lines of all blocks share one page-wide baseline grid.

Flowing text (article bodies, briefs, list items, the greeting) is a list of one-row entries
that `flow` distributes over the columns of the span, balancing the columns and keeping a
paragraph's last line from standing alone at a column top.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import math
from dataclasses import dataclass, field

from . import model as m
from .displaylist import BoxItem, ImageItem, Item, Line, PageList, RuleItem, TextItem
from .errors import InputError, Report, Where
from .fonts import FontSet
from .layoutspec import Layout, Style
from .typeset import compose

WEEKDAYS = "一二三四五六日"
GAP_ROWS = 1                    # an empty row (with a rule) between stacked blocks
MASTHEAD_ROWS = 7
RUNNING_HEAD_ROWS = 2
FOLIO_ROWS = 1
MIN_CROP_WIDTH = 0.6            # page filling may crop a photo to no less than 60 % of its width


def baseline_y(layout: Layout, row: int) -> float:
    """Baseline of grid row `row` on the page: the body em box (0.88 em up, 0.12 em down
    from the baseline, so its centre is 0.38 em up) centred in the row."""
    return layout.margin_top + row * layout.pitch + _row_baseline(layout)


def _row_baseline(layout: Layout) -> float:
    return layout.pitch / 2 + 0.38 * layout.body.size


def chinese_date(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


# --------------------------------------------------------------------------- set blocks

@dataclass
class Entry:
    """One row of flowing text: a composed line plus anything riding on it (a list number)."""
    parts: list[tuple[float, Line, str]]     # (dx from column left, line, role)
    para_first: bool = True
    para_last: bool = True
    keep_with_next: bool = False
    chars: int = 0                           # source characters it carries, for overset reports


@dataclass
class Setting:
    """A block set in frame coordinates: `rows` grid rows tall, `span` columns wide."""
    block_id: str
    span: int
    rows: int
    items: list[Item] = field(default_factory=list)
    overset: list[Entry] = field(default_factory=list)   # entries that did not fit
    jump_slot: tuple[int, int] | None = None             # (column, row) kept for 下转第N版
    title: str = ""


@dataclass
class Overset:
    page: int
    block: str
    lines: int
    chars: int
    text: str
    where: Where | None
    entries: list[Entry] = field(default_factory=list, repr=False)   # the composed lines, for proofs


class Setter:
    """Composes and sets the blocks of one issue with one layout and font set."""

    def __init__(self, layout: Layout, fonts: FontSet, report: Report, image_info):
        self.layout = layout
        self.fonts = fonts
        self.report = report
        self.image_info = image_info          # path -> (width_px, height_px)
        self.pitch = layout.pitch
        self.row_base = _row_baseline(layout)
        self.missing: list[tuple[str, Where | None, str]] = []   # (characters, where, font) no font has
        self._composed: dict[tuple, list[Line]] = {}
        self.photo_extra: dict[int, int] = {}     # id(photo) -> rows added by page filling

    # ---- composition
    def style(self, role: str) -> Style:
        try:
            return self.layout.styles[role]
        except KeyError:
            raise InputError(f"layout {self.layout.name} has no style '{role}'",
                             Where(f"layouts/{self.layout.name}.yaml", 0, "styles"),
                             f"add a '{role}' entry under styles:") from None

    def set_text(self, text: str, role: str, measure: float, where: Where | None = None, *,
                 align: str | None = None, indent: float | None = None, balance: bool = False,
                 hanging: float = 0.0) -> list[Line]:
        st = self.style(role)
        align = align or st.align
        indent = st.indent if indent is None else indent
        key = (text, role, round(measure, 4), align, indent, balance, hanging)
        lines = self._composed.get(key)
        if lines is not None:          # page filling sets a page several times: compose once
            return lines
        missing = self.fonts.missing(text, st.font)
        if missing:
            self.missing.append(("".join(missing), where, self.layout.fonts.get(st.font, st.font)))
        composed = compose(text, measure, font=st.font, size=st.size,
                           metrics=self.fonts.metrics(st.font), align=align, indent=indent,
                           hanging=hanging, punctuation=self.layout.punctuation, balance=balance)
        for problem in composed.problems:
            self.report.warn(problem, where, "rewrite the sentence slightly or let the layout be", kind="composition")
        self._composed[key] = composed.lines
        return composed.lines

    def col_x(self, j: int) -> float:
        return j * (self.layout.column_width + self.layout.gutter)

    def body_entries(self, paragraphs: list[m.Text], role: str = "body", *, indent: float | None = None,
                     measure: float | None = None, dx: float = 0.0) -> list[Entry]:
        measure = measure or self.layout.column_width
        out: list[Entry] = []
        for para in paragraphs:
            lines = self.set_text(para.value, role, measure, para.where, indent=indent)
            for i, line in enumerate(lines):
                out.append(Entry([(dx, line, role)], para_first=i == 0, para_last=i == len(lines) - 1,
                                 chars=len(line.text)))
        return out

    # ---- headline groups: whole rows, centred over the span
    def head_group(self, parts: list[tuple[str, str, Where | None]], width: float, *,
                   align: str = "center", rule_below: bool = False, min_pad: float = 0.5
                   ) -> tuple[int, list[tuple[float, float, Line, str]]]:
        """Set (text, role) parts stacked; returns rows taken and (x, y, line, role) in frame
        coordinates. The group is centred vertically in its whole rows."""
        stacked: list[tuple[Line, Style, str]] = []
        for text, role, where in parts:
            if not text:
                continue
            st = self.style(role)
            for line in self.set_text(text, role, width, where, align=align, indent=0.0, balance=True):
                stacked.append((line, st, role))
        if not stacked:
            return 0, []
        gaps = 0.25 * self.pitch
        height = sum(st.leading for _, st, _ in stacked) + gaps * (len({r for *_, r in stacked}) - 1)
        rows = math.ceil((height + min_pad * self.pitch) / self.pitch)
        y = (rows * self.pitch - height) / 2
        placed = []
        prev_role = None
        for line, st, role in stacked:
            if prev_role is not None and role != prev_role:
                y += gaps
            # the em box (0.88 up, 0.12 down) centred in the line's leading
            baseline = y + (st.leading - st.size) / 2 + 0.88 * st.size
            placed.append((0.0, baseline, line, role))
            y += st.leading
            prev_role = role
        return rows, placed

    def _text_items(self, placed, block_id: str, dx: float = 0.0, dy: float = 0.0) -> list[TextItem]:
        return [TextItem(x + dx, y + dy, line, self.style(role).color, role, block_id)
                for x, y, line, role in placed]

    # ---- flowing text
    def flow(self, entries: list[Entry], span: int, offsets: list[int], *,
             max_rows: int | None, reserve_last: int = 0) -> tuple[int, list[tuple[Entry, int, int]], list[Entry]]:
        """Distribute one-row entries over `span` columns whose text starts at row
        `offsets[j]`. Balanced: the smallest bottom row that takes everything, and the rows
        that bottom leaves over shared out from the last column back, so that the columns
        end within a line of each other. With `max_rows` the bottom is capped and what does
        not fit is returned as overset. `reserve_last` rows at the foot of the last column
        stay empty (for a jump line)."""
        start = max(offsets) if offsets else 0
        bottom = max(min(offsets) + 1, start)
        while True:
            capacities = [bottom - offsets[j] - (reserve_last if j == span - 1 else 0) for j in range(span)]
            placed, rest = self._fill(entries, span, offsets, capacities)
            if not rest:
                return bottom, self._balanced(entries, span, offsets, capacities) or placed, []
            if max_rows is not None and bottom >= max_rows:
                return bottom, placed, rest
            bottom += 1
            if bottom > 10_000:    # cannot happen with sane input; guards an endless loop
                raise RuntimeError("flow did not converge")

    def _balanced(self, entries, span, offsets, capacities):
        """The same entries with the spare rows taken off the columns' feet, one a column from
        the last back (round after round), so no column stands more than a line short of
        another; None when the widow and keep-together rules do not allow it."""
        spare = sum(max(c, 0) for c in capacities) - len(entries)
        shares = [c for c in capacities]
        j = span - 1
        while spare > 0 and any(c > 0 for c in shares):
            if shares[j] > 0:
                shares[j] -= 1
                spare -= 1
            j = j - 1 if j > 0 else span - 1
        placed, rest = self._fill(entries, span, offsets, shares)
        return None if rest else placed

    def _fill(self, entries, span, offsets, capacities):
        placed = []
        i = 0
        n = len(entries)
        for j in range(span):
            capacity = capacities[j]
            if capacity <= 0:
                continue
            take = min(capacity, n - i)
            if i + take < n and take > 1:
                nxt = entries[i + take]
                # 孤行: the next column must not open with a paragraph's last line
                if nxt.para_last and not nxt.para_first:
                    take -= 1
                # keep signature lines and the like together
                while take > 1 and entries[i + take - 1].keep_with_next:
                    take -= 1
            for r in range(take):
                placed.append((entries[i + r], j, offsets[j] + r))
            i += take
        return placed, entries[i:]

    def flow_items(self, placed, block_id: str, dy: float = 0.0) -> list[TextItem]:
        items = []
        for entry, j, row in placed:
            y = row * self.pitch + self.row_base + dy
            for dx, line, role in entry.parts:
                items.append(TextItem(self.col_x(j) + dx, y, line, self.style(role).color, role, block_id))
        return items

    def flowed(self, entries: list[Entry], span: int, head_rows: int, items: list[Item], block_id: str,
               max_rows: int | None, title: str) -> Setting:
        """A block whose entries flow, balanced, through `span` columns under `head_rows`
        rows of headline: its text, its column rules and what did not fit."""
        offsets = [head_rows] * span
        bottom, placed, rest = self.flow(entries, span, offsets, max_rows=max_rows)
        items += self.flow_items(placed, block_id)
        items += self.column_rules(span, offsets, bottom, block_id)
        return Setting(block_id, span, bottom, items, rest, title=title)

    def column_rules(self, span: int, top_rows: list[int], bottom: int, block_id: str) -> list[RuleItem]:
        if not self.layout.column_rules or span < 2:
            return []
        rules = []
        for j in range(span - 1):
            top = max(top_rows[j], top_rows[j + 1])
            if bottom - top < 2:
                continue
            x = self.col_x(j + 1) - self.layout.gutter / 2
            rules.append(RuleItem(x, top * self.pitch + 0.2 * self.pitch, x, bottom * self.pitch - 0.2 * self.pitch,
                                  self.layout.rule_width / 2, role="column-rule", block=block_id))
        return rules

    # ---- photos
    def photo_frame(self, photo: m.Photo, width: float, block_id: str
                    ) -> tuple[int, list[Item]]:
        """A photo scaled to `width`, cropped so photo + caption take whole rows."""
        lay = self.layout
        px_w, px_h = self.image_info(photo.file, photo.where)
        ratio = photo.ratio or (px_w / px_h)
        caption = photo.caption.value if photo.caption else ""
        if photo.credit:
            # the caption is justified, where a typed space between Han characters is dropped;
            # the credit's own spaces ("魏克 摄") are meant, so they become ideographic spaces
            credit = photo.credit.value.replace(" ", "\u3000")
            caption = (caption + "\u3000" if caption else "") + credit
        cap_lines = self.set_text(caption, "caption", width, photo.caption.where if photo.caption else photo.where,
                                  indent=0.0) if caption else []
        cst = self.style("caption")
        gap = 0.3 * self.pitch
        cap_h = len(cap_lines) * cst.leading
        tail = gap + cap_h + 0.45 * self.pitch
        rows = max(3, round((width / ratio + tail) / self.pitch))
        extra = self.photo_extra.get(id(photo), 0)
        if extra:
            # a taller crop, but never narrower than MIN_CROP_WIDTH of the picture's own shape,
            # and never so large that the photo falls below print resolution
            tallest = min(width / (MIN_CROP_WIDTH * (px_w / px_h)), px_h * 72 / lay.min_image_ppi)
            rows = max(rows, min(rows + extra, int((tallest + tail) // self.pitch)))
        img_h = rows * self.pitch - tail
        crop = _crop_box(px_w, px_h, width / img_h, photo.focus)
        items: list[Item] = [ImageItem(0.0, 0.0, width, img_h, photo.file, crop, "photo", block_id)]
        y = img_h + gap
        for line in cap_lines:
            baseline = y + (cst.leading - cst.size) / 2 + 0.88 * cst.size
            items.append(TextItem(0.0, baseline, line, cst.color, "caption", block_id))
            y += cst.leading
        return rows, items

    # ---- the blocks
    def article(self, art: m.Article, span: int, block_id: str, max_rows: int | None,
                jump_to: int | None = None) -> Setting:
        lay = self.layout
        width = lay.span_width(0, span)
        title_role = "title" if block_id.endswith(".b0") and span >= 3 else "title2"
        parts = [(art.kicker.value if art.kicker else "", "kicker", art.kicker.where if art.kicker else None),
                 (art.title.value, title_role, art.title.where),
                 (art.subtitle.value if art.subtitle else "", "subtitle", art.subtitle.where if art.subtitle else None)]
        head_rows, head = self.head_group(parts, width)
        items: list[Item] = self._text_items(head, block_id)
        top = head_rows
        if art.byline and art.byline_position == "top":
            line = self.set_text(art.byline.value, "byline", width, art.byline.where, align="center", indent=0.0)
            items += self.flow_items([(Entry([(0.0, ln, "byline")]), 0, top + i) for i, ln in enumerate(line)],
                                     block_id)
            top += len(line)
        offsets = [top] * span
        # photos: bands of frames under the headline, in reading order from the left, each
        # band flush with the span's right edge (text keeps the left columns); a band that is
        # full starts a new one below
        bands: list[list[m.Photo]] = [[]]
        used = 0
        for photo in art.photos:
            k = self._photo_span(photo, span)
            if used + k > span:
                bands.append([])
                used = 0
            bands[-1].append(photo)
            used += k
        band_top = top
        for band in (b for b in bands if b):
            first = span - sum(self._photo_span(p, span) for p in band)
            band_rows = 0
            for photo in band:
                k = self._photo_span(photo, span)
                rows, photo_items = self.photo_frame(photo, lay.span_width(0, k), block_id)
                dx, dy = self.col_x(first), band_top * self.pitch
                items += [_moved(it, dx, dy) for it in photo_items]
                for j in range(first, first + k):
                    offsets[j] = max(offsets[j], band_top + rows)
                band_rows = max(band_rows, rows)
                first += k
            band_top += band_rows
        entries = self.body_entries(art.body)
        if art.byline and art.byline_position == "end":
            for line in self.set_text(art.byline.value, "byline", lay.column_width, art.byline.where,
                                      align="right", indent=0.0):
                entries.append(Entry([(0.0, line, "byline")], chars=len(line.text)))
        bottom, placed, rest = self.flow(entries, span, offsets, max_rows=max_rows,
                                         reserve_last=1 if jump_to is not None else 0)
        if rest and jump_to is not None:
            bottom = max_rows            # a continued article fills its space to the foot
        items += self.flow_items(placed, block_id)
        items += self.column_rules(span, offsets, bottom, block_id)
        setting = Setting(block_id, span, bottom, items, rest, title=art.title.value)
        if jump_to is not None and rest:
            setting.jump_slot = (span - 1, bottom - 1)
        return setting

    @staticmethod
    def _photo_span(photo: m.Photo, span: int) -> int:
        """Columns a photo takes inside an article of `span` columns (default: two, or all)."""
        return min(span, photo.columns or (2 if span >= 3 else span))

    def continuation(self, art: m.Article, entries: list[Entry], span: int, block_id: str,
                     from_page: int, max_rows: int | None) -> Setting:
        width = self.layout.span_width(0, span)
        head_rows, head = self.head_group([(art.title.value, "title2", art.title.where)], width)
        items: list[Item] = self._text_items(head, block_id)
        jump = self.set_text(f"（上接第{from_page}版）", "jump", self.layout.column_width, None,
                             align="left", indent=0.0)
        entries = [Entry([(0.0, jump[0], "jump")], keep_with_next=True)] + entries
        return self.flowed(entries, span, head_rows, items, block_id, max_rows, art.title.value)

    def photo_block(self, blk: m.PhotoBlock, span: int, block_id: str) -> Setting:
        rows, items = self.photo_frame(blk.photo, self.layout.span_width(0, span), block_id)
        return Setting(block_id, span, rows, items)

    def briefs(self, blk: m.Briefs, span: int, block_id: str, max_rows: int | None) -> Setting:
        lay = self.layout
        width = lay.span_width(0, span)
        pad = 0.5 * lay.body.size
        head_rows, head = self.head_group([(blk.title.value, "briefs_title", blk.title.where)], width, min_pad=0.6)
        items: list[Item] = [BoxItem(0, 0, width, head_rows * self.pitch, fill=lay.tint, stroke=None,
                                     role="tint", block=block_id)]
        items += self._text_items(head, block_id)
        paras = [m.Text("◆" + t.value, t.where) for t in blk.items]
        entries = self.body_entries(paras, "brief", indent=0.0, measure=width - 2 * pad, dx=pad)
        bottom, placed, rest = self.flow(entries, 1, [head_rows], max_rows=None if max_rows is None else max_rows - 1)
        items += self.flow_items(placed, block_id)
        rows = bottom + 1
        items.insert(0, BoxItem(0, 0, width, rows * self.pitch - 0.3 * self.pitch, fill=None,
                                stroke=(0, 0, 0, 1), stroke_width=lay.rule_width, role="box", block=block_id))
        return Setting(block_id, span, rows, items, rest, title=blk.title.value)

    def numbered_list(self, blk: m.NumberedList, span: int, block_id: str, max_rows: int | None) -> Setting:
        lay = self.layout
        width = lay.span_width(0, span)
        head_rows, head = self.head_group([(blk.title.value, "list_title", blk.title.where)], width)
        items: list[Item] = self._text_items(head, block_id)
        st = self.style("list")
        # numbers hang in a field of their own, right-aligned; wrapped lines align with the text.
        # In a box (layout list_box) every column is inset by half a character on both sides.
        pad = 0.5 * lay.body.size if lay.list_box else 0.0
        num_w = 2.0 * st.size if len(blk.items) >= 10 else 1.5 * st.size
        entries: list[Entry] = []
        for n, text in enumerate(blk.items, 1):
            lines = self.set_text(text.value, "list", lay.column_width - num_w - 2 * pad, text.where, indent=0.0)
            number = self.set_text(f"{n}.", "list", num_w - 0.25 * st.size, text.where, align="right", indent=0.0)
            for i, line in enumerate(lines):
                parts = [(pad + num_w, line, "list")]
                if i == 0:
                    parts.insert(0, (pad, number[0], "list"))
                entries.append(Entry(parts, para_first=i == 0, para_last=i == len(lines) - 1,
                                     chars=len(line.text)))
        if not lay.list_box:
            return self.flowed(entries, span, head_rows, items, block_id, max_rows, blk.title.value)
        setting = self.flowed(entries, span, head_rows, items, block_id,
                              None if max_rows is None else max_rows - 1, blk.title.value)
        setting.rows += 1                      # a row of air above the box's foot rule
        setting.items.insert(0, BoxItem(0, 0, width, setting.rows * self.pitch - 0.3 * self.pitch, fill=None,
                                        stroke=(0, 0, 0, 1), stroke_width=lay.rule_width, role="box",
                                        block=block_id))
        return setting

    def greeting(self, blk: m.Greeting, span: int, block_id: str, max_rows: int | None) -> Setting:
        lay = self.layout
        width = lay.span_width(0, span)
        head_rows, head = self.head_group([(blk.title.value, "greeting_title", blk.title.where)], width)
        items: list[Item] = self._text_items(head, block_id)
        entries: list[Entry] = []
        if blk.salutation:
            entries += self.body_entries([blk.salutation], "salutation", indent=0.0)
            for e in entries:
                e.keep_with_next = True
        entries += self.body_entries(blk.body, "greeting")
        sig: list[Entry] = []
        for text in blk.signature:
            for line in self.set_text(text.value, "signature", lay.column_width, text.where, align="right", indent=0.0):
                sig.append(Entry([(0.0, line, "signature")], keep_with_next=True, chars=len(line.text)))
        if sig:
            sig[-1].keep_with_next = False
            entries[-1].keep_with_next = True     # the signature follows the last paragraph
        entries += sig
        return self.flowed(entries, span, head_rows, items, block_id, max_rows, blk.title.value)


def _moved(item: Item, dx: float, dy: float) -> Item:
    if isinstance(item, RuleItem):
        return dataclasses.replace(item, x0=item.x0 + dx, x1=item.x1 + dx, y0=item.y0 + dy, y1=item.y1 + dy)
    return dataclasses.replace(item, x=item.x + dx, y=item.y + dy)


def _crop_box(px_w: int, px_h: int, frame_ratio: float, focus: tuple[float, float]):
    """The largest crop of the image with the frame's aspect ratio, centred on `focus`."""
    img_ratio = px_w / px_h
    if img_ratio > frame_ratio:           # image too wide: crop the sides
        w = frame_ratio / img_ratio
        left = min(max(focus[0] - w / 2, 0.0), 1.0 - w)
        return (left, 0.0, left + w, 1.0)
    h = img_ratio / frame_ratio
    top = min(max(focus[1] - h / 2, 0.0), 1.0 - h)
    return (0.0, top, 1.0, top + h)


# --------------------------------------------------------------------------- pages

@dataclass
class MakeupResult:
    pages: list[PageList]
    overset: list[Overset]
    unused: list[str]
    missing: list[tuple[str, Where | None, str]]     # characters no font covers, where, font file
    overset_sheets: dict[int, list[PageList]] = field(default_factory=dict)   # proof-only pages of 超版 text


class PageGrid:
    """Which rows of which columns are taken on one page."""

    def __init__(self, columns: int, rows: int):
        self.columns = columns
        self.rows = rows
        self.taken = [[False] * rows for _ in range(columns)]
        self.head_rows = 0          # masthead or running head: blocks start right under it

    def take(self, col: int, span: int, row: int, rows: int) -> None:
        for c in range(col, col + span):
            for r in range(max(row, 0), min(row + rows, self.rows)):
                self.taken[c][r] = True

    def top_free(self, col: int, span: int, floor: int) -> int:
        """First row at or below which the span is free down to `floor` (after the last taken row)."""
        top = 0
        for c in range(col, col + span):
            for r in range(floor - 1, -1, -1):
                if self.taken[c][r]:
                    top = max(top, r + 1)
                    break
        return top

    def bottom_free(self, col: int, span: int) -> int:
        """One past the last free row of the span's common free run at the foot."""
        bottom = self.rows
        for c in range(col, col + span):
            r = self.rows - 1
            while r >= 0 and self.taken[c][r]:
                r -= 1
            bottom = min(bottom, r + 1)
        return bottom


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


def make_up(issue: m.Issue, layout: Layout, fonts: FontSet, report: Report, image_info) -> MakeupResult:
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
    for art_id, (art, rest, pno) in carried.items():
        if rest:
            report.warn(f"article “{art.title.value}” continues but its continuation block did not take it",
                        art.where, "add a {type: continuation, article: %s} block on a later page" % art_id)
    sheets = {pno: _overset_sheets(setter, pno, [o for o in oversets if o.page == pno])
              for pno in sorted({o.page for o in oversets})}
    return MakeupResult(pages, oversets, unused_all, setter.missing, sheets)


OVERSET_RED = (0.0, 1.0, 1.0, 0.0)


def _overset_sheets(setter: Setter, pno: int, oversets: list[Overset]) -> list[PageList]:
    """Proof-only pages after page `pno` holding every overset line, as composed, so that
    an editor sees exactly what did not fit (a proof never loses text either)."""
    lay = setter.layout
    entries: list[Entry] = []
    labels: set[int] = set()
    for o in oversets:
        label = setter.set_text(f"超版 {o.block}：{o.lines} 行，约 {o.chars} 字", "jump", lay.column_width,
                                o.where, align="left", indent=0.0)
        labels.update(id(line) for line in label)
        entries += [Entry([(0.0, line, "jump")], keep_with_next=True) for line in label]
        entries += o.entries
    heading = setter.set_text(f"第{pno}版 超版文字 · 校样附页，不印刷", "kicker", lay.type_width, None,
                              align="left", indent=0.0)[0]
    sheets: list[PageList] = []
    while entries:
        sheet = PageList(pno, lay.trim_width, lay.trim_height, section="超版")
        sheet.add(TextItem(lay.margin_inner, baseline_y(lay, 0), heading, OVERSET_RED, "overset-heading", "overset"))
        sheet.add(BoxItem(lay.margin_inner, lay.margin_top, lay.type_width, lay.type_height, fill=None,
                          stroke=OVERSET_RED, stroke_width=1.0, role="overset-frame", block="overset"))
        _, placed, entries = setter.flow(entries, lay.columns, [2] * lay.columns, max_rows=lay.lines)
        for item in setter.flow_items(placed, "overset"):
            if id(item.line) in labels:
                item = dataclasses.replace(item, color=OVERSET_RED, role="overset-label")
            sheet.add(_moved(item, lay.margin_inner, lay.margin_top))
        sheets.append(sheet)
    return sheets


def _fill_with_photos(setter: Setter, issue, page, pno, n_pages, continues_on, carried, run: _PageRun) -> _PageRun:
    """Empty rows at the foot of a page's columns go to its photos: each photo in turn is
    cropped taller by as many rows as still make the page emptier without oversetting
    anything or pushing more text of a continued article over (a page is never left with
    holes a picture could have taken)."""
    photos = []
    for blk in page.blocks:
        if isinstance(blk, m.Article) and not blk.continued:
            photos += blk.photos
        elif isinstance(blk, m.PhotoBlock):
            photos.append(blk.photo)
    for photo in photos:
        if run.empty == 0:
            break
        most = max(_longest_empty_run(run.grid, c) for c in range(run.grid.columns))
        for extra in range(most, 0, -1):
            setter.photo_extra[id(photo)] = extra
            trial = _run_page(setter, issue, page, pno, n_pages, continues_on, carried)
            if (len(trial.oversets) <= len(run.oversets) and trial.empty < run.empty
                    and _carried_lines(trial) <= _carried_lines(run)):
                run = trial
                break
        else:
            setter.photo_extra.pop(id(photo), None)
    return run


def _longest_empty_run(grid: PageGrid, col: int) -> int:
    longest = run = 0
    for taken in grid.taken[col]:
        run = 0 if taken else run + 1
        longest = max(longest, run)
    return longest


def _carried_lines(run: _PageRun) -> int:
    return sum(len(rest) for _, rest, _ in run.carried.values())


def _run_page(setter: Setter, issue: m.Issue, page: m.Page, pno: int, n_pages: int,
              continues_on: dict[str, int], carried_in: dict) -> _PageRun:
    layout = setter.layout
    carried = dict(carried_in)
    pl = PageList(pno, layout.trim_width, layout.trim_height,
                  section=page.section.value if page.section else "")
    grid = PageGrid(layout.columns, layout.lines)
    run = _PageRun(pl, grid, [], carried, [])
    _page_furniture(setter, issue, pl, grid, pno, n_pages)
    ordered = [b for b in page.blocks if getattr(b, "place", None) == "bottom"] + \
              [b for b in page.blocks if getattr(b, "place", None) != "bottom"]
    for blk in ordered:
        block_id = f"p{pno}.b{page.blocks.index(blk)}"
        span = min(getattr(blk, "columns", None) or layout.columns, layout.columns)
        bottom_hint = getattr(blk, "place", None) == "bottom"
        col, top, avail = _choose_position(grid, span, getattr(blk, "column", None), bottom_hint, layout)
        if isinstance(blk, m.Continuation) and blk.article_id not in carried:
            run.warnings.append((f"continuation of '{blk.article_id}' is empty: the article fitted on its own page",
                                 blk.where, "remove this continuation block or set continued: false"))
            continue
        setting = _set_block(setter, blk, span, block_id, avail, continues_on, carried, pno)
        if bottom_hint:
            top = max(top, top + avail - setting.rows)
        _place(setter, pl, grid, setting, col, top, avail)
        if setting.overset:
            if isinstance(blk, m.Article) and blk.continued and blk.id in continues_on:
                carried[blk.id] = (blk, setting.overset, pno)
                _jump_line(setter, pl, setting, col, top, continues_on[blk.id])
            else:
                text = "".join(e.parts[-1][1].text for e in setting.overset)
                run.oversets.append(Overset(pno, f"{_kind(blk)} “{setting.title[:24]}”", len(setting.overset),
                                            sum(e.chars for e in setting.overset), text,
                                            getattr(blk, "where", None), setting.overset))
    return run


def _kind(blk) -> str:
    return {m.Article: "article", m.Briefs: "briefs", m.NumberedList: "list", m.Greeting: "greeting",
            m.PhotoBlock: "photo", m.Continuation: "continuation"}.get(type(blk), "block")


def _choose_position(grid: PageGrid, span: int, column_hint: int | None, bottom: bool, layout: Layout):
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
            top += GAP_ROWS          # room for the rule between stacked blocks
        top = max(top, grid.head_rows)
        avail = bottom_row - top
        key = (-bottom_row, c) if bottom else (top, c)
        candidates.append((avail <= 0, key if avail > 0 else (-avail, c), c, top, max(avail, 0)))
    _, _, c, top, avail = min(candidates)
    return c, top, avail


def _floor(grid: PageGrid, layout: Layout) -> int:
    return layout.lines - FOLIO_ROWS


def _set_block(setter: Setter, blk, span, block_id, avail, continues_on, carried, pno):
    if isinstance(blk, m.Article):
        jump_to = continues_on.get(blk.id) if blk.continued else None
        return setter.article(blk, span, block_id, avail, jump_to=jump_to)
    if isinstance(blk, m.Continuation):
        art, entries, from_page = carried.pop(blk.article_id)
        return setter.continuation(art, entries, span, block_id, from_page, avail)
    if isinstance(blk, m.PhotoBlock):
        return setter.photo_block(blk, span, block_id)
    if isinstance(blk, m.Briefs):
        return setter.briefs(blk, span, block_id, avail)
    if isinstance(blk, m.NumberedList):
        return setter.numbered_list(blk, span, block_id, avail)
    if isinstance(blk, m.Greeting):
        return setter.greeting(blk, span, block_id, avail)
    raise TypeError(f"unknown block {type(blk).__name__}")


def _place(setter: Setter, pl: PageList, grid: PageGrid, setting: Setting, col: int, top: int, avail: int) -> None:
    lay = setter.layout
    dx = lay.column_x(col)
    dy = lay.margin_top + top * lay.pitch
    for item in setting.items:
        pl.add(_moved(item, dx, dy))
    rows = min(setting.rows, avail)
    grid.take(col, setting.span, top, rows)
    end = top + rows
    if top - GAP_ROWS >= grid.head_rows:
        # a rule in the middle of the gap row above, across the block
        y = lay.margin_top + (top - GAP_ROWS / 2) * lay.pitch
        pl.add(RuleItem(dx, y, dx + lay.span_width(col, setting.span), y, lay.rule_width,
                        role="block-rule", block=setting.block_id))
        grid.take(col, setting.span, top - GAP_ROWS, GAP_ROWS)


def _jump_line(setter: Setter, pl: PageList, setting: Setting, col: int, top: int, to_page: int) -> None:
    lay = setter.layout
    if setting.jump_slot is None:
        return
    j, row = setting.jump_slot
    line = setter.set_text(f"（下转第{to_page}版）", "jump", lay.column_width, None, align="right", indent=0.0)[0]
    pl.add(TextItem(lay.column_x(col + j), baseline_y(lay, top + row), line, setter.style("jump").color,
                    "jump", setting.block_id))


def _page_furniture(setter: Setter, issue: m.Issue, pl: PageList, grid: PageGrid, pno: int, n_pages: int) -> None:
    """Masthead on page 1, running head on the others, folio on every page, imprint on the last."""
    lay = setter.layout
    width = lay.type_width
    x0, y0 = lay.margin_inner, lay.margin_top
    if pno == 1:
        rows = _masthead(setter, issue, pl, x0, y0, width)
        grid.take(0, lay.columns, 0, rows)
        grid.head_rows = rows
    else:
        date = chinese_date(issue.date)
        left = f"第{pno}版" + (f" · {pl.section}" if pl.section else "")
        y = baseline_y(lay, 0)
        for text, align in ((left, "left"), (issue.newsletter.name.value, "center"), (date, "right")):
            line = setter.set_text(text, "running_head", width, None, align=align, indent=0.0)[0]
            pl.add(TextItem(x0, y, line, setter.style("running_head").color, "running-head", "furniture"))
        ry = y0 + 1.35 * lay.pitch
        pl.add(RuleItem(x0, ry, x0 + width, ry, lay.rule_width * 2, role="running-head-rule", block="furniture"))
        grid.take(0, lay.columns, 0, RUNNING_HEAD_ROWS)
        grid.head_rows = RUNNING_HEAD_ROWS
    folio = setter.set_text(f"第{pno}版", "folio", width, None, align="center", indent=0.0)[0]
    pl.add(TextItem(x0, baseline_y(lay, lay.lines - 1), folio, setter.style("folio").color, "folio", "furniture"))
    grid.take(0, lay.columns, lay.lines - FOLIO_ROWS, FOLIO_ROWS)
    if pno == n_pages and issue.imprint is not None:
        _imprint(setter, issue, pl, grid)


def _masthead(setter: Setter, issue: m.Issue, pl: PageList, x0: float, y0: float, width: float) -> int:
    lay = setter.layout
    nl = issue.newsletter
    rows = int(lay.extra.get("masthead_rows", MASTHEAD_ROWS))
    pitch = lay.pitch
    name_st = setter.style("masthead")
    name_w = width * 0.55
    band = (rows - 1) * pitch
    if nl.logo is not None:
        # the newsletter's own artwork in place of the typeset name, as tall as the band
        px_w, px_h = setter.image_info(nl.logo, nl.name.where)
        logo_w = min(name_w, (band - 0.5 * pitch) * px_w / px_h)
        logo_h = logo_w * px_h / px_w
        pl.add(ImageItem(x0, y0 + (band - logo_h) / 2, logo_w, logo_h, nl.logo, role="masthead-logo",
                         block="masthead"))
    else:
        name = setter.set_text(nl.name.value, "masthead", name_w, nl.name.where, align="left", indent=0.0)
        name_base = y0 + (band - name_st.size) / 2 + 0.88 * name_st.size
        pl.add(TextItem(x0, name_base, name[0], name_st.color, "masthead", "masthead"))
    info = []
    if nl.publisher:
        info.append(f"主办：{nl.publisher.value}")
    number = f"第{issue.number}期" + (f"（总第{issue.total_number}期）" if issue.total_number else "")
    info.append(number)
    info.append(chinese_date(issue.date))
    if nl.permit:
        info.append(f"准印证号：{nl.permit.value}")
    if nl.internal:
        info.append("内部资料 免费交流")
    info_w = lay.span_width(0, 2)
    ix = x0 + width - info_w
    first_row = max(0, (rows - 1 - len(info)) // 2)
    for i, text in enumerate(info):
        role = "masthead_info"
        line = setter.set_text(text, role, info_w, nl.name.where, align="left", indent=0.0)[0]
        pl.add(TextItem(ix, baseline_y(lay, first_row + i), line, setter.style(role).color, "masthead-info", "masthead"))
    # a thick and a thin rule close the masthead in its last row
    y_thick = y0 + (rows - 0.75) * pitch
    pl.add(RuleItem(x0, y_thick, x0 + width, y_thick, 2.0, role="masthead-rule", block="masthead"))
    y_thin = y_thick + 2.5
    pl.add(RuleItem(x0, y_thin, x0 + width, y_thin, lay.rule_width, role="masthead-rule", block="masthead"))
    return rows


def _imprint(setter: Setter, issue: m.Issue, pl: PageList, grid: PageGrid) -> None:
    lay = setter.layout
    imp = issue.imprint
    bits = []
    if imp.editor:
        bits.append(f"编印单位：{imp.editor.value}")
    if imp.audience:
        bits.append(f"发送对象：{imp.audience.value}")
    if imp.printer:
        bits.append(f"印刷单位：{imp.printer.value}")
    if imp.print_date:
        d = imp.print_date
        bits.append(f"印刷日期：{d.year}年{d.month}月{d.day}日")
    if imp.copies:
        bits.append(f"印数：{imp.copies}份")
    number = f"{issue.date.year}年第{issue.number}期" + (f"（总第{issue.total_number}期）" if issue.total_number else "")
    bits.append(f"期号：{number}")
    if issue.newsletter.permit:
        bits.append(f"准印证号：{issue.newsletter.permit.value}")
    if imp.address:
        bits.append(f"地址：{imp.address.value}")
    text = "　".join(bits)
    lines = setter.set_text(text, "imprint", lay.type_width, imp.where, align="left", indent=0.0)
    rows = len(lines) + 1
    top = lay.lines - FOLIO_ROWS - rows
    y_rule = lay.margin_top + (top + 0.5) * lay.pitch
    pl.add(RuleItem(lay.margin_inner, y_rule, lay.margin_inner + lay.type_width, y_rule, lay.rule_width,
                    role="imprint-rule", block="imprint"))
    for i, line in enumerate(lines):
        pl.add(TextItem(lay.margin_inner, baseline_y(lay, top + 1 + i), line, setter.style("imprint").color,
                        "imprint", "imprint"))
    grid.take(0, lay.columns, top, rows)


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
        where = "at the foot of" if end >= grid.rows - FOLIO_ROWS else f"(rows {start + 1}–{end}) in"
        col_text = f"column {cols[0] + 1}" if len(cols) == 1 else f"columns {cols[0] + 1}–{cols[-1] + 1}"
        if len(cols) > 1 and cols != list(range(cols[0], cols[-1] + 1)):
            col_text = "columns " + ", ".join(str(c + 1) for c in cols)
        out.append(f"page {pno}: {n} empty line{'s' if n != 1 else ''} {where} {col_text}")
    return out

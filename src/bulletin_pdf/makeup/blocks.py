"""Setting blocks: what every block kind (makeup/kinds/) sets itself with. A block is
composed and laid out on its own, in frame coordinates (x from the left of its column span,
y from the top of its first row), as a whole number of grid rows; make-up then only has to
place the frame, a pure translation. The `Setter` holds the shared means: composition
(cached), headline groups, balanced column flow, column rules, photo frames.

Flowing text (article bodies, briefs, list items, the greeting) is a list of one-row entries
that `flow` distributes over the columns of the span, balancing the columns and keeping a
paragraph's last line from standing alone at a column top.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass, field

from bulletin_pdf.errors import InputError, Report, Where
from bulletin_pdf.makeup.shapes import INNER_HOLE
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import (
    BoxItem,
    ImageItem,
    Item,
    Line,
    RuleItem,
    TextItem,
    item_extent,
)
from bulletin_pdf.model.layout import Layout, Style
from bulletin_pdf.text import display
from bulletin_pdf.text.fonts import FontSet
from bulletin_pdf.text.typeset import compose

MIN_CROP_WIDTH = 0.6  # page filling may crop a photo to no less than 60 % of its width …
MIN_CROP_HEIGHT = 0.75  # … or of its height (a shorter, wider crop around its focus)


SHAPES_MEMO_SIZE = 2048  # blocks whose shapes a long-running process keeps
LONGER_TRIES = 2  # paragraphs tried a line longer when a block's columns cannot balance …
MAX_PUSHED = 2.5  # … among those whose lines would each give up at most this many characters


@dataclass
class Entry:
    """One row of flowing text: a composed line plus anything riding on it (a list number)."""

    parts: list[tuple[float, Line, str]]  # (dx from column left, line, role)
    para_first: bool = True
    para_last: bool = True
    keep_with_next: bool = False
    chars: int = 0  # source characters it carries, for overset reports
    dy: float = 0.0  # its baseline's shift from the row's (a subhead centred in its rows)
    # the paragraph it is a line of, as body_entries set it (to set it a line longer)
    source: ParaSource | None = None


@dataclass(frozen=True)
class ParaSource:
    """A body paragraph as set_text composed it, so that flow can ask for it a line longer."""

    text: str
    role: str
    measure: float
    where: Where | None
    indent: float | None
    dx: float


@dataclass
class Setting:
    """A block set in frame coordinates: `rows` grid rows tall, `span` columns wide."""

    block_id: str
    span: int
    rows: int
    items: list[Item] = field(default_factory=list)
    overset: list[Entry] = field(default_factory=list)  # entries that did not fit
    jump_slot: tuple[int, int] | None = None  # (column, row) kept for 下转第N版
    title: str = ""


@dataclass
class Overset:
    page: int
    block: str
    lines: int
    chars: int
    text: str
    where: Where | None
    entries: list[Entry] = field(default_factory=list, repr=False)  # the composed lines, for proofs
    title: str = ""  # the story's title, for the cut list
    cut_chars: int = 0  # characters to cut so that it fits: its lines at a full line each
    size: int = 0  # lines (column × row cells) the whole story needs: its place and overset
    photos: list[tuple[str, int]] = field(default_factory=list)  # (file, lines dropping it frees)
    pages: list[tuple[int, int]] = field(default_factory=list)  # (page, empty lines there)


class Setter:
    """Composes and sets the blocks of one issue with one layout and font set."""

    def __init__(
        self,
        layout: Layout,
        fonts: FontSet,
        report: Report,
        image_info,
        compose=compose,
        shapes_memo: dict | None = None,
    ):
        self.layout = layout
        self._compose = compose  # typeset.compose, or a memo of it (text/memo.py)
        # a long-running process's memo of the kinds' shapes of blocks it has made up before
        # (keyed by the block as written, with the layout and fonts it was measured with)
        self.shapes_memo = shapes_memo
        self.fonts = fonts
        self.report = report
        self._image_info = image_info  # path -> (width_px, height_px), from the file's header
        self._image_sizes: dict = {}
        self.pitch = layout.pitch
        body = fonts.metrics(layout.body.font)
        self.row_base = layout.row_baseline(body.ascent, body.descent)
        self.missing: list[
            tuple[str, Where | None, str]
        ] = []  # (characters, where, font) no font has
        self._composed: dict[tuple, list[Line]] = {}

    def remembered(self, key_of, compute):
        """compute(), kept in the shapes memo (a WarmCache's) under key_of() with this
        layout and fonts, so that a rebuild measures only the blocks edited; without a memo,
        just compute(). The value is kept as given: hand out copies of anything mutable."""
        memo = self.shapes_memo
        if memo is None:
            return compute()
        key = (*key_of(), id(self.layout), id(self.fonts))
        got = memo.get(key)
        if got is not None and got[0] is self.layout and got[1] is self.fonts:
            return got[2]
        value = compute()
        if len(memo) >= SHAPES_MEMO_SIZE:
            memo.clear()
        memo[key] = (self.layout, self.fonts, value)
        return value

    def baseline_y(self, row: int) -> float:
        """Baseline of grid row `row` on the page, from the trim's top edge."""
        return self.layout.baseline_y(row, self.row_base)

    def baseline_in(self, band: float, style: Style) -> float:
        """The baseline of a line in `style` whose em box is centred in a band `band` tall
        (its leading, a masthead band), from the band's top."""
        return self.fonts.metrics(style.font).baseline_in(band, style.size)

    def image_info(self, path, where):
        """A photo's pixel size, read once per make-up (page filling sets a page many times)."""
        size = self._image_sizes.get(path)
        if size is None:
            size = self._image_sizes[path] = tuple(self._image_info(path, where))
        return size

    # ---- composition
    def style(self, role: str) -> Style:
        try:
            return self.layout.styles[role]
        except KeyError:
            raise InputError(
                f"layout {self.layout.name} has no style '{role}'",
                Where(f"layouts/{self.layout.name}.yaml", 0, "styles"),
                f"add a '{role}' entry under styles:",
            ) from None

    def set_text(
        self,
        text: str,
        role: str,
        measure: float,
        where: Where | None = None,
        *,
        align: str | None = None,
        indent: float | None = None,
        balance: bool = False,
        hanging: float = 0.0,
        longer: bool = False,
    ) -> list[Line]:
        st = self.style(role)
        align = align or st.align
        indent = st.indent if indent is None else indent
        key = (text, role, round(measure, 4), align, indent, balance, hanging, longer)
        lines = self._composed.get(key)
        if lines is not None:  # page filling sets a page several times: compose once
            return lines
        missing = self.fonts.missing(text, st.font)
        if missing:
            self.missing.append(("".join(missing), where, self.layout.fonts.get(st.font, st.font)))
        composed = self._compose(
            text,
            measure,
            font=st.font,
            size=st.size,
            metrics=self.fonts.metrics(st.font),
            align=align,
            indent=indent,
            hanging=hanging,
            punctuation=self.layout.punctuation,
            balance=balance,
            prohibition=self.layout.prohibition,
            breaks=display.breaks_for(role),
            **({"longer": True} if longer else {}),
        )
        for problem in composed.problems:
            self.report.warn(
                problem,
                where,
                "rewrite the sentence slightly or let the layout be",
                kind="composition",
            )
        self._composed[key] = composed.lines
        return composed.lines

    def col_x(self, j: int) -> float:
        return j * (self.layout.column_width + self.layout.gutter)

    def body_entries(
        self,
        paragraphs: list[m.Text],
        role: str = "body",
        *,
        indent: float | None = None,
        measure: float | None = None,
        dx: float = 0.0,
    ) -> list[Entry]:
        measure = measure or self.layout.column_width
        out: list[Entry] = []
        for para in paragraphs:
            source = ParaSource(para.value, role, measure, para.where, indent, dx)
            out += self._para_entries(source)
        return out

    def _para_entries(self, source: ParaSource, longer: bool = False) -> list[Entry]:
        lines = self.set_text(
            source.text,
            source.role,
            source.measure,
            source.where,
            indent=source.indent,
            longer=longer,
        )
        return [
            Entry(
                [(source.dx, line, source.role)],
                para_first=i == 0,
                para_last=i == len(lines) - 1,
                chars=len(line.text),
                source=source,
            )
            for i, line in enumerate(lines)
        ]

    # ---- headline groups: whole rows, centred over the span
    def head_group(
        self,
        parts: list[tuple[str, str, Where | None]],
        width: float,
        *,
        align: str = "center",
        min_pad: float = 0.5,
    ) -> tuple[int, list[tuple[float, float, Line, str]]]:
        """Set (text, role) parts stacked; returns rows taken and (x, y, line, role) in frame
        coordinates. The group is centred vertically in its whole rows."""
        stacked: list[tuple[Line, Style, str]] = []
        for text, role, where in parts:
            if not text:
                continue
            st = self.style(role)
            for line in self.set_text(
                text, role, width, where, align=align, indent=0.0, balance=True
            ):
                stacked.append((line, st, role))
        if not stacked:
            return 0, []
        gaps = 0.25 * self.pitch
        height = sum(st.leading for _, st, _ in stacked) + gaps * (
            len({r for *_, r in stacked}) - 1
        )
        rows = math.ceil((height + min_pad * self.pitch) / self.pitch)
        y = (rows * self.pitch - height) / 2
        placed = []
        prev_role = None
        for line, st, role in stacked:
            if prev_role is not None and role != prev_role:
                y += gaps
            # the font's em box centred in the line's leading
            baseline = y + self.baseline_in(st.leading, st)
            placed.append((0.0, baseline, line, role))
            y += st.leading
            prev_role = role
        return rows, placed

    def ruled_frame(self, width: float, height: float, block_id: str) -> BoxItem:
        """A box's frame (briefs, list, quote, notice): a black rule of the layout's width."""
        return BoxItem(
            0,
            0,
            width,
            height,
            fill=None,
            stroke=(0, 0, 0, 1),
            stroke_width=self.layout.rule_width,
            role="box",
            block=block_id,
        )

    def tint_area(self, width: float, height: float, block_id: str) -> BoxItem:
        """A flat area of the layout's tint, with no rule: a title bar or a tinted frame."""
        return BoxItem(
            0, 0, width, height, fill=self.layout.tint, stroke=None, role="tint", block=block_id
        )

    def text_items(self, placed, block_id: str, dx: float = 0.0, dy: float = 0.0) -> list[TextItem]:
        return [
            TextItem(x + dx, y + dy, line, self.style(role).color, role, block_id)
            for x, y, line, role in placed
        ]

    # ---- flowing text
    def flow(
        self,
        entries: list[Entry],
        span: int,
        offsets: list[int],
        *,
        max_rows: int | None,
        reserve_last: int = 0,
        longer: bool = True,
    ) -> tuple[int, list[tuple[Entry, int, int]], list[Entry]]:
        """Distribute one-row entries over `span` columns whose text starts at row
        `offsets[j]`. Balanced: the smallest bottom row that takes everything, and the rows
        that bottom leaves over shared out from the last column back, so that the columns
        end within a line of each other. With `max_rows` the bottom is capped and what does
        not fit is returned as overset. `reserve_last` rows at the foot of the last column
        stay empty (for a jump line). `longer=False` never sets a paragraph a line longer to
        balance (a cheaper estimate, for measuring many sizes)."""
        start = max(offsets) if offsets else 0
        bottom = max(min(offsets) + 1, start)
        if span:  # no bottom fits fewer rows than the entries need (every column starts above it)
            need = -(-(len(entries) + sum(offsets) + reserve_last) // span)
            if max_rows is not None:
                need = min(need, max_rows)
            bottom = max(bottom, need)
        while True:
            capacities = [
                bottom - offsets[j] - (reserve_last if j == span - 1 else 0) for j in range(span)
            ]
            takes = _takes(entries, span, capacities)
            if sum(takes) == len(entries):
                balanced = self._balanced(entries, span, offsets, capacities, longer)
                return bottom, balanced or _placed(entries, offsets, takes)[0], []
            if max_rows is not None and bottom >= max_rows:
                placed, rest = _placed(entries, offsets, takes)
                return bottom, placed, rest
            bottom += 1
            if bottom > 10_000:  # cannot happen with sane input; guards an endless loop
                raise RuntimeError("flow did not converge")

    def _balanced(self, entries, span, offsets, capacities, longer: bool = True):
        """The entries placed with the spare rows taken off the columns' feet, so that no
        column ends more than a line short of another; when the widow and keep rules allow
        no such shares, with one paragraph set a line longer (the compositor's way to bring
        a second line over, TYPOGRAPHY.md §3.4); failing that, the columns within a line or
        two; None when not even that keeps the rules."""
        placed = self._even_shares(entries, span, offsets, capacities)
        if placed is None and span > 1 and longer:
            placed = self._with_a_longer_paragraph(entries, span, offsets, capacities)
        if placed is None:
            placed = self._nearly_even(entries, span, capacities, offsets)
        return placed

    def _with_a_longer_paragraph(self, entries, span, offsets, capacities):
        """Even shares with one paragraph set a line longer (no loose line), trying the
        paragraphs whose last line is fullest first (the least spacing added); None when
        none gives them."""
        if sum(max(c, 0) for c in capacities) < len(entries) + 1:
            return None
        paragraphs: list[tuple[int, int]] = []  # (first, end) of each paragraph's entries
        for i, entry in enumerate(entries):
            if entry.source is None:
                continue
            last = paragraphs[-1] if paragraphs else None
            if last and last[1] == i and entries[last[0]].source is entry.source:
                paragraphs[-1] = (last[0], i + 1)
            else:
                paragraphs.append((i, i + 1))
        # a line more needs the last line filled and two characters under it, taken from
        # the lines above: the fewer a line, the less it is spaced out (¼ em a gap at most)
        c = self.layout.column_chars

        def pushed(p: tuple[int, int]) -> float:
            return (c - entries[p[1] - 1].chars + 2) / max(p[1] - p[0] - 1, 1)

        paragraphs = sorted((p for p in paragraphs if pushed(p) <= MAX_PUSHED), key=pushed)
        found = None
        for first, end in paragraphs[:LONGER_TRIES]:
            source = entries[first].source
            assert source is not None
            longer = self._para_entries(source, longer=True)
            if len(longer) != end - first + 1:
                continue  # no breaks a line longer without a loose line
            longer[0].keep_with_next = entries[first].keep_with_next
            trial = entries[:first] + longer + entries[end:]
            placed = self._even_shares(trial, span, offsets, capacities)
            if placed is None:
                continue
            foot = [offsets[j] for j in range(span)]
            for _, j, row in placed:
                foot[j] = max(foot[j], row + 1)
            if foot[-1] <= max(foot[:-1]):
                return placed  # the last column no deeper than the others: as read best
            found = found or placed
        return found

    def _even_shares(self, entries, span, offsets, capacities):
        """The entries with the spare rows taken off the columns' feet, no column ending
        more than a line short of another; None when the rules allow no such shares.

        The spare rows go one to a column, round after round from the last column back;
        the columns that give a row in the last round are chosen so that the rules hold,
        those at the end first (a column ending a line short reads best at the right)."""
        spare = sum(max(c, 0) for c in capacities) - len(entries)
        open_cols = [j for j in range(span) if capacities[j] > 0]
        if not open_cols:
            return None
        shares = list(capacities)
        rounds, rest = divmod(max(spare, 0), len(open_cols))
        for j in open_cols:
            shares[j] -= rounds
        if any(shares[j] < 0 for j in open_cols):
            return None
        # a column left with no line at all (under a photo) ends with the caption's air:
        # such shares only when no others keep the rules
        for emptied in (False, True):
            for short in _short_sets(open_cols, rest):
                trial = list(shares)
                for j in short:
                    trial[j] -= 1
                if not emptied and any(trial[j] == 0 for j in short):
                    continue
                takes = _takes(entries, span, trial)
                if sum(takes) == len(entries):
                    return _placed(entries, offsets, takes)[0]
        return None

    def _nearly_even(self, entries, span, capacities, offsets):
        """A line more of room at a time (given back to the last columns first), the
        columns still ending within a line or two; None when no such shares keep the
        rules."""
        spare = sum(max(c, 0) for c in capacities) - len(entries)
        for slack in range(1, min(max(spare, 0), span) + 1):
            trial = list(capacities)
            left_over = spare - slack
            j = span - 1
            while left_over > 0 and any(c > 0 for c in trial):
                if trial[j] > 0:
                    trial[j] -= 1
                    left_over -= 1
                j = j - 1 if j > 0 else span - 1
            takes = _takes(entries, span, trial)
            if sum(takes) == len(entries):
                return _placed(entries, offsets, takes)[0]
        return None

    def flow_items(self, placed, block_id: str, dy: float = 0.0, col_x=None) -> list[TextItem]:
        """Text items of flowed entries; `col_x(j)`, the left of column j, defaults to the
        page grid's (a box's inner columns have their own)."""
        col_x = col_x or self.col_x
        items = []
        for entry, j, row in placed:
            y = row * self.pitch + self.row_base + dy + entry.dy
            for dx, line, role in entry.parts:
                items.append(
                    TextItem(col_x(j) + dx, y, line, self.style(role).color, role, block_id)
                )
        return items

    def flowed(
        self,
        entries: list[Entry],
        span: int,
        head_rows: int,
        items: list[Item],
        block_id: str,
        max_rows: int | None,
        title: str,
    ) -> Setting:
        """A block whose entries flow, balanced, through `span` columns under `head_rows`
        rows of headline: its text, its column rules and what did not fit."""
        offsets = [head_rows] * span
        bottom, placed, rest = self.flow(entries, span, offsets, max_rows=max_rows)
        items += self.flow_items(placed, block_id)
        items += self.column_rules(span, offsets, bottom, block_id)
        return Setting(block_id, span, bottom, items, rest, title=title)

    def column_rules(
        self, span: int, top_rows: list[int], bottom: int, block_id: str
    ) -> list[RuleItem]:
        if not self.layout.column_rules or span < 2:
            return []
        rules = []
        for j in range(span - 1):
            top = max(top_rows[j], top_rows[j + 1])
            if bottom - top < 2:
                continue
            x = self.col_x(j + 1) - self.layout.gutter / 2
            rules.append(
                RuleItem(
                    x,
                    top * self.pitch + 0.2 * self.pitch,
                    x,
                    bottom * self.pitch - 0.2 * self.pitch,
                    self.layout.rule_width,
                    role="column-rule",
                    block=block_id,
                )
            )
        return rules

    # ---- photos
    def photo_frame(
        self, photo: m.Photo, width: float, block_id: str, extra: int = 0
    ) -> tuple[int, list[Item]]:
        """A photo scaled to `width`, cropped so photo + caption take whole rows; `extra`
        rows more (or fewer, when negative) when the kind's shape chose a taller (shorter)
        crop, within photo_range's shortest and tallest."""
        px_w, px_h = self.image_info(photo.file, photo.where)
        rows, shortest, tallest, tail, cap_lines = self._photo_geometry(photo, width)
        rows = _cropped_rows(rows, shortest, tallest, extra)
        img_h = rows * self.pitch - tail
        crop = _crop_box(px_w, px_h, width / img_h, photo.focus)
        items: list[Item] = [ImageItem(0.0, 0.0, width, img_h, photo.file, crop, "photo", block_id)]
        cst = self.style("caption")
        y = img_h + 0.3 * self.pitch
        for line in cap_lines:
            baseline = y + self.baseline_in(cst.leading, cst)
            items.append(TextItem(0.0, baseline, line, cst.color, "caption", block_id))
            y += cst.leading
        return rows, items

    def photo_frame_rows(self, photo: m.Photo, width: float, extra: int = 0) -> int:
        """The rows photo_frame(photo, width, extra) takes, without setting it."""
        rows, shortest, tallest, _, _ = self._photo_geometry(photo, width)
        return _cropped_rows(rows, shortest, tallest, extra)

    def photo_ppi(self, photo: m.Photo, width: float, extra: int = 0) -> float:
        """The resolution a photo prints at in photo_frame(photo, width, extra): the crop
        keeps the frame's shape, so the scarcer of the picture's two sides sets it."""
        px_w, px_h = self.image_info(photo.file, photo.where)
        rows, shortest, tallest, tail, _ = self._photo_geometry(photo, width)
        img_h = _cropped_rows(rows, shortest, tallest, extra) * self.pitch - tail
        return 72 * min(px_w / width, px_h / img_h)

    def photo_range(self, photo: m.Photo, width: float) -> tuple[int, int, int]:
        """(shortest, natural, tallest) rows of a photo and its caption at `width`: natural at
        its own or its explicit ratio; shortest cropped to MIN_CROP_HEIGHT of the picture's
        height, tallest to MIN_CROP_WIDTH of its width and no larger than print resolution
        allows. With an explicit ratio (the editor's crop) all three are the natural rows."""
        rows, shortest, tallest, _, _ = self._photo_geometry(photo, width)
        if photo.ratio is not None:
            return rows, rows, rows
        return min(rows, shortest), rows, max(rows, tallest)

    def _photo_geometry(self, photo: m.Photo, width: float):
        lay = self.layout
        px_w, px_h = self.image_info(photo.file, photo.where)
        ratio = photo.ratio or (px_w / px_h)
        caption = photo.caption.value if photo.caption else ""
        if photo.credit:
            # the caption is justified, where a typed space between Han characters is dropped;
            # the credit's own spaces ("魏克 摄") are meant, so they become ideographic spaces
            credit = photo.credit.value.replace(" ", "\u3000")
            caption = (caption + "\u3000" if caption else "") + credit
        cap_lines = (
            self.set_text(
                caption,
                "caption",
                width,
                photo.caption.where if photo.caption else photo.where,
                indent=0.0,
            )
            if caption
            else []
        )
        cst = self.style("caption")
        gap = 0.3 * self.pitch
        cap_h = len(cap_lines) * cst.leading
        tail = gap + cap_h + 0.45 * self.pitch
        rows = max(3, round((width / ratio + tail) / self.pitch))
        tallest = min(width / (MIN_CROP_WIDTH * (px_w / px_h)), px_h * 72 / lay.min_image_ppi)
        shortest = max(3, math.ceil((MIN_CROP_HEIGHT * width / (px_w / px_h) + tail) / self.pitch))
        return rows, shortest, int((tallest + tail) // self.pitch), tail, cap_lines


def _placed(entries: list[Entry], offsets: list[int], takes: list[int]):
    """The entries placed column after column, `takes[j]` of them in column j from row
    `offsets[j]`, and those left over."""
    placed = []
    i = 0
    for j, take in enumerate(takes):
        row = offsets[j]
        placed += [(entries[i + r], j, row + r) for r in range(take)]
        i += take
    return placed, entries[i:]


def _takes(entries: list[Entry], span: int, capacities: list[int]) -> list[int]:
    """How many entries each column takes, filled one after the other: as many as its
    capacity holds, less a line where the next column would open with a paragraph's last
    line (孤行) or where a line is kept with the next (signature lines and the like)."""
    takes = [0] * span
    i = 0
    n = len(entries)
    for j in range(span):
        capacity = capacities[j]
        if capacity <= 0 or i >= n:
            continue
        take = min(capacity, n - i)
        if i + take < n and take > 1:
            nxt = entries[i + take]
            if nxt.para_last and not nxt.para_first:
                take -= 1
            while take > 1 and entries[i + take - 1].keep_with_next:
                take -= 1
        takes[j] = take
        i += take
    return takes


def short_columns(setting: Setting, span: int, rows: int, layout: Layout) -> list[int]:
    """For each column of a block set `span` × `rows`, the lines more than INNER_HOLE by
    which its last line, photo or box ends above the block's foot (0 when it does not)."""
    lowest = [0.0] * span
    width = layout.column_width
    step = width + layout.gutter
    for item in setting.items:
        if isinstance(item, RuleItem) and item.role != "quote-rule":
            continue  # column rules run the block's depth whatever its columns hold
        box = item_extent(item)
        if box is None:
            continue
        # the columns the item reaches into (more than a point): only those few are tried
        first = max(0, math.floor((box[0] - width + 1) / step))
        last = min(span - 1, math.ceil((box[2] - 1) / step))
        for j in range(first, last + 1):
            if box[0] < j * step + width - 1 and box[2] > j * step + 1 and box[3] > lowest[j]:
                lowest[j] = box[3]
    shorts = [int((rows * layout.pitch - y) / layout.pitch) for y in lowest]
    return [s if s > INNER_HOLE else 0 for s in shorts]


def _short_sets(columns: list[int], count: int):
    """Every choice of `count` of `columns` (to end a line short), the last columns first."""
    return itertools.combinations(reversed(columns), count)


def _cropped_rows(natural: int, shortest: int, tallest: int, extra: int) -> int:
    if not extra:
        return natural
    return max(min(shortest, natural), min(natural + extra, max(natural, tallest)))


def moved(item: Item, dx: float, dy: float, block: str | None = None) -> Item:
    """The item shifted by (dx, dy), and made an item of `block` when given. Text lines, the
    bulk of a page, are rebuilt directly: dataclasses.replace was a tenth of make-up's time."""
    block = item.block if block is None else block
    if isinstance(item, TextItem):
        return TextItem(item.x + dx, item.y + dy, item.line, item.color, item.role, block)
    if isinstance(item, RuleItem):
        return dataclasses.replace(
            item, x0=item.x0 + dx, x1=item.x1 + dx, y0=item.y0 + dy, y1=item.y1 + dy, block=block
        )
    return dataclasses.replace(item, x=item.x + dx, y=item.y + dy, block=block)


def _crop_box(px_w: int, px_h: int, frame_ratio: float, focus: tuple[float, float]):
    """The largest crop of the image with the frame's aspect ratio, centred on `focus`."""
    img_ratio = px_w / px_h
    if img_ratio > frame_ratio:  # image too wide: crop the sides
        w = frame_ratio / img_ratio
        left = min(max(focus[0] - w / 2, 0.0), 1.0 - w)
        return (left, 0.0, left + w, 1.0)
    h = img_ratio / frame_ratio
    top = min(max(focus[1] - h / 2, 0.0), 1.0 - h)
    return (0.0, top, 1.0, top + h)

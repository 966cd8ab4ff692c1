"""Setting blocks: each block of an issue composed and laid out on its own, in frame
coordinates (x from the left of its column span, y from the top of its first row), as a
whole number of grid rows. Make-up then only has to place the frame, a pure translation.

Flowing text (article bodies, briefs, list items, the greeting) is a list of one-row entries
that `flow` distributes over the columns of the span, balancing the columns and keeping a
paragraph's last line from standing alone at a column top.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from bulletin_pdf.errors import InputError, Report, Where
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import (
    BoxItem,
    ImageItem,
    Item,
    Line,
    RuleItem,
    TextItem,
)
from bulletin_pdf.model.layout import Layout, Style
from bulletin_pdf.text.fonts import FontSet
from bulletin_pdf.text.typeset import compose

MIN_CROP_WIDTH = 0.6  # page filling may crop a photo to no less than 60 % of its width


@dataclass
class Entry:
    """One row of flowing text: a composed line plus anything riding on it (a list number)."""

    parts: list[tuple[float, Line, str]]  # (dx from column left, line, role)
    para_first: bool = True
    para_last: bool = True
    keep_with_next: bool = False
    chars: int = 0  # source characters it carries, for overset reports


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


class Setter:
    """Composes and sets the blocks of one issue with one layout and font set."""

    def __init__(self, layout: Layout, fonts: FontSet, report: Report, image_info):
        self.layout = layout
        self.fonts = fonts
        self.report = report
        self._image_info = image_info  # path -> (width_px, height_px), from the file's header
        self._image_sizes: dict = {}
        self.pitch = layout.pitch
        self.row_base = layout.row_baseline()
        self.missing: list[
            tuple[str, Where | None, str]
        ] = []  # (characters, where, font) no font has
        self._composed: dict[tuple, list[Line]] = {}
        self.photo_extra: dict[int, int] = {}  # id(photo) -> rows added by page filling

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
    ) -> list[Line]:
        st = self.style(role)
        align = align or st.align
        indent = st.indent if indent is None else indent
        key = (text, role, round(measure, 4), align, indent, balance, hanging)
        lines = self._composed.get(key)
        if lines is not None:  # page filling sets a page several times: compose once
            return lines
        missing = self.fonts.missing(text, st.font)
        if missing:
            self.missing.append(("".join(missing), where, self.layout.fonts.get(st.font, st.font)))
        composed = compose(
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
            lines = self.set_text(para.value, role, measure, para.where, indent=indent)
            for i, line in enumerate(lines):
                out.append(
                    Entry(
                        [(dx, line, role)],
                        para_first=i == 0,
                        para_last=i == len(lines) - 1,
                        chars=len(line.text),
                    )
                )
        return out

    # ---- headline groups: whole rows, centred over the span
    def head_group(
        self,
        parts: list[tuple[str, str, Where | None]],
        width: float,
        *,
        align: str = "center",
        rule_below: bool = False,
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
            # the em box (0.88 up, 0.12 down) centred in the line's leading
            baseline = y + (st.leading - st.size) / 2 + 0.88 * st.size
            placed.append((0.0, baseline, line, role))
            y += st.leading
            prev_role = role
        return rows, placed

    def _text_items(
        self, placed, block_id: str, dx: float = 0.0, dy: float = 0.0
    ) -> list[TextItem]:
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
    ) -> tuple[int, list[tuple[Entry, int, int]], list[Entry]]:
        """Distribute one-row entries over `span` columns whose text starts at row
        `offsets[j]`. Balanced: the smallest bottom row that takes everything, and the rows
        that bottom leaves over shared out from the last column back, so that the columns
        end within a line of each other. With `max_rows` the bottom is capped and what does
        not fit is returned as overset. `reserve_last` rows at the foot of the last column
        stay empty (for a jump line)."""
        start = max(offsets) if offsets else 0
        bottom = max(min(offsets) + 1, start)
        while True:
            capacities = [
                bottom - offsets[j] - (reserve_last if j == span - 1 else 0) for j in range(span)
            ]
            placed, rest = self._fill(entries, span, offsets, capacities)
            if not rest:
                return bottom, self._balanced(entries, span, offsets, capacities) or placed, []
            if max_rows is not None and bottom >= max_rows:
                return bottom, placed, rest
            bottom += 1
            if bottom > 10_000:  # cannot happen with sane input; guards an endless loop
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
                items.append(
                    TextItem(self.col_x(j) + dx, y, line, self.style(role).color, role, block_id)
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
    def photo_frame(self, photo: m.Photo, width: float, block_id: str) -> tuple[int, list[Item]]:
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
    def article(
        self,
        art: m.Article,
        span: int,
        block_id: str,
        max_rows: int | None,
        jump_to: int | None = None,
    ) -> Setting:
        lay = self.layout
        width = lay.span_width(0, span)
        title_role = "title" if block_id.endswith(".b0") and span >= 3 else "title2"
        parts = [
            (
                art.kicker.value if art.kicker else "",
                "kicker",
                art.kicker.where if art.kicker else None,
            ),
            (art.title.value, title_role, art.title.where),
            (
                art.subtitle.value if art.subtitle else "",
                "subtitle",
                art.subtitle.where if art.subtitle else None,
            ),
        ]
        head_rows, head = self.head_group(parts, width)
        items: list[Item] = self._text_items(head, block_id)
        top = head_rows
        if art.byline and art.byline_position == "top":
            line = self.set_text(
                art.byline.value, "byline", width, art.byline.where, align="center", indent=0.0
            )
            items += self.flow_items(
                [(Entry([(0.0, ln, "byline")]), 0, top + i) for i, ln in enumerate(line)], block_id
            )
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
                items += [moved(it, dx, dy) for it in photo_items]
                for j in range(first, first + k):
                    offsets[j] = max(offsets[j], band_top + rows)
                band_rows = max(band_rows, rows)
                first += k
            band_top += band_rows
        entries = self.body_entries(art.body)
        if art.byline and art.byline_position == "end":
            for line in self.set_text(
                art.byline.value,
                "byline",
                lay.column_width,
                art.byline.where,
                align="right",
                indent=0.0,
            ):
                entries.append(Entry([(0.0, line, "byline")], chars=len(line.text)))
        bottom, placed, rest = self.flow(
            entries, span, offsets, max_rows=max_rows, reserve_last=1 if jump_to is not None else 0
        )
        if rest and jump_to is not None:
            bottom = max_rows  # a continued article fills its space to the foot
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

    def continuation(
        self,
        art: m.Article,
        entries: list[Entry],
        span: int,
        block_id: str,
        from_page: int,
        max_rows: int | None,
    ) -> Setting:
        width = self.layout.span_width(0, span)
        head_rows, head = self.head_group([(art.title.value, "title2", art.title.where)], width)
        items: list[Item] = self._text_items(head, block_id)
        jump = self.set_text(
            f"（上接第{from_page}版）",
            "jump",
            self.layout.column_width,
            None,
            align="left",
            indent=0.0,
        )
        entries = [Entry([(0.0, jump[0], "jump")], keep_with_next=True), *entries]
        return self.flowed(entries, span, head_rows, items, block_id, max_rows, art.title.value)

    def photo_block(self, blk: m.PhotoBlock, span: int, block_id: str) -> Setting:
        rows, items = self.photo_frame(blk.photo, self.layout.span_width(0, span), block_id)
        return Setting(block_id, span, rows, items)

    def briefs(self, blk: m.Briefs, span: int, block_id: str, max_rows: int | None) -> Setting:
        lay = self.layout
        width = lay.span_width(0, span)
        pad = 0.5 * lay.body.size
        head_rows, head = self.head_group(
            [(blk.title.value, "briefs_title", blk.title.where)], width, min_pad=0.6
        )
        items: list[Item] = [
            BoxItem(
                0,
                0,
                width,
                head_rows * self.pitch,
                fill=lay.tint,
                stroke=None,
                role="tint",
                block=block_id,
            )
        ]
        items += self._text_items(head, block_id)
        paras = [m.Text("◆" + t.value, t.where) for t in blk.items]
        entries = self.body_entries(paras, "brief", indent=0.0, measure=width - 2 * pad, dx=pad)
        bottom, placed, rest = self.flow(
            entries, 1, [head_rows], max_rows=None if max_rows is None else max_rows - 1
        )
        items += self.flow_items(placed, block_id)
        rows = bottom + 1
        items.insert(
            0,
            BoxItem(
                0,
                0,
                width,
                rows * self.pitch - 0.3 * self.pitch,
                fill=None,
                stroke=(0, 0, 0, 1),
                stroke_width=lay.rule_width,
                role="box",
                block=block_id,
            ),
        )
        return Setting(block_id, span, rows, items, rest, title=blk.title.value)

    def numbered_list(
        self, blk: m.NumberedList, span: int, block_id: str, max_rows: int | None
    ) -> Setting:
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
            lines = self.set_text(
                text.value, "list", lay.column_width - num_w - 2 * pad, text.where, indent=0.0
            )
            number = self.set_text(
                f"{n}.", "list", num_w - 0.25 * st.size, text.where, align="right", indent=0.0
            )
            for i, line in enumerate(lines):
                parts = [(pad + num_w, line, "list")]
                if i == 0:
                    parts.insert(0, (pad, number[0], "list"))
                entries.append(
                    Entry(
                        parts,
                        para_first=i == 0,
                        para_last=i == len(lines) - 1,
                        chars=len(line.text),
                    )
                )
        if not lay.list_box:
            return self.flowed(entries, span, head_rows, items, block_id, max_rows, blk.title.value)
        setting = self.flowed(
            entries,
            span,
            head_rows,
            items,
            block_id,
            None if max_rows is None else max_rows - 1,
            blk.title.value,
        )
        setting.rows += 1  # a row of air above the box's foot rule
        setting.items.insert(
            0,
            BoxItem(
                0,
                0,
                width,
                setting.rows * self.pitch - 0.3 * self.pitch,
                fill=None,
                stroke=(0, 0, 0, 1),
                stroke_width=lay.rule_width,
                role="box",
                block=block_id,
            ),
        )
        return setting

    def greeting(self, blk: m.Greeting, span: int, block_id: str, max_rows: int | None) -> Setting:
        lay = self.layout
        width = lay.span_width(0, span)
        head_rows, head = self.head_group(
            [(blk.title.value, "greeting_title", blk.title.where)], width
        )
        items: list[Item] = self._text_items(head, block_id)
        entries: list[Entry] = []
        if blk.salutation:
            entries += self.body_entries([blk.salutation], "salutation", indent=0.0)
            for e in entries:
                e.keep_with_next = True
        entries += self.body_entries(blk.body, "greeting")
        sig: list[Entry] = []
        for text in blk.signature:
            for line in self.set_text(
                text.value, "signature", lay.column_width, text.where, align="right", indent=0.0
            ):
                sig.append(
                    Entry([(0.0, line, "signature")], keep_with_next=True, chars=len(line.text))
                )
        if sig:
            sig[-1].keep_with_next = False
            entries[-1].keep_with_next = True  # the signature follows the last paragraph
        entries += sig
        return self.flowed(entries, span, head_rows, items, block_id, max_rows, blk.title.value)


def moved(item: Item, dx: float, dy: float) -> Item:
    """The item shifted by (dx, dy). Text lines, the bulk of a page, are rebuilt directly:
    dataclasses.replace was a tenth of make-up's time."""
    if isinstance(item, TextItem):
        return TextItem(item.x + dx, item.y + dy, item.line, item.color, item.role, item.block)
    if isinstance(item, RuleItem):
        return dataclasses.replace(
            item, x0=item.x0 + dx, x1=item.x1 + dx, y0=item.y0 + dy, y1=item.y1 + dy
        )
    return dataclasses.replace(item, x=item.x + dx, y=item.y + dy)


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

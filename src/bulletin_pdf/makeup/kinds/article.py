"""Article: a news story — headline group, byline, photos in bands, balanced body columns.

Model and keys: model/kinds/article.py. Set here: the headline group over the whole span
(the page's first block takes the lead headline when it spans 3 columns or more), the byline
under it or after the text, photos in bands under the headline flush with the span's right
edge, the body flowing balanced through the columns left free, its subheads ('## …'
paragraphs) in the subhead style on whole rows, never at a column's foot. A continued article keeps a
row at the foot of its last column for 下转第N版 and fills its space to the foot; the rest of
its text waits in the page context for its continuation.

Headline sizes by span: `title` for the lead over 3 columns and more, `title_one_column`
one column wide, `title2` otherwise; a shape costs HEAD_ROW_COST for each row its head takes
over its depth at the widest span.

Shapes: for each span, the natural height, and for each photo (one at a time) every width in
columns unless the editor gave `columns` and every crop from MIN_CROP_HEIGHT of its height to
the tallest its limits allow unless the editor gave a `ratio`, never printing less sharp than
its natural size or print needs (cost: PHOTO_SPAN_COST or PHOTO_NARROW_COST a column, the rows added or
taken off over the natural rows; the choice is each photo's (columns, rows added)). Each is
measured with the flow itself, no items set: a size that leaves white beside the photo or
pushes text over is not offered; the natural shape says its white (Shape.white). For a
continued article, every height from a few body lines under its head and photos to its
natural one (the text it does not keep goes on, so it is no overset). A long-running process
keeps the shapes of unchanged articles (Setter.shapes_memo).
"""

from __future__ import annotations

import math

from bulletin_pdf.makeup.blocks import Entry, Setter, Setting, moved
from bulletin_pdf.makeup.kinds.base import BlockKind, PageContext, hint_lines, placeholder
from bulletin_pdf.makeup.planner import W_EMPTY as W_WHITE  # a line of white is a hole
from bulletin_pdf.makeup.shapes import INNER_HOLE, Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import Item
from bulletin_pdf.model.kinds.article import subhead_text

MIN_KEPT_LINES = 3  # a continued article keeps at least this many body lines on its page
PHOTO_SPAN_COST = 0.5  # per column a photo is set wider than its natural span …
PHOTO_NARROW_COST = 2.0  # … or narrower (a story's photo shrunk to a thumbnail reads worse)
HEAD_ROW_COST = 1.5  # per row a headline takes over what it takes at the widest span


def photo_span(photo: m.Photo, span: int) -> int:
    """Columns a photo takes inside an article of `span` columns (default: two, or all)."""
    return min(span, photo.columns or (2 if span >= 3 else span))


def photo_size(photo: m.Photo, span: int, choice: tuple, index: int) -> tuple[int, int]:
    """(columns, rows added to its natural crop) of an article's photo `index` in a shape's
    choice; the natural size when the choice does not say."""
    if index < len(choice) and isinstance(choice[index], tuple):
        k, extra = choice[index]
        return min(k, span), extra
    return photo_span(photo, span), 0


def white_lines(placed, span: int, offsets: list[int], bottom: int) -> int:
    """The lines of white inside a flowed block: of each column that ends more than
    INNER_HOLE lines above the foot (text too short for the photo beside it, or kept from
    an even share by the widow rules), all the lines it ends short."""
    lines = [0] * span
    for _, j, _ in placed:
        lines[j] += 1
    white = 0
    for j in range(span):
        # a column with no text under its photo ends with the caption, whose band has up
        # to a row of air at its foot: it counts a line shorter
        short = bottom - offsets[j] - lines[j] + (0 if lines[j] else 1)
        white += short if short > INNER_HOLE else 0
    return white


def _cost(shape: Shape) -> float:
    return shape.cost + W_WHITE * shape.white


def best_overset(best: dict) -> int:
    """The overset lines of the natural shape (the first kept): a sized photo may not add to it."""
    return next(iter(best.values())).overset_lines if best else 0


def body_entries(setter: Setter, body: list[m.Text]) -> list[Entry]:
    """The body's rows: paragraphs as the composer sets them, and each subhead ('## …')
    in the subhead style on whole rows of its own, kept with the two lines that follow it
    so that no column ends with a subhead."""
    entries: list[Entry] = []
    after_subhead = False
    for para in body:
        head = subhead_text(para.value)
        if head is not None:
            entries += subhead_entries(setter, head, para.where)
            after_subhead = True
            continue
        lines = setter.body_entries([para])
        if after_subhead and len(lines) > 1:
            lines[0].keep_with_next = True  # a subhead never stands over one lone line
        entries += lines
        after_subhead = False
    return entries


def subhead_entries(setter: Setter, text: str, where) -> list[Entry]:
    """A subhead set across the column on the fewest whole rows that hold its lines with
    half a row to spare; the spare space goes two thirds above, one third below, so it
    sits nearer the text it opens."""
    style = setter.style("subhead")
    lines = setter.set_text(
        text, "subhead", setter.layout.column_width, where, indent=0.0, balance=True
    )
    pitch = setter.pitch
    height = len(lines) * style.leading
    rows = max(len(lines), math.ceil((height + 0.5 * pitch) / pitch))
    top = (rows * pitch - height) * 2 / 3
    entries = []
    for i in range(rows):
        entry = Entry([], keep_with_next=True)
        if i < len(lines):
            # the em box centred in the line's leading, as in headlines
            baseline = top + i * style.leading + setter.baseline_in(style.leading, style)
            entry = Entry(
                [(0.0, lines[i], "subhead")],
                keep_with_next=True,
                chars=len(lines[i].text),
                dy=baseline - (i * pitch + setter.row_base),
            )
        entries.append(entry)
    return entries


class ArticleKind(BlockKind):
    model = m.Article

    def set(self, block: m.Article, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        setter = ctx.setter
        art, span, max_rows = block, shape.span, shape.rows
        jump_to = ctx.continues_on.get(art.id) if art.continued and art.id else None
        items, top = self._head(art, ctx, span, block_id)
        photo_items, offsets = self._photos(art, ctx, span, shape.choice, top, block_id)
        items += photo_items
        bottom, placed, rest = setter.flow(
            self._entries(art, ctx),
            span,
            offsets,
            max_rows=max_rows,
            reserve_last=1 if jump_to is not None else 0,
        )
        if rest and jump_to is not None:
            bottom = max_rows  # a continued article fills its space to the foot
        items += setter.flow_items(placed, block_id)
        items += setter.column_rules(span, offsets, bottom, block_id)
        setting = Setting(block_id, span, bottom, items, rest, title=art.title.value)
        if jump_to is not None and rest:
            setting.jump_slot = (span - 1, bottom - 1)
        return setting

    def _entries(self, art: m.Article, ctx: PageContext) -> list[Entry]:
        """The body's rows and an end byline: the same at every span (one column's measure)."""
        setter, lay = ctx.setter, ctx.setter.layout
        entries = body_entries(setter, art.body)
        if art.byline and art.byline_position == "end":
            for line in setter.set_text(
                art.byline.value,
                "byline",
                lay.column_width,
                art.byline.where,
                align="right",
                indent=0.0,
            ):
                entries.append(Entry([(0.0, line, "byline")], chars=len(line.text)))
        return entries

    def _head(
        self, art: m.Article, ctx: PageContext, span: int, block_id: str
    ) -> tuple[list[Item], int]:
        """The headline group over the span and a byline on top: their items and the row the
        text (and the photos) start at under them."""
        setter, lay = ctx.setter, ctx.setter.layout
        width = lay.span_width(0, span)
        # headline sizes by span: the lead's over 3 columns and more, a smaller one for a
        # story one column wide (a 20 pt head there breaks every five characters)
        title_role = (
            "title"
            if art is ctx.lead and span >= 3
            else "title_one_column"
            if span == 1
            else "title2"
        )
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
        head_rows, head = setter.head_group(parts, width)
        items: list[Item] = list(setter.text_items(head, block_id))
        top = head_rows
        if art.byline and art.byline_position == "top":
            line = setter.set_text(
                art.byline.value, "byline", width, art.byline.where, align="center", indent=0.0
            )
            items += setter.flow_items(
                [(Entry([(0.0, ln, "byline")]), 0, top + i) for i, ln in enumerate(line)], block_id
            )
            top += len(line)
        return items, top

    def _photos(
        self,
        art: m.Article,
        ctx: PageContext,
        span: int,
        choice: tuple,
        top: int,
        block_id: str | None,
    ) -> tuple[list[Item], list[int]]:
        """The photo bands under the headline, in reading order from the left, each band
        flush with the span's right edge (text keeps the left columns); a band that is full
        starts a new one below. Returns their items (none when `block_id` is None: only the
        rows are wanted) and the row each column's text starts at under them. `choice` gives
        each photo's (columns, rows added or taken off its natural crop)."""
        setter, lay = ctx.setter, ctx.setter.layout
        offsets = [top] * span
        sizes = [photo_size(photo, span, choice, i) for i, photo in enumerate(art.photos)]
        bands: list[list[int]] = [[]]
        used = 0
        for index, (k, _) in enumerate(sizes):
            if used + k > span:
                bands.append([])
                used = 0
            bands[-1].append(index)
            used += k
        items: list[Item] = []
        band_top = top
        for band in (b for b in bands if b):
            first = span - sum(sizes[i][0] for i in band)
            band_rows = 0
            for index in band:
                photo, (k, extra) = art.photos[index], sizes[index]
                width = lay.span_width(0, k)
                if block_id is None:
                    rows = setter.photo_frame_rows(photo, width, extra)
                else:
                    rows, photo_items = setter.photo_frame(photo, width, block_id, extra)
                    dx, dy = setter.col_x(first), band_top * setter.pitch
                    items += [moved(it, dx, dy) for it in photo_items]
                for j in range(first, first + k):
                    offsets[j] = max(offsets[j], band_top + rows)
                band_rows = max(band_rows, rows)
                first += k
            band_top += band_rows
        return items, offsets

    def photo_room(self, block: m.Article, ctx: PageContext, shape: Shape) -> list[tuple[str, int]]:
        setter = ctx.setter
        out = []
        for index, photo in enumerate(block.photos):
            k, extra = photo_size(photo, shape.span, shape.choice, index)
            rows = setter.photo_frame_rows(photo, setter.layout.span_width(0, k), extra)
            out.append((photo.file.name, k * rows))
        return out

    def photos(self, block: m.Article) -> list[m.Photo]:
        # a continued article's photos stay as they are: a taller one only pushes text over
        return [] if block.continued else list(block.photos)

    def photo_choices(self, block: m.Article, ctx: PageContext, span: int):
        """(choice, cost) of every way of sizing the photos at `span` besides the natural
        one, one photo changed at a time: its width in columns (unless the editor gave
        `columns`) and its crop, shorter or taller within the crop limits (unless the editor
        gave a `ratio`), never below print resolution. Cost: PHOTO_SPAN_COST a column wider,
        PHOTO_NARROW_COST a column narrower, and the rows added or taken off over the
        natural rows."""
        setter, lay = ctx.setter, ctx.setter.layout
        natural = tuple((photo_span(p, span), 0) for p in block.photos)
        for index, photo in enumerate(block.photos):
            k0 = natural[index][0]
            # a size may not print less sharp than print needs, nor than the natural one
            sharp = min(lay.min_image_ppi, setter.photo_ppi(photo, lay.span_width(0, k0)))
            spans = [k0] if photo.columns else range(1, span + 1)
            for k in spans:
                width = lay.span_width(0, k)
                shortest, rows, tallest = setter.photo_range(photo, width)
                base = (PHOTO_SPAN_COST if k > k0 else PHOTO_NARROW_COST) * abs(k - k0)
                # nearest the natural crop first: a crop that leaves white or pushes text
                # over stops the walk in its direction (a bigger one only does it more)
                for step in (1, -1):
                    first = 0 if step == 1 else -1
                    last = tallest - rows if step == 1 else shortest - rows
                    for extra in range(first, last + step, step):
                        if k == k0 and extra == 0:
                            continue
                        if setter.photo_ppi(photo, width, extra) < sharp - 0.5:
                            if step == 1:
                                break  # taller crops use fewer of its pixels still
                            continue
                        sized = list(natural)
                        sized[index] = (k, extra)
                        yield tuple(sized), base + abs(extra) / rows, step

    def shapes(
        self, block: m.Article, ctx: PageContext, spans: list[int], max_rows: int
    ) -> list[Shape]:
        if block.continued:
            return self._continued_shapes(block, ctx, spans, max_rows)
        setter = ctx.setter
        # everything the shapes depend on: the block as written, whether it leads the page,
        # the spans and depth asked, its photos' pixels (the layout and fonts the memo adds)
        return list(
            setter.remembered(
                lambda: (
                    repr(block),
                    block is ctx.lead,
                    tuple(spans),
                    max_rows,
                    tuple(setter.image_info(p.file, p.where) for p in block.photos),
                ),
                lambda: tuple(self._shapes(block, ctx, spans, max_rows)),
            )
        )

    def _shapes(
        self, block: m.Article, ctx: PageContext, spans: list[int], max_rows: int
    ) -> list[Shape]:
        setter = ctx.setter
        entries = self._entries(block, ctx)
        out: list[Shape] = []
        _, widest_top = self._head(block, ctx, max(spans), "shape")
        for span in spans:
            _, top = self._head(block, ctx, span, "shape")
            # a headline broken over more lines than it takes at the widest span reads worse
            # a line more it takes: a narrow story with a long title costs
            deeper = HEAD_ROW_COST * max(top - widest_top, 0)
            natural = tuple((photo_span(p, span), 0) for p in block.photos)
            best: dict[int, Shape] = {}
            stopped: set[tuple] = set()  # (photo, columns, direction) walks that went too far
            sized = self.photo_choices(block, ctx, span) if setter.layout.photo_fill else ()
            for choice, cost, step in [(natural, 0.0, 0), *sized]:
                cost += deeper
                walk = next(
                    ((i, c[0], step) for i, c in enumerate(choice) if c != natural[i]), None
                )
                if walk in stopped:
                    continue
                _, offsets = self._photos(block, ctx, span, choice, top, None)
                # measured without setting a paragraph a line longer to balance (dear, and
                # rarely needed): the white it might save is found when the shape is set
                bottom, placed, rest = setter.flow(
                    entries, span, offsets, max_rows=max_rows, longer=False
                )
                white = white_lines(placed, span, offsets, bottom)
                shape = Shape(
                    span, bottom, cost, len(rest), sum(e.chars for e in rest), choice, white
                )
                if walk is not None and len(rest) > best_overset(best):
                    stopped.add(walk)  # text pushed over: a bigger photo pushes more
                    continue
                if walk is not None and white:
                    if walk[2] == 1 and bottom <= max(offsets):
                        stopped.add(walk)  # the photo alone sets the depth: taller, more white
                    continue  # white inside the block: no help
                if bottom not in best or cost + W_WHITE * white < _cost(best[bottom]):
                    best[bottom] = shape
            out += [best[rows] for rows in sorted(best)]
        return out

    def _continued_shapes(
        self, block: m.Article, ctx: PageContext, spans: list[int], max_rows: int
    ) -> list[Shape]:
        shapes = super().shapes(block, ctx, spans, max_rows)
        if block.id not in ctx.continues_on:
            return shapes
        out: list[Shape] = []
        for shape in shapes:
            # it may stop at any height that keeps a few lines under its head: the rest goes on
            _, top = self._head(block, ctx, shape.span, "shape")
            _, offsets = self._photos(block, ctx, shape.span, shape.choice, top, None)
            shortest = max(offsets) + MIN_KEPT_LINES + 1  # and the 下转 line
            out += [
                Shape(shape.span, rows, shape.cost, 0, 0, shape.choice)
                for rows in range(min(shortest, shape.rows), shape.rows + 1)
            ]
        return out

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        out = [f"- type: {b.get('type') or 'article'}", *hint_lines(b)]
        if b.get("kicker"):
            out.append(f"  kicker: {placeholder('引题')}")
        out.append(f"  title: {placeholder('标题')}")
        if b.get("subtitle"):
            out.append(f"  subtitle: {placeholder('副题')}")
        if b.get("byline"):
            out.append(f"  byline: {placeholder('作者')}")
        if b.get("byline_position"):
            out.append(f"  byline_position: {b['byline_position']}")
        out += ["  body: |", f"    {placeholder('正文。段与段之间空一行。')}"]
        for k in ("id", "continued"):
            if b.get(k) is not None:
                out.append(f"  {k}: {str(b[k]).lower() if isinstance(b[k], bool) else b[k]}")
        photos = b.get("photos") or []
        if photos:
            out.append("  # photos:")
            for ph in photos:
                out.append(f"  #   - file: images/{placeholder()}.jpg")
                if ph.get("columns"):
                    out.append(f"  #     columns: {ph['columns']}")
                out += [
                    f"  #     caption: {placeholder('图片说明')}",
                    f"  #     credit: {placeholder()} 摄",
                ]
        return out, True


KIND = ArticleKind()

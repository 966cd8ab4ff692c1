"""Article: a news story — headline group, byline, photos in bands, balanced body columns.

Model and keys: model/kinds/article.py. Set here: the headline group over the whole span
(the page's first block takes the lead headline when it spans 3 columns or more), the byline
under it or after the text, photos in bands under the headline flush with the span's right
edge, the body flowing balanced through the columns left free, its subheads ('## …'
paragraphs) in the subhead style on whole rows, never at a column's foot. A continued article keeps a
row at the foot of its last column for 下转第N版 and fills its space to the foot; the rest of
its text waits in the page context for its continuation.

Shapes: for each span, the natural height; for each photo without an explicit ratio, every
taller crop it allows (cost: the rows added over the photo's natural height; the choice is
the rows each photo grows by); for a continued article, every height from a few body lines
under its head and photos to its natural one (the text it does not keep goes on, so it is
no overset).
"""

from __future__ import annotations

import math

from bulletin_pdf.makeup.blocks import Entry, Setter, Setting, moved
from bulletin_pdf.makeup.kinds.base import BlockKind, PageContext, hint_lines, placeholder
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import Item
from bulletin_pdf.model.kinds.article import subhead_text

MIN_KEPT_LINES = 3  # a continued article keeps at least this many body lines on its page


def photo_span(photo: m.Photo, span: int) -> int:
    """Columns a photo takes inside an article of `span` columns (default: two, or all)."""
    return min(span, photo.columns or (2 if span >= 3 else span))


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
        setter, lay = ctx.setter, ctx.setter.layout
        art, span, max_rows = block, shape.span, shape.rows
        jump_to = ctx.continues_on.get(art.id) if art.continued and art.id else None
        items, offsets = self._head_and_photos(art, ctx, span, shape.choice, block_id)
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
        bottom, placed, rest = setter.flow(
            entries, span, offsets, max_rows=max_rows, reserve_last=1 if jump_to is not None else 0
        )
        if rest and jump_to is not None:
            bottom = max_rows  # a continued article fills its space to the foot
        items += setter.flow_items(placed, block_id)
        items += setter.column_rules(span, offsets, bottom, block_id)
        setting = Setting(block_id, span, bottom, items, rest, title=art.title.value)
        if jump_to is not None and rest:
            setting.jump_slot = (span - 1, bottom - 1)
        return setting

    def _head_and_photos(
        self, art: m.Article, ctx: PageContext, span: int, crops: tuple, block_id: str
    ) -> tuple[list[Item], list[int]]:
        """The headline group, a byline on top and the photo bands: their items, and the row
        each column's text starts at under them."""
        setter, lay = ctx.setter, ctx.setter.layout
        width = lay.span_width(0, span)
        title_role = "title" if art is ctx.lead and span >= 3 else "title2"
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
        offsets = [top] * span
        # photos: bands of frames under the headline, in reading order from the left, each
        # band flush with the span's right edge (text keeps the left columns); a band that is
        # full starts a new one below
        bands: list[list[tuple[int, m.Photo]]] = [[]]
        used = 0
        for index, photo in enumerate(art.photos):
            k = photo_span(photo, span)
            if used + k > span:
                bands.append([])
                used = 0
            bands[-1].append((index, photo))
            used += k
        band_top = top
        for band in (b for b in bands if b):
            first = span - sum(photo_span(p, span) for _, p in band)
            band_rows = 0
            for index, photo in band:
                k = photo_span(photo, span)
                extra = crops[index] if index < len(crops) else 0
                rows, photo_items = setter.photo_frame(photo, lay.span_width(0, k), block_id, extra)
                dx, dy = setter.col_x(first), band_top * setter.pitch
                items += [moved(it, dx, dy) for it in photo_items]
                for j in range(first, first + k):
                    offsets[j] = max(offsets[j], band_top + rows)
                band_rows = max(band_rows, rows)
                first += k
            band_top += band_rows
        return items, offsets

    def photos(self, block: m.Article) -> list[m.Photo]:
        # a continued article's photos stay as they are: a taller one only pushes text over
        return [] if block.continued else list(block.photos)

    def choices(self, block: m.Article, ctx: PageContext, span: int, max_rows: int):
        out: list[tuple[tuple, float]] = [((), 0.0)]
        if block.continued:
            return out
        setter = ctx.setter
        for index, photo in enumerate(block.photos):
            if photo.ratio is not None:
                continue  # an explicit ratio is the editor's crop
            natural, tallest = setter.photo_rows(
                photo, setter.layout.span_width(0, photo_span(photo, span))
            )
            for extra in range(1, tallest - natural + 1):
                crops = tuple(extra if i == index else 0 for i in range(len(block.photos)))
                out.append((crops, extra / natural))
        return out

    def shapes(
        self, block: m.Article, ctx: PageContext, spans: list[int], max_rows: int
    ) -> list[Shape]:
        shapes = super().shapes(block, ctx, spans, max_rows)
        if not (block.continued and block.id in ctx.continues_on):
            return shapes
        out: list[Shape] = []
        for shape in shapes:
            # it may stop at any height that keeps a few lines under its head: the rest goes on
            _, offsets = self._head_and_photos(block, ctx, shape.span, shape.choice, "shape")
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

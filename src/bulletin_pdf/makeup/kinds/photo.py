"""Photo block: a photo standing on its own, its caption and credit under it.

Model and keys: model/kinds/photo.py (the photo's keys, shared with photos in articles).
Set here: the picture as wide as the span, cropped around its focus so that picture and
caption take whole rows (Setter.photo_frame).

Shapes: for each span, the natural height (the picture at its own or its explicit ratio)
and, without an explicit ratio, every shorter crop down to MIN_CROP_HEIGHT of its height and
every taller one down to MIN_CROP_WIDTH of its width that stays above the layout's minimum
resolution (cost: rows added or taken off, over the natural height; a shorter crop keeps the
width's pixels, so it is never less sharp). A span at which the picture falls below print
resolution costs 1 more. The choice is the rows added (taken off when negative), `(extra,)`;
each shape's rows are worked out exactly, without setting the block.
"""

from __future__ import annotations

from bulletin_pdf.makeup.blocks import Setting
from bulletin_pdf.makeup.kinds.base import BlockKind, PageContext, hint_lines, placeholder
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m

LOW_RESOLUTION_COST = 1.0


class PhotoKind(BlockKind):
    model = m.PhotoBlock

    def set(self, block: m.PhotoBlock, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        extra = shape.choice[0] if shape.choice else 0
        rows, items = ctx.setter.photo_frame(
            block.photo, ctx.setter.layout.span_width(0, shape.span), block_id, extra
        )
        return Setting(block_id, shape.span, rows, items)

    def photos(self, block: m.PhotoBlock) -> list[m.Photo]:
        return [block.photo]

    def choices(self, block: m.PhotoBlock, ctx: PageContext, span: int, max_rows: int):
        setter, lay = ctx.setter, ctx.setter.layout
        width = lay.span_width(0, span)
        px_w, _ = setter.image_info(block.photo.file, block.photo.where)
        low = LOW_RESOLUTION_COST if px_w * 72 / width < lay.min_image_ppi else 0.0
        out: list[tuple[tuple, float]] = [((0,), low)]
        if block.photo.ratio is None:
            shortest, natural, tallest = setter.photo_range(block.photo, width)
            out += [
                ((extra,), low + abs(extra) / natural)
                for extra in range(shortest - natural, min(tallest, max_rows) - natural + 1)
                if extra
            ]
        return out

    def measure(self, block: m.PhotoBlock, ctx: PageContext, span, max_rows, choice=(), cost=0.0):
        """The frame's rows as the setter works them out (photo_frame_rows): exact, with
        nothing set."""
        width = ctx.setter.layout.span_width(0, span)
        return Shape(
            span, ctx.setter.photo_frame_rows(block.photo, width, choice[0]), cost, choice=choice
        )

    def shapes(
        self, block: m.PhotoBlock, ctx: PageContext, spans: list[int], max_rows: int
    ) -> list[Shape]:
        """Every choice measured (each cheaply, above), none estimated."""
        return super().shapes(block, ctx, spans, max_rows)

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        # a photo cannot be a placeholder (its file must exist): the block waits commented out
        return [
            "# - type: photo",
            f"#   file: images/{placeholder()}.jpg",
            *hint_lines(b, prefix="#   "),
            f"#   caption: {placeholder('图片说明')}",
            f"#   credit: {placeholder()} 摄",
        ], False


KIND = PhotoKind()

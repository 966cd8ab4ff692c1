"""Briefs box: a tinted heading band and short items after a ◆, in a ruled box.

Model and keys: model/kinds/briefs.py. Set here: the heading centred in its tint band, the
items in inner columns inset by half a character (one in a box of 1–2 columns; 2 or 3 in a
wider one, so that a line holds some 14–24 characters, not 70), a row of air above the box's
foot rule. Shapes: for each span, the natural height at each inner column count (the base
class's); the choice is `(inner columns,)`.
"""

from __future__ import annotations

from bulletin_pdf.makeup.blocks import Setting
from bulletin_pdf.makeup.kinds.base import (
    BlockKind,
    PageContext,
    hint_lines,
    inner_columns,
    placeholder,
    quoted,
)
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import Item


class BriefsKind(BlockKind):
    model = m.Briefs

    def choices(self, block: m.Briefs, ctx: PageContext, span: int, max_rows: int):
        return [((n,), cost) for n, cost in inner_columns(span)]

    def set(self, block: m.Briefs, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        setter, lay = ctx.setter, ctx.setter.layout
        span, max_rows = shape.span, shape.rows
        width = lay.span_width(0, span)
        pad = 0.5 * lay.body.size
        head_rows, head = setter.head_group(
            [(block.title.value, "briefs_title", block.title.where)], width, min_pad=0.6
        )
        items: list[Item] = [setter.tint_area(width, head_rows * setter.pitch, block_id)]
        items += setter.text_items(head, block_id)
        paras = [m.Text("◆" + t.value, t.where) for t in block.items]
        n = shape.choice[0] if shape.choice else inner_columns(span)[0][0]
        gap = lay.gutter
        measure = (width - 2 * pad - (n - 1) * gap) / n
        entries = setter.body_entries(paras, "brief", indent=0.0, measure=measure)
        bottom, placed, rest = setter.flow(entries, n, [head_rows] * n, max_rows=max_rows - 1)
        items += setter.flow_items(placed, block_id, col_x=lambda j: pad + j * (measure + gap))
        rows = bottom + 1
        items.insert(
            0,
            setter.ruled_frame(width, rows * setter.pitch - 0.3 * setter.pitch, block_id),
        )
        return Setting(block_id, span, rows, items, rest, title=block.title.value)

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        out = ["- type: briefs", *hint_lines(b)]
        out.append(f"  title: {quoted(b.get('title') or '重要新闻')}")  # a standing heading
        out += ["  items:"] + [f"    - {placeholder('简讯')}" for _ in b.get("items") or [1]]
        return out, True


KIND = BriefsKind()

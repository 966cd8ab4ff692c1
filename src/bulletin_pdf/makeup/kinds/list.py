"""Numbered list: a heading and entries whose numbers hang in a field of their own.

Model and keys: model/kinds/list.py. Set here: the numbers right-aligned in their field,
wrapped lines aligned with the text, the entries flowing balanced through the span's
columns; with the layout's `list_box`, in a ruled box with every column inset by half a
character. Shapes: one per span, its natural height (the base class's).
"""

from __future__ import annotations

from bulletin_pdf.makeup.blocks import Entry, Setting
from bulletin_pdf.makeup.kinds.base import BlockKind, PageContext, hint_lines, placeholder
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import Item


class ListKind(BlockKind):
    model = m.NumberedList

    def set(self, block: m.NumberedList, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        setter, lay = ctx.setter, ctx.setter.layout
        span, max_rows = shape.span, shape.rows
        width = lay.span_width(0, span)
        head_rows, head = setter.head_group(
            [(block.title.value, "list_title", block.title.where)], width
        )
        items: list[Item] = list(setter.text_items(head, block_id))
        st = setter.style("list")
        # numbers hang in a field of their own, right-aligned; wrapped lines align with the text.
        # In a box (layout list_box) every column is inset by half a character on both sides.
        pad = 0.5 * lay.body.size if lay.list_box else 0.0
        num_w = 2.0 * st.size if len(block.items) >= 10 else 1.5 * st.size
        entries: list[Entry] = []
        for n, text in enumerate(block.items, 1):
            lines = setter.set_text(
                text.value, "list", lay.column_width - num_w - 2 * pad, text.where, indent=0.0
            )
            number = setter.set_text(
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
            return setter.flowed(
                entries, span, head_rows, items, block_id, max_rows, block.title.value
            )
        setting = setter.flowed(
            entries, span, head_rows, items, block_id, max_rows - 1, block.title.value
        )
        setting.rows += 1  # a row of air above the box's foot rule
        setting.items.insert(
            0,
            setter.ruled_frame(width, setting.rows * setter.pitch - 0.3 * setter.pitch, block_id),
        )
        return setting

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        out = ["- type: list", *hint_lines(b), f"  title: {placeholder('标题')}"]
        out += ["  items:"] + [f"    - {placeholder()}" for _ in b.get("items") or [1]]
        return out, True


KIND = ListKind()

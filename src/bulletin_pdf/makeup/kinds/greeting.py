"""Greeting: a letter such as 新春贺词 — salutation, text, signature lines flush right.

Model and keys: model/kinds/greeting.py. Set here: the heading, the salutation kept with
the first paragraph, the text flowing balanced through the span's columns, the signature
kept together with the last paragraph. Shapes: one per span, its natural height.
"""

from __future__ import annotations

from bulletin_pdf.makeup.blocks import Entry, Setting
from bulletin_pdf.makeup.kinds.base import BlockKind, PageContext, hint_lines, placeholder
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import Item


class GreetingKind(BlockKind):
    model = m.Greeting

    def set(self, block: m.Greeting, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        setter, lay = ctx.setter, ctx.setter.layout
        span = shape.span
        width = lay.span_width(0, span)
        head_rows, head = setter.head_group(
            [(block.title.value, "greeting_title", block.title.where)], width
        )
        items: list[Item] = list(setter.text_items(head, block_id))
        entries: list[Entry] = []
        if block.salutation:
            entries += setter.body_entries([block.salutation], "salutation", indent=0.0)
            for e in entries:
                e.keep_with_next = True
        entries += setter.body_entries(block.body, "greeting")
        sig: list[Entry] = []
        for text in block.signature:
            for line in setter.set_text(
                text.value, "signature", lay.column_width, text.where, align="right", indent=0.0
            ):
                sig.append(
                    Entry([(0.0, line, "signature")], keep_with_next=True, chars=len(line.text))
                )
        if sig:
            sig[-1].keep_with_next = False
            entries[-1].keep_with_next = True  # the signature follows the last paragraph
        entries += sig
        return setter.flowed(
            entries, span, head_rows, items, block_id, shape.rows, block.title.value
        )

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        out = ["- type: greeting", *hint_lines(b), f"  title: {placeholder('标题')}"]
        if b.get("salutation"):
            out.append(f"  salutation: {placeholder('称呼')}")
        out += ["  body: |", f"    {placeholder('正文')}"]
        if b.get("signature"):
            signature = b["signature"] if isinstance(b["signature"], list) else [b["signature"]]
            out += ["  signature:"] + [f"    - {placeholder()}" for _ in signature]
        return out, True


KIND = GreetingKind()

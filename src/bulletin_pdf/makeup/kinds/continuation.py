"""Continuation: the rest of a continued article on a later page, under a 续题.

Model and keys: model/kinds/continuation.py. Set here: the article's title again (title2; title_one_column one column wide),
then 上接第N版 and the text the article did not keep on its page, flowing balanced through
the span's columns. The text waits in the page context (`ctx.carried`); with none there (the
article fitted its own page) the block is empty and make-up warns. Shapes: one per span, its
natural height.
"""

from __future__ import annotations

from bulletin_pdf.errors import Where
from bulletin_pdf.makeup.blocks import Entry, Setting
from bulletin_pdf.makeup.kinds.base import BlockKind, PageContext, hint_lines
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import Item


class ContinuationKind(BlockKind):
    model = m.Continuation

    def set(self, block: m.Continuation, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        setter = ctx.setter
        art, entries, from_page = ctx.carried[block.article_id]
        width = setter.layout.span_width(0, shape.span)
        role = "title_one_column" if shape.span == 1 else "title2"
        head_rows, head = setter.head_group([(art.title.value, role, art.title.where)], width)
        items: list[Item] = list(setter.text_items(head, block_id))
        jump = setter.set_text(
            f"（上接第{from_page}版）",
            "jump",
            setter.layout.column_width,
            None,
            align="left",
            indent=0.0,
        )
        entries = [Entry([(0.0, jump[0], "jump")], keep_with_next=True), *entries]
        return setter.flowed(
            entries, shape.span, head_rows, items, block_id, shape.rows, art.title.value
        )

    def shapes(
        self, block: m.Continuation, ctx: PageContext, spans: list[int], max_rows: int
    ) -> list[Shape]:
        return [] if self.empty(block, ctx) else super().shapes(block, ctx, spans, max_rows)

    def empty(
        self, block: m.Continuation, ctx: PageContext
    ) -> tuple[str, Where | None, str] | None:
        if block.article_id in ctx.carried:
            return None
        return (
            f"continuation of '{block.article_id}' is empty: the article fitted on its own page",
            block.where,
            # the loader refuses either alone: a continued article needs its continuation
            "remove this continuation block and the continued: true of article "
            f"'{block.article_id}'",
        )

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        return [
            "- type: continuation",
            f"  article: {b['article']}",
            *hint_lines(b, hints=("columns",)),
        ], True


KIND = ContinuationKind()

"""Quote: a pull quote or 编者按 in a frame, beside or above an article.

Model and keys: model/kinds/quote.py. Set here: the text across the whole span (less half a
character each side inside a tint or a box; a quote of one line centred on it, a display
line), in the quote style (楷体) or quote_hei (黑体), at its own leading like a headline,
centred in whole rows; a label (编者按) run in before the first line in the quote_label
style, followed by a colon; the source flush right under the text. The frame: a heavy rule
above and a thin one below (rule), a tinted ground (tint) or a ruled box (box), ending 0.3
row above the block's foot like the briefs box. Lines that do not fit `shape.rows` are
overset, from the last. Shapes: for each span its natural height, and one or two rows taller
with the air inside the frame, the text still centred (the choice `("air", rows)`): a pull
quote is a filler's way of closing a page's last rows."""

from __future__ import annotations

import math

from bulletin_pdf.makeup.blocks import Entry, Setting
from bulletin_pdf.makeup.kinds.base import (
    FramedKind,
    PageContext,
    frame_air,
    hint_lines,
    placeholder,
    quoted,
)
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model.display import Item, Line, RuleItem, TextItem, item_extent
from bulletin_pdf.model.kinds.quote import Quote

HEAVY_RULE = 3.0  # × the layout's rule width: the rule over a quote
FOOT_GAP = 0.3  # rows left free under the frame (the briefs box's)


class QuoteKind(FramedKind):
    model = Quote

    def white(self, block: Quote, setting: Setting, ctx: PageContext) -> int:
        """As any kind's, but a quote between two rules whose text leaves a grid column bare
        (a short quote across a wide span) counts that column's depth as white: nothing but
        the rules would stand in it, a hole (a tint or a box covers its columns)."""
        white = super().white(block, setting, ctx)
        if block.frame != "rule" or setting.span == 1:
            return white
        bare = bare_columns(setting, setting.span, ctx.setter.layout)
        return white + bare * (setting.rows - 1)

    def set(self, block: Quote, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        setter, lay = ctx.setter, ctx.setter.layout
        pitch = setter.pitch
        width = lay.span_width(0, shape.span)
        pad = 0.0 if block.frame == "rule" else 0.5 * lay.body.size
        measure = width - 2 * pad
        role = "quote_hei" if block.face == "hei" else "quote"
        st = setter.style(role)

        # the label runs in: the first line is indented by its width and a colon's
        label_line: Line | None = None
        indent = 0.0
        if block.label:
            label_line = setter.set_text(
                block.label.value + "：",
                "quote_label",
                measure,
                block.label.where,
                align="left",
                indent=0.0,
            )[0]
            indent = label_line.right / st.size
        lines: list[tuple[Line, str]] = []
        for i, para in enumerate(block.text):
            first_indent = indent if i == 0 else st.indent
            lines += [
                (ln, role)
                for ln in setter.set_text(
                    para.value, role, measure, para.where, indent=first_indent
                )
            ]
        if len(lines) == 1 and label_line is None:  # a display line: centred on the span
            para = block.text[0]
            lines = [
                (ln, role)
                for ln in setter.set_text(
                    para.value, role, measure, para.where, align="center", indent=0.0
                )
            ]
        source: list[Line] = []
        if block.source:
            source = setter.set_text(
                block.source.value,
                "quote_source",
                measure,
                block.source.where,
                align="right",
                indent=0.0,
            )
        sst = setter.style("quote_source")

        top_pad = (0.6 if block.frame == "rule" else 0.5) * pitch
        bottom_pad = 0.45 * pitch + FOOT_GAP * pitch

        def height(n_text: int, with_source: bool) -> float:
            h = top_pad + n_text * st.leading + bottom_pad
            return h + (0.2 * pitch + len(source) * sst.leading if with_source and source else 0)

        # what fits in shape.rows: the text from the first line, then the source
        keep, with_source = len(lines), True
        while keep > 0 and height(keep, with_source) > shape.rows * pitch + 1e-6:
            if with_source and source:
                with_source = False
            else:
                keep -= 1
        overset = [Entry([(0.0, ln, r)], chars=len(ln.text)) for ln, r in lines[keep:]]
        if not with_source:
            overset += [Entry([(0.0, ln, "quote_source")], chars=len(ln.text)) for ln in source]
        rows = max(1, math.ceil(height(keep, with_source) / pitch - 1e-6))
        rows = min(rows, shape.rows) if shape.rows > 0 else rows
        if shape.rows > 0 and keep == len(lines) and with_source:  # all set: air, if room
            rows = min(rows + frame_air(shape), shape.rows)

        items: list[Item] = []
        frame_h = rows * pitch - FOOT_GAP * pitch
        if block.frame == "tint":
            items.append(setter.tint_area(width, frame_h, block_id))
        elif block.frame == "box":
            items.append(setter.ruled_frame(width, frame_h, block_id))
        else:
            heavy = HEAVY_RULE * lay.rule_width
            items.append(
                RuleItem(0, heavy / 2, width, heavy / 2, heavy, role="quote-rule", block=block_id)
            )
            items.append(
                RuleItem(
                    0, frame_h, width, frame_h, lay.rule_width, role="quote-rule", block=block_id
                )
            )
        # the text block centred in the space the frame leaves
        # the text centred between the frame's top and bottom padding
        used = height(keep, with_source) - top_pad - bottom_pad
        inner = frame_h - top_pad - (bottom_pad - FOOT_GAP * pitch)
        y = top_pad + (inner - used) / 2
        for n, (line, r) in enumerate(lines[:keep]):
            baseline = y + setter.baseline_in(st.leading, st)
            if n == 0 and label_line is not None:
                lst = setter.style("quote_label")
                items.append(
                    TextItem(pad, baseline, label_line, lst.color, "quote_label", block_id)
                )
            items.append(TextItem(pad, baseline, line, st.color, r, block_id))
            y += st.leading
        if with_source and source:
            y += 0.2 * pitch
            for line in source:
                baseline = y + setter.baseline_in(sst.leading, sst)
                items.append(TextItem(pad, baseline, line, sst.color, "quote_source", block_id))
                y += sst.leading
        title = block.label.value if block.label else block.text[0].value[:12]
        return Setting(block_id, shape.span, rows, items, overset, title=title)

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        out = ["- type: quote", *hint_lines(b)]
        if b.get("label"):
            out.append(f"  label: {quoted(b['label'])}")  # a standing label: 编者按
        for k in ("face", "frame"):
            if b.get(k):
                out.append(f"  {k}: {b[k]}")
        out += ["  text: |", f"    {placeholder('引语')}"]
        if b.get("source"):
            out.append(f"  source: {placeholder('出处')}")
        return out, True


KIND = QuoteKind()


def bare_columns(setting: Setting, span: int, layout) -> int:
    """The grid columns of a setting that no line of text reaches into."""
    step = layout.column_width + layout.gutter
    touched = [False] * span
    for item in setting.items:
        box = item_extent(item) if isinstance(item, TextItem) else None
        if box is not None:
            x0, x1 = box[0], box[2]
            for j in range(span):
                if x0 < j * step + layout.column_width - 1 and x1 > j * step + 1:
                    touched[j] = True
    return touched.count(False)

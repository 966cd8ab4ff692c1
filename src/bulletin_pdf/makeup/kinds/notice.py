"""Notice: a title bar and short lines in a box, on the baseline grid.

Model and keys: model/kinds/notice.py. Set here: the title centred in a bar of whole rows
(tinted in a ruled box, or ruled off on a tinted ground), the lines in the notice style one
to a grid row, inset half a character from the frame; with `table`, each line a row with its
name flush left and its number flush right (a name too long for the row wraps, the number
stands on its last line; a line without a colon runs across the row). A row of air above the
frame's foot, like the briefs box. Lines that do not fit are overset. In a box of 3 columns
or more the lines are set in 2 or 3 inner columns, like a briefs box's items (some 14–24
characters a line); one measure across the box only to close a page (lines of 40–70
characters read badly: it costs more than a hint). Shapes: for each span and inner column
count its natural height, and one or two rows taller with the lines centred in whole rows
between the bar and the foot (the choice `(inner columns[, "air", rows])`).

`new` keeps a notice's title, and a table's lines as they are (a hotline table stands from
issue to issue); other lines become placeholders.
"""

from __future__ import annotations

from bulletin_pdf.makeup.blocks import Entry, Setting
from bulletin_pdf.makeup.kinds.base import (
    FramedKind,
    PageContext,
    frame_air,
    hint_lines,
    inner_columns,
    placeholder,
    quoted,
)
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model.display import Item, RuleItem
from bulletin_pdf.model.kinds.notice import Notice
from bulletin_pdf.model.text import Text

MIN_NAME_EM = 3  # a row's name needs this much room beside its number, or the number goes below


ONE_MEASURE_COST = 120.0  # a wide notice in one measure: only where nothing else fills


class NoticeKind(FramedKind):
    model = Notice

    def choices(self, block: Notice, ctx: PageContext, span: int, max_rows: int):
        counts = inner_columns(span)
        if counts[0][0] > 1:
            counts = [*counts, (1, ONE_MEASURE_COST)]
        return self.with_air([((n,), cost) for n, cost in counts])

    def set(self, block: Notice, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        setter, lay = ctx.setter, ctx.setter.layout
        width = lay.span_width(0, shape.span)
        pad = 0.5 * lay.body.size
        head_rows, head = setter.head_group(
            [(block.title.value, "notice_title", block.title.where)], width, min_pad=0.6
        )
        n = shape.choice[0] if shape.choice else inner_columns(shape.span)[0][0]
        gap = lay.gutter
        measure = (width - 2 * pad - (n - 1) * gap) / n
        entries: list[Entry] = []
        for text in block.lines:
            entries += self._row(block, setter, text, measure, 0.0)
        bottom, placed, rest = setter.flow(entries, n, [head_rows] * n, max_rows=shape.rows - 1)
        rows = bottom + 1  # a row of air above the frame's foot
        air = min(frame_air(shape), shape.rows - rows) if not rest else 0
        if air > 0:  # the lines centred in whole rows, the odd row of air at the foot
            bottom, placed, rest = setter.flow(
                entries, n, [head_rows + air // 2] * n, max_rows=shape.rows - 1
            )
            rows = bottom + 1 + air - air // 2
        frame_h = rows * setter.pitch - 0.3 * setter.pitch
        bar_h = head_rows * setter.pitch
        items: list[Item] = []
        if block.frame == "tint":
            items.append(setter.tint_area(width, frame_h, block_id))
            items.append(
                RuleItem(
                    pad,
                    bar_h,
                    width - pad,
                    bar_h,
                    lay.rule_width,
                    role="notice-rule",
                    block=block_id,
                )
            )
        else:  # the tinted bar first, the box's rule over its edge
            items.append(setter.tint_area(width, bar_h, block_id))
            items.append(setter.ruled_frame(width, frame_h, block_id))
        items += setter.text_items(head, block_id)
        items += setter.flow_items(placed, block_id, col_x=lambda j: pad + j * (measure + gap))
        return Setting(block_id, shape.span, rows, items, rest, title=block.title.value)

    def _row(self, block: Notice, setter, text: Text, measure: float, pad: float) -> list[Entry]:
        """The grid rows one line of the notice takes."""
        size = setter.style("notice").size
        name, number = _split(text.value)
        if not (block.table and number):
            lines = setter.set_text(text.value, "notice", measure, text.where, indent=0.0)
            return [
                Entry(
                    [(pad, line, "notice")],
                    para_first=i == 0,
                    para_last=i == len(lines) - 1,
                    chars=len(line.text),
                )
                for i, line in enumerate(lines)
            ]
        value = setter.set_text(number, "notice", measure, text.where, align="right", indent=0.0)
        value_width = value[0].right - value[0].glyphs[0].x if value[0].glyphs else 0.0
        room = measure - value_width - size
        if len(value) > 1 or room < MIN_NAME_EM * size:
            # no room beside the number: the name, then the number flush right under it
            names = setter.set_text(name, "notice", measure, text.where, align="left", indent=0.0)
            rows = [[(pad, line, "notice")] for line in names] + [
                [(pad, line, "notice")] for line in value
            ]
        else:
            names = setter.set_text(name, "notice", room, text.where, align="left", indent=0.0)
            rows = [[(pad, line, "notice")] for line in names]
            rows[-1].append((pad, value[0], "notice"))  # as a contents page: on the last line
        return [
            Entry(
                parts,
                para_first=i == 0,
                para_last=i == len(rows) - 1,
                keep_with_next=i < len(rows) - 1,
                chars=sum(len(p[1].text) for p in parts),
            )
            for i, parts in enumerate(rows)
        ]

    def scaffold(self, b: dict) -> tuple[list[str], bool]:
        out = ["- type: notice", *hint_lines(b), f"  title: {quoted(b.get('title') or '便民信息')}"]
        for k in ("table", "frame"):
            if b.get(k) is not None:
                out.append(f"  {k}: {str(b[k]).lower() if isinstance(b[k], bool) else b[k]}")
        lines = b.get("lines") or [""]
        if b.get("table"):  # a hotline table stands from issue to issue
            out += ["  lines:"] + [f"    - {quoted(line)}" for line in lines]
        else:
            out += ["  lines:"] + [f"    - {placeholder()}" for _ in lines]
        return out, True


def _split(line: str) -> tuple[str, str]:
    """'物业报修：6431 2288' → ('物业报修', '6431 2288'); (line, '') without a colon. The number
    follows the last full-width colon ('咨询点（9:00—16:00）：6431 2046'), else the first
    ASCII one."""
    at = line.rfind("：")
    if at < 0:
        at = line.find(":")
    name, number = line[:at].strip(), line[at + 1 :].strip()
    return (name, number) if at >= 0 and name and number else (line, "")


KIND = NoticeKind()

"""Page furniture: the masthead (报头) on page 1, the running head (报眉) on the others, a
folio on every page and the imprint (版权栏) an internal newsletter must print on its last.
All of it stands inside the type area, on the page grid.
"""

from __future__ import annotations

import datetime as _dt

from bulletin_pdf.errors import InputError, Where
from bulletin_pdf.makeup.blocks import Setter
from bulletin_pdf.makeup.grid import FOLIO_ROWS, PageGrid
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.display import ImageItem, Line, PageList, RuleItem, TextItem
from bulletin_pdf.model.layout import MM

WEEKDAYS = "一二三四五六日"
MASTHEAD_ROWS = 7
RUNNING_HEAD_ROWS = 2
MASTHEAD_HEAVY_RULE = 4  # × rule_width: the thick half of the masthead's thick-and-thin pair


def chinese_date(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


# --------------------------------------------------------------------------- set blocks


def page_furniture(
    setter: Setter, issue: m.Issue, pl: PageList, grid: PageGrid, pno: int, n_pages: int
) -> None:
    """Masthead on page 1, running head on the others, folio on every page, imprint on the last."""
    lay = setter.layout
    width = lay.type_width
    x0, y0 = lay.margin_inner, lay.margin_top
    if pno == 1:
        rows = _masthead(setter, issue, pl, x0, y0, width)
        grid.take(0, lay.columns, 0, rows)
        grid.head_rows = rows
    else:
        _running_head(setter, issue, pl, pno, x0, width)
        ry = y0 + 1.35 * lay.pitch
        pl.add(
            RuleItem(
                x0, ry, x0 + width, ry, lay.rule_width, role="running-head-rule", block="furniture"
            )
        )
        grid.take(0, lay.columns, 0, RUNNING_HEAD_ROWS)
        grid.head_rows = RUNNING_HEAD_ROWS
    folio = setter.set_text(f"第{pno}版", "folio", width, None, align="center", indent=0.0)[0]
    pl.add(
        TextItem(
            x0,
            setter.baseline_y(lay.lines - 1),
            folio,
            setter.style("folio").color,
            "folio",
            "furniture",
        )
    )
    grid.take(0, lay.columns, lay.lines - FOLIO_ROWS, FOLIO_ROWS)
    if pno == n_pages and issue.imprint is not None:
        _imprint(setter, issue, pl, grid)


def _masthead(
    setter: Setter, issue: m.Issue, pl: PageList, x0: float, y0: float, width: float
) -> int:
    lay = setter.layout
    nl = issue.newsletter
    rows = int(lay.extra.get("masthead_rows", MASTHEAD_ROWS))
    pitch = lay.pitch
    name_st = setter.style("masthead")
    name_w = width * 0.55
    band = (rows - 1) * pitch
    if nl.logo is not None:
        # the newsletter's own artwork in place of the typeset name, as tall as the band
        px_w, px_h = setter.image_info(nl.logo, nl.name.where)
        logo_w = min(name_w, (band - 0.5 * pitch) * px_w / px_h)
        logo_h = logo_w * px_h / px_w
        pl.add(
            ImageItem(
                x0,
                y0 + (band - logo_h) / 2,
                logo_w,
                logo_h,
                nl.logo,
                role="masthead-logo",
                block="masthead",
            )
        )
    else:
        name = _one_line(
            setter,
            nl.name.value,
            "masthead",
            name_w,
            nl.name.where,
            "the newsletter's name",
            "the masthead's name space",
            "shorten the name, set the masthead style's size smaller in the layout, or give "
            "the masthead artwork as newsletter.logo",
        )
        name_base = y0 + setter.baseline_in(band, name_st)
        pl.add(TextItem(x0, name_base, name, name_st.color, "masthead", "masthead"))
    number = f"第{issue.number}期" + (
        f"（总第{issue.total_number}期）" if issue.total_number else ""
    )
    # (text, where it comes from, what it is): each line must fit the info column whole
    info: list[tuple[str, Where | None, str]] = []
    if nl.publisher:
        info.append((f"主办：{nl.publisher.value}", nl.publisher.where, "the publisher (主办)"))
    info.append((number, None, "the issue number"))
    info.append((chinese_date(issue.date), None, "the date"))
    if nl.permit:
        info.append((f"准印证号：{nl.permit.value}", nl.permit.where, "the permit (准印证号)"))
    if nl.url:
        info.append((nl.url.value, nl.url.where, "the web address (newsletter.url)"))
    if nl.internal:
        info.append(("内部资料 免费交流", None, "内部资料 免费交流"))
    if len(info) > rows - 1:
        raise InputError(
            f"the masthead's {len(info)} information lines (publisher, number, date, permit, "
            f"web address, 内部资料) do not fit its {rows - 1} rows",
            nl.name.where,
            "leave out the web address or shorten the publisher, or give the masthead more "
            "rows (extra: masthead_rows in the layout)",
        )
    info_w = lay.span_width(0, 2)
    ix = x0 + width - info_w
    first_row = max(0, (rows - 1 - len(info)) // 2)
    for i, (text, where, what) in enumerate(info):
        role = "masthead_info"
        line = _one_line(
            setter,
            text,
            role,
            info_w,
            where or nl.name.where,
            what,
            "the masthead's information column",
            "shorten it (the column beside the name is two columns wide), or leave it out",
        )
        pl.add(
            TextItem(
                ix,
                setter.baseline_y(first_row + i),
                line,
                setter.style(role).color,
                "masthead-info",
                "masthead",
            )
        )
    # a thick and a thin rule (文武线) close the masthead in its last row; the thick one is
    # the only rule not at the layout's width, and follows it
    y_thick = y0 + (rows - 0.75) * pitch
    pl.add(
        RuleItem(
            x0,
            y_thick,
            x0 + width,
            y_thick,
            MASTHEAD_HEAVY_RULE * lay.rule_width,
            role="masthead-rule",
            block="masthead",
        )
    )
    y_thin = y_thick + 2.5
    pl.add(
        RuleItem(
            x0, y_thin, x0 + width, y_thin, lay.rule_width, role="masthead-rule", block="masthead"
        )
    )
    return rows


def _one_line(
    setter: Setter,
    text: str,
    role: str,
    measure: float,
    where: Where | None,
    what: str,
    space: str,
    fix: str,
) -> Line:
    """`text` set on one line of `measure`; an InputError instead of a line that would be cut
    (furniture has one line for each field, and nothing is dropped silently)."""
    lines = setter.set_text(text, role, measure, where, align="left", indent=0.0)
    if len(lines) > 1:
        size = setter.style(role).size
        kept = lines[0].text
        raise InputError(
            f"{what} “{text}” does not fit {space} ({measure / MM:.0f} mm at {size:g} pt): "
            f"only “{kept}” would be printed",
            where,
            fix,
        )
    return lines[0]


RUNNING_HEAD_GAP = 1.0  # em of the running head's size kept clear between its three parts


def _running_head(
    setter: Setter, issue: m.Issue, pl: PageList, pno: int, x0: float, width: float
) -> None:
    """第N版 · section on the left, the name in the middle, the date on the right: each on one
    line, and none running into the next."""
    page = issue.pages[pno - 1]
    section_where = page.section.where if page.section else page.where
    name = issue.newsletter.name
    left = f"第{pno}版" + (f" · {pl.section}" if pl.section else "")
    parts = []
    for text, align, where, what in (
        (left, "left", section_where, f"the running head of page {pno} (第{pno}版 · section)"),
        (name.value, "center", name.where, "the newsletter's name in the running head"),
        (chinese_date(issue.date), "right", None, "the date in the running head"),
    ):
        lines = setter.set_text(text, "running_head", width, where, align=align, indent=0.0)
        if len(lines) > 1:
            raise InputError(
                f"{what} “{text}” is wider than the page's type area",
                where,
                "shorten it",
            )
        parts.append(lines[0])
    gap = RUNNING_HEAD_GAP * setter.style("running_head").size
    spans = [(line.glyphs[0].x if line.glyphs else 0.0, line.right) for line in parts]
    if spans[0][1] + gap > spans[1][0]:
        raise InputError(
            f"the section name “{pl.section}” in the running head of page {pno} runs into the "
            f"newsletter's name “{name.value}” printed in its middle",
            section_where,
            "shorten the section name (a 版名 is two to four characters, e.g. 要闻, 社区)",
        )
    if spans[1][1] + gap > spans[2][0]:
        raise InputError(
            f"the newsletter's name “{name.value}” in the running head of page {pno} runs into "
            "the date printed on its right",
            name.where,
            "shorten the newsletter's name",
        )
    for line in parts:
        pl.add(
            TextItem(
                x0,
                setter.baseline_y(0),
                line,
                setter.style("running_head").color,
                "running-head",
                "furniture",
            )
        )


def _imprint(setter: Setter, issue: m.Issue, pl: PageList, grid: PageGrid) -> None:
    lay = setter.layout
    imp = issue.imprint
    assert imp is not None  # called only for an issue that has one
    bits = []
    if imp.editor:
        bits.append(f"编印单位：{imp.editor.value}")
    if imp.audience:
        bits.append(f"发送对象：{imp.audience.value}")
    if imp.printer:
        bits.append(f"印刷单位：{imp.printer.value}")
    if imp.print_date:
        d = imp.print_date
        bits.append(f"印刷日期：{d.year}年{d.month}月{d.day}日")
    if imp.copies:
        bits.append(f"印数：{imp.copies}份")
    number = f"{issue.date.year}年第{issue.number}期" + (
        f"（总第{issue.total_number}期）" if issue.total_number else ""
    )
    bits.append(f"期号：{number}")
    if issue.newsletter.permit:
        bits.append(f"准印证号：{issue.newsletter.permit.value}")
    if imp.address:
        bits.append(f"地址：{imp.address.value}")
    text = "　".join(bits)
    lines = setter.set_text(text, "imprint", lay.type_width, imp.where, align="left", indent=0.0)
    rows = len(lines) + 1
    top = lay.lines - FOLIO_ROWS - rows
    y_rule = lay.margin_top + (top + 0.5) * lay.pitch
    pl.add(
        RuleItem(
            lay.margin_inner,
            y_rule,
            lay.margin_inner + lay.type_width,
            y_rule,
            lay.rule_width,
            role="imprint-rule",
            block="imprint",
        )
    )
    for i, line in enumerate(lines):
        pl.add(
            TextItem(
                lay.margin_inner,
                setter.baseline_y(top + 1 + i),
                line,
                setter.style("imprint").color,
                "imprint",
                "imprint",
            )
        )
    grid.take(0, lay.columns, top, rows)

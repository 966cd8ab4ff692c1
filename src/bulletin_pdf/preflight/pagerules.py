"""The rules read off one page's content scan: transparency, features the standard forbids,
overprint, image resolution, and the smallest text and thinnest rules by colour."""

from __future__ import annotations

from bulletin_pdf.preflight import colour as ink
from bulletin_pdf.preflight.colour import forbidden, rgb_alternate
from bulletin_pdf.preflight.content import PageScan
from bulletin_pdf.preflight.report import ERROR, NOTE, WARNING, PreflightReport

LINE_ART_PPI = 600.0
# (error below, warning below) in pt, by how many inks the colour lays down
TEXT_MIN_PT = {
    ink.ONE_INK: (5.0, 6.0),
    ink.SEVERAL_INKS: (5.0, 7.0),
    ink.RICH_BLACK: (12.0, 12.0),
    ink.REGISTRATION: (12.0, 12.0),
}
RULE_MIN_PT = {
    ink.ONE_INK: (0.25, 0.25),
    ink.SEVERAL_INKS: (0.25, 0.5),
    ink.RICH_BLACK: (1.0, 1.0),
    ink.REGISTRATION: (1.0, 1.0),
}


def check_page(scan: PageScan, report: PreflightReport, family: str, min_ppi: float) -> None:
    n = scan.page.number
    std = report.standard
    report.images.extend(scan.images)
    if scan.transparency:
        what = "; ".join(dict.fromkeys(t for t, _ in scan.transparency))
        where = scan.transparency[0][1]
        if family == "X-4":
            report.add(
                NOTE,
                "transparency.none",
                f"transparency (allowed in PDF/X-4): {what}",
                "",
                n,
                where,
            )
        else:
            report.add(
                ERROR,
                "transparency.none",
                f"transparency, which {std} forbids: {what}",
                "remove opacity, blend modes and soft masks (flatten images onto white) and "
                "export again",
                n,
                where,
            )
    x1a = family == "X-1a"
    for items, rule, message, fix, only_x1a in (
        (
            scan.transfer,
            "pdfx.halftone",
            "transfer functions in a graphics state",
            "remove them; the press's curves belong to the RIP",
            True,
        ),
        (
            scan.halftones,
            "pdfx.halftone",
            "halftone screens in a graphics state",
            "remove them; screening belongs to the RIP",
            True,
        ),
        (
            scan.postscript,
            "pdfx.postscript",
            "PostScript code (PS XObject or operator)",
            "remove it; PDF/X allows no PostScript",
            False,
        ),
        (
            scan.optional_content,
            "pdfx.features",
            "optional content (layers), a PDF 1.5 feature",
            "flatten the layers",
            True,
        ),
        (
            scan.alternates,
            "pdfx.alternates",
            "alternate images or OPI links",
            "place the final image itself",
            True,
        ),
        (
            scan.sixteen_bit,
            "pdfx.features",
            "a 16-bit image, a PDF 1.5 feature",
            "save images at 8 bits per channel",
            True,
        ),
        (
            scan.jpx,
            "colour.jpeg2000",
            "a JPEG 2000 (JPXDecode) image, a PDF 1.5 feature",
            "re-save the image as JPEG or ZIP",
            True,
        ),
    ):
        if items and (x1a or not only_x1a):
            report.add(
                ERROR, rule, f"{message}, which {std} forbids ({len(items)}×)", fix, n, items[0]
            )
    for problem in scan.unreadable:
        report.add(
            ERROR,
            "structure.content",
            f"a content stream cannot be read: {problem}",
            "re-export the PDF from its source program",
            n,
        )
    if scan.white_overprint:
        report.add(
            ERROR,
            "colour.white-overprint",
            f"{len(scan.white_overprint)} white (0/0/0/0) object(s) set to overprint: with overprint "
            "mode 1 they vanish on press",
            "turn overprint off for white and light elements (overprint only 100% K text and "
            "black rules)",
            n,
            scan.white_overprint[0],
        )
    if scan.knockout_black:
        report.add(
            WARNING,
            "colour.black-overprint",
            f"{len(scan.knockout_black)} runs of 100% K text knock out instead of overprinting; "
            "any misregistration shows a white halo",
            "set fill overprint with overprint mode 1 (op true, OPM 1) for black text",
            n,
            scan.knockout_black[0],
        )
    _images(scan, report, min_ppi)
    _small_things(scan, report)


def _images(scan: PageScan, report: PreflightReport, min_ppi: float) -> None:
    n = scan.page.number
    for img in scan.images:
        if img.ppi < min_ppi:
            report.add(
                ERROR,
                "images.resolution",
                f"image {img.name} ({img.width_px} × {img.height_px} px, {img.placed_mm[0]:g} × "
                f"{img.placed_mm[1]:g} mm) is {img.ppi:.0f} ppi; print needs {min_ppi:.0f}",
                "use a larger original or place it smaller",
                n,
            )
        elif img.bits == 1 and img.ppi < LINE_ART_PPI:
            report.add(
                WARNING,
                "images.resolution",
                f"line art {img.name} is {img.ppi:.0f} ppi; 1-bit art wants {LINE_ART_PPI:.0f} "
                "ppi or more for clean edges",
                "use a higher-resolution scan",
                n,
            )


def _small_things(scan: PageScan, report: PreflightReport) -> None:
    """Text below the size and rules below the width their colour can hold on press. Only
    what lies inside the trim counts: slugs and marks outside are cut away."""
    n = scan.page.number
    trim = scan.page.trim or scan.page.art or scan.page.crop or scan.page.media
    smallest = None
    worst: dict[tuple[str, str, str], tuple[float, str]] = {}
    for mark in scan.marks:
        b = mark.box
        if mark.kind not in ("text", "stroke") or mark.inks == ink.NO_INK:
            continue
        if b[2] < trim[0] or b[0] > trim[2] or b[3] < trim[1] or b[1] > trim[3]:
            continue
        if mark.kind == "text" and mark.size > 0:
            smallest = mark.size if smallest is None else min(smallest, mark.size)
        table = TEXT_MIN_PT if mark.kind == "text" else RULE_MIN_PT
        error_below, warn_below = table.get(mark.inks, table[ink.SEVERAL_INKS])
        if (mark.kind == "stroke" and mark.size <= 0.001) or mark.size < error_below:
            severity = ERROR
        elif mark.size < warn_below:
            severity = WARNING
        else:
            continue
        key = (severity, mark.kind, mark.inks)
        if key not in worst or mark.size < worst[key][0]:
            worst[key] = (mark.size, mark.where)
    scan.page.smallest_text_pt = round(smallest, 2) if smallest else None
    for (severity, kind, inks), (size, where) in sorted(worst.items()):
        if kind == "text":
            limit = TEXT_MIN_PT[inks][0 if severity == ERROR else 1]
            report.add(
                severity,
                "text.min-size",
                f"text in {inks} at {size:.2g} pt; {inks} text needs at least {limit:g} pt",
                "set small text in one ink (100 K), and larger",
                n,
                where,
            )
        else:
            limit = RULE_MIN_PT[inks][0 if severity == ERROR else 1]
            shown = "0 pt (the device's thinnest line)" if size <= 0.001 else f"{size:.2g} pt"
            report.add(
                severity,
                "rules.min-width",
                f"a rule in {inks} at {shown}; {inks} rules need at least {limit:g} pt",
                f"draw rules at {limit:g} pt or more, in one ink",
                n,
                where,
            )


def check_colours(colours: dict, report: PreflightReport, family: str) -> None:
    """Colour spaces over the whole file: label -> (colour, pages, first place)."""
    for label, (colour, pages, where) in sorted(colours.items()):
        if forbidden(colour, family):
            report.add_for_pages(
                ERROR,
                "colour.space",
                f"colour space {label} is not allowed in {report.standard}",
                "convert to CMYK with the press profile before "
                "placing (photos), and use only CMYK, grey or spot colours",
                pages,
                where,
            )
        if family == "X-1a" and rgb_alternate(colour):
            report.add_for_pages(
                ERROR,
                "colour.spot-alternate",
                f"spot colour {label} has an RGB/Lab "
                f"alternate, which {report.standard} forbids; a proof or a press "
                "without that plate uses the alternate",
                "give spot colours CMYK alternates",
                pages,
                where,
            )

"""Where things sit: the page boxes, the trim size, the bleed behind whatever reaches the
trim, text across the cut or too near it, and annotations on the page."""

from __future__ import annotations

from bulletin_pdf.model.layout import MM
from bulletin_pdf.preflight.content import PageScan
from bulletin_pdf.preflight.objects import box_of, dictlike, inside, name_of
from bulletin_pdf.preflight.report import ERROR, NOTE, WARNING, PageReport, PreflightReport

TRIM_TOLERANCE_MM = 0.2
EDGE_MM = 0.1  # an object this close to the trim line reaches it
BLEED_TOLERANCE_MM = 0.1


def check_boxes(page: PageReport, trim_expected, report: PreflightReport) -> None:
    n = page.number
    if page.trim is None and page.art is None:
        report.add(
            ERROR,
            "geometry.trim-box",
            "no TrimBox: the printer cannot tell where the page is cut",
            "set a TrimBox on every page (canvas.setTrimBox in ReportLab)",
            n,
        )
    if page.trim is not None and page.art is not None:
        report.add(
            WARNING,
            "geometry.trim-box",
            "both TrimBox and ArtBox are set; PDF/X wants only one (TrimBox)",
            "remove the ArtBox",
            n,
        )
    if page.bleed is None:
        report.add(
            WARNING,
            "geometry.bleed-box",
            "no BleedBox: the bleed is taken to be the whole media",
            "set a BleedBox (trim + 3 mm, or equal to the trim for presses without bleed)",
            n,
        )
    trim = page.trim or page.art
    if trim is not None:
        outer = page.bleed or page.media
        if not inside(trim, outer):
            report.add(
                ERROR,
                "geometry.boxes-nest",
                "the TrimBox reaches outside the " + ("BleedBox" if page.bleed else "MediaBox"),
                "make the trim lie inside the bleed and the media",
                n,
            )
        w, h = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
        if trim_expected is not None:
            ew, eh = trim_expected
            if abs(w - ew) > TRIM_TOLERANCE_MM or abs(h - eh) > TRIM_TOLERANCE_MM:
                report.add(
                    ERROR,
                    "geometry.trim-size",
                    f"trim is {w:.1f} × {h:.1f} mm, the printer expects {ew:g} × {eh:g} mm",
                    "set the layout's trim to the printer's size",
                    n,
                )
    if page.bleed is not None and not inside(page.bleed, page.media):
        report.add(
            ERROR,
            "geometry.boxes-nest",
            "the BleedBox reaches outside the MediaBox",
            "enlarge the media",
            n,
        )
    if page.crop is not None and trim is not None and not inside(trim, page.crop):
        report.add(
            WARNING,
            "geometry.boxes-nest",
            "the CropBox cuts into the trim area",
            "remove the CropBox",
            n,
        )
    if page.rotate:
        report.add(NOTE, "geometry.rotate", f"the page is rotated by {page.rotate}°", "", n)


def report_trim_sizes(report: PreflightReport, trim_expected) -> None:
    trims = sorted({p.trim_mm for p in report.pages if p.trim_mm})
    if len(trims) > 1:
        report.add(
            WARNING,
            "geometry.same-trim",
            "pages have different trim sizes: " + ", ".join(f"{w} × {h} mm" for w, h in trims),
            "give every page the same trim",
        )
    elif trims and trim_expected is None:
        w, h = trims[0]
        report.add(
            NOTE,
            "geometry.trim-size",
            f"trim is {w:g} × {h:g} mm (not checked: give the "
            "printer's size with --trim or --layout)",
            "",
        )


def check_reach(scan: PageScan, report: PreflightReport, bleed_mm: float, safety_mm: float) -> None:
    """Bleed where anything reaches the trim, text across the cut or near it."""
    page = scan.page
    trim = page.trim or page.art
    if trim is None:
        return
    n = page.number
    bleed_box = page.bleed or page.media
    edge, need = EDGE_MM * MM, bleed_mm * MM
    short: dict[str, tuple[float, str]] = {}  # side -> (shortest run past the trim, where)
    across = near = in_bleed = 0
    first_across = first_near = first_bleed = ""
    for mark in scan.marks:
        if mark.inks == "no ink":
            continue
        b = mark.box
        if b[2] < bleed_box[0] or b[0] > bleed_box[2] or b[3] < bleed_box[1] or b[1] > bleed_box[3]:
            continue  # outside the bleed: slug, marks, cut away by design
        if mark.kind == "text":
            outside = (
                b[2] <= trim[0] + edge
                or b[0] >= trim[2] - edge
                or b[3] <= trim[1] + edge
                or b[1] >= trim[3] - edge
            )
            crosses = not outside and (
                b[0] < trim[0] - edge
                or b[2] > trim[2] + edge
                or b[1] < trim[1] - edge
                or b[3] > trim[3] + edge
            )
            gap = min(b[0] - trim[0], trim[2] - b[2], b[1] - trim[1], trim[3] - b[3])
            if outside:
                in_bleed += 1
                first_bleed = first_bleed or mark.where
            elif crosses:
                across += 1
                first_across = first_across or mark.where
            elif gap < safety_mm * MM:
                near += 1
                first_near = first_near or f"{mark.where} ({gap / MM:.1f} mm from the cut)"
            continue
        for side, reach, past in (
            ("left", b[0] <= trim[0] + edge and b[2] > trim[0], trim[0] - b[0]),
            ("bottom", b[1] <= trim[1] + edge and b[3] > trim[1], trim[1] - b[1]),
            ("right", b[2] >= trim[2] - edge and b[0] < trim[2], b[2] - trim[2]),
            ("top", b[3] >= trim[3] - edge and b[1] < trim[3], b[3] - trim[3]),
        ):
            too_short = reach and past < need - BLEED_TOLERANCE_MM * MM
            if too_short and (side not in short or past < short[side][0]):
                short[side] = (past, mark.where)
    box_bleed = {
        "left": trim[0] - bleed_box[0],
        "bottom": trim[1] - bleed_box[1],
        "right": bleed_box[2] - trim[2],
        "top": bleed_box[3] - trim[3],
    }
    for side, (past, where) in sorted(short.items()):
        run = max(0.0, min(past, box_bleed[side]))
        report.add(
            ERROR,
            "geometry.bleed",
            f"an object reaches the trim on the {side} but runs only {run / MM:.1f} mm past it "
            f"(needed: {bleed_mm:g} mm of bleed); the trimmer's tolerance shows a white edge",
            f"extend tints and photos that touch the trim {bleed_mm:g} mm past it, into a "
            "BleedBox as large",
            n,
            where,
        )
    if across:
        report.add(
            ERROR,
            "geometry.text-across-trim",
            f"{across} piece(s) of text cross the trim line: the cut goes through them",
            f"move the text inside the trim, at least {safety_mm:g} mm from the cut",
            n,
            first_across,
        )
    if in_bleed:
        report.add(
            WARNING,
            "geometry.text-in-bleed",
            f"{in_bleed} piece(s) of text lie between the trim and the bleed edge and will be cut off",
            f"move the text inside the trim, at least {safety_mm:g} mm from the cut",
            n,
            first_bleed,
        )
    if near:
        report.add(
            WARNING,
            "geometry.safety",
            f"{near} piece(s) of text lie within {safety_mm:g} mm of the cut; the trimmer may "
            "cut into them",
            f"keep text {safety_mm:g} mm or more inside the trim",
            n,
            first_near,
        )


def check_annotations(obj, page: PageReport, report: PreflightReport) -> None:
    annots = obj.get("/Annots")
    trim = page.trim or page.art or page.media
    if not hasattr(annots, "__iter__") or isinstance(annots, (str, bytes)):
        return
    for annot in annots:
        if not dictlike(annot):
            continue
        sub = name_of(annot.get("/Subtype", "/?"))
        if sub in ("PrinterMark", "TrapNet"):
            continue
        rect = box_of(annot.get("/Rect"))
        if (
            rect
            and rect[0] < trim[2]
            and rect[2] > trim[0]
            and rect[1] < trim[3]
            and rect[3] > trim[1]
        ):
            report.add(
                ERROR,
                "pdfx.annotations",
                f"a {sub} annotation lies on the page (inside the trim box)",
                "remove annotations, comments and form fields before sending to press",
                page.number,
                f"annotation at {(rect[0] - trim[0]) / MM:.1f}, {(rect[1] - trim[1]) / MM:.1f} mm",
            )

"""Preflight: check any PDF the way a newspaper's prepress desk would, before it goes to press.

No open-source PDF/X validator runs on these machines (PRINT.md §3), so this package is the
judge. This module runs the checks in order; each rule lives in the module of its kind:
standard.py (the PDF/X document rules), content.py (the interpreter that reads every
content stream, form, pattern, shading, Type 3 glyph and annotation appearance),
pagerules.py (what a page's content breaks), geometry.py (boxes, trim, bleed, safety
margin), fonts.py, ink.py (Ghostscript separations) and format.py (the report). Each
finding is an error (the file must not go to press; the CLI exits 1), a warning (look at
it) or a note (for the record), and names its rule (rules.py) and its place.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pikepdf
from pikepdf import Stream

from bulletin_pdf import limits
from bulletin_pdf.errors import InputError, LimitError, Where
from bulletin_pdf.preflight.content import Budget, GState, PageScan, stream_bytes
from bulletin_pdf.preflight.fonts import annotation_streams, walk_fonts
from bulletin_pdf.preflight.format import format_report
from bulletin_pdf.preflight.geometry import (
    check_annotations,
    check_boxes,
    check_reach,
    report_trim_sizes,
)
from bulletin_pdf.preflight.ink import measure_ink
from bulletin_pdf.preflight.objects import IDENTITY, box_of, dictlike, inherited, mul, nums
from bulletin_pdf.preflight.pagerules import check_colours, check_page
from bulletin_pdf.preflight.report import (
    ERROR,
    NOTE,
    WARNING,
    Finding,
    FontReport,
    ImageReport,
    PageReport,
    PreflightReport,
)
from bulletin_pdf.preflight.standard import STANDARDS, check_document, target_standard

__all__ = [
    "ERROR",
    "NOTE",
    "WARNING",
    "Finding",
    "FontReport",
    "ImageReport",
    "PageReport",
    "PreflightReport",
    "format_report",
    "preflight",
    "read_pdf_file",
]

DEFAULT_BLEED_MM = 3.0
DEFAULT_SAFETY_MM = 3.0
_HEAD_BYTES = 64 * 1024 * 1024  # how much of the raw file is searched for PDF 1.5 structures


def read_pdf_file(path: Path) -> None:
    """Refuse, with one message, what is not a PDF file preflight may open: a missing path,
    a folder, a pipe or device (which would block or never end), an empty or huge file,
    a file that does not start as a PDF."""
    where = Where(str(path))
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("no such file", where, "give the path of a PDF file") from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", where, "check the path") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(
            "this is a folder, not a PDF file", where, "give the path of a PDF file in it"
        )
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            "not a regular file but a pipe, device or socket",
            where,
            "save the PDF to a file and check that",
        )
    if st.st_size == 0:
        raise InputError("the file is empty (0 bytes)", where, "export the PDF again")
    if st.st_size > limits.MAX_PREFLIGHT_BYTES:
        raise LimitError(
            f"the file is {st.st_size / 2**20:.0f} MB, over preflight's limit of "
            f"{limits.MAX_PREFLIGHT_BYTES // 2**20} MB (limits.MAX_PREFLIGHT_BYTES)",
            where,
            "split the file, or check it with the print shop's own preflight",
        )
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise InputError(
            f"cannot be read: {exc.strerror}", where, "check its permissions"
        ) from None
    if b"%PDF-" not in head:
        raise InputError(
            "not a PDF (the file does not start with %PDF-)",
            where,
            "give the PDF file itself, not another kind of file",
        )


def preflight(
    path: Path,
    *,
    trim_expected: tuple[float, float] | None = None,
    min_ppi: float = 200.0,
    max_tac: float = 240.0,
    standard: str | None = None,
    resolution: float = 36.0,
    ink: bool = True,
    bleed_mm: float = DEFAULT_BLEED_MM,
    safety_mm: float = DEFAULT_SAFETY_MM,
) -> PreflightReport:
    """Check a PDF for print. `trim_expected` is (width, height) in mm; `standard` overrides
    what the file claims (default: the claim, else PDF/X-1a:2003); `bleed_mm` is the bleed
    needed wherever something reaches the trim, `safety_mm` the margin text keeps from the
    cut. Raises InputError (one message) when the file cannot be checked at all."""
    path = Path(path)
    read_pdf_file(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise InputError(
            f"{path.name} is encrypted with a password",
            Where(str(path)),
            "save it without a password; PDF/X forbids encryption",
        ) from None
    except (pikepdf.PdfError, OSError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"{path.name} is not a readable PDF: {reason}",
            Where(str(path)),
            "check the file, or export it again from its source program",
        ) from None
    with pdf, open(path, "rb") as raw:
        if len(pdf.pages) > limits.MAX_PREFLIGHT_PAGES:
            raise LimitError(
                f"{path.name} has {len(pdf.pages)} pages, over preflight's limit of "
                f"{limits.MAX_PREFLIGHT_PAGES} (limits.MAX_PREFLIGHT_PAGES)",
                Where(str(path)),
                "split the file and check the parts",
            )
        report = _check_open(
            pdf, raw.read(_HEAD_BYTES), path, trim_expected, min_ppi, standard, bleed_mm, safety_mm
        )
    if ink:
        measure_ink(path, report, max_tac, resolution)
    return report


def _check_open(
    pdf, head: bytes, path: Path, trim_expected, min_ppi, standard, bleed_mm, safety_mm
) -> PreflightReport:
    info = pdf.docinfo
    claimed = str(info["/GTS_PDFXVersion"]) if "/GTS_PDFXVersion" in info else None
    claimed_std: str | None
    if claimed == "PDF/X-1:2001" and str(info.get("/GTS_PDFXConformance", "")) == "PDF/X-1a:2001":
        claimed_std = "PDF/X-1a:2001"
    else:
        claimed_std = claimed
    target = target_standard(claimed_std, standard)
    family, max_version = STANDARDS[target]
    report = PreflightReport(str(path), target, claimed, str(pdf.pdf_version))
    check_document(pdf, head, report, family, max_version)

    budget = Budget()
    fonts: dict = {}
    colours: dict = {}
    for number, page in enumerate(pdf.pages, 1):
        obj = page.obj
        media = box_of(inherited(obj, "/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
        try:
            rotate = int(inherited(obj, "/Rotate") or 0) % 360
        except (TypeError, ValueError):
            rotate = 0
        rec = PageReport(
            number,
            media,
            box_of(obj.get("/TrimBox")),
            box_of(obj.get("/BleedBox")),
            box_of(obj.get("/ArtBox")),
            box_of(inherited(obj, "/CropBox")),
            rotate,
        )
        report.pages.append(rec)
        check_boxes(rec, trim_expected, report)

        resources = inherited(obj, "/Resources")
        seen: set = set()
        walk_fonts(resources, fonts, number, seen)
        for ap in annotation_streams(obj):
            walk_fonts(ap.get("/Resources"), fonts, number, seen)

        scan = PageScan(pdf, rec, family, budget)
        group = obj.get("/Group")
        if dictlike(group):
            if group.get("/S") == "/Transparency":
                scan.transparency.append(("the page is a transparency group", f"page {number}"))
            if "/CS" in group:
                from bulletin_pdf.preflight.colour import colour_space

                scan.use_colour(colour_space(group["/CS"], resources), f"page {number} group")
        content = _page_content(pdf, obj, f"page {number}")
        if content is not None:
            scan.run(content, resources, GState(), f"page {number}")
        _annotations(scan, obj, number)
        check_page(scan, report, family, min_ppi)
        check_reach(scan, report, bleed_mm, safety_mm)
        check_annotations(obj, rec, report)
        for label, (colour, where) in scan.colours.items():
            colours.setdefault(label, (colour, [], where))[1].append(number)
    report_trim_sizes(report, trim_expected)
    report.fonts = sorted(fonts.values(), key=lambda f: (f.pages[0] if f.pages else 0, f.name))
    _font_findings(report)
    check_colours(colours, report, family)
    for page in report.pages:
        page.colour_spaces = sorted(
            label for label, (_, pages, _) in colours.items() if page.number in pages
        )
    return report


def _page_content(pdf, obj, where: str):
    """The page's content streams joined into one (a page may split its drawing anywhere),
    each decoded within the size limit."""
    contents = obj.get("/Contents")
    streams = (
        [contents]
        if isinstance(contents, Stream)
        else (
            [s for s in contents if isinstance(s, Stream)] if hasattr(contents, "__iter__") else []
        )
    )
    if not streams:
        return None
    data = b"\n".join(stream_bytes(s, where) for s in streams)
    if len(data) > limits.MAX_PREFLIGHT_STREAM_BYTES:
        from bulletin_pdf.preflight.content import _too_big

        raise _too_big(where)
    return Stream(pdf, data)


def _annotations(scan: PageScan, obj, number: int) -> None:
    """Annotation appearances are drawn where the annotation's Rect says (PDF 1.7 §12.5.5)."""
    annots = obj.get("/Annots")
    if not hasattr(annots, "__iter__"):
        return
    for i, annot in enumerate(annots):
        if not dictlike(annot):
            continue
        rect = box_of(annot.get("/Rect"))
        ap = annot.get("/AP")
        normal = ap.get("/N") if dictlike(ap) else None
        streams = (
            [normal]
            if isinstance(normal, Stream)
            else ([s for s in normal.values() if isinstance(s, Stream)] if dictlike(normal) else [])
        )
        for stream in streams:
            bbox = nums(list(stream.get("/BBox", [0, 0, 1, 1])), 4) or (0, 0, 1, 1)
            matrix = nums(list(stream.get("/Matrix", [])), 6) or IDENTITY
            from bulletin_pdf.preflight.objects import bbox_through

            x0, y0, x1, y1 = bbox_through(matrix, *bbox)
            place = IDENTITY
            if rect and x1 > x0 and y1 > y0:
                sx, sy = (rect[2] - rect[0]) / (x1 - x0), (rect[3] - rect[1]) / (y1 - y0)
                place = mul((1, 0, 0, 1, -x0, -y0), (sx, 0, 0, sy, rect[0], rect[1]))
            sub = str(annot.get("/Subtype", "/?"))[1:]
            scan.form(
                stream,
                GState(ctm=place),
                stream.get("/Resources"),
                f"page {number} → {sub} annotation {i + 1} appearance",
                0,
            )


def _font_findings(report: PreflightReport) -> None:
    for font in report.fonts:
        if not font.embedded:
            report.add_for_pages(
                ERROR,
                "fonts.embedded",
                f"font {font.name} ({font.subtype}) is not embedded",
                "embed every font: in ReportLab use TTFont and Canvas(initialFontName=...) "
                "so Helvetica is never referenced; avoid UnicodeCIDFont",
                font.pages,
            )
        elif font.subtype == "Type3":
            report.add_for_pages(
                NOTE,
                "fonts.embedded",
                f"font {font.name} is a Type3 font: its glyphs are PDF "
                "drawings, often bitmaps; check it prints sharply",
                "",
                font.pages,
            )

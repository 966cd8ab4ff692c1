"""The document-level rules of PDF/X-1a:2003 and PDF/X-4: which standard the file claims,
its PDF version and the features newer versions brought, the Info and XMP keys, the
output intent and its profile, encryption, actions and embedded files."""

from __future__ import annotations

import re
from typing import Any

import pikepdf
from pikepdf import Array, Stream

from bulletin_pdf.preflight.objects import dictlike
from bulletin_pdf.preflight.report import ERROR, PreflightReport

# claimed or requested standard -> family, highest PDF version
STANDARDS = {
    "PDF/X-1a:2001": ("X-1a", "1.3"),
    "PDF/X-1:2001": ("X-1a", "1.3"),
    "PDF/X-1a:2003": ("X-1a", "1.4"),
    "PDF/X-3:2002": ("X-3", "1.3"),
    "PDF/X-3:2003": ("X-3", "1.4"),
    "PDF/X-4": ("X-4", "1.6"),
    "PDF/X-4p": ("X-4", "1.6"),
}
ALIASES = {
    "X-1a": "PDF/X-1a:2003",
    "X-1a:2003": "PDF/X-1a:2003",
    "X-1a:2001": "PDF/X-1a:2001",
    "X-3": "PDF/X-3:2003",
    "X-4": "PDF/X-4",
}
DEFAULT_STANDARD = "PDF/X-1a:2003"
FIX_POST = (
    "finish the file as PDF/X (bulletin-pdf build --final does) or export it as PDF/X from "
    "its source program"
)
# D:YYYYMMDDHHmmSSOHH'mm' with everything after the year optional (PDF 1.4 §3.8.3)
_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?(\d{2}'?)?)?(Z00'00'?)?"
)


def target_standard(claimed: str | None, requested: str | None) -> str:
    if requested:
        std = ALIASES.get(requested, requested)
        if std not in STANDARDS:
            raise ValueError(
                f"unknown standard {requested!r}; use one of {', '.join(sorted(ALIASES))}"
            )
        return std
    if claimed in STANDARDS:
        return claimed
    return DEFAULT_STANDARD


def valid_pdf_date(text: str) -> bool:
    found = _PDF_DATE.fullmatch(text.strip())
    if not found:
        return False
    parts = [int(p) if p else None for p in found.groups()[1:6]]
    month, day, hour, minute, second = parts
    return (
        (month is None or 1 <= month <= 12)
        and (day is None or 1 <= day <= 31)
        and (hour is None or hour <= 23)
        and (minute is None or minute <= 59)
        and (second is None or second <= 59)
    )


def check_document(
    pdf: pikepdf.Pdf, raw_head: bytes, report: PreflightReport, family: str, max_version: str
) -> None:
    """Every document-level rule. `raw_head` is the file's bytes (up to a bound), for what
    pikepdf hides once the file is open: object and cross-reference streams."""
    info = pdf.docinfo
    claimed = report.claimed
    if claimed is None:
        report.add(
            ERROR,
            "pdfx.claim",
            f"the file does not say it is PDF/X (no GTS_PDFXVersion); checked as {report.standard}",
            FIX_POST,
        )
    elif claimed not in STANDARDS:
        report.add(
            ERROR,
            "pdfx.claim",
            f"GTS_PDFXVersion {claimed!r} is not a PDF/X version this check knows",
            FIX_POST,
        )
    elif claimed == "PDF/X-1:2001" and str(info.get("/GTS_PDFXConformance", "")) != "PDF/X-1a:2001":
        report.add(
            ERROR,
            "pdfx.claim",
            "PDF/X-1:2001 without GTS_PDFXConformance (PDF/X-1a:2001)",
            FIX_POST,
        )
    if report.pdf_version > max_version:
        report.add(
            ERROR,
            "pdfx.version",
            f"PDF version {report.pdf_version} is newer than {report.standard} allows "
            f"({max_version})",
            "save as PDF " + max_version,
        )
    _newer_features(pdf, raw_head, report, family, max_version)
    _info_keys(info, report)
    if "/ID" not in pdf.trailer:
        report.add(
            ERROR, "pdfx.id", "the trailer has no /ID", "save the file again with any PDF writer"
        )
    if pdf.is_encrypted:
        report.add(
            ERROR,
            "pdfx.encryption",
            "the file is encrypted; PDF/X forbids encryption",
            "save it without a password",
        )
    _output_intent(pdf, report, family)
    _xmp(pdf, report, family)

    names = pdf.Root.get("/Names")
    if (dictlike(names) and "/JavaScript" in names) or "/AA" in pdf.Root:
        report.add(
            ERROR, "pdfx.actions", "the file contains JavaScript or document actions", "remove them"
        )
    action = pdf.Root.get("/OpenAction")
    if dictlike(action) and action.get("/S") in ("/JavaScript", "/Launch"):
        report.add(
            ERROR, "pdfx.actions", "the file runs an action when opened", "remove the OpenAction"
        )
    if family == "X-1a" and dictlike(names) and "/EmbeddedFiles" in names:
        report.add(
            ERROR,
            "pdfx.embedded-files",
            f"the file embeds files, which {report.standard} forbids",
            "remove the attachments",
        )


def _newer_features(
    pdf, raw: bytes, report: PreflightReport, family: str, max_version: str
) -> None:
    if max_version >= "1.5":
        return
    found = []
    if b"/ObjStm" in raw:
        found.append("object streams")
    if re.search(rb"/Type\s*/XRef\b", raw):
        found.append("a cross-reference stream")
    if "/OCProperties" in pdf.Root:
        found.append("optional content (layers)")
    if found:
        report.add(
            ERROR,
            "pdfx.features",
            f"{' and '.join(found)}: PDF 1.5 features that {report.standard} (PDF "
            f"{max_version}) does not allow, whatever the header says",
            "save as PDF 1.4 without object streams, flatten layers",
        )


def _info_keys(info, report: PreflightReport) -> None:
    trapped = info.get("/Trapped")
    if trapped is None or str(trapped) not in ("/True", "/False"):
        shown = "missing" if trapped is None else str(trapped)
        report.add(
            ERROR,
            "pdfx.trapped",
            f"/Trapped in the Info dictionary is {shown}; PDF/X needs /True or /False",
            "set Trapped to False unless the file was trapped",
        )
    for key in ("/Title", "/CreationDate", "/ModDate"):
        value = str(info.get(key, "")).strip()
        if not value:
            report.add(ERROR, "pdfx.info", f"the Info dictionary has no {key[1:]}", FIX_POST)
        elif key != "/Title" and not valid_pdf_date(value):
            report.add(
                ERROR,
                "pdfx.info",
                f"{key[1:]} {value!r} is not a PDF date (D:YYYYMMDDHHmmSS+HH'mm')",
                FIX_POST,
            )


def _output_intent(pdf, report: PreflightReport, family: str) -> None:
    intents = pdf.Root.get("/OutputIntents")
    pdfx = (
        [oi for oi in intents if dictlike(oi) and oi.get("/S") == "/GTS_PDFX"]
        if isinstance(intents, Array)
        else []
    )
    if not pdfx:
        report.add(
            ERROR,
            "pdfx.output-intent",
            "no PDF/X output intent (OutputIntents with /S /GTS_PDFX)",
            "embed the printer's CMYK profile as the output intent: " + FIX_POST,
        )
        return
    if len(pdfx) > 1:
        report.add(
            ERROR,
            "pdfx.output-intent",
            f"{len(pdfx)} PDF/X output intents; PDF/X allows exactly one",
            FIX_POST,
        )
    oi = pdfx[0]
    ident = str(oi.get("/OutputConditionIdentifier", ""))
    record: dict[str, Any] = {
        "identifier": ident,
        "condition": str(oi.get("/OutputCondition", "")),
        "registry": str(oi.get("/RegistryName", "")),
        "profile": None,
    }
    report.output_intent = record
    if not ident:
        report.add(
            ERROR,
            "pdfx.output-intent",
            "the output intent has no OutputConditionIdentifier",
            FIX_POST,
        )
    dest = oi.get("/DestOutputProfile")
    if isinstance(dest, Stream):
        try:
            icc = dest.read_bytes()
        except pikepdf.PdfError as exc:
            report.add(
                ERROR, "pdfx.output-intent", f"the output profile cannot be read: {exc}", FIX_POST
            )
            return
        if len(icc) < 128 or icc[36:40] != b"acsp":
            report.add(
                ERROR,
                "pdfx.output-intent",
                "the output profile is not an ICC profile",
                "embed the printer's CMYK .icc profile",
            )
            return
        cls, space = icc[12:16].decode("latin-1"), icc[16:20].decode("latin-1")
        major = icc[8]
        record["profile"] = {
            "class": cls,
            "space": space.strip(),
            "bytes": len(icc),
            "version": f"{major}.{icc[9] >> 4}",
        }
        if cls != "prtr" or space != "CMYK":
            report.add(
                ERROR,
                "pdfx.output-intent",
                f"the output profile is {cls}/{space.strip()}, not a CMYK output (prtr) profile",
                "embed the printer's CMYK profile",
            )
        if family != "X-4" and major >= 4:
            report.add(
                ERROR,
                "pdfx.output-intent",
                f"the output profile is ICC version {major}, which {report.standard} (PDF "
                "1.4) cannot carry; it reads ICC version 2 profiles",
                "embed the version 2 edition of the printer's profile",
            )
    elif family == "X-4":
        report.add(
            ERROR,
            "pdfx.output-intent",
            "PDF/X-4 needs the output profile embedded (DestOutputProfile)",
            FIX_POST,
        )
    elif not str(oi.get("/RegistryName", "")).strip():
        report.add(
            ERROR,
            "pdfx.output-intent",
            "the output intent neither embeds a profile nor "
            "names a registry (RegistryName) for its condition",
            FIX_POST,
        )


def _xmp(pdf, report: PreflightReport, family: str) -> None:
    try:
        meta = pdf.open_metadata()
        xmp_version = meta.get("pdfxid:GTS_PDFXVersion")
    except Exception:  # unreadable XMP is reported as missing XMP
        xmp_version = None
    has_xmp = "/Metadata" in pdf.Root
    claimed = report.claimed
    if family == "X-4" and (not has_xmp or not xmp_version):
        report.add(
            ERROR, "pdfx.xmp", "PDF/X-4 needs XMP metadata with pdfxid:GTS_PDFXVersion", FIX_POST
        )
    if xmp_version and claimed and xmp_version != claimed:
        report.add(
            ERROR,
            "pdfx.xmp",
            f"XMP says {xmp_version} but the Info dictionary says {claimed}",
            FIX_POST,
        )

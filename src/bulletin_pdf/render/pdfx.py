"""Turn ReportLab's output into PDF/X-1a:2003 (or PDF/X-4) with pikepdf.

ReportLab cannot write OutputIntents, custom Info keys or XMP (PRINT.md §4), so the final
PDF is finished here: the press's CMYK profile goes in as the OutputIntent, the Info
dictionary and the XMP packet claim the standard and agree with each other, dates come from
the issue (never the clock) and the trailer /ID from the content, so the same input gives
the same bytes. What cannot be mended afterwards — transparency, RGB, fonts not embedded —
is refused here or reported by preflight.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import uuid
import warnings
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Dictionary, Name, Pdf, Stream

STANDARDS = {
    # standard: (GTS_PDFXVersion, GTS_PDFXConformance or None, PDF version)
    "X-1a:2003": ("PDF/X-1a:2003", "PDF/X-1a:2003", "1.4"),
    "X-4": ("PDF/X-4", None, "1.6"),
}
REGISTRY = "http://www.color.org"
_DOC_NAMESPACE = uuid.UUID("5d2c0b1e-6a43-4a36-9d0c-2f7b0c6b1f11")  # bulletin-pdf's own UUID space


def profile_for(layout, base: Path | None = None) -> tuple[Path, str]:
    """The layout's press profile and its output condition identifier.

    A layout without `icc_profile` gets the shipped newsprint profile, whose data is the
    ICC-registered condition "CGATS TR 002". A printer's profile is named by
    `extra.output_condition` in the layout (e.g. "IFRA26"), else by its description."""
    from bulletin_pdf.photos.images import OUTPUT_CONDITION, default_profile

    name = getattr(layout, "icc_profile", None)
    if not name:
        return default_profile(), OUTPUT_CONDITION
    path = Path(name)
    if not path.is_absolute() and base is not None:
        path = base / path
    if not path.is_file():
        from bulletin_pdf.errors import InputError, Where

        raise InputError(
            f"the layout's CMYK profile {name} does not exist (looked at {path})",
            Where(f"layouts/{getattr(layout, 'name', '?')}.yaml", 0, "icc_profile"),
            "put the printer's .icc file there, or remove icc_profile to use the "
            "shipped newsprint profile",
        )
    extra = getattr(layout, "extra", None) or {}
    condition = extra.get("output_condition") or profile_description(path.read_bytes())
    return path, str(condition)


def profile_description(icc: bytes) -> str:
    """The profile's own description tag (its human name)."""
    from PIL import ImageCms

    try:
        description = ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.profile_description
        return (description or "").strip()
    except (OSError, ImageCms.PyCMSError, AttributeError):
        return "CMYK output profile"


def _check_profile(icc: bytes, path: Path) -> None:
    from bulletin_pdf.errors import InputError

    if len(icc) < 128 or icc[36:40] != b"acsp":
        raise InputError(
            f"the colour profile {path} is not an ICC profile",
            None,
            "point icc_profile in the layout at the printer's .icc file",
        )
    if icc[12:16] != b"prtr" or icc[16:20] != b"CMYK":
        raise InputError(
            f"the colour profile {path} is {icc[12:16].decode('latin-1')}/"
            f"{icc[16:20].decode('latin-1')}, but a PDF/X output intent needs a CMYK "
            "output (prtr) profile",
            None,
            "use the printer's CMYK output profile, e.g. WAN-IFRAnewspaper26v5.icc",
        )


def pdf_date(when: _dt.datetime) -> str:
    """PDF date string; a naive datetime is taken as UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.UTC)
    off = when.utcoffset() or _dt.timedelta(0)
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    mins = abs(mins)
    return when.strftime("D:%Y%m%d%H%M%S") + f"{sign}{mins // 60:02d}'{mins % 60:02d}'"


def _as_datetime(value) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.UTC)
    raise TypeError(f"created must be a date or datetime, not {type(value).__name__}")


def _fonts_of(resources, seen: set) -> list[tuple[str, Any]]:
    """Every font reachable from a resources dictionary, forms and Type3 resources included."""
    found: list[tuple[str, Any]] = []
    if not isinstance(resources, Dictionary):
        return found
    fonts = resources.get("/Font")
    if isinstance(fonts, Dictionary):
        for key, font in fonts.items():
            if font.is_indirect:
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
            found.append((key, font))
            if font.get("/Subtype") == "/Type3":
                found += _fonts_of(font.get("/Resources"), seen)
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, Dictionary):
        for xo in xobjects.values():
            if xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                seen.add(xo.objgen)
                found += _fonts_of(xo.get("/Resources"), seen)
    return found


def font_is_embedded(font: Any) -> bool:
    """True when the font program is in the file (Type3 fonts are their own programs)."""
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return False
        font = descendants[0]
    desc = font.get("/FontDescriptor")
    if not isinstance(desc, Dictionary):
        return False
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _check_pages(pdf: Pdf) -> None:
    for number, page in enumerate(pdf.pages, 1):
        missing = [box for box in ("/TrimBox", "/BleedBox") if box not in page.obj]
        if missing:
            raise ValueError(
                f"page {number} has no {' or '.join(m[1:] for m in missing)}: the renderer must "
                "call canvas.setTrimBox() and canvas.setBleedBox() before drawing each page"
            )
        resources, node = None, page.obj  # type: tuple[Any, Any]
        while resources is None and isinstance(node, Dictionary):  # Resources may be inherited
            resources, node = node.get("/Resources"), node.get("/Parent")
        for key, font in _fonts_of(resources, set()):
            if not font_is_embedded(font):
                name = str(font.get("/BaseFont", key))[1:]
                raise ValueError(
                    f"page {number} uses the font {name}, which is not embedded; PDF/X needs every "
                    "font in the file. Create the Canvas with initialFontName= a registered "
                    "TTFont and never select a standard (Helvetica, Times) or CID font"
                )


def _srgb_icc(pdf: Pdf) -> pikepdf.Array:
    from PIL import ImageCms

    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    stream = Stream(pdf, data)
    stream.N = 3
    return pikepdf.Array([Name.ICCBased, pdf.make_indirect(stream)])


def _tag_rgb_images(pdf: Pdf) -> None:
    """PDF/X-4 allows RGB only with a defined meaning: tag DeviceRGB images as sRGB."""
    srgb = None
    for page in pdf.pages:
        resources: Any = page.obj.get("/Resources", {})
        xobjects = resources.get("/XObject", {})
        for xo in xobjects.values():
            if xo.get("/Subtype") == "/Image" and xo.get("/ColorSpace") == Name.DeviceRGB:
                srgb = srgb if srgb is not None else pdf.make_indirect(_srgb_icc(pdf))
                xo.ColorSpace = srgb


def make_pdfx(
    pdf_bytes: bytes,
    *,
    title: str,
    created: _dt.datetime | _dt.date | None = None,
    standard: str | None = None,
    profile: Path | None = None,
    output_condition: str | None = None,
    layout=None,
    date: _dt.date | None = None,
) -> bytes:
    """PDF/X from ReportLab's bytes. Deterministic: the same input gives the same output.

    `created` (or `date`, the issue date) stamps CreationDate and ModDate. `profile` and
    `output_condition` default to the layout's (see profile_for), else the shipped newsprint
    profile. `standard` is "X-1a:2003" (default) or "X-4"; a layout may set it as
    `extra.pdfx`. Raises ValueError when a page lacks TrimBox/BleedBox or uses a font that
    is not embedded: those are renderer bugs no post-processing can mend."""
    when = _as_datetime(created if created is not None else date)
    if profile is None:
        profile, condition = profile_for(layout) if layout is not None else profile_for(None)
        output_condition = output_condition or condition
    if standard is None:
        extra = getattr(layout, "extra", None) or {}
        standard = str(extra.get("pdfx", "X-1a:2003"))
    if standard not in STANDARDS:
        raise ValueError(f"standard must be one of {', '.join(STANDARDS)}, not {standard!r}")
    version, conformance, pdf_version = STANDARDS[standard]
    profile = Path(profile)
    icc = profile.read_bytes()
    _check_profile(icc, profile)
    description = profile_description(icc)
    output_condition = output_condition or description

    pdf = Pdf.open(io.BytesIO(pdf_bytes))
    _check_pages(pdf)
    if standard == "X-4":
        _tag_rgb_images(pdf)

    dest = Stream(pdf, icc)
    dest.N = 4
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(output_condition),
        OutputCondition=pikepdf.String(description),
        RegistryName=pikepdf.String(REGISTRY),
        Info=pikepdf.String(description),
        DestOutputProfile=pdf.make_indirect(dest),
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])

    stamp = pdf_date(when)
    info = pdf.docinfo
    info[Name.Title] = pikepdf.String(title)
    info[Name.CreationDate] = pikepdf.String(stamp)
    info[Name.ModDate] = pikepdf.String(stamp)
    info[Name.Trapped] = Name("/False")  # Name.False_ would write /False_
    info[Name.GTS_PDFXVersion] = pikepdf.String(version)
    if conformance:
        info[Name.GTS_PDFXConformance] = pikepdf.String(conformance)
    elif Name.GTS_PDFXConformance in info:
        del info[Name.GTS_PDFXConformance]

    # XMP: the same facts as Info (X-4 requires it; X-1a readers use it when present).
    # Stable IDs: the document is its title and issue date; this rendition is its content.
    doc_id = uuid.uuid5(_DOC_NAMESPACE, f"{title}\n{stamp}")
    instance_id = uuid.UUID(
        bytes=hashlib.sha256(pdf_bytes + icc + version.encode()).digest()[:16], version=4
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        with warnings.catch_warnings():
            # Trapped and the GTS_ keys have no automatic XMP mapping; they are set below
            warnings.simplefilter("ignore", UserWarning)
            meta.load_from_docinfo(pdf.docinfo, delete_missing=True)
        meta["pdfxid:GTS_PDFXVersion"] = version
        meta["pdf:Trapped"] = "False"
        meta["xmpMM:DocumentID"] = f"uuid:{doc_id}"
        meta["xmpMM:InstanceID"] = f"uuid:{instance_id}"
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
        meta["xmp:MetadataDate"] = when.isoformat() if when.tzinfo else when.isoformat() + "Z"

    out = io.BytesIO()
    pdf.save(
        out,
        force_version=pdf_version,
        deterministic_id=True,
        # object streams are PDF 1.5; X-1a:2003 files are 1.4
        object_stream_mode=pikepdf.ObjectStreamMode.disable
        if pdf_version == "1.4"
        else pikepdf.ObjectStreamMode.preserve,
        compress_streams=True,
        linearize=False,
    )
    return out.getvalue()

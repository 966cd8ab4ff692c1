"""The rules preflight checks, one identifier each: a finding names its rule, so a printer, a
script or a test can tell exactly what was broken. The identifier's first part is the
area of the check (the `check` of a finding); the text says what the rule asks."""

from __future__ import annotations

RULES: dict[str, str] = {
    # the PDF/X standard: version, keys, output intent, allowed features
    "pdfx.claim": "the file says which PDF/X it is (GTS_PDFXVersion; X-1a:2001 with its conformance key)",
    "pdfx.version": "the PDF version is one the standard allows (X-1a:2003 ≤ 1.4, X-4 ≤ 1.6)",
    "pdfx.features": "no feature newer than the standard's PDF version (object streams, "
    "cross-reference streams, 16-bit images, optional content in X-1a)",
    "pdfx.info": "the Info dictionary has Title, CreationDate and ModDate, dates in PDF date form",
    "pdfx.trapped": "Trapped is True or False",
    "pdfx.id": "the trailer has an /ID",
    "pdfx.encryption": "the file is not encrypted",
    "pdfx.output-intent": "exactly one GTS_PDFX output intent with an identifier and a CMYK output "
    "profile of a version the standard's PDF reads (ICC v2 for X-1a)",
    "pdfx.xmp": "XMP metadata claims the same standard as Info (X-4 requires it)",
    "pdfx.actions": "no JavaScript, no actions run on opening",
    "pdfx.annotations": "no annotation or form field inside the trim (printer's marks excepted)",
    "pdfx.postscript": "no PostScript XObjects or PS operators",
    "pdfx.alternates": "no alternate images and no OPI references (X-1a)",
    "pdfx.halftone": "no halftones and no transfer functions in graphics states (X-1a)",
    "pdfx.embedded-files": "no embedded files (X-1a)",
    # colour
    "colour.space": "only the standard's colour spaces (X-1a: CMYK, grey, spot; X-4 no uncalibrated RGB)",
    "colour.spot-alternate": "spot colours have CMYK alternates",
    "colour.white-overprint": "white never overprints (it vanishes with overprint mode 1)",
    "colour.black-overprint": "100 % K text overprints",
    "colour.jpeg2000": "no JPEG 2000 images in X-1a (PDF 1.5)",
    # transparency
    "transparency.none": "no transparency in X-1a: opacity, blend modes, soft masks, "
    "transparency groups",
    # fonts
    "fonts.embedded": "every font is embedded",
    # images
    "images.resolution": "images reach the minimum effective resolution at placed size",
    # ink
    "ink.tac": "total ink over every separation, spot colours included, stays under the limit "
    "inside the bleed box",
    "ink.unmeasured": "the ink could be measured",
    # small text and thin rules, by colour
    "text.min-size": "text is at least the minimum size for its colour (one ink 5 pt; rich black "
    "and registration 12 pt; several inks 7 pt)",
    "rules.min-width": "rules are at least the minimum width for their colour (one ink 0.25 pt; "
    "rich black and registration 1 pt; several inks 0.5 pt; never 0 = the device's thinnest)",
    # geometry
    "geometry.trim-box": "every page has a TrimBox (and no ArtBox beside it)",
    "geometry.boxes-nest": "MediaBox ⊇ BleedBox ⊇ TrimBox, CropBox not inside the trim",
    "geometry.trim-size": "the trim is the expected size (layout or --trim)",
    "geometry.same-trim": "every page has the same trim",
    "geometry.bleed-box": "every page has a BleedBox",
    "geometry.bleed": "whatever reaches the trim runs on into the bleed by the required amount",
    "geometry.text-across-trim": "no text crosses the cut",
    "geometry.text-in-bleed": "no text between the trim and the bleed edge (it is cut away)",
    "geometry.safety": "text stays the safety margin away from the cut",
    "geometry.rotate": "the page's rotation is reported",
    "structure.content": "every content stream can be read",
    "structure.limits": "the file is within preflight's limits (pages, time, sizes)",
}


def check_of(rule: str) -> str:
    """The area of a rule: the part before the first dot."""
    return rule.split(".", 1)[0]

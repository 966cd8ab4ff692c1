"""Preflight: check any PDF the way a newspaper's prepress desk would, before it goes to press.

No open-source PDF/X validator runs on these machines (PRINT.md §3), so this module is the
judge: pikepdf reads the structure (boxes, fonts, colour spaces, transparency, images, text
positions, the PDF/X keys), a small content-stream interpreter follows the graphics state
to see where images land and at what resolution, and Ghostscript renders the pages to CMYK
at low resolution to measure ink. Each finding is an error (the file must not go to press;
the CLI exits 1), a warning (look at it), or a note (for the record).
"""

from __future__ import annotations

import json as _json
import math
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from bulletin_pdf.errors import InputError, Where
from bulletin_pdf.model.layout import MM

ERROR, WARNING, NOTE = "error", "warning", "note"
BOX_TOLERANCE = 0.05  # pt: box edges written with 4–7 digits
TRIM_TOLERANCE_MM = 0.2
TAC_AREA_TOLERANCE_MM2 = 4.0  # over-limit ink on less than this (a 2 × 2 mm spot) only warns
LINE_ART_PPI = 600.0
GS_TIMEOUT = 300

# claimed or requested standard -> family, highest PDF version
_STANDARDS = {
    "PDF/X-1a:2001": ("X-1a", "1.3"),
    "PDF/X-1:2001": ("X-1a", "1.3"),
    "PDF/X-1a:2003": ("X-1a", "1.4"),
    "PDF/X-3:2002": ("X-3", "1.3"),
    "PDF/X-3:2003": ("X-3", "1.4"),
    "PDF/X-4": ("X-4", "1.6"),
    "PDF/X-4p": ("X-4", "1.6"),
}
_ALIASES = {
    "X-1a": "PDF/X-1a:2003",
    "X-1a:2003": "PDF/X-1a:2003",
    "X-1a:2001": "PDF/X-1a:2001",
    "X-3": "PDF/X-3:2003",
    "X-4": "PDF/X-4",
}
DEFAULT_STANDARD = "PDF/X-1a:2003"


# ---------------------------------------------------------------- results


@dataclass
class Finding:
    severity: str  # error | warning | note
    check: str  # boxes, fonts, colour, transparency, images, ink, text, pdfx, structure
    message: str
    fix: str = ""
    page: int | None = None  # the first page it was found on
    pages: list[int] = field(default_factory=list)  # every page it was found on


@dataclass
class PageReport:
    number: int
    media: tuple[float, float, float, float]  # pt, as in the file
    trim: tuple[float, float, float, float] | None
    bleed: tuple[float, float, float, float] | None
    art: tuple[float, float, float, float] | None = None
    crop: tuple[float, float, float, float] | None = None
    rotate: int = 0
    ink: tuple[float, float, float, float] | None = None  # average C, M, Y, K % inside the trim
    max_tac: float | None = None  # % inside the bleed box
    tac_over_mm2: float | None = None  # area above the limit, mm²
    smallest_text_pt: float | None = None
    colour_spaces: list[str] = field(default_factory=list)

    @staticmethod
    def _mm(box):
        if box is None:
            return None
        return (round((box[2] - box[0]) / MM, 1), round((box[3] - box[1]) / MM, 1))

    @property
    def trim_mm(self):
        return self._mm(self.trim)

    @property
    def media_mm(self):
        return self._mm(self.media)

    @property
    def bleed_mm(self) -> tuple[float, float, float, float] | None:
        """Bleed on the left, bottom, right and top, mm."""
        if self.trim is None or self.bleed is None:
            return None
        t, b = self.trim, self.bleed
        left, bottom, right, top = (
            round(abs(v) / MM, 1) for v in (t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3])
        )
        return left, bottom, right, top


@dataclass
class FontReport:
    name: str
    subtype: str
    embedded: bool
    subset: bool
    pages: list[int] = field(default_factory=list)


@dataclass
class ImageReport:
    page: int
    name: str
    width_px: int
    height_px: int
    colour_space: str
    bits: int
    filter: str
    ppi: float  # the lower of the two directions, at placed size
    placed_mm: tuple[float, float]


@dataclass
class PreflightReport:
    path: str
    standard: str  # what the file was checked against
    claimed: str | None  # what the file says it is
    pdf_version: str
    pages: list[PageReport] = field(default_factory=list)
    fonts: list[FontReport] = field(default_factory=list)
    images: list[ImageReport] = field(default_factory=list)
    output_intent: dict | None = None
    findings: list[Finding] = field(default_factory=list)
    ink_checked: bool = False

    def add(
        self, severity: str, check: str, message: str, fix: str = "", page: int | None = None
    ) -> None:
        """Record a finding; the same finding on another page joins the first one."""
        if page is not None:
            for f in self.findings:
                if (f.severity, f.check, f.message, f.fix) == (
                    severity,
                    check,
                    message,
                    fix,
                ) and f.pages:
                    f.pages.append(page)
                    return
        self.findings.append(
            Finding(severity, check, message, fix, page, [page] if page is not None else [])
        )

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == NOTE]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ok"] = self.ok
        for page, rep in zip(d["pages"], self.pages):
            page["trim_mm"], page["media_mm"], page["bleed_mm"] = (
                rep.trim_mm,
                rep.media_mm,
                rep.bleed_mm,
            )
        return d


# ---------------------------------------------------------------- small helpers


def _box(value) -> tuple[float, float, float, float] | None:
    if not isinstance(value, Array) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inherited(obj: Any, key: str):
    seen = 0
    while isinstance(obj, Dictionary) and seen < 64:
        if key in obj:
            return obj[key]
        obj = obj.get("/Parent")
        seen += 1
    return None


def _inside(inner, outer, tol: float = BOX_TOLERANCE) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _name(obj) -> str:
    s = str(obj)
    return s[1:] if s.startswith("/") else s


def _mul(m, n):
    """m × n for PDF matrices [a b c d e f] (m applied first)."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _nums(operands, count: int):
    try:
        vals = tuple(float(v) for v in operands[:count])
    except (TypeError, ValueError):
        return None
    return vals if len(vals) == count else None


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_DEVICE = {
    "/DeviceGray": "DeviceGray",
    "/DeviceRGB": "DeviceRGB",
    "/DeviceCMYK": "DeviceCMYK",
    "/G": "DeviceGray",
    "/RGB": "DeviceRGB",
    "/CMYK": "DeviceCMYK",
    "/Pattern": "Pattern",
}


# ---------------------------------------------------------------- colour spaces


@dataclass(frozen=True)
class _Colour:
    label: str  # what the report shows
    families: frozenset  # the spaces that define the colour itself
    alternates: frozenset = frozenset()  # alternate spaces of spot colours


def _colour_space(cs, resources, depth: int = 0) -> _Colour:
    if depth > 8:
        return _Colour("unresolvable", frozenset({"unresolvable"}))
    if isinstance(cs, Name):
        key = str(cs)
        if key in _DEVICE:
            fam = _DEVICE[key]
            return _Colour(fam, frozenset({fam}))
        named = None
        if isinstance(resources, Dictionary):
            table = resources.get("/ColorSpace")
            if isinstance(table, Dictionary):
                named = table.get(key)
        if named is None:
            return _Colour(f"undefined {key}", frozenset({"undefined"}))
        return _colour_space(named, resources, depth + 1)
    if isinstance(cs, Array) and len(cs) >= 1:
        family = _name(cs[0])
        if family in ("ICCBased",) and len(cs) > 1:
            try:
                n = int(cs[1].get("/N", 0))
            except (TypeError, ValueError, AttributeError):
                n = 0
            return _Colour(f"ICCBased (N={n})", frozenset({f"ICCBased{n}"}))
        if family in ("Indexed", "I") and len(cs) > 1:
            base = _colour_space(cs[1], resources, depth + 1)
            return _Colour(f"Indexed ({base.label})", base.families, base.alternates)
        if family == "Separation" and len(cs) > 2:
            alt = _colour_space(cs[2], resources, depth + 1)
            return _Colour(
                f"Separation {_name(cs[1])} ({alt.label})",
                frozenset({"Separation"}),
                alt.families | alt.alternates,
            )
        if family == "DeviceN" and len(cs) > 2:
            names = ", ".join(_name(n) for n in cs[1]) if isinstance(cs[1], Array) else "?"
            alt = _colour_space(cs[2], resources, depth + 1)
            return _Colour(
                f"DeviceN [{names}] ({alt.label})",
                frozenset({"DeviceN"}),
                alt.families | alt.alternates,
            )
        if family == "Pattern":
            if len(cs) > 1:
                base = _colour_space(cs[1], resources, depth + 1)
                return _Colour(
                    f"Pattern ({base.label})", base.families | {"Pattern"}, base.alternates
                )
            return _Colour("Pattern", frozenset({"Pattern"}))
        if family in ("CalRGB", "CalGray", "Lab"):
            return _Colour(family, frozenset({family}))
        if family in _DEVICE.values():
            return _Colour(family, frozenset({family}))
        return _Colour(family, frozenset({family}))
    return _Colour("unknown", frozenset({"unknown"}))


def _forbidden(colour: _Colour, family: str) -> list[str]:
    """The parts of a colour space the standard does not allow."""
    bad = []
    for f in colour.families:
        if (
            f in ("undefined", "unresolvable", "unknown")
            or (
                family == "X-1a"
                and (f in ("DeviceRGB", "CalRGB", "CalGray", "Lab") or f.startswith("ICCBased"))
            )
            or (family in ("X-3", "X-4") and f == "DeviceRGB")
        ):
            bad.append(f)
    return bad


# ---------------------------------------------------------------- content streams


@dataclass
class _GState:
    ctm: tuple = IDENTITY
    fill: _Colour = _Colour("DeviceGray", frozenset({"DeviceGray"}))
    fill_value: tuple = (0.0,)
    stroke: _Colour = _Colour("DeviceGray", frozenset({"DeviceGray"}))
    stroke_value: tuple = (0.0,)
    op: bool = False  # fill overprint
    OP: bool = False  # stroke overprint
    opm: int = 0
    font_size: float = 0.0
    leading: float = 0.0
    render_mode: int = 0

    def copy(self) -> _GState:
        return _GState(**self.__dict__)


class _PageScan:
    """Follows one page's content (forms, patterns and Type3 glyphs not entered twice) and
    records what the report needs: colour spaces, transparency, image placements, text."""

    def __init__(self, report: PreflightReport, page: PageReport, family: str):
        self.report = report
        self.page = page
        self.family = family
        self.colours: dict[str, _Colour] = {}
        self.transparency: list[str] = []
        self.transfer: list[str] = []
        self.text_in_bleed = 0
        self.text_outside = 0
        self.text_first: tuple[float, float] | None = None
        self.knockout_black = 0
        self.white_overprint = 0
        self.smallest_text: float | None = None
        self.forms_seen: set = set()
        self.images: list[ImageReport] = []

    # -- colour
    def use_colour(self, colour: _Colour) -> None:
        self.colours.setdefault(colour.label, colour)

    def ext_gstate(self, gs: Dictionary, state: _GState, name: str) -> None:
        if not isinstance(gs, Dictionary):
            return
        for key, limit in (("/ca", "fill"), ("/CA", "stroke")):
            if key in gs:
                try:
                    alpha = float(gs[key])
                except (TypeError, ValueError):
                    alpha = 1.0
                if alpha < 1.0:
                    self.transparency.append(f"{limit} opacity {alpha:g} ({name})")
        bm = gs.get("/BM")
        if bm is not None:
            modes = [str(m) for m in bm] if isinstance(bm, Array) else [str(bm)]
            if not any(m in ("/Normal", "/Compatible") for m in modes[:1]):
                self.transparency.append(
                    f"blend mode {', '.join(_name(m) for m in modes)} ({name})"
                )
        smask = gs.get("/SMask")
        if smask is not None and str(smask) != "/None":
            self.transparency.append(f"soft mask ({name})")
        for key in ("/TR", "/TR2"):
            tr = gs.get(key)
            if tr is not None and str(tr) not in ("/Identity", "/Default"):
                self.transfer.append(name)
        if "/OP" in gs:
            state.OP = bool(gs["/OP"])
            if "/op" not in gs:  # OP sets op too when op is absent
                state.op = state.OP
        if "/op" in gs:
            state.op = bool(gs["/op"])
        if "/OPM" in gs:
            try:
                state.opm = int(gs["/OPM"])
            except (TypeError, ValueError):
                pass
        if "/Font" in gs and isinstance(gs["/Font"], Array) and len(gs["/Font"]) == 2:
            try:
                state.font_size = float(gs["/Font"][1])
            except (TypeError, ValueError):
                pass

    # -- paint
    @staticmethod
    def _white(colour: _Colour, value: tuple) -> bool:
        """Paper white in DeviceCMYK: with overprint mode 1 it paints nothing at all."""
        return colour.label == "DeviceCMYK" and len(value) == 4 and not any(value)

    def paint(self, state: _GState, fill: bool, stroke: bool) -> None:
        if (fill and state.op and state.opm == 1 and self._white(state.fill, state.fill_value)) or (
            stroke and state.OP and state.opm == 1 and self._white(state.stroke, state.stroke_value)
        ):
            self.white_overprint += 1

    # -- text
    def show_text(self, state: _GState, tm: tuple) -> None:
        if state.render_mode in (3, 7):  # invisible (OCR layers) and clip-only text
            return
        self.paint(state, state.render_mode in (0, 2, 4, 6), state.render_mode in (1, 2, 5, 6))
        m = _mul(tm, state.ctm)
        x, y = m[4], m[5]
        trim = self.page.trim or self.page.art or self.page.crop or self.page.media
        bleed = self.page.bleed or trim
        inside_trim = (
            trim[0] - 0.01 <= x <= trim[2] + 0.01 and trim[1] - 0.01 <= y <= trim[3] + 0.01
        )
        if not inside_trim:
            if bleed[0] <= x <= bleed[2] and bleed[1] <= y <= bleed[3]:
                self.text_in_bleed += 1
                if self.text_first is None:
                    self.text_first = (x, y)
            else:
                self.text_outside += 1
            return
        size = abs(state.font_size) * math.hypot(m[2], m[3])
        if size > 0 and (self.smallest_text is None or size < self.smallest_text):
            self.smallest_text = size  # on the page only: slugs outside the trim don't count
        fill = state.fill
        if fill.label == "DeviceCMYK" and len(state.fill_value) == 4:
            c, mg, yl, k = state.fill_value
            if c == 0 and mg == 0 and yl == 0 and k >= 0.999 and not (state.op and state.opm == 1):
                self.knockout_black += 1

    # -- images
    def place_image(
        self,
        state: _GState,
        name: str,
        width: int,
        height: int,
        colour: _Colour,
        bits: int,
        filt: str,
        stencil: bool,
    ) -> None:
        a, b, c, d = state.ctm[:4]
        w_pt, h_pt = math.hypot(a, b), math.hypot(c, d)
        if w_pt < 1e-6 or h_pt < 1e-6 or width < 1 or height < 1:
            return
        ppi = min(width / (w_pt / 72.0), height / (h_pt / 72.0))
        self.images.append(
            ImageReport(
                self.page.number,
                name,
                int(width),
                int(height),
                "stencil mask" if stencil else colour.label,
                int(bits),
                filt,
                round(ppi, 1),
                (round(w_pt / MM, 1), round(h_pt / MM, 1)),
            )
        )

    def image_xobject(self, xo: Stream, state: _GState, resources, name: str) -> None:
        stencil = bool(xo.get("/ImageMask", False))
        if stencil:
            colour = state.fill
        elif "/ColorSpace" in xo:
            colour = _colour_space(xo["/ColorSpace"], resources)
        else:
            colour = _Colour("JPX embedded", frozenset({"JPX"}))
        self.use_colour(colour)
        if "/SMask" in xo:
            self.transparency.append(f"image {name} has a soft mask (SMask)")
        if int(xo.get("/SMaskInData", 0) or 0):
            self.transparency.append(f"image {name} carries alpha (SMaskInData)")
        filt = xo.get("/Filter")
        filters = (
            [_name(f) for f in filt] if isinstance(filt, Array) else ([_name(filt)] if filt else [])
        )
        if "JPXDecode" in filters and self.family == "X-1a":
            self.report.add(
                ERROR,
                "images",
                f"image {name} is JPEG 2000 (JPXDecode), which PDF/X-1a (PDF 1.4) does not allow",
                "re-save the image as JPEG or ZIP",
                self.page.number,
            )
        try:
            bits = int(xo.get("/BitsPerComponent", 1 if stencil else 8))
            width, height = int(xo.get("/Width", 0)), int(xo.get("/Height", 0))
        except (TypeError, ValueError):
            return
        self.place_image(
            state, name, width, height, colour, bits, "+".join(filters) or "none", stencil
        )

    def inline_image(self, iimage, state: _GState, resources) -> None:
        try:
            stencil = bool(iimage.image_mask)
            width, height, bits = (
                int(iimage.width),
                int(iimage.height),
                int(iimage.bits_per_component),
            )
            cs = iimage.colorspace
        except Exception:  # an inline image pikepdf cannot describe: nothing to measure
            return
        if stencil:
            colour = state.fill
        else:
            colour = _colour_space(Name(cs) if isinstance(cs, str) else cs, resources)
        self.use_colour(colour)
        self.place_image(state, "inline image", width, height, colour, bits, "inline", stencil)

    # -- the interpreter
    def run(self, content, resources, start: _GState, depth: int = 0) -> None:
        if depth > 12:
            return
        try:
            instructions = pikepdf.parse_content_stream(content)
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            self.report.add(
                ERROR,
                "structure",
                f"a content stream cannot be read: {exc}",
                "re-export the PDF from its source program",
                self.page.number,
            )
            return
        state = start.copy()
        stack: list[_GState] = []
        tm = tlm = IDENTITY
        for ins in instructions:
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                self.inline_image(ins.iimage, state, resources)
                continue
            op = str(ins.operator)
            args = ins.operands
            if op == "q":
                stack.append(state.copy())
            elif op == "Q":
                if stack:
                    state = stack.pop()
            elif op == "cm":
                m = _nums(args, 6)
                if m:
                    state.ctm = _mul(m, state.ctm)
            elif op == "gs" and args:
                gs = self._resource(resources, "/ExtGState", args[0])
                self.ext_gstate(gs, state, _name(args[0]))
            elif op in ("cs", "CS") and args:
                colour = _colour_space(args[0], resources)
                self.use_colour(colour)
                initial = (0.0, 0.0, 0.0, 1.0) if colour.label == "DeviceCMYK" else (0.0,)
                if op == "cs":
                    state.fill, state.fill_value = colour, initial
                else:
                    state.stroke, state.stroke_value = colour, initial
            elif op in ("g", "G", "rg", "RG", "k", "K"):
                fam = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[op.lower()]
                colour = _Colour(fam, frozenset({fam}))
                self.use_colour(colour)
                if op.islower():
                    state.fill, state.fill_value = colour, _nums(args, len(args)) or ()
                else:
                    state.stroke, state.stroke_value = colour, _nums(args, len(args)) or ()
            elif op in ("sc", "scn"):
                vals = _nums(args, len(args))
                if vals is not None:
                    state.fill_value = vals
                elif args and isinstance(args[-1], Name):
                    self._pattern(resources, args[-1], state, depth)
            elif op in ("SC", "SCN"):
                vals = _nums(args, len(args))
                if vals is not None:
                    state.stroke_value = vals
                elif args and isinstance(args[-1], Name):
                    self._pattern(resources, args[-1], state, depth)
            elif op in ("f", "F", "f*"):
                self.paint(state, True, False)
            elif op in ("S", "s"):
                self.paint(state, False, True)
            elif op in ("B", "B*", "b", "b*"):
                self.paint(state, True, True)
            elif op == "sh" and args:
                sh = self._resource(resources, "/Shading", args[0])
                if isinstance(sh, Dictionary) and "/ColorSpace" in sh:
                    self.use_colour(_colour_space(sh["/ColorSpace"], resources))
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf" and len(args) == 2:
                try:
                    state.font_size = float(args[1])
                except (TypeError, ValueError):
                    pass
            elif op == "TL":
                v = _nums(args, 1)
                if v:
                    state.leading = v[0]
            elif op == "Tr":
                v = _nums(args, 1)
                if v:
                    state.render_mode = int(v[0])
            elif op == "Tm":
                m = _nums(args, 6)
                if m:
                    tm = tlm = m
            elif op in ("Td", "TD"):
                v = _nums(args, 2)
                if v:
                    if op == "TD":
                        state.leading = -v[1]
                    tm = tlm = _mul((1, 0, 0, 1, v[0], v[1]), tlm)
            elif op == "T*":
                tm = tlm = _mul((1, 0, 0, 1, 0, -state.leading), tlm)
            elif op in ("Tj", "TJ"):
                self.show_text(state, tm)
            elif op in ("'", '"'):
                tm = tlm = _mul((1, 0, 0, 1, 0, -state.leading), tlm)
                self.show_text(state, tm)
            elif op == "Do" and args:
                self._do(resources, args[0], state, depth)

    @staticmethod
    def _resource(resources, kind: str, name):
        if not isinstance(resources, Dictionary):
            return None
        table = resources.get(kind)
        if not isinstance(table, Dictionary):
            return None
        return table.get(str(name))

    def _do(self, resources, name, state: _GState, depth: int) -> None:
        xo = self._resource(resources, "/XObject", name)
        if not isinstance(xo, Stream):
            return
        subtype = xo.get("/Subtype")
        if subtype == "/Image":
            self.image_xobject(xo, state, resources, _name(name))
        elif subtype == "/Form":
            group = xo.get("/Group")
            if isinstance(group, Dictionary) and group.get("/S") == "/Transparency":
                self.transparency.append(f"form {_name(name)} is a transparency group")
            matrix = _nums(list(xo.get("/Matrix", [])), 6) or IDENTITY
            key = (xo.objgen, state.ctm)
            if key in self.forms_seen:
                return
            self.forms_seen.add(key)
            inner = xo.get("/Resources", resources)
            child = state.copy()
            child.ctm = _mul(matrix, state.ctm)
            self._run_with_state(xo, inner, child, depth + 1)

    def _pattern(self, resources, name: Name, state: _GState, depth: int) -> None:
        pat = self._resource(resources, "/Pattern", name)
        if not isinstance(pat, Dictionary):
            return
        if int(pat.get("/PatternType", 0) or 0) == 2:
            sh = pat.get("/Shading")
            if isinstance(sh, Dictionary) and "/ColorSpace" in sh:
                self.use_colour(_colour_space(sh["/ColorSpace"], resources))
            gs = pat.get("/ExtGState")
            if isinstance(gs, Dictionary):
                self.ext_gstate(gs, state.copy(), f"pattern {_name(name)}")
        elif isinstance(pat, Stream) and pat.objgen not in self.forms_seen:
            self.forms_seen.add(pat.objgen)
            matrix = _nums(list(pat.get("/Matrix", [])), 6) or IDENTITY
            child = state.copy()
            child.ctm = matrix
            self._run_with_state(pat, pat.get("/Resources", resources), child, depth + 1)

    def _run_with_state(self, stream, resources, state: _GState, depth: int) -> None:
        """A form or pattern starts from the graphics state at the point it is painted."""
        self.run(stream, resources, state, depth)


# ---------------------------------------------------------------- fonts


def _font_record(font: Dictionary, key) -> FontReport:
    subtype = _name(font.get("/Subtype", "/unknown"))
    base = font.get("/BaseFont")
    target: Any = font
    if subtype == "Type0":
        desc = font.get("/DescendantFonts")
        if isinstance(desc, Array) and len(desc):
            target = desc[0]
            subtype = f"Type0/{_name(target.get('/Subtype', '/?'))}"
    name = (
        _name(base)
        if base is not None
        else (_name(font.get("/Name", key)) if subtype == "Type3" else _name(key))
    )
    if subtype == "Type3":
        embedded = True
    else:
        fd = target.get("/FontDescriptor") if isinstance(target, Dictionary) else None
        embedded = isinstance(fd, Dictionary) and any(
            k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")
        )
    subset = len(name) > 7 and name[6] == "+" and name[:6].isalpha() and name[:6].isupper()
    return FontReport(name, subtype, embedded, subset)


def _walk_fonts(resources, found: dict, page: int, seen: set, depth: int = 0) -> None:
    if not isinstance(resources, Dictionary) or depth > 12:
        return
    if resources.is_indirect:
        if resources.objgen in seen:
            return
        seen.add(resources.objgen)
    fonts = resources.get("/Font")
    if isinstance(fonts, Dictionary):
        for key, font in fonts.items():
            if not isinstance(font, Dictionary):
                continue
            ident = font.objgen if font.is_indirect else (id(font), key)
            rec = found.get(ident)
            if rec is None:
                rec = found[ident] = _font_record(font, key)
            if page not in rec.pages:
                rec.pages.append(page)
            if font.get("/Subtype") == "/Type3":
                _walk_fonts(font.get("/Resources"), found, page, seen, depth + 1)
    for kind in ("/XObject", "/Pattern"):
        table = resources.get(kind)
        if isinstance(table, Dictionary):
            for obj in table.values():
                if isinstance(obj, Stream) and (
                    obj.get("/Subtype") == "/Form" or kind == "/Pattern"
                ):
                    if obj.objgen in seen:
                        continue
                    seen.add(obj.objgen)
                    _walk_fonts(obj.get("/Resources"), found, page, seen, depth + 1)


def _annotation_streams(page_obj: Dictionary):
    annots = page_obj.get("/Annots")
    if not isinstance(annots, Array):
        return
    for annot in annots:
        ap = annot.get("/AP") if isinstance(annot, Dictionary) else None
        if not isinstance(ap, Dictionary):
            continue
        for mode in ap.values():
            if isinstance(mode, Stream):
                yield mode
            elif isinstance(mode, Dictionary):
                for s in mode.values():
                    if isinstance(s, Stream):
                        yield s


# ---------------------------------------------------------------- document checks


def _target_standard(claimed: str | None, requested: str | None) -> str:
    if requested:
        std = _ALIASES.get(requested, requested)
        if std not in _STANDARDS:
            raise ValueError(
                f"unknown standard {requested!r}; use one of {', '.join(sorted(_ALIASES))}"
            )
        return std
    if claimed in _STANDARDS:
        return claimed
    return DEFAULT_STANDARD


def _check_pdfx_keys(
    pdf: pikepdf.Pdf, report: PreflightReport, family: str, max_version: str
) -> None:
    info = pdf.docinfo
    claimed = report.claimed
    fix_post = "finish the file as PDF/X (bulletin-pdf build --final does) or export it as PDF/X from its source program"
    if claimed is None:
        report.add(
            ERROR,
            "pdfx",
            f"the file does not say it is PDF/X (no GTS_PDFXVersion); checked as {report.standard}",
            fix_post,
        )
    elif claimed not in _STANDARDS:
        report.add(
            ERROR,
            "pdfx",
            f"GTS_PDFXVersion {claimed!r} is not a PDF/X version this check knows",
            fix_post,
        )
    elif claimed == "PDF/X-1:2001" and str(info.get("/GTS_PDFXConformance", "")) != "PDF/X-1a:2001":
        report.add(
            ERROR, "pdfx", "PDF/X-1:2001 without GTS_PDFXConformance (PDF/X-1a:2001)", fix_post
        )
    if report.pdf_version > max_version:
        report.add(
            ERROR,
            "pdfx",
            f"PDF version {report.pdf_version} is newer than {report.standard} allows "
            f"({max_version})",
            "save as PDF " + max_version,
            None,
        )
    trapped = info.get("/Trapped")
    if trapped is None or str(trapped) not in ("/True", "/False"):
        shown = "missing" if trapped is None else str(trapped)
        report.add(
            ERROR,
            "pdfx",
            f"/Trapped in the Info dictionary is {shown}; PDF/X needs /True or /False",
            "set Trapped to False unless the file was trapped",
        )
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not str(info.get(key, "")).strip():
            report.add(ERROR, "pdfx", f"the Info dictionary has no {key[1:]}", fix_post)
    if "/ID" not in pdf.trailer:
        report.add(
            ERROR, "pdfx", "the trailer has no /ID", "save the file again with any PDF writer"
        )
    if pdf.is_encrypted:
        report.add(
            ERROR,
            "pdfx",
            "the file is encrypted; PDF/X forbids encryption",
            "save it without a password",
        )

    intents = pdf.Root.get("/OutputIntents")
    pdfx = (
        [oi for oi in intents if isinstance(oi, Dictionary) and oi.get("/S") == "/GTS_PDFX"]
        if isinstance(intents, Array)
        else []
    )
    if not pdfx:
        report.add(
            ERROR,
            "pdfx",
            "no PDF/X output intent (OutputIntents with /S /GTS_PDFX)",
            "embed the printer's CMYK profile as the output intent: " + fix_post,
        )
    elif len(pdfx) > 1:
        report.add(
            ERROR, "pdfx", f"{len(pdfx)} PDF/X output intents; PDF/X allows exactly one", fix_post
        )
    if pdfx:
        oi = pdfx[0]
        ident = str(oi.get("/OutputConditionIdentifier", ""))
        record: dict[str, Any] = {
            "identifier": ident,
            "condition": str(oi.get("/OutputCondition", "")),
            "registry": str(oi.get("/RegistryName", "")),
            "profile": None,
        }
        if not ident:
            report.add(
                ERROR, "pdfx", "the output intent has no OutputConditionIdentifier", fix_post
            )
        dest = oi.get("/DestOutputProfile")
        if isinstance(dest, Stream):
            try:
                icc = dest.read_bytes()
            except pikepdf.PdfError as exc:
                icc = b""
                report.add(ERROR, "pdfx", f"the output profile cannot be read: {exc}", fix_post)
            cls, space = icc[12:16].decode("latin-1"), icc[16:20].decode("latin-1")
            record["profile"] = {"class": cls, "space": space.strip(), "bytes": len(icc)}
            if icc and (cls != "prtr" or space != "CMYK"):
                report.add(
                    ERROR,
                    "pdfx",
                    f"the output profile is {cls}/{space.strip()}, not a CMYK output "
                    "(prtr) profile",
                    "embed the printer's CMYK profile",
                )
        elif family == "X-4":
            report.add(
                ERROR,
                "pdfx",
                "PDF/X-4 needs the output profile embedded (DestOutputProfile)",
                fix_post,
            )
        elif not str(oi.get("/RegistryName", "")).strip():
            report.add(
                ERROR,
                "pdfx",
                "the output intent neither embeds a profile nor names a registry "
                "(RegistryName) for its condition",
                fix_post,
            )
        report.output_intent = record

    try:
        meta = pdf.open_metadata()
        xmp_version = meta.get("pdfxid:GTS_PDFXVersion")
    except Exception:  # unreadable XMP is reported as missing XMP
        meta, xmp_version = None, None
    has_xmp = "/Metadata" in pdf.Root
    if family == "X-4" and (not has_xmp or not xmp_version):
        report.add(
            ERROR, "pdfx", "PDF/X-4 needs XMP metadata with pdfxid:GTS_PDFXVersion", fix_post
        )
    if xmp_version and claimed and xmp_version != claimed:
        report.add(
            ERROR,
            "pdfx",
            f"XMP says {xmp_version} but the Info dictionary says {claimed}",
            fix_post,
        )

    names = pdf.Root.get("/Names")
    if (isinstance(names, Dictionary) and "/JavaScript" in names) or "/AA" in pdf.Root:
        report.add(ERROR, "pdfx", "the file contains JavaScript or document actions", "remove them")
    action = pdf.Root.get("/OpenAction")
    if isinstance(action, Dictionary) and action.get("/S") in ("/JavaScript", "/Launch"):
        report.add(ERROR, "pdfx", "the file runs an action when opened", "remove the OpenAction")


def _check_boxes(page: PageReport, trim_expected, report: PreflightReport) -> None:
    n = page.number
    if page.trim is None and page.art is None:
        report.add(
            ERROR,
            "boxes",
            "no TrimBox: the printer cannot tell where the page is cut",
            "set a TrimBox on every page (canvas.setTrimBox in ReportLab)",
            n,
        )
    if page.trim is not None and page.art is not None:
        report.add(
            WARNING,
            "boxes",
            "both TrimBox and ArtBox are set; PDF/X wants only one (TrimBox)",
            "remove the ArtBox",
            n,
        )
    if page.bleed is None:
        report.add(
            WARNING,
            "boxes",
            "no BleedBox: the bleed is taken to be the whole media",
            "set a BleedBox (trim + 3 mm, or equal to the trim for presses without bleed)",
            n,
        )
    trim = page.trim or page.art
    if trim is not None:
        outer = page.bleed or page.media
        if not _inside(trim, outer):
            report.add(
                ERROR,
                "boxes",
                "the TrimBox reaches outside the " + ("BleedBox" if page.bleed else "MediaBox"),
                "make the trim lie inside the bleed and the media",
                n,
            )
        if trim_expected is not None:
            w, h = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
            ew, eh = trim_expected
            if abs(w - ew) > TRIM_TOLERANCE_MM or abs(h - eh) > TRIM_TOLERANCE_MM:
                report.add(
                    ERROR,
                    "boxes",
                    f"trim is {w:.1f} × {h:.1f} mm, the printer expects {ew:g} × {eh:g} mm",
                    "set the layout's trim to the printer's size",
                    n,
                )
    if page.bleed is not None and not _inside(page.bleed, page.media):
        report.add(
            ERROR, "boxes", "the BleedBox reaches outside the MediaBox", "enlarge the media", n
        )
    if page.crop is not None and trim is not None and not _inside(trim, page.crop):
        report.add(WARNING, "boxes", "the CropBox cuts into the trim area", "remove the CropBox", n)
    if page.rotate:
        report.add(NOTE, "boxes", f"the page is rotated by {page.rotate}°", "", n)


# ---------------------------------------------------------------- ink (Ghostscript)


def _measure_ink(path: Path, report: PreflightReport, max_tac: float, resolution: float) -> None:
    gs = shutil.which("gs")
    if gs is None:
        report.add(
            NOTE,
            "ink",
            "ink coverage not measured: Ghostscript (gs) is not installed",
            "apt-get install ghostscript",
        )
        return
    from PIL import Image, ImageMath, ImageStat

    limit_units = max_tac * 255.0 / 100.0
    with tempfile.TemporaryDirectory(prefix="bulletin-preflight-") as tmp:
        cmd = [
            gs,
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-dNOINTERPOLATE",
            "-sDEVICE=tiff32nc",
            f"-r{resolution:g}",
            f"-sOutputFile={tmp}/p%05d.tif",
            str(path),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=GS_TIMEOUT, text=True)
        except subprocess.TimeoutExpired:
            report.add(
                WARNING,
                "ink",
                f"ink coverage not measured: Ghostscript took over {GS_TIMEOUT} s",
                "",
            )
            return
        if done.returncode != 0:
            msg = (done.stderr or done.stdout).strip().splitlines()
            report.add(
                WARNING,
                "ink",
                "ink coverage not measured: Ghostscript could not render the file"
                + (f" ({msg[-1]})" if msg else ""),
                "",
            )
            return
        px_mm2 = (25.4 / resolution) ** 2
        for page in report.pages:
            tif = Path(tmp) / f"p{page.number:05d}.tif"
            if not tif.exists():
                continue
            with Image.open(tif) as im:
                im.load()
                cmyk = im if im.mode == "CMYK" else im.convert("CMYK")
            bleed_area = _pixels(page, page.bleed or page.trim or page.media, cmyk.size, resolution)
            trim_area = _pixels(page, page.trim or page.art or page.media, cmyk.size, resolution)
            trim_im = cmyk.crop(trim_area)
            ink = [round(v * 100.0 / 255.0, 2) for v in ImageStat.Stat(trim_im).mean]
            page.ink = (ink[0], ink[1], ink[2], ink[3])
            region = cmyk.crop(bleed_area)
            c, m, y, k = region.split()
            total = ImageMath.lambda_eval(
                lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k
            )
            page.max_tac = round(total.getextrema()[1] * 100.0 / 255.0, 1)
            over = (
                ImageMath.lambda_eval(lambda a: a["t"] > limit_units, t=total)
                .convert("L")
                .histogram()[1]
            )
            page.tac_over_mm2 = round(over * px_mm2, 1)
        report.ink_checked = True
    heavy = [p for p in report.pages if p.tac_over_mm2 and p.tac_over_mm2 > TAC_AREA_TOLERANCE_MM2]
    spots = [p for p in report.pages if p.tac_over_mm2 and p not in heavy]
    if heavy:
        worst = max(heavy, key=lambda p: (p.max_tac, p.tac_over_mm2))
        _add_for_pages(
            report,
            heavy,
            ERROR,
            "ink",
            f"total ink goes over {max_tac:.0f}%: up to {worst.max_tac:.0f}% on "
            f"{worst.tac_over_mm2:.0f} mm² (page {worst.number}); newsprint smears and sets off "
            "above the limit",
            "separate photos with the press profile, set text in 100 K (not RGB black) and keep "
            f"rich blacks under {max_tac:.0f}% (e.g. C40 M30 Y30 K100 = 200%)",
        )
    if spots:
        _add_for_pages(
            report,
            spots,
            WARNING,
            "ink",
            f"total ink goes over {max_tac:.0f}% on small spots (under {TAC_AREA_TOLERANCE_MM2:g} mm²), "
            f"up to {max(p.max_tac or 0.0 for p in spots):.0f}%",
            "check those spots at full size",
        )


def _add_for_pages(
    report: PreflightReport, pages: list, severity: str, check: str, message: str, fix: str
) -> None:
    """One finding for several pages (PageReports or page numbers)."""
    numbers = sorted({p.number if isinstance(p, PageReport) else int(p) for p in pages})
    report.add(severity, check, message, fix, numbers[0] if numbers else None)
    if numbers:
        report.findings[-1].pages = numbers


def _pixels(
    page: PageReport, box, size: tuple[int, int], resolution: float
) -> tuple[int, int, int, int]:
    """The pixel rectangle of a page box in Ghostscript's render of the MediaBox."""
    w, h = size
    if page.rotate % 360:
        return (0, 0, w, h)  # rotated output: measure the whole render
    media = page.media
    s = resolution / 72.0
    left = round((box[0] - media[0]) * s)
    right = round((box[2] - media[0]) * s)
    top = round((media[3] - box[3]) * s)
    bottom = round((media[3] - box[1]) * s)
    left, top = max(0, min(left, w - 1)), max(0, min(top, h - 1))
    right, bottom = max(left + 1, min(right, w)), max(top + 1, min(bottom, h))
    return (left, top, right, bottom)


# ---------------------------------------------------------------- the preflight


def preflight(
    path: Path,
    *,
    trim_expected: tuple[float, float] | None = None,
    min_ppi: float = 200.0,
    max_tac: float = 240.0,
    standard: str | None = None,
    resolution: float = 36.0,
    ink: bool = True,
) -> PreflightReport:
    """Check a PDF for print. `trim_expected` is (width, height) in mm; `standard` overrides
    what the file claims (default: the claim, else PDF/X-1a:2003). Raises InputError only
    when the file cannot be opened at all."""
    path = Path(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise InputError(
            f"{path.name} is encrypted with a password",
            Where(str(path)),
            "save it without a password; PDF/X forbids encryption",
        ) from None
    except (pikepdf.PdfError, OSError) as exc:
        raise InputError(
            f"{path.name} is not a readable PDF: {exc}",
            Where(str(path)),
            "check the file, or export it again from its source program",
        ) from None
    with pdf:
        info = pdf.docinfo
        claimed = str(info["/GTS_PDFXVersion"]) if "/GTS_PDFXVersion" in info else None
        if (
            claimed == "PDF/X-1:2001"
            and str(info.get("/GTS_PDFXConformance", "")) == "PDF/X-1a:2001"
        ):
            claimed_std: str | None = "PDF/X-1a:2001"
        else:
            claimed_std = claimed
        target = _target_standard(claimed_std, standard)
        family, max_version = _STANDARDS[target]
        report = PreflightReport(str(path), target, claimed, str(pdf.pdf_version))
        _check_pdfx_keys(pdf, report, family, max_version)

        fonts: dict = {}
        colours: dict[str, tuple[_Colour, list[int]]] = {}
        trims = set()
        for number, page in enumerate(pdf.pages, 1):
            obj = page.obj
            media = _box(_inherited(obj, "/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
            crop = _box(_inherited(obj, "/CropBox"))
            rec = PageReport(
                number,
                media,
                _box(obj.get("/TrimBox")),
                _box(obj.get("/BleedBox")),
                _box(obj.get("/ArtBox")),
                crop,
                int(_inherited(obj, "/Rotate") or 0) % 360,
            )
            report.pages.append(rec)
            _check_boxes(rec, trim_expected, report)
            if rec.trim:
                trims.add(rec.trim_mm)

            resources = _inherited(obj, "/Resources")
            seen: set = set()
            _walk_fonts(resources, fonts, number, seen)
            for ap in _annotation_streams(obj):
                _walk_fonts(ap.get("/Resources"), fonts, number, seen)

            scan = _PageScan(report, rec, family)
            group = obj.get("/Group")
            if isinstance(group, Dictionary) and group.get("/S") == "/Transparency":
                scan.transparency.append("the page is a transparency group")
            scan.run(page, resources, _GState())
            _page_findings(scan, rec, report, family, min_ppi)
            for label, colour in scan.colours.items():
                colours.setdefault(label, (colour, []))[1].append(number)
            _check_annotations(obj, rec, report)

        if len(trims) > 1:
            report.add(
                WARNING,
                "boxes",
                "pages have different trim sizes: "
                + ", ".join(f"{w} × {h} mm" for w, h in sorted(trims)),
                "give every page the same trim",
            )
        report.fonts = sorted(fonts.values(), key=lambda f: (f.pages[0] if f.pages else 0, f.name))
        _font_findings(report)
        _colour_findings(colours, report, family)

    if ink:
        _measure_ink(path, report, max_tac, resolution)
    return report


def _page_findings(
    scan: _PageScan, page: PageReport, report: PreflightReport, family: str, min_ppi: float
) -> None:
    n = page.number
    page.smallest_text_pt = round(scan.smallest_text, 2) if scan.smallest_text else None
    page.colour_spaces = sorted(scan.colours)
    report.images.extend(scan.images)
    if scan.transparency:
        what = "; ".join(dict.fromkeys(scan.transparency))
        if family == "X-4":
            report.add(NOTE, "transparency", f"transparency (allowed in PDF/X-4): {what}", "", n)
        else:
            report.add(
                ERROR,
                "transparency",
                f"transparency, which {report.standard} forbids: {what}",
                "remove opacity, blend modes and soft masks (flatten images onto white) and export again",
                n,
            )
    if scan.transfer and family == "X-1a":
        report.add(
            ERROR,
            "colour",
            "transfer functions in graphics states " + ", ".join(scan.transfer),
            "remove them; the press's curves belong to the RIP",
            n,
        )
    if scan.text_in_bleed and scan.text_first is not None:
        x, y = scan.text_first
        report.add(
            WARNING,
            "text",
            f"{scan.text_in_bleed} piece(s) of text start between the trim and the bleed "
            f"edge (first at {x / MM:.1f}, {y / MM:.1f} mm) and will be cut off",
            "move the text inside the trim, at least 3 mm from the cut",
            n,
        )
    if scan.text_outside:
        report.add(
            NOTE,
            "text",
            f"{scan.text_outside} piece(s) of text outside the bleed (slug or marks; cut away)",
            "",
            n,
        )
    if scan.white_overprint:
        report.add(
            ERROR,
            "colour",
            f"{scan.white_overprint} white (0/0/0/0) object(s) set to overprint: with "
            "overprint mode 1 they vanish on press",
            "turn overprint off for white and light elements "
            "(overprint only 100% K text and black rules)",
            n,
        )
    if scan.knockout_black:
        report.add(
            WARNING,
            "colour",
            f"{scan.knockout_black} runs of 100% K text knock out instead of "
            "overprinting; any misregistration shows a white halo",
            "set fill overprint with overprint mode 1 (op true, OPM 1) for black text",
            n,
        )
    for img in scan.images:
        line_art = img.bits == 1
        if img.ppi < min_ppi:
            report.add(
                ERROR,
                "images",
                f"image {img.name} ({img.width_px} × {img.height_px} px, "
                f"{img.placed_mm[0]:g} × {img.placed_mm[1]:g} mm) is {img.ppi:.0f} ppi; print needs "
                f"{min_ppi:.0f}",
                "use a larger original or place it smaller",
                n,
            )
        elif line_art and img.ppi < LINE_ART_PPI:
            report.add(
                WARNING,
                "images",
                f"line art {img.name} is {img.ppi:.0f} ppi; 1-bit art wants "
                f"{LINE_ART_PPI:.0f} ppi or more for clean edges",
                "use a higher-resolution scan",
                n,
            )


def _check_annotations(obj: Dictionary, page: PageReport, report: PreflightReport) -> None:
    annots = obj.get("/Annots")
    trim = page.trim or page.art
    if not isinstance(annots, Array) or trim is None:
        return
    for annot in annots:
        if not isinstance(annot, Dictionary):
            continue
        sub = _name(annot.get("/Subtype", "/?"))
        if sub in ("PrinterMark", "TrapNet"):
            continue
        rect = _box(annot.get("/Rect"))
        if (
            rect
            and rect[0] < trim[2]
            and rect[2] > trim[0]
            and rect[1] < trim[3]
            and rect[3] > trim[1]
        ):
            report.add(
                ERROR,
                "pdfx",
                f"a {sub} annotation lies on the page (inside the trim box)",
                "remove annotations, comments and form fields before sending to press",
                page.number,
            )


def _font_findings(report: PreflightReport) -> None:
    for font in report.fonts:
        if not font.embedded:
            _add_for_pages(
                report,
                font.pages,
                ERROR,
                "fonts",
                f"font {font.name} ({font.subtype}) is not embedded",
                "embed every font: in ReportLab use TTFont and Canvas(initialFontName=...) so "
                "Helvetica is never referenced; avoid UnicodeCIDFont",
            )
        elif font.subtype == "Type3":
            _add_for_pages(
                report,
                font.pages,
                NOTE,
                "fonts",
                f"font {font.name} is a Type3 font: its glyphs are "
                "PDF drawings, often bitmaps; check it prints sharply",
                "",
            )


def _colour_findings(colours: dict, report: PreflightReport, family: str) -> None:
    for label, (colour, pages) in sorted(colours.items()):
        bad = _forbidden(colour, family)
        if bad:
            _add_for_pages(
                report,
                pages,
                ERROR,
                "colour",
                f"colour space {label} is not allowed in {report.standard}",
                "convert to CMYK with the press profile before placing (photos), and use only "
                "CMYK, grey or spot colours",
            )
        alt_bad = [
            a
            for a in colour.alternates
            if a in ("DeviceRGB", "CalRGB", "Lab") or a.startswith("ICCBased")
        ]
        if alt_bad and family == "X-1a":
            _add_for_pages(
                report,
                pages,
                WARNING,
                "colour",
                f"spot colour {label} has an RGB/Lab alternate; a "
                "proof or a press without that plate uses the alternate",
                "give spot colours CMYK alternates",
            )


def _pages(numbers: list[int]) -> str:
    nums = sorted(set(numbers))
    if not nums:
        return "no page"
    runs, start, prev = [], nums[0], nums[0]
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ("page " if len(nums) == 1 else "pages ") + ", ".join(runs)


# ---------------------------------------------------------------- output


def format_report(report: PreflightReport, json: bool = False) -> str:
    """The report for people (or as JSON for scripts)."""
    if json:
        return _json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
    out = []
    verdict = "PASS" if report.ok else "FAIL"
    out.append(
        f"preflight {report.path}: {verdict} — {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s); checked as {report.standard}"
    )
    claim = report.claimed or "no PDF/X claim"
    intent = ""
    if report.output_intent:
        oi = report.output_intent
        prof = oi.get("profile")
        intent = f"; output intent {oi['identifier']!r}" + (
            f" ({prof['class']}/{prof['space']} profile, {prof['bytes']} bytes)"
            if prof
            else " (no profile)"
        )
    out.append(f"PDF {report.pdf_version}, {len(report.pages)} page(s), {claim}{intent}")
    out.append("")
    out.append(
        f"{'page':>4}  {'trim mm':>13}  {'bleed mm':>8}  {'media mm':>13}  {'ink C/M/Y/K %':>23}  "
        f"{'max TAC':>7}  {'min text':>8}"
    )
    for p in report.pages:
        trim = f"{p.trim_mm[0]:g}×{p.trim_mm[1]:g}" if p.trim_mm else "—"
        media = f"{p.media_mm[0]:g}×{p.media_mm[1]:g}"
        bleed = "—"
        if p.bleed_mm:
            sides = set(p.bleed_mm)
            bleed = (
                f"{p.bleed_mm[0]:g}" if len(sides) == 1 else "/".join(f"{v:g}" for v in p.bleed_mm)
            )
        ink = "/".join(f"{v:.1f}" for v in p.ink) if p.ink else "—"
        tac = f"{p.max_tac:.0f}%" if p.max_tac is not None else "—"
        text = f"{p.smallest_text_pt:g} pt" if p.smallest_text_pt else "—"
        out.append(
            f"{p.number:>4}  {trim:>13}  {bleed:>8}  {media:>13}  {ink:>23}  {tac:>7}  {text:>8}"
        )
    if report.fonts:
        out.append("")
        out.append("fonts:")
        for f in report.fonts:
            state = "embedded" + (" subset" if f.subset else "") if f.embedded else "NOT EMBEDDED"
            out.append(f"  {f.name} ({f.subtype}, {state}) {_pages(f.pages)}")
    if report.images:
        out.append("")
        low = min(report.images, key=lambda i: i.ppi)
        out.append(
            f"images: {len(report.images)} placed; lowest {low.ppi:.0f} ppi "
            f"({low.name} on page {low.page}); colour: "
            + ", ".join(sorted({i.colour_space for i in report.images}))
        )
    spaces = sorted({c for p in report.pages for c in p.colour_spaces})
    if spaces:
        out.append("colour spaces: " + ", ".join(spaces))
    for title, items in (
        ("errors", report.errors),
        ("warnings", report.warnings),
        ("notes", report.notes),
    ):
        if not items:
            continue
        out.append("")
        out.append(f"{title}:")
        for finding in items:
            where = f"{_pages(finding.pages)}: " if finding.pages else ""
            out.append(f"  [{finding.check}] {where}{finding.message}")
            if finding.fix:
                out.append(f"      fix: {finding.fix}")
    return "\n".join(out)

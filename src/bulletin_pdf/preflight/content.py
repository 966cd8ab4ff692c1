"""A small content-stream interpreter: it follows one page's graphics state through every
place colour, transparency and fonts can hide — the page's streams, forms, tiling and
shading patterns, shadings of every type, Type 3 glyph procedures, annotation appearances,
images and their masks, soft masks and groups — and records what the checks need: colour
spaces with the object path they were met on, transparency, images at placed size, text
(size, colour, extent) and every painted object's extent on the page.

It is bounded (limits.py): a hostile file cannot keep it busy past a deadline, nor make it
decode an enormous stream."""

from __future__ import annotations

import math
import time
import warnings
import zlib
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Name, Stream

from bulletin_pdf import limits
from bulletin_pdf.errors import LimitError
from bulletin_pdf.model.layout import MM
from bulletin_pdf.preflight.colour import GRAY, Colour, colour_space, device, ink_class, is_white
from bulletin_pdf.preflight.objects import (
    IDENTITY,
    apply,
    bbox_through,
    dictlike,
    mul,
    name_of,
    nums,
    scale_of,
)
from bulletin_pdf.preflight.report import ImageReport, PageReport

Box = tuple[float, float, float, float]


@dataclass
class GState:
    ctm: tuple = IDENTITY
    fill: Colour = GRAY
    fill_value: tuple = (0.0,)
    stroke: Colour = GRAY
    stroke_value: tuple = (0.0,)
    op: bool = False  # fill overprint
    OP: bool = False  # stroke overprint
    opm: int = 0
    line_width: float = 1.0
    font: object = None
    font_size: float = 0.0
    leading: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    h_scale: float = 1.0
    render_mode: int = 0
    clip: Box | None = None  # device-space bound of the clipping path

    def copy(self) -> GState:
        return GState(**self.__dict__)


@dataclass
class Mark:
    """One painted object: what it was, its extent (pt, page space), colour class and where."""

    kind: str  # fill, stroke, image, shading, text
    box: Box
    inks: str  # colour.ink_class
    where: str
    size: float = 0.0  # text: the font size on the page; stroke: the line width on the page
    colour: str = ""


@dataclass
class Budget:
    """Operators and seconds left for the whole file (shared by its pages)."""

    operators: int = field(default_factory=lambda: limits.MAX_PREFLIGHT_OPERATORS)
    deadline: float = field(default_factory=lambda: time.monotonic() + limits.MAX_PREFLIGHT_SECONDS)

    def spend(self, n: int, path: str) -> None:
        self.operators -= n
        if self.operators < 0:
            raise LimitError(
                f"{path}: more than {limits.MAX_PREFLIGHT_OPERATORS:,} drawing operators in the file "
                "(limits.MAX_PREFLIGHT_OPERATORS); preflight stopped",
                None,
                "a page this complex will choke a RIP too: flatten or simplify it",
            )
        if time.monotonic() > self.deadline:
            raise LimitError(
                f"{path}: reading the file took more than {limits.MAX_PREFLIGHT_SECONDS} s "
                "(limits.MAX_PREFLIGHT_SECONDS); preflight stopped",
                None,
                "simplify the file or split it into smaller ones",
            )


def stream_bytes(stream: Stream, path: str) -> bytes:
    """A stream's decoded bytes, refusing one that inflates past the limit (a zip bomb)."""
    limit = limits.MAX_PREFLIGHT_STREAM_BYTES
    filt = stream.get("/Filter")
    filters = [str(f) for f in filt] if isinstance(filt, Array) else ([str(filt)] if filt else [])
    if filters == ["/FlateDecode"] and "/DecodeParms" not in stream:
        raw = stream.read_raw_bytes()
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, limit + 1)
        except zlib.error:
            return stream.read_bytes()  # let pikepdf report (or mend) the damage
        if len(data) > limit:
            raise _too_big(path)
        return data
    data = stream.read_bytes()
    if len(data) > limit:
        raise _too_big(path)
    return data


def _too_big(path: str) -> LimitError:
    return LimitError(
        f"{path} decodes to more than {limits.MAX_PREFLIGHT_STREAM_BYTES // 2**20} MB "
        "(limits.MAX_PREFLIGHT_STREAM_BYTES); preflight stopped",
        None,
        "a stream this large is a damaged or hostile file: export it again",
    )


class PageScan:
    """Follows one page's content; its fields are what the checks read afterwards."""

    def __init__(self, pdf: pikepdf.Pdf, page: PageReport, family: str, budget: Budget):
        self.pdf = pdf
        self.page = page
        self.family = family
        self.budget = budget
        self.colours: dict[str, tuple[Colour, str]] = {}  # label -> colour, first place
        self.transparency: list[tuple[str, str]] = []  # what, where
        self.transfer: list[str] = []
        self.halftones: list[str] = []
        self.postscript: list[str] = []
        self.optional_content: list[str] = []
        self.alternates: list[str] = []
        self.sixteen_bit: list[str] = []
        self.jpx: list[str] = []
        self.unreadable: list[str] = []
        self.knockout_black: list[str] = []
        self.white_overprint: list[str] = []
        self.marks: list[Mark] = []
        self.images: list[ImageReport] = []
        self._seen: set = set()
        self._type3_seen: set = set()
        self._widths: dict = {}  # font -> its code-to-width function

    # ------------------------------------------------------------------ places and colours
    def position(self, x: float, y: float) -> str:
        """A point as mm from the trim's lower-left corner (the printer's view of the page)."""
        ref = self.page.trim or self.page.art or self.page.crop or self.page.media
        return f"{(x - ref[0]) / MM:.1f}, {(y - ref[1]) / MM:.1f} mm"

    def use_colour(self, colour: Colour, where: str) -> None:
        self.colours.setdefault(colour.label, (colour, where))

    def ext_gstate(self, gs, state: GState, where: str, resources, depth: int) -> None:
        if not dictlike(gs):
            return
        for key, limit in (("/ca", "fill"), ("/CA", "stroke")):
            if key in gs:
                try:
                    alpha = float(gs[key])
                except (TypeError, ValueError):
                    alpha = 1.0
                if alpha < 1.0:
                    self.transparency.append((f"{limit} opacity {alpha:g}", where))
        bm = gs.get("/BM")
        if bm is not None:
            modes = [str(m) for m in bm] if isinstance(bm, Array) else [str(bm)]
            if modes and modes[0] not in ("/Normal", "/Compatible"):
                self.transparency.append(
                    (f"blend mode {', '.join(name_of(m) for m in modes)}", where)
                )
        smask = gs.get("/SMask")
        if smask is not None and str(smask) != "/None":
            self.transparency.append(("soft mask", where))
            group = smask.get("/G") if dictlike(smask) else None
            if isinstance(group, Stream):  # the mask's own drawing: colours hide there too
                self.form(group, state.copy(), resources, f"{where} → soft mask", depth + 1)
        for key in ("/TR", "/TR2"):
            tr = gs.get(key)
            if tr is not None and str(tr) not in ("/Identity", "/Default"):
                self.transfer.append(where)
        for key in ("/HT", "/HTP"):
            ht = gs.get(key)
            if ht is not None and str(ht) != "/Default":
                self.halftones.append(where)
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
        if "/LW" in gs:
            try:
                state.line_width = float(gs["/LW"])
            except (TypeError, ValueError):
                pass
        font = gs.get("/Font")
        if isinstance(font, Array) and len(font) == 2:
            state.font = font[0]
            try:
                state.font_size = float(font[1])
            except (TypeError, ValueError):
                pass

    # ------------------------------------------------------------------ painting
    def mark(
        self,
        kind: str,
        box: Box | None,
        state: GState,
        where: str,
        size: float = 0.0,
        fill: bool = True,
    ) -> None:
        if box is None:
            return
        if state.clip is not None:
            c = state.clip
            box = (max(box[0], c[0]), max(box[1], c[1]), min(box[2], c[2]), min(box[3], c[3]))
            if box[0] > box[2] or box[1] > box[3]:
                return
        colour, value = (
            (state.fill, state.fill_value) if fill else (state.stroke, state.stroke_value)
        )
        inks = ink_class(colour, value) if kind != "image" else "image"
        over = state.op if fill else state.OP
        if over and state.opm == 1 and is_white(colour, value):
            self.white_overprint.append(f"{where}, at {self.position(box[0], box[1])}")
        self.marks.append(Mark(kind, box, inks, where, size, colour.label))

    def paint_path(
        self, path_box: Box | None, state: GState, fill: bool, stroke: bool, where: str
    ) -> None:
        if path_box is None:
            return
        if fill:
            self.mark("fill", path_box, state, where)
        if stroke:
            width = state.line_width * scale_of(state.ctm)
            half = width / 2
            grown = (path_box[0] - half, path_box[1] - half, path_box[2] + half, path_box[3] + half)
            self.mark("stroke", grown, state, where, size=width, fill=False)

    # ------------------------------------------------------------------ text
    def show_text(
        self, state: GState, tm: tuple, operand, resources, where: str, depth: int
    ) -> tuple:
        """Paint a string (or TJ array); returns the text matrix after it."""
        font = state.font if dictlike(state.font) else None
        if font is not None and font.get("/Subtype") == "/Type3":
            self.type3(font, state, resources, where, depth)
        advance = _advance(font, self._widths_of(font), operand, state)  # in text space units
        end_tm = mul((1, 0, 0, 1, advance, 0), tm)
        if state.render_mode in (3, 7):  # invisible (OCR layers) and clip-only text
            return end_tm
        m = mul(tm, state.ctm)
        size = abs(state.font_size) * math.hypot(m[2], m[3])
        fs = state.font_size
        # the run's extent: from the pen to its end, descender to ascender
        box = bbox_through(m, 0, -0.2 * fs, advance if advance else 0.5 * fs, 0.8 * fs)
        where = f"{where}, text at {self.position(m[4], m[5])}"
        filling = state.render_mode in (0, 2, 4, 6)  # else stroked only: the stroke colour
        self.mark("text", box, state, where, size=size, fill=filling)
        fill = state.fill
        if fill.label == "DeviceCMYK" and len(state.fill_value) == 4:
            c, mg, yl, k = state.fill_value
            if c == mg == yl == 0 and k >= 0.999 and not (state.op and state.opm == 1):
                self.knockout_black.append(where)
        return end_tm

    def _widths_of(self, font):
        if font is None:
            return None
        key = font.objgen if font.is_indirect else id(font)
        if key not in self._widths:
            self._widths[key] = _widths(font)
        return self._widths[key]

    def type3(self, font, state: GState, resources, where: str, depth: int) -> None:
        """A Type 3 font's glyphs are drawings: read each procedure once."""
        key = font.objgen if font.is_indirect else id(font)
        if key in self._type3_seen:
            return
        self._type3_seen.add(key)
        procs = font.get("/CharProcs")
        inner = font.get("/Resources", resources)
        matrix = nums(list(font.get("/FontMatrix", [0.001, 0, 0, 0.001, 0, 0])), 6) or IDENTITY
        if not dictlike(procs):
            return
        for glyph, proc in procs.items():
            if isinstance(proc, Stream):
                child = state.copy()
                child.ctm = mul(
                    matrix, mul((state.font_size, 0, 0, state.font_size, 0, 0), state.ctm)
                )
                self.run(proc, inner, child, f"{where} → Type 3 glyph {name_of(glyph)}", depth + 1)

    # ------------------------------------------------------------------ images
    def image(self, xo: Stream, state: GState, resources, where: str) -> None:
        stencil = bool(xo.get("/ImageMask", False))
        if stencil:
            colour = state.fill
        elif "/ColorSpace" in xo:
            colour = colour_space(xo["/ColorSpace"], resources)
        else:
            colour = Colour("JPX embedded", frozenset({"JPX"}))
        self.use_colour(colour, where)
        if "/SMask" in xo:
            self.transparency.append(("image with a soft mask (SMask)", where))
            mask = xo.get("/SMask")
            if isinstance(mask, Stream) and "/ColorSpace" in mask:
                self.use_colour(
                    colour_space(mask["/ColorSpace"], resources), f"{where} → soft mask"
                )
        if int(xo.get("/SMaskInData", 0) or 0):
            self.transparency.append(("image carries alpha (SMaskInData)", where))
        mask = xo.get("/Mask")
        if isinstance(mask, Stream) and "/ColorSpace" in mask:
            self.use_colour(colour_space(mask["/ColorSpace"], resources), f"{where} → mask")
        if "/Alternates" in xo or "/OPI" in xo:
            self.alternates.append(where)
        filt = xo.get("/Filter")
        filters = (
            [name_of(f) for f in filt]
            if isinstance(filt, Array)
            else ([name_of(filt)] if filt else [])
        )
        if "JPXDecode" in filters:
            self.jpx.append(where)
        try:
            bits = int(xo.get("/BitsPerComponent", 1 if stencil else 8))
            width, height = int(xo.get("/Width", 0)), int(xo.get("/Height", 0))
        except (TypeError, ValueError):
            return
        if bits == 16:
            self.sixteen_bit.append(where)
        self.place_image(
            state, where, width, height, colour, bits, "+".join(filters) or "none", stencil
        )

    def place_image(
        self,
        state: GState,
        where: str,
        width: int,
        height: int,
        colour: Colour,
        bits: int,
        filt: str,
        stencil: bool,
    ) -> None:
        a, b, c, d = state.ctm[:4]
        w_pt, h_pt = math.hypot(a, b), math.hypot(c, d)
        if w_pt < 1e-6 or h_pt < 1e-6 or width < 1 or height < 1:
            return
        box = bbox_through(state.ctm, 0, 0, 1, 1)
        self.mark("image" if not stencil else "fill", box, state, where)
        ppi = min(width / (w_pt / 72.0), height / (h_pt / 72.0))
        name = where.rsplit(" ", 1)[-1]
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

    def inline_image(self, iimage, state: GState, resources, where: str) -> None:
        try:
            stencil = bool(iimage.image_mask)
            width, height = int(iimage.width), int(iimage.height)
            bits = int(iimage.bits_per_component)
            cs = iimage.colorspace
        except Exception:  # an inline image pikepdf cannot describe: nothing to measure
            return
        where = f"{where} inline image"
        if stencil:
            colour = state.fill
        else:
            colour = colour_space(Name(cs) if isinstance(cs, str) else cs, resources)
        self.use_colour(colour, where)
        self.place_image(state, where, width, height, colour, bits, "inline", stencil)

    # ------------------------------------------------------------------ forms, patterns, shadings
    def form(self, xo: Stream, state: GState, resources, where: str, depth: int) -> None:
        key = (xo.objgen, state.ctm) if xo.is_indirect else None
        if key is not None:
            if key in self._seen:
                return
            self._seen.add(key)
        if xo.get("/Subtype2") == "/PS" or "/PS" in xo:
            self.postscript.append(where)
        if "/OC" in xo:
            self.optional_content.append(where)
        group = xo.get("/Group")
        if dictlike(group):
            if group.get("/S") == "/Transparency":
                self.transparency.append(("transparency group", where))
            if "/CS" in group:
                self.use_colour(colour_space(group["/CS"], resources), f"{where} group")
        matrix = nums(list(xo.get("/Matrix", [])), 6) or IDENTITY
        inner = xo.get("/Resources", resources)
        child = state.copy()
        child.ctm = mul(matrix, state.ctm)
        bbox = nums(list(xo.get("/BBox", [])), 4)
        if bbox:
            clip = bbox_through(child.ctm, *bbox)
            child.clip = _intersect(child.clip, clip)
        self.run(xo, inner, child, where, depth + 1)

    def shading(self, sh, state: GState, resources, where: str, area: Box | None) -> None:
        """A shading of any type (1–7; 4–7 are streams): its colour space, and what it covers."""
        if not dictlike(sh):
            return
        if "/ColorSpace" in sh:
            self.use_colour(colour_space(sh["/ColorSpace"], resources), where)
        if area is None:
            area = state.clip or self.page.media
        self.mark("shading", area, state, where)

    def pattern(self, name, state: GState, resources, where: str, depth: int, base_ctm) -> None:
        table = resources.get("/Pattern") if dictlike(resources) else None
        pat = table.get(str(name)) if dictlike(table) else None
        if not dictlike(pat):
            return
        where = f"{where} → pattern {name_of(name)}"
        matrix = nums(list(pat.get("/Matrix", [])), 6) or IDENTITY
        if int(pat.get("/PatternType", 0) or 0) == 2:
            if dictlike(pat.get("/ExtGState")):
                self.ext_gstate(pat["/ExtGState"], state.copy(), where, resources, depth)
            sh = pat.get("/Shading")
            if dictlike(sh) and "/ColorSpace" in sh:
                self.use_colour(colour_space(sh["/ColorSpace"], resources), f"{where} shading")
        elif isinstance(pat, Stream):
            key = ("pattern", pat.objgen)
            if key in self._seen:
                return
            self._seen.add(key)
            child = state.copy()
            child.ctm = mul(matrix, base_ctm)  # pattern space hangs off the stream's own space
            child.clip = None
            self.run(pat, pat.get("/Resources", resources), child, where, depth + 1, marks=False)

    # ------------------------------------------------------------------ the interpreter
    def run(
        self, content, resources, start: GState, where: str, depth: int = 0, marks: bool = True
    ) -> None:
        if depth > 16:
            return
        try:
            if isinstance(content, Stream) and "/Filter" in content:
                content = Stream(self.pdf, stream_bytes(content, where))  # decoded within the limit
            with warnings.catch_warnings(record=True) as troubles:
                warnings.simplefilter("always")
                instructions = pikepdf.parse_content_stream(content)
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            self.unreadable.append(f"{where}: {exc}")
            return
        if troubles:  # pikepdf reads on past damage, with a warning
            self.unreadable.append(f"{where}: {troubles[0].message}")
        self.budget.spend(len(instructions), where)
        state = start.copy()
        base_ctm = start.ctm
        stack: list[GState] = []
        tm = tlm = IDENTITY
        path: list[Box | None] = []  # the current path's subpaths, each as its bounding box
        pending_clip = False
        saved_marks = len(self.marks)
        for ins in instructions:
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                self.inline_image(ins.iimage, state, resources, where)
                continue
            op = str(ins.operator)
            args = ins.operands
            if op == "m":
                v = nums(args, 2)
                if v:
                    path.append(_grow(None, apply(state.ctm, *v)))
            elif op == "l" or op in ("c", "v", "y"):
                v = nums(args, len(args))
                if v:
                    if not path:
                        path.append(None)
                    for i in range(0, len(v) - 1, 2):
                        path[-1] = _grow(path[-1], apply(state.ctm, v[i], v[i + 1]))
            elif op == "re":
                v = nums(args, 4)
                if v:
                    x, y, w, h = v
                    path.append(bbox_through(state.ctm, x, y, x + w, y + h))
            elif op in ("W", "W*"):
                pending_clip = True
            elif op in ("f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n"):
                subpaths = [b for b in path if b is not None]
                if op != "n" and subpaths:
                    fill = op not in ("S", "s")
                    stroke = op in ("S", "s", "B", "B*", "b", "b*")
                    for sub in subpaths:  # each piece where it lies: marks sit at four corners
                        self.paint_path(sub, state, fill, stroke, where)
                if pending_clip and subpaths:
                    state.clip = _intersect(state.clip, _union(subpaths))
                path, pending_clip = [], False
            elif op == "q":
                stack.append(state.copy())
            elif op == "Q":
                if stack:
                    state = stack.pop()
            elif op == "cm":
                m = nums(args, 6)
                if m:
                    state.ctm = mul(m, state.ctm)
            elif op == "w":
                v = nums(args, 1)
                if v:
                    state.line_width = v[0]
            elif op == "gs" and args:
                gs = _resource(resources, "/ExtGState", args[0])
                self.ext_gstate(
                    gs, state, f"{where} ExtGState {name_of(args[0])}", resources, depth
                )
            elif op in ("cs", "CS") and args:
                colour = colour_space(args[0], resources)
                self.use_colour(colour, where)
                initial = (
                    (0.0, 0.0, 0.0, 1.0)
                    if colour.label == "DeviceCMYK"
                    else (1.0,) * max(1, len(colour.spots))
                    if colour.spots
                    else (0.0,)
                )
                if op == "cs":
                    state.fill, state.fill_value = colour, initial
                else:
                    state.stroke, state.stroke_value = colour, initial
            elif op in ("g", "G", "rg", "RG", "k", "K"):
                colour = device(
                    {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[op.lower()]
                )
                self.use_colour(colour, where)
                if op.islower():
                    state.fill, state.fill_value = colour, nums(args, len(args)) or ()
                else:
                    state.stroke, state.stroke_value = colour, nums(args, len(args)) or ()
            elif op in ("sc", "scn", "SC", "SCN"):
                vals = nums(args, len(args))
                if vals is not None:
                    if op.islower():
                        state.fill_value = vals
                    else:
                        state.stroke_value = vals
                elif args and isinstance(args[-1], Name):
                    self.pattern(args[-1], state, resources, where, depth, base_ctm)
            elif op == "sh" and args:
                sh = _resource(resources, "/Shading", args[0])
                self.shading(sh, state, resources, f"{where} → shading {name_of(args[0])}", None)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf" and len(args) == 2:
                state.font = _resource(resources, "/Font", args[0])
                try:
                    state.font_size = float(args[1])
                except (TypeError, ValueError):
                    pass
            elif op in ("TL", "Tc", "Tw", "Tz"):
                v = nums(args, 1)
                if v:
                    if op == "TL":
                        state.leading = v[0]
                    elif op == "Tc":
                        state.char_space = v[0]
                    elif op == "Tw":
                        state.word_space = v[0]
                    else:
                        state.h_scale = v[0] / 100.0
            elif op == "Tr":
                v = nums(args, 1)
                if v:
                    state.render_mode = int(v[0])
            elif op == "Tm":
                m = nums(args, 6)
                if m:
                    tm = tlm = m
            elif op in ("Td", "TD"):
                v = nums(args, 2)
                if v:
                    if op == "TD":
                        state.leading = -v[1]
                    tm = tlm = mul((1, 0, 0, 1, v[0], v[1]), tlm)
            elif op == "T*":
                tm = tlm = mul((1, 0, 0, 1, 0, -state.leading), tlm)
            elif op in ("Tj", "TJ") and args:
                tm = self.show_text(state, tm, args[0], resources, where, depth)
            elif op in ("'", '"') and args:
                if op == '"' and len(args) == 3:
                    w = nums(args, 2)
                    if w:
                        state.word_space, state.char_space = w
                tm = tlm = mul((1, 0, 0, 1, 0, -state.leading), tlm)
                tm = self.show_text(state, tm, args[-1], resources, where, depth)
            elif op == "Do" and args:
                self.do(args[0], state, resources, where, depth)
            elif op in ("BDC", "BMC") and args and str(args[0]) == "/OC":
                self.optional_content.append(where)
            elif op == "PS":
                self.postscript.append(where)
        if not marks:  # a pattern cell: its drawing is not where the page paints
            del self.marks[saved_marks:]

    def do(self, name, state: GState, resources, where: str, depth: int) -> None:
        xo = _resource(resources, "/XObject", name)
        if not isinstance(xo, Stream):
            return
        subtype = xo.get("/Subtype")
        here = f"{where} → {'image' if subtype == '/Image' else 'form'} {name_of(name)}"
        if subtype == "/Image":
            self.image(xo, state, resources, here)
        elif subtype == "/Form":
            self.form(xo, state, resources, here, depth)
        elif subtype == "/PS":
            self.postscript.append(here)


def _resource(resources, kind: str, name):
    if not dictlike(resources):
        return None
    table = resources.get(kind)
    if not dictlike(table):
        return None
    return table.get(str(name))


def _grow(box: Box | None, point: tuple[float, float]) -> Box:
    x, y = point
    if box is None:
        return (x, y, x, y)
    return (min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y))


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _intersect(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _advance(font, widths, operand, state: GState) -> float:
    """The advance of a string or TJ array in unscaled text space (×Tfs, ×Tz)."""
    if font is None:
        return 0.0
    two_byte = font.get("/Subtype") == "/Type0"
    total = 0.0
    parts = list(operand) if isinstance(operand, Array) else [operand]
    for part in parts:
        if isinstance(part, (int, float)) or type(part).__name__ in ("Decimal",):
            total -= float(part) / 1000.0 * state.font_size
            continue
        try:
            data = bytes(part)
        except (TypeError, ValueError):
            continue
        step = 2 if two_byte else 1
        codes = [
            int.from_bytes(data[i : i + step], "big") for i in range(0, len(data) - step + 1, step)
        ]
        for code in codes:
            w = widths(code)
            total += w / 1000.0 * state.font_size + state.char_space
            if not two_byte and code == 32:
                total += state.word_space
    return total * state.h_scale


def _widths(font):
    """code -> glyph width (1/1000 em) from a font's Widths (simple fonts) or W (CID fonts)."""
    if font.get("/Subtype") == "/Type0":
        desc = font.get("/DescendantFonts")
        cid = desc[0] if isinstance(desc, Array) and len(desc) else None
        default = float(cid.get("/DW", 1000)) if dictlike(cid) else 1000.0
        table: dict[int, float] = {}
        w = cid.get("/W") if dictlike(cid) else None
        if isinstance(w, Array):
            items = list(w)
            i = 0
            while i < len(items) - 1 and len(table) < 70000:
                first = items[i]
                nxt = items[i + 1]
                if isinstance(nxt, Array):
                    for j, v in enumerate(nxt):
                        table[int(first) + j] = float(v)
                    i += 2
                elif i + 2 < len(items):
                    for c in range(int(first), min(int(nxt), int(first) + 70000) + 1):
                        table[c] = float(items[i + 2])
                    i += 3
                else:
                    break
        return lambda code: table.get(code, default)
    first = int(font.get("/FirstChar", 0) or 0)
    ws = font.get("/Widths")
    values = [float(v) for v in ws] if isinstance(ws, Array) else []
    scale = 1.0
    if font.get("/Subtype") == "/Type3":
        fm = nums(list(font.get("/FontMatrix", [0.001])), 1)
        scale = (fm[0] * 1000.0) if fm else 1.0
    missing = 500.0

    def width(code: int) -> float:
        i = code - first
        return values[i] * scale if 0 <= i < len(values) else missing

    return width

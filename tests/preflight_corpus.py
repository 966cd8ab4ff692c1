"""A corpus of small PDFs for preflight, made on the fly (never stored): a good page, the same
page with one fault planted (each with the rule preflight must name), and good PDFs from
other tools. Used by tests/test_preflight_corpus.py and scripts/preflight_corpus.py.

Every fault is planted with pikepdf into an otherwise correct PDF/X-1a:2003 page (100 × 150 mm
trim, 3 mm bleed, 100 K overprinting text, a grey tint running into the bleed at the top),
so that the only thing wrong is the fault."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

ROOT = Path(__file__).resolve().parents[1]
MM = 72 / 25.4
TRIM_MM = (100.0, 150.0)
OFF = 3 * MM  # the trim's lower-left corner on the media (the bleed)


def P(x_mm: float, y_mm: float) -> str:
    """A point given in mm from the trim's lower-left corner, as content-stream numbers."""
    return f"{OFF + x_mm * MM:.3f} {OFF + y_mm * MM:.3f}"


def R(x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> str:
    return f"{P(x_mm, y_mm)} {w_mm * MM:.3f} {h_mm * MM:.3f} re"


@dataclass
class Case:
    name: str
    rule: str | None  # the rule the finding must name (None: a good PDF, no error at all)
    make: Callable[[Path], Path]
    severity: str = "error"  # error, or warning for a fault that only warns
    ink: bool = False  # needs Ghostscript's ink measurement
    options: dict = field(default_factory=dict)  # extra preflight() arguments
    needs: tuple[str, ...] = ()  # outside programs it needs


# ---------------------------------------------------------------- the good page


def _font_name() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in [
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        *sorted((ROOT / "fonts").glob("*.ttf")),
    ]:
        if path.exists():
            name = f"Corpus-{path.stem}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            return name
    raise RuntimeError("no TrueType font for the corpus")


def base_bytes(
    *, standard: str = "X-1a:2003", rotate: int = 0, extra=None, pages: int = 1
) -> bytes:
    """The good page: ReportLab draws it, make_pdfx finishes it as PDF/X."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    from bulletin_pdf.render.pdfx import make_pdfx

    font = _font_name()
    tw, th = TRIM_MM[0] * MM, TRIM_MM[1] * MM
    buf = io.BytesIO()
    c = rl_canvas.Canvas(
        buf,
        pagesize=(tw + 2 * OFF, th + 2 * OFF),
        invariant=1,
        pageCompression=1,
        pdfVersion=(1, 4),
        initialFontName=font,
    )
    photo = Image.new("CMYK", (400, 300), (40, 80, 120, 20))
    for _ in range(pages):
        c.setTrimBox((OFF, OFF, OFF + tw, OFF + th))
        c.setBleedBox((0, 0, tw + 2 * OFF, th + 2 * OFF))
        c.setOverprintMask(True)
        c.setFillColorCMYK(0, 0, 0, 0.12)  # a tint band across the top, into the bleed
        c.rect(0, OFF + th - 20 * MM, tw + 2 * OFF, 20 * MM + OFF, stroke=0, fill=1)
        c.drawImage(ImageReader(photo), OFF + 20 * MM, OFF + 80 * MM, width=40 * MM, height=30 * MM)
        c.setFillOverprint(True)
        c.setStrokeOverprint(True)
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(font, 9)
        c.drawString(OFF + 20 * MM, OFF + 60 * MM, "Body text, 100 K, overprinting")
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.setLineWidth(0.5)
        c.line(OFF + 20 * MM, OFF + 55 * MM, OFF + 80 * MM, OFF + 55 * MM)
        if extra:
            extra(c, font)
        c.showPage()
    c.save()
    data = make_pdfx(
        buf.getvalue(), standard=standard, title="Corpus", created=dt.date(2020, 1, 20)
    )
    if not rotate:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:  # ReportLab would swap the MediaBox too
        for p in pdf.pages:
            p.obj.Rotate = rotate
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def good(out: Path, **kw) -> Path:
    out.write_bytes(base_bytes(**kw))
    return out


# ---------------------------------------------------------------- planting faults


def plant(
    change: Callable[[pikepdf.Pdf], None],
    *,
    standard: str = "X-1a:2003",
    version: str | None = None,
    save: dict | None = None,
    post=None,
) -> Callable[[Path], Path]:
    """A Case.make that opens the good page, lets `change` plant the fault, and saves."""

    def make(out: Path) -> Path:
        pdf = pikepdf.open(io.BytesIO(base_bytes(standard=standard)))
        change(pdf)
        buf = io.BytesIO()
        pdf.save(buf, **(save or {}), **({"force_version": version} if version else {}))
        data = buf.getvalue()
        out.write_bytes(post(data) if post else data)
        return out

    return make


def page(pdf) -> Dictionary:
    return pdf.pages[0].obj


def resource(pdf, kind: str, name: str, obj, owner=None) -> None:
    owner = owner if owner is not None else page(pdf)
    if "/Resources" not in owner:
        owner.Resources = Dictionary()
    res = owner.Resources
    if kind not in res:
        res[kind] = Dictionary()
    res[kind][name] = obj


def draw(ops: str, **resources) -> Callable[[pikepdf.Pdf], None]:
    """Append content (and its resources: kind=(name, object-maker)) to the page."""

    def change(pdf):
        for kind, items in resources.items():
            for name, maker in items.items():
                resource(pdf, f"/{kind}", f"/{name}", maker(pdf))
        pdf.pages[0].contents_add(Stream(pdf, ops.encode("latin-1")), prepend=False)

    return change


def form(ops: str, bbox=(0, 0, 300, 430), **resources) -> Callable:
    def make(pdf):
        xo = Stream(pdf, ops.encode("latin-1"))
        xo.Type, xo.Subtype, xo.BBox = Name.XObject, Name.Form, Array(list(bbox))
        res = Dictionary()
        for kind, items in resources.items():
            res[f"/{kind}"] = Dictionary({f"/{n}": m(pdf) for n, m in items.items()})
        xo.Resources = res
        return pdf.make_indirect(xo)

    return make


def gstate(**keys) -> Callable:
    return lambda pdf: pdf.make_indirect(Dictionary({f"/{k}": v for k, v in keys.items()}))


def image(cs="/DeviceRGB", w=8, h=8, bits=8, n=3, **extra) -> Callable:
    def make(pdf):
        img = Stream(pdf, bytes((w * h * n * bits + 7) // 8))
        img.Type, img.Subtype = Name.XObject, Name.Image
        img.Width, img.Height, img.BitsPerComponent = w, h, bits
        img.ColorSpace = Name(cs) if isinstance(cs, str) else cs(pdf)
        for k, v in extra.items():
            img[f"/{k}"] = v(pdf) if callable(v) else v
        return pdf.make_indirect(img)

    return make


def helvetica(pdf):
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )


def shading(stype: int, cs="/DeviceRGB") -> Callable:
    """A shading of any type (4–7 are streams of vertex data)."""

    def make(pdf):
        fn = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0], C1=[1, 0, 0], N=1)
        keys = dict(ShadingType=stype, ColorSpace=Name(cs))
        if stype == 1:
            calc = Stream(pdf, b"{ pop pop 1 0 0 }")
            calc.FunctionType, calc.Domain, calc.Range = 4, [0, 1, 0, 1], [0, 1, 0, 1, 0, 1]
            keys.update(Function=calc, Domain=[0, 1, 0, 1])
        elif stype in (2, 3):
            coords = [0, 0, 100, 0] if stype == 2 else [50, 50, 0, 50, 50, 40]
            keys.update(Coords=coords, Function=fn, Extend=[True, True])
        else:
            data = bytes(64)
            sh = Stream(pdf, data)
            for k, v in keys.items():
                sh[f"/{k}"] = v
            sh.BitsPerCoordinate, sh.BitsPerComponent = 8, 8
            sh.Decode = [0, 300, 0, 430, 0, 1, 0, 1, 0, 1]
            if stype in (4, 6, 7):
                sh.BitsPerFlag = 8
            else:
                sh.VerticesPerRow = 2
            return pdf.make_indirect(sh)
        return pdf.make_indirect(Dictionary({f"/{k}": v for k, v in keys.items()}))

    return make


def tiling(ops: str, **resources) -> Callable:
    def make(pdf):
        pat = Stream(pdf, ops.encode("latin-1"))
        pat.PatternType, pat.PaintType, pat.TilingType = 1, 1, 1
        pat.BBox, pat.XStep, pat.YStep = [0, 0, 10, 10], 10, 10
        res = Dictionary()
        for kind, items in resources.items():
            res[f"/{kind}"] = Dictionary({f"/{n}": m(pdf) for n, m in items.items()})
        pat.Resources = res
        return pdf.make_indirect(pat)

    return make


def type3_font(proc: str, **resources) -> Callable:
    def make(pdf):
        glyph = Stream(pdf, proc.encode("latin-1"))
        font = Dictionary(
            Type=Name.Font,
            Subtype=Name.Type3,
            FontBBox=[0, 0, 1000, 1000],
            FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
            CharProcs=Dictionary(a=glyph),
            Encoding=Dictionary(Type=Name.Encoding, Differences=[97, Name.a]),
            FirstChar=97,
            LastChar=97,
            Widths=[1000],
        )
        res = Dictionary()
        for kind, items in resources.items():
            res[f"/{kind}"] = Dictionary({f"/{n}": m(pdf) for n, m in items.items()})
        font.Resources = res
        return pdf.make_indirect(font)

    return make


def annotation(ops: str, subtype="/PrinterMark", rect=(1, 1, 7, 7), **resources):
    """An annotation whose appearance draws `ops` (a PrinterMark sits in the bleed margin
    and is allowed; what it draws is still checked)."""

    def change(pdf):
        ap = form(ops, bbox=(0, 0, 10, 10), **resources)(pdf)
        annot = Dictionary(
            Type=Name.Annot, Subtype=Name(subtype), Rect=list(rect), F=4, AP=Dictionary(N=ap)
        )
        page(pdf).Annots = pdf.make_indirect(Array([pdf.make_indirect(annot)]))

    return change


def info(**keys):
    def change(pdf):
        for k, v in keys.items():
            if v is None:
                del pdf.docinfo[f"/{k}"]
            else:
                pdf.docinfo[f"/{k}"] = v

    return change


def boxes(**keys):
    def change(pdf):
        for k, v in keys.items():
            if v is None:
                del page(pdf)[f"/{k}"]
            else:
                page(pdf)[f"/{k}"] = Array([OFF + a * MM for a in v])

    return change


def both(*changes):
    def change(pdf):
        for c in changes:
            c(pdf)

    return change


def icc_patch(offset: int, data: bytes):
    def change(pdf):
        oi = pdf.Root.OutputIntents[0]
        icc = bytearray(oi.DestOutputProfile.read_bytes())
        icc[offset : offset + len(data)] = data
        oi.DestOutputProfile.write(bytes(icc))

    return change


def separation(name: str, alt="/DeviceCMYK", n=4):
    def make(pdf):
        fn = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0] * n, C1=[1] + [0] * (n - 1), N=1)
        return Array([Name.Separation, Name(f"/{name}"), Name(alt), fn])

    return make


def _no_id(data: bytes) -> bytes:
    return re.sub(
        rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]", lambda m: b" " * len(m.group()), data
    )


# ---------------------------------------------------------------- the faults

RGB_BOX = f"0 0 1 rg {R(10, 10, 20, 20)} f"
GS_Q = "/GSx gs"


def _faults() -> list[Case]:
    cases: list[Case] = []

    def fault(name, rule, change, severity="error", **kw):
        make = (
            change
            if kw.pop("raw", False)
            else plant(
                change, **{k: kw.pop(k) for k in ("standard", "version", "save", "post") if k in kw}
            )
        )
        cases.append(Case(name, rule, make, severity, **kw))

    # colour: every place a colour can hide
    fault("rgb-fill", "colour.space", draw(RGB_BOX))
    fault("rgb-stroke", "colour.space", draw(f"1 0 0 RG 1 w {P(10, 10)} m {P(40, 40)} l S"))
    fault(
        "rgb-in-form",
        "colour.space",
        draw(f"q 1 0 0 1 {P(10, 10)} cm /Fx Do Q", XObject={"Fx": form("0 1 0 rg 0 0 20 20 re f")}),
    )
    fault(
        "rgb-in-nested-form",
        "colour.space",
        draw(
            f"q 1 0 0 1 {P(10, 10)} cm /Fx Do Q",
            XObject={"Fx": form("/Fy Do", XObject={"Fy": form("0 1 0 rg 0 0 20 20 re f")})},
        ),
    )
    fault(
        "rgb-in-tiling-pattern",
        "colour.space",
        draw(
            f"/Pattern cs /P0 scn {R(10, 10, 30, 30)} f",
            Pattern={"P0": tiling("1 0 0 rg 0 0 5 5 re f")},
        ),
    )
    fault(
        "rgb-in-shading-pattern",
        "colour.space",
        draw(
            f"/Pattern cs /P0 scn {R(10, 10, 30, 30)} f",
            Pattern={
                "P0": lambda pdf: pdf.make_indirect(
                    Dictionary(PatternType=2, Shading=shading(2)(pdf))
                )
            },
        ),
    )
    for stype in range(1, 8):
        fault(
            f"rgb-shading-type{stype}",
            "colour.space",
            draw(f"q {R(10, 10, 30, 30)} W n /Sh sh Q", Shading={"Sh": shading(stype)}),
        )
    fault(
        "rgb-in-type3-glyph",
        "colour.space",
        draw(
            f"BT /T3 12 Tf {P(10, 30)} Td (a) Tj ET",
            Font={"T3": type3_font("1000 0 d0 1 0 0 rg 0 0 1000 1000 re f")},
        ),
    )
    fault("rgb-in-annotation-appearance", "colour.space", annotation("1 0 0 rg 0 0 10 10 re f"))
    fault(
        "rgb-image",
        "colour.space",
        draw(f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q", XObject={"Im": image()}),
    )
    fault(
        "rgb-image-in-form",
        "colour.space",
        draw(
            f"q 1 0 0 1 {P(10, 10)} cm /Fx Do Q",
            XObject={"Fx": form("q 40 0 0 40 0 0 cm /Im Do Q", XObject={"Im": image()})},
        ),
    )
    fault(
        "rgb-inline-image",
        "colour.space",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm BI /W 2 /H 2 /CS /RGB /BPC 8 ID " + "\x00" * 12 + " EI Q"
        ),
    )
    fault(
        "iccbased-rgb-image",
        "colour.space",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q",
            XObject={
                "Im": image(
                    cs=lambda pdf: Array(
                        [Name.ICCBased, pdf.make_indirect(Stream(pdf, b"\0" * 128, N=3))]
                    )
                )
            },
        ),
    )
    fault(
        "indexed-rgb-image",
        "colour.space",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q",
            XObject={
                "Im": image(
                    cs=lambda pdf: Array(
                        [Name.Indexed, Name.DeviceRGB, 1, String(b"\0\0\0\xff\0\0")]
                    ),
                    n=1,
                )
            },
        ),
    )
    fault(
        "lab-fill",
        "colour.space",
        draw(
            f"/CS0 cs 50 0 0 sc {R(10, 10, 20, 20)} f",
            ColorSpace={
                "CS0": lambda pdf: Array([Name.Lab, Dictionary(WhitePoint=[0.9505, 1, 1.089])])
            },
        ),
    )
    fault(
        "calrgb-fill",
        "colour.space",
        draw(
            f"/CS0 cs 1 0 0 sc {R(10, 10, 20, 20)} f",
            ColorSpace={
                "CS0": lambda pdf: Array([Name.CalRGB, Dictionary(WhitePoint=[0.9505, 1, 1.089])])
            },
        ),
    )
    fault(
        "rgb-page-group",
        "colour.space",
        lambda pdf: page(pdf).__setitem__(
            "/Group", Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)
        ),
    )
    fault(
        "rgb-in-soft-mask-group",
        "colour.space",
        draw(
            f"{GS_Q} {R(10, 10, 20, 20)} f",
            ExtGState={
                "GSx": lambda pdf: pdf.make_indirect(
                    Dictionary(
                        SMask=Dictionary(
                            S=Name.Luminosity, G=form("1 1 1 rg 0 0 300 430 re f")(pdf)
                        )
                    )
                )
            },
        ),
    )
    fault("x4-device-rgb", "colour.space", draw(RGB_BOX), standard="X-4")
    fault(
        "spot-with-rgb-alternate",
        "colour.spot-alternate",
        draw(
            f"/CS0 cs 1 sc {R(10, 10, 20, 20)} f",
            ColorSpace={"CS0": separation("PANTONE 485 U", "/DeviceRGB", 3)},
        ),
    )
    fault(
        "devicen-with-lab-alternate",
        "colour.spot-alternate",
        draw(
            f"/CS0 cs 1 sc {R(10, 10, 20, 20)} f",
            ColorSpace={
                "CS0": lambda pdf: Array(
                    [
                        Name.DeviceN,
                        Array([Name("/Gold")]),
                        Array([Name.Lab, Dictionary(WhitePoint=[0.9505, 1, 1.089])]),
                        Dictionary(
                            FunctionType=2, Domain=[0, 1], C0=[100, 0, 0], C1=[50, 20, 60], N=1
                        ),
                    ]
                )
            },
        ),
    )
    fault(
        "white-overprint",
        "colour.white-overprint",
        draw(
            f"q /GSo gs 0 0 0 0 k {R(10, 10, 20, 20)} f Q",
            ExtGState={"GSo": gstate(op=True, OP=True, OPM=1)},
        ),
    )
    fault(
        "jpeg2000-image",
        "colour.jpeg2000",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, Filter=Name.JPXDecode)},
        ),
    )

    # transparency
    fault(
        "fill-opacity",
        "transparency.none",
        draw(f"q {GS_Q} 0 0 0 1 k {R(10, 10, 20, 20)} f Q", ExtGState={"GSx": gstate(ca=0.5)}),
    )
    fault(
        "stroke-opacity",
        "transparency.none",
        draw(f"q {GS_Q} {P(10, 10)} m {P(30, 30)} l S Q", ExtGState={"GSx": gstate(CA=0.5)}),
    )
    fault(
        "blend-multiply",
        "transparency.none",
        draw(f"q {GS_Q} {R(10, 10, 20, 20)} f Q", ExtGState={"GSx": gstate(BM=Name.Multiply)}),
    )
    fault(
        "soft-mask",
        "transparency.none",
        draw(
            f"q {GS_Q} {R(10, 10, 20, 20)} f Q",
            ExtGState={
                "GSx": lambda pdf: pdf.make_indirect(
                    Dictionary(
                        SMask=Dictionary(
                            S=Name.Luminosity, G=form("0 0 0 0.5 k 0 0 300 430 re f")(pdf)
                        )
                    )
                )
            },
        ),
    )
    fault(
        "image-soft-mask",
        "transparency.none",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, SMask=image(cs="/DeviceGray", n=1))},
        ),
    )
    fault(
        "page-transparency-group",
        "transparency.none",
        lambda pdf: page(pdf).__setitem__(
            "/Group", Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceCMYK)
        ),
    )
    fault(
        "form-transparency-group",
        "transparency.none",
        draw(
            f"q 1 0 0 1 {P(10, 10)} cm /Fx Do Q",
            XObject={
                "Fx": lambda pdf: _with(
                    form("0 0 0 1 k 0 0 20 20 re f")(pdf), Group=Dictionary(S=Name.Transparency)
                )
            },
        ),
    )
    fault(
        "opacity-in-annotation",
        "transparency.none",
        annotation("/GSx gs 0 0 0 1 k 0 0 10 10 re f", ExtGState={"GSx": gstate(ca=0.3)}),
    )
    fault(
        "opacity-in-tiling-pattern",
        "transparency.none",
        draw(
            f"/Pattern cs /P0 scn {R(10, 10, 30, 30)} f",
            Pattern={
                "P0": tiling("/GSx gs 0 0 0 1 k 0 0 5 5 re f", ExtGState={"GSx": gstate(ca=0.5)})
            },
        ),
    )
    fault(
        "opacity-in-shading-pattern",
        "transparency.none",
        draw(
            f"/Pattern cs /P0 scn {R(10, 10, 30, 30)} f",
            Pattern={
                "P0": lambda pdf: pdf.make_indirect(
                    Dictionary(
                        PatternType=2,
                        Shading=shading(2, "/DeviceCMYK")(pdf),
                        ExtGState=Dictionary(ca=0.5),
                    )
                )
            },
        ),
    )
    fault(
        "opacity-in-type3-glyph",
        "transparency.none",
        draw(
            f"BT /T3 12 Tf {P(10, 30)} Td (a) Tj ET",
            Font={
                "T3": type3_font(
                    "1000 0 d0 /GSx gs 0 0 1000 1000 re f", ExtGState={"GSx": gstate(ca=0.5)}
                )
            },
        ),
    )
    fault(
        "alpha-in-image-data",
        "transparency.none",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, Filter=Name.JPXDecode, SMaskInData=1)},
        ),
    )

    # fonts
    fault(
        "font-not-embedded",
        "fonts.embedded",
        draw(f"BT /Hv 12 Tf {P(10, 30)} Td (Hi) Tj ET", Font={"Hv": helvetica}),
    )
    fault(
        "font-not-embedded-in-form",
        "fonts.embedded",
        draw(
            f"q 1 0 0 1 {P(10, 10)} cm /Fx Do Q",
            XObject={"Fx": form("BT /Hv 12 Tf 0 0 Td (Hi) Tj ET", Font={"Hv": helvetica})},
        ),
    )
    fault(
        "font-not-embedded-in-annotation",
        "fonts.embedded",
        annotation("BT /Hv 6 Tf 0 0 Td (Hi) Tj ET", Font={"Hv": helvetica}),
    )
    fault(
        "font-not-embedded-in-type3",
        "fonts.embedded",
        draw(
            f"BT /T3 12 Tf {P(10, 30)} Td (a) Tj ET",
            Font={"T3": type3_font("1000 0 d0 BT /Hv 12 Tf (x) Tj ET", Font={"Hv": helvetica})},
        ),
    )
    fault(
        "font-not-embedded-in-pattern",
        "fonts.embedded",
        draw(
            f"/Pattern cs /P0 scn {R(10, 10, 30, 30)} f",
            Pattern={"P0": tiling("BT /Hv 4 Tf 0 0 Td (x) Tj ET", Font={"Hv": helvetica})},
        ),
    )
    fault(
        "truetype-without-font-file",
        "fonts.embedded",
        draw(
            f"BT /Ar 12 Tf {P(10, 30)} Td (Hi) Tj ET",
            Font={
                "Ar": lambda pdf: pdf.make_indirect(
                    Dictionary(
                        Type=Name.Font,
                        Subtype=Name.TrueType,
                        BaseFont=Name("/Arial"),
                        FirstChar=32,
                        LastChar=126,
                        Widths=[600] * 95,
                        FontDescriptor=Dictionary(
                            Type=Name.FontDescriptor, FontName=Name("/Arial"), Flags=32
                        ),
                    )
                )
            },
        ),
    )
    fault(
        "cid-font-not-embedded",
        "fonts.embedded",
        draw(
            f"BT /Cj 12 Tf {P(10, 30)} Td <0001> Tj ET",
            Font={
                "Cj": lambda pdf: pdf.make_indirect(
                    Dictionary(
                        Type=Name.Font,
                        Subtype=Name.Type0,
                        BaseFont=Name("/STSong-Light"),
                        Encoding=Name("/Identity-H"),
                        DescendantFonts=[
                            Dictionary(
                                Type=Name.Font,
                                Subtype=Name.CIDFontType2,
                                BaseFont=Name("/STSong-Light"),
                                CIDSystemInfo=Dictionary(
                                    Registry="Adobe", Ordering="GB1", Supplement=2
                                ),
                                FontDescriptor=Dictionary(
                                    Type=Name.FontDescriptor,
                                    FontName=Name("/STSong-Light"),
                                    Flags=4,
                                ),
                            )
                        ],
                    )
                )
            },
        ),
    )

    # the standard's document rules
    fault("pdf-1.5-header", "pdfx.version", lambda pdf: None, version="1.5")
    fault(
        "object-streams-under-1.4",
        "pdfx.features",
        lambda pdf: None,
        version="1.5",
        save={"object_stream_mode": pikepdf.ObjectStreamMode.generate},
        post=lambda data: data.replace(b"%PDF-1.5", b"%PDF-1.4", 1),
    )
    fault(
        "16-bit-image",
        "pdfx.features",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, bits=16)},
        ),
    )
    fault(
        "optional-content",
        "pdfx.features",
        lambda pdf: pdf.Root.__setitem__(
            "/OCProperties", Dictionary(OCGs=[], D=Dictionary(Order=[]))
        ),
    )
    fault(
        "optional-content-in-page", "pdfx.features", draw(f"/OC /L0 BDC {R(10, 10, 20, 20)} f EMC")
    )
    fault(
        "postscript-xobject",
        "pdfx.postscript",
        draw(
            "/Ps Do",
            XObject={
                "Ps": lambda pdf: pdf.make_indirect(
                    Stream(pdf, b"0 0 moveto", Type=Name.XObject, Subtype=Name("/PS"))
                )
            },
        ),
    )
    fault("postscript-operator", "pdfx.postscript", draw("(0 0 moveto) PS"))
    fault(
        "halftone",
        "pdfx.halftone",
        draw(
            f"q {GS_Q} {R(10, 10, 20, 20)} f Q",
            ExtGState={
                "GSx": gstate(
                    HT=Dictionary(
                        Type=Name.Halftone,
                        HalftoneType=1,
                        Frequency=85,
                        Angle=45,
                        SpotFunction=Name.Round,
                    )
                )
            },
        ),
    )
    fault(
        "transfer-function",
        "pdfx.halftone",
        draw(
            f"q {GS_Q} {R(10, 10, 20, 20)} f Q",
            ExtGState={
                "GSx": gstate(TR=Dictionary(FunctionType=2, Domain=[0, 1], C0=[0], C1=[1], N=0.8))
            },
        ),
    )
    fault(
        "alternate-images",
        "pdfx.alternates",
        draw(
            f"q 40 0 0 40 {P(10, 10)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, Alternates=lambda pdf: Array([]))},
        ),
    )
    fault(
        "opi-link",
        "pdfx.alternates",
        draw(
            f"q 1 0 0 1 {P(10, 10)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, OPI=lambda pdf: Dictionary())},
        ),
    )
    fault(
        "embedded-file",
        "pdfx.embedded-files",
        lambda pdf: pdf.attachments.__setitem__(
            "notes.txt", pikepdf.AttachedFileSpec(pdf, b"hello", mime_type="text/plain")
        ),
    )
    fault("icc-v4-output-profile", "pdfx.output-intent", icc_patch(8, b"\x04\x20"))
    fault("rgb-output-profile", "pdfx.output-intent", icc_patch(12, b"mntrRGB "))
    fault(
        "two-output-intents",
        "pdfx.output-intent",
        lambda pdf: pdf.Root.OutputIntents.append(pdf.Root.OutputIntents[0]),
    )
    fault(
        "no-output-intent", "pdfx.output-intent", lambda pdf: pdf.Root.__delitem__("/OutputIntents")
    )
    fault(
        "output-intent-without-identifier",
        "pdfx.output-intent",
        lambda pdf: pdf.Root.OutputIntents[0].__delitem__("/OutputConditionIdentifier"),
    )
    fault("malformed-creation-date", "pdfx.info", info(CreationDate=String("2020-01-20")))
    fault("impossible-mod-date", "pdfx.info", info(ModDate=String("D:20201340250000Z")))
    fault("no-mod-date", "pdfx.info", info(ModDate=None))
    fault("no-title", "pdfx.info", info(Title=None))
    fault("no-trapped", "pdfx.trapped", info(Trapped=None))
    fault("trapped-unknown", "pdfx.trapped", info(Trapped=Name.Unknown))
    fault("no-pdfx-claim", "pdfx.claim", info(GTS_PDFXVersion=None, GTS_PDFXConformance=None))
    fault("unknown-pdfx-claim", "pdfx.claim", info(GTS_PDFXVersion=String("PDF/X-9")))
    fault("xmp-disagrees", "pdfx.xmp", _xmp_claims("PDF/X-4"))
    fault(
        "x4-without-xmp", "pdfx.xmp", lambda pdf: pdf.Root.__delitem__("/Metadata"), standard="X-4"
    )
    fault(
        "javascript",
        "pdfx.actions",
        lambda pdf: pdf.Root.__setitem__(
            "/Names",
            Dictionary(
                JavaScript=Dictionary(
                    Names=[String("a"), Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))]
                )
            ),
        ),
    )
    fault(
        "launch-on-open",
        "pdfx.actions",
        lambda pdf: pdf.Root.__setitem__(
            "/OpenAction", Dictionary(S=Name.Launch, F=String("calc.exe"))
        ),
    )
    fault(
        "comment-on-the-page",
        "pdfx.annotations",
        annotation("0 0 0 1 k 0 0 10 10 re f", subtype="/Text", rect=(100, 100, 120, 120)),
    )
    fault("no-document-id", "pdfx.id", lambda pdf: None, post=_no_id)
    fault(
        "encrypted",
        "pdfx.encryption",
        lambda pdf: None,
        save={"encryption": pikepdf.Encryption(owner="owner", user="", R=4)},
    )
    fault("content-cannot-be-read", "structure.content", draw("BT /F1 12 Tf (never closed"))

    # ink: over every separation, spots included, inside the bleed box, rotated too
    fault("tac-400", "ink.tac", draw(f"1 1 1 1 k {R(10, 10, 30, 30)} f"), ink=True)
    fault(
        "tac-with-spot",
        "ink.tac",
        draw(
            f"0.6 0.6 0.6 0 k {R(10, 10, 30, 30)} f q /GSo gs /CS0 cs 1 scn "
            f"{R(10, 10, 30, 30)} f Q",
            ColorSpace={"CS0": separation("PANTONE 485 U")},
            ExtGState={"GSo": gstate(op=True, OP=True, OPM=1)},
        ),
        ink=True,
    )
    fault(
        "tac-on-rotated-page",
        "ink.tac",
        both(
            draw(f"1 1 1 1 k {R(10, 10, 30, 30)} f"),
            lambda pdf: page(pdf).__setitem__("/Rotate", 90),
        ),
        ink=True,
    )

    # small text and thin rules by colour
    text = "BT /Hx {size} Tf {x} Td (Small text) Tj ET"

    def body_font(pdf):
        return pdf.pages[0].obj.Resources.Font[next(iter(pdf.pages[0].obj.Resources.Font.keys()))]

    def text_in(colour: str, size: float, **res):
        return draw(
            f"q {colour} " + text.format(size=size, x=P(10, 30)) + " Q",
            Font={"Hx": body_font},
            **res,
        )

    fault("text-4pt", "text.min-size", text_in("0 0 0 1 k", 4))
    fault("rich-black-9pt-text", "text.min-size", text_in("0.4 0.3 0.3 1 k", 9))
    fault("four-colour-black-8pt-text", "text.min-size", text_in("1 1 1 1 k", 8))
    fault(
        "registration-9pt-text",
        "text.min-size",
        text_in("/CS0 cs 1 scn", 9, ColorSpace={"CS0": separation("All")}),
    )
    fault(
        "text-scaled-down-to-3pt",
        "text.min-size",
        draw(
            "q 0.35 0 0 0.35 60 100 cm 0 0 0 1 k " + text.format(size=9, x="0 0") + " Q",
            Font={"Hx": body_font},
        ),
    )
    fault("colour-text-6pt", "text.min-size", text_in("0 1 1 0 k", 6), severity="warning")
    fault(
        "hairline-0.05pt",
        "rules.min-width",
        draw(f"0 0 0 1 K 0.05 w {P(10, 20)} m {P(60, 20)} l S"),
    )
    fault(
        "zero-width-rule", "rules.min-width", draw(f"0 0 0 1 K 0 w {P(10, 20)} m {P(60, 20)} l S")
    )
    fault(
        "rich-black-rule-0.5pt",
        "rules.min-width",
        draw(f"0.5 0.4 0.4 1 K 0.5 w {P(10, 20)} m {P(60, 20)} l S"),
    )
    fault(
        "registration-rule-inside-the-page",
        "rules.min-width",
        draw(
            f"/CS0 CS 1 SCN 0.5 w {P(10, 20)} m {P(60, 20)} l S",
            ColorSpace={"CS0": separation("All")},
        ),
    )
    fault(
        "scaled-hairline",
        "rules.min-width",
        draw("q 0.1 0 0 0.1 0 0 cm 0 0 0 1 K 1 w 500 500 m 1500 500 l S Q"),
    )

    # geometry
    fault(
        "trim-not-as-ordered",
        "geometry.trim-size",
        lambda pdf: None,
        options={"trim_expected": (270, 390)},
    )
    fault(
        "bleed-only-1mm",
        "geometry.bleed",
        both(boxes(BleedBox=(-1, -1, 101, 151)), draw(f"0 0.5 0 0 k {R(-1, 10, 11, 20)} f")),
    )
    fault("tint-stops-at-the-trim", "geometry.bleed", draw(f"0 0.5 0 0 k {R(0, 10, 20, 20)} f"))
    fault(
        "photo-stops-at-the-trim",
        "geometry.bleed",
        draw(
            f"q {100 * MM / 2:.3f} 0 0 40 {P(50, 20)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, w=400, h=200)},
        ),
    )
    fault(
        "no-bleed-box-and-a-tint-at-the-edge",
        "geometry.bleed",
        both(
            boxes(BleedBox=None, MediaBox=(0, 0, 100, 150)),
            draw(f"0 0.5 0 0 k {R(80, 10, 20, 20)} f"),
        ),
    )
    fault(
        "text-across-the-cut",
        "geometry.text-across-trim",
        draw("q 0 0 0 1 k " + text.format(size=9, x=P(-1.5, 30)) + " Q", Font={"Hx": body_font}),
    )
    fault(
        "text-0.7mm-from-the-cut",
        "geometry.safety",
        draw("q 0 0 0 1 k " + text.format(size=9, x=P(0.7, 30)) + " Q", Font={"Hx": body_font}),
        severity="warning",
    )
    fault(
        "text-in-the-bleed-only",
        "geometry.text-in-bleed",
        draw("q 0 0 0 1 k " + text.format(size=5, x=P(20, -2.5)) + " Q", Font={"Hx": body_font}),
        severity="warning",
    )
    fault("no-trim-box", "geometry.trim-box", boxes(TrimBox=None))
    fault("trim-outside-the-bleed", "geometry.boxes-nest", boxes(TrimBox=(-5, 0, 100, 150)))
    fault("bleed-outside-the-media", "geometry.boxes-nest", boxes(BleedBox=(-6, -6, 106, 156)))
    fault(
        "art-box-beside-trim-box",
        "geometry.trim-box",
        boxes(ArtBox=(0, 0, 100, 150)),
        severity="warning",
    )
    fault(
        "pages-of-two-sizes",
        "geometry.same-trim",
        lambda pdf: _second_page(pdf),
        severity="warning",
    )
    fault(
        "low-resolution-photo",
        "images.resolution",
        draw(
            f"q 100 0 0 100 {P(10, 10)} cm /Im Do Q",
            XObject={"Im": image(cs="/DeviceCMYK", n=4, w=50, h=50)},
        ),
    )
    return cases


def _with(obj, **keys):
    for k, v in keys.items():
        obj[f"/{k}"] = v
    return obj


def _xmp_claims(version: str):
    def change(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdfxid:GTS_PDFXVersion"] = version

    return change


def _second_page(pdf):
    pdf.pages.append(pdf.pages[0])
    second = pdf.pages[1].obj
    second.TrimBox = Array([OFF, OFF, OFF + 90 * MM, OFF + 150 * MM])


# ---------------------------------------------------------------- good PDFs


_SAMPLE: dict[str, bytes] = {}


def _sample(out: Path, *, rotate: int = 0, **options) -> Path:
    """The tool's own final PDF of the sample issue (built once per process and standard)."""
    from bulletin_pdf.commands.build import build

    key = repr(sorted(options.items()))
    if key not in _SAMPLE:
        build(ROOT / "issues" / "2020-01-tianping", out, final=True, **options)
        _SAMPLE[key] = out.read_bytes()
    out.write_bytes(_SAMPLE[key])
    if rotate:  # marks outside the bleed, 400 % by design, must stay out of the ink check
        with pikepdf.open(out, allow_overwriting_input=True) as pdf:
            for p in pdf.pages:
                p.obj.Rotate = rotate
            pdf.save(out)
    return out


def _rewritten_by_qpdf(out: Path) -> Path:
    src = out.with_suffix(".src.pdf")
    good(src)
    subprocess.run(["qpdf", "--object-streams=disable", str(src), str(out)], check=True)
    return out


def _resaved_by_pikepdf(out: Path) -> Path:
    with pikepdf.open(io.BytesIO(base_bytes())) as pdf:
        pdf.save(out, force_version="1.4")
    return out


def _gs_pdfx(src: Path, out: Path, title: str) -> Path:
    """Ghostscript's pdfwrite, asked for PDF/X-3 with the newsprint profile as output intent."""
    from bulletin_pdf.photos.images import default_profile

    lib = sorted(Path("/usr/share/ghostscript").glob("*/lib/PDFX_def.ps"))[-1]
    text = lib.read_text(encoding="latin-1")
    text = text.replace("(ISO Coated sb.icc)", f"({default_profile()})").replace(
        "/Title (Title)", f"/Title ({title})"
    )
    definition = out.with_suffix(".def.ps")
    definition.write_text(text, encoding="latin-1")
    subprocess.run(
        [
            "gs",
            "-q",
            "-dPDFX=true",
            "-dBATCH",
            "-dNOPAUSE",
            "-dNOSAFER",
            "-sDEVICE=pdfwrite",
            "-sColorConversionStrategy=CMYK",
            "-sProcessColorModel=DeviceCMYK",
            "-dCompatibilityLevel=1.3",
            "-dBlackText",
            f"-sOutputFile={out}",
            str(definition),
            str(src),
        ],
        check=True,
        timeout=120,
    )
    return out


def _ghostscript(out: Path) -> Path:
    src = out.with_suffix(".src.pdf")
    good(src)
    return _gs_pdfx(src, out, "Corpus")


def _libreoffice(out: Path) -> Path:
    html = out.with_suffix(".html")
    html.write_text(
        "<html><body><h1>社区通知 Community notice</h1><p>Body text in black. The meeting is on "
        "Friday.</p></body></html>",
        encoding="utf-8",
    )
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out.parent), str(html)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return _gs_pdfx(html.with_suffix(".pdf"), out, "Community notice")


def _good_x4_with_transparency(out: Path) -> Path:
    def extra(c, font):
        c.saveState()
        c.setFillAlpha(0.5)
        c.setFillColorCMYK(0, 1, 0, 0)
        c.rect(OFF + 10 * MM, OFF + 10 * MM, 20 * MM, 20 * MM, stroke=0, fill=1)
        c.restoreState()

    return good(out, standard="X-4", extra=extra)


def _reportlab_plain(out: Path) -> Path:
    """A plain ReportLab page: no bleed (trim = media, as for a coldset press), grey text."""
    from reportlab.pdfgen import canvas as rl_canvas

    from bulletin_pdf.render.pdfx import make_pdfx

    font = _font_name()
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(100 * MM, 150 * MM), invariant=1, initialFontName=font)
    c.setTrimBox((0, 0, 100 * MM, 150 * MM))
    c.setBleedBox((0, 0, 100 * MM, 150 * MM))
    c.setFont(font, 10)
    c.drawString(15 * MM, 100 * MM, "A plain page in grey")
    c.showPage()
    c.save()
    out.write_bytes(make_pdfx(buf.getvalue(), title="Plain", created=dt.date(2020, 1, 20)))
    return out


GOOD = [
    Case("good-x1a", None, lambda out: good(out), ink=True),
    Case("good-rotated-90", None, lambda out: good(out, rotate=90), ink=True),
    Case("good-rotated-270-two-pages", None, lambda out: good(out, rotate=270, pages=2), ink=True),
    Case("good-x4-with-transparency", None, _good_x4_with_transparency),
    Case(
        "tool-final-x1a",
        None,
        lambda out: _sample(out),
        ink=True,
        options={"trim_expected": (270, 390)},
    ),
    Case(
        "tool-final-x1a-rotated-90",
        None,
        lambda out: _sample(out, rotate=90),
        ink=True,
        options={"trim_expected": (270, 390)},
    ),
    Case(
        "tool-final-x4",
        None,
        lambda out: _sample(out, pdfx="X-4"),
        options={"trim_expected": (270, 390)},
    ),
    Case("reportlab-plain", None, _reportlab_plain, options={"bleed_mm": 0.0}),
    Case("qpdf-rewritten", None, _rewritten_by_qpdf, needs=("qpdf",)),
    Case("pikepdf-resaved", None, _resaved_by_pikepdf),
    Case("ghostscript-pdfwrite-x3", None, _ghostscript, ink=True, needs=("gs",)),
    Case("libreoffice-then-ghostscript-x3", None, _libreoffice, needs=("gs", "soffice")),
]


def cases() -> list[Case]:
    return _faults() + GOOD


def available(case: Case) -> bool:
    return all(shutil.which(tool) for tool in case.needs)

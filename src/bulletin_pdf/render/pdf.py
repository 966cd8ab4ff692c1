"""Render: the only user of reportlab.pdfgen. Display lists in, PDF bytes out.

Text is written with one TJ array per line and font subset: each glyph sits exactly at the
x the composer gave it (the adjustment numbers carry compression and justification), so the
PDF's positions are the composer's positions and the text layer holds the characters in
reading order. Only 100 K text and rules overprint (PRINT.md §2.3); tints, photos, coloured
type and everything else knock out, so a colour never mixes with what lies under it.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import io
import re
import time
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas

from bulletin_pdf.model.display import (
    BoxItem,
    GroupItem,
    ImageItem,
    PageList,
    RuleItem,
    TextItem,
)
from bulletin_pdf.model.layout import CMYK, Layout
from bulletin_pdf.photos.stage import Resolved, ResolvedPhotos, WholeFile
from bulletin_pdf.render import reuse
from bulletin_pdf.render.images import draw_prepared, draw_whole_file
from bulletin_pdf.text.fonts import FontSet


@dataclass
class DocMeta:
    title: str
    subject: str = ""
    author: str = ""
    keywords: str = ""
    date: _dt.date = _dt.date(
        2000, 1, 1
    )  # the date: the PDF's dates come from it, never the clock
    slug: str = ""  # newsletter · issue · date, for the slug line in final output


@dataclass
class RenderOptions:
    final: bool = False  # bleed, crop marks, PDF/X boxes
    proof: bool = False  # 校样 watermark and slug
    proof_stamp: str = ""  # e.g. build time, printed on proofs only
    overset: dict[int, list[str]] = field(
        default_factory=dict
    )  # page -> what is overset, for its marker
    overset_sheets: dict[int, list[PageList]] = field(
        default_factory=dict
    )  # proof pages of overset text
    compress: bool = True  # Flate streams; a screen preview read at once skips it


@functools.lru_cache(maxsize=4096)  # positions and adjustments repeat: baselines, columns
def _fmt(v: float) -> str:
    """A compact, stable number for the content stream."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


_ASCII = re.compile("[\x00-\x7f]")


@functools.lru_cache(maxsize=256)  # a document has a handful of colours; every line sets one
def _fill_operator(color: CMYK) -> str:
    c, m, y, k = color
    return f"{_fmt(c)} {_fmt(m)} {_fmt(y)} {_fmt(k)} k"


def _spread_runs(line) -> dict[int, tuple[int, str]]:
    """start glyph -> (end glyph, text) of each run of Latin glyphs set with letter spacing
    (justified web addresses); the composer's hyphen ending one is no part of its text."""
    glyphs = line.glyphs
    if not line.justified:
        return {}
    texts = [g.text for g in glyphs]
    if "" not in texts and not _ASCII.search("".join(texts)):
        return {}  # no Latin glyph at all (most lines of Chinese text)
    spans: dict[int, tuple[int, str]] = {}
    i, n = 0, len(glyphs)
    while i < n:
        if not (glyphs[i].text.isascii() and not glyphs[i].text.isspace()):
            i += 1
            continue
        j = i + 1
        while j < n and glyphs[j].text.isascii() and not glyphs[j].text.isspace():
            j += 1
        if any(
            b.x - (a.x + a.advance) > 0.05 * line.size
            for a, b in zip(glyphs[i : j - 1], glyphs[i + 1 : j])
        ):
            text = "".join(g.text for g in glyphs[i:j])
            if line.hyphen and j == n:
                text = text[:-1]
            spans[i] = (j, text)
        i = j
    return spans


def _timestamp_for(date: _dt.date) -> TimeStamp:
    ts = TimeStamp(invariant=1)
    t = _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC).timestamp()
    lt = time.gmtime(t)
    ts.t, ts.lt, ts.YMDhms = t, lt, tuple(lt)[:6]
    return ts


def _seed_document_id(c: rl_canvas.Canvas) -> None:
    """ReportLab seeds the document's /ID digest with the clock, or with SOURCE_DATE_EPOCH
    when that is set, before any date can be given: the same issue then got another /ID
    (and XMP InstanceID) under every build system. Seed it as invariant mode does, whatever
    the environment; the ID still digests the document's content."""
    sig = c._doc.signature = hashlib.md5(usedforsecurity=False)
    sig.update(b"a reportlab document")
    sig.update(ascii(946684800.0).encode("ascii"))


class _Codes:
    """Each character's subset, escaped code byte and advance, per font, for one document.

    ReportLab's splitString gives a character its subset code the first time the document
    draws it; asking it once per character (in drawing order, so every code is the one it
    would have given) and remembering the answer spares the per-line split, escaping and
    advance look-ups, the render's hottest loop."""

    def __init__(self, canv: rl_canvas.Canvas, fonts: FontSet):
        self.doc = canv._doc
        self.escape = canv._escape
        self.fonts = fonts
        self._codes: dict[str, dict[str, tuple[int, str, float]]] = {}
        self._rl_fonts: dict[str, object] = {}
        self._names: dict[tuple[str, int], str] = {}

    def of(self, key: str) -> dict[str, tuple[int, str, float]]:
        codes = self._codes.get(key)
        if codes is None:
            codes = self._codes[key] = {}
            self._font(key)
        return codes

    def _font(self, key: str):
        f = self._rl_fonts.get(key)
        if f is None:
            f = self._rl_fonts[key] = pdfmetrics.getFont(self.fonts.reportlab_name(key))
            reuse.remember_subsets(f.face)
        return f

    def assign(self, key: str, ch: str) -> tuple[int, str, float]:
        ((subset, code),) = self._font(key).splitString(ch, self.doc)
        found = (subset, self.escape(code), self.fonts.metrics(key).advance(ch))
        self._codes[key][ch] = found
        return found

    def subset_name(self, key: str, subset: int) -> str:
        """The subset's resource name; ReportLab files the font with the document on the
        first call, so it is asked at the first Tf as before and remembered after."""
        name = self._names.get((key, subset))
        if name is None:
            name = self._names[(key, subset)] = self._font(key).getSubsetInternalName(
                subset, self.doc
            )
        return name


class _PageWriter:
    """Writes one page's display list onto the canvas, offset by the bleed/marks margin."""

    def __init__(
        self,
        canv: rl_canvas.Canvas,
        fonts: FontSet,
        layout: Layout,
        offset: float,
        media_height: float,
        codes: _Codes,
    ):
        self.c = canv
        self.codes = codes
        self.fonts = fonts
        self.layout = layout
        self.ox = offset
        self.top = media_height - offset  # PDF y of the trim's top edge

    # y in the display list grows downward from the trim top; PDF y grows upward.
    def px(self, x: float) -> float:
        return self.ox + x

    def py(self, y: float) -> float:
        return self.top - y

    def text(self, item: TextItem) -> None:
        line = item.line
        glyphs = line.glyphs
        if not glyphs:
            return
        size = line.size
        self.overprint_fill(item.color)
        out = [f"BT 1 0 0 1 {_fmt(self.px(item.x))} {_fmt(self.py(item.y))} Tm"]
        # Latin letters spread apart (a web address justified on its own line) carry their
        # text as /ActualText: extractors would read the gaps as spaces.
        spans = _spread_runs(line)
        self._fill(out, item.color)
        # the hyphen the composer added is no part of the text (drawn under an empty
        # /ActualText, PDF 1.5 §14.9.4): copying gives the source word
        added_hyphen = glyphs[-1] if line.hyphen and glyphs[-1].text == "-" else None
        line_font = line.font
        size_tf = f" {_fmt(size)} Tf"
        cur_key: str | None = None  # font key and subset of the last Tf
        cur_subset = -1
        parts: list[str] = []  # the TJ array being written
        run: list[str] = []  # escaped codes of the string being written
        pen = 0.0  # where the pen stands after the last glyph, pt from line start
        span_end = -1
        key = None
        codes: dict[str, tuple[int, str, float]] = {}
        for gi, g in enumerate(glyphs):
            gkey = g.font or line_font  # a glyph names its own font only for a fallback
            if gkey != key:
                key = gkey
                codes = self.codes.of(key)
            if spans and gi in spans:
                if run:
                    parts.append("(" + "".join(run) + ")")
                    run = []
                if parts:
                    out.append("[" + " ".join(parts) + "] TJ")
                    parts = []
                span_end, actual = spans[gi]
                out.append(
                    f"/Span << /ActualText <FEFF{actual.encode('utf-16-be').hex().upper()}> >> BDC"
                )
            text = g.text
            hidden = g is added_hyphen and gi >= span_end
            if len(text) == 1 and not hidden:  # nearly every glyph: one character, drawn
                found = codes.get(text) or self.codes.assign(key, text)
                if found[0] != cur_subset or key != cur_key:
                    if run:
                        parts.append("(" + "".join(run) + ")")
                        run = []
                    if parts:
                        out.append("[" + " ".join(parts) + "] TJ")
                        parts = []
                    cur_key, cur_subset = key, found[0]
                    out.append(self.codes.subset_name(key, cur_subset) + size_tf)
                shift = g.x - pen
                if shift > 0.0005 or shift < -0.0005:
                    if run:
                        parts.append("(" + "".join(run) + ")")
                        run = []
                    parts.append(_fmt(-shift * 1000.0 / size))
                pen = g.x + found[2] * size
                run.append(found[1])
            else:
                first = True
                for ch in text:
                    subset, code, advance = codes.get(ch) or self.codes.assign(key, ch)
                    if subset != cur_subset or key != cur_key or hidden:
                        if run:
                            parts.append("(" + "".join(run) + ")")
                            run = []
                        if parts:
                            out.append("[" + " ".join(parts) + "] TJ")
                            parts = []
                        if subset != cur_subset or key != cur_key:
                            cur_key, cur_subset = key, subset
                            out.append(self.codes.subset_name(key, subset) + size_tf)
                    if first:
                        shift = g.x - pen
                        if abs(shift) > 0.0005:
                            if run:
                                parts.append("(" + "".join(run) + ")")
                                run = []
                            parts.append(_fmt(-shift * 1000.0 / size))
                        pen = g.x + advance * size
                        first = False
                    else:
                        pen = pen + advance * size
                    if hidden:
                        if parts:
                            out.append("[" + " ".join(parts) + "] TJ")
                            parts = []
                        out.append(f"/Span << /ActualText () >> BDC ({code}) Tj EMC")
                    else:
                        run.append(code)
            if gi == span_end - 1:
                if run:
                    parts.append("(" + "".join(run) + ")")
                    run = []
                if parts:
                    out.append("[" + " ".join(parts) + "] TJ")
                    parts = []
                out.append("EMC")
        if run:
            parts.append("(" + "".join(run) + ")")
        if parts:
            out.append("[" + " ".join(parts) + "] TJ")
        out.append("ET")
        self.c._code.append(" ".join(out))

    def _fill(self, out: list[str], color: CMYK) -> None:
        out.append(_fill_operator(color))

    # Overprint follows the colour of each object: ReportLab writes an ExtGState only when
    # the state changes. Stroke first: a /OP without /op would switch fill overprint too.
    def overprint_stroke(self, color: CMYK | None) -> None:
        self.c.setStrokeOverprint(is_black(color))

    def overprint_fill(self, color: CMYK | None) -> None:
        self.c.setFillOverprint(is_black(color))

    def rule(self, item: RuleItem) -> None:
        c = self.c
        self.overprint_stroke(item.color)
        self.overprint_fill(None)
        c.setStrokeColorCMYK(*item.color)
        c.setLineWidth(item.width)
        c.line(self.px(item.x0), self.py(item.y0), self.px(item.x1), self.py(item.y1))

    def box(self, item: BoxItem) -> None:
        c = self.c
        x, y = self.px(item.x), self.py(item.y + item.height)
        self.overprint_stroke(item.stroke)
        self.overprint_fill(None)  # a filled area knocks out, even a black one
        if item.fill is not None:
            c.setFillColorCMYK(*item.fill)
        if item.stroke is not None:
            c.setStrokeColorCMYK(*item.stroke)
            c.setLineWidth(item.stroke_width)
        c.rect(
            x,
            y,
            item.width,
            item.height,
            stroke=int(item.stroke is not None),
            fill=int(item.fill is not None),
        )

    def image(self, item: ImageItem, photo: Resolved) -> None:
        self.overprint_stroke(None)
        self.overprint_fill(None)
        x, y = self.px(item.x), self.py(item.y + item.height)  # the frame's bottom left
        if isinstance(photo, WholeFile):
            draw_whole_file(self.c, photo, x, y, item.width, item.height)
        else:
            draw_prepared(self.c, photo, x, y, item.width, item.height)


def is_black(color: CMYK | None) -> bool:
    """100 K and no other ink: the only colour that overprints."""
    if color is None:
        return False
    c, m, y, k = color
    return c == 0 and m == 0 and y == 0 and k >= 1.0


def render(
    pages: list[PageList],
    layout: Layout,
    fonts: FontSet,
    meta: DocMeta,
    options: RenderOptions,
    photos: ResolvedPhotos,
) -> bytes:
    """Draw the pages; returns the PDF bytes. Items are drawn where they stand (final output's
    items already reach into the bleed); `photos` holds each ImageItem's resolved photo
    (photos/stage.py)."""
    reuse.remember_flate()
    buf = io.BytesIO()
    doc = _Document(buf, layout, fonts, meta, options, photos)
    sheets = options.overset_sheets if options.proof else {}
    for page in pages:
        doc.page(page)
        for sheet in sheets.get(page.number, []):
            doc.page(sheet, overset_sheet=True)
    doc.canvas.save()
    return buf.getvalue()


class _Document:
    """One PDF being drawn: the canvas, its media geometry and what every page needs."""

    def __init__(
        self,
        buf,
        layout: Layout,
        fonts: FontSet,
        meta: DocMeta,
        options: RenderOptions,
        photos: ResolvedPhotos,
    ):
        from bulletin_pdf.render import marks

        self.layout, self.fonts, self.meta, self.options = layout, fonts, meta, options
        self.photos = photos
        self.bleed = layout.bleed if options.final else 0.0
        self.with_marks = options.final and layout.crop_marks
        media_w, self.media_h, self.offset = marks.media_size(
            layout.trim_width, layout.trim_height, self.bleed, self.with_marks
        )
        off, bleed = self.offset, self.bleed
        self.trim = (off, off, off + layout.trim_width, off + layout.trim_height)
        self.bleed_box = (
            off - bleed,
            off - bleed,
            off + layout.trim_width + bleed,
            off + layout.trim_height + bleed,
        )
        # Binary image streams: ReportLab's ASCII85 step is pure Python here and costs more
        # than the rest of the render; PDF carries binary streams perfectly well.
        rl_config.useA85 = 0
        self.body_font = fonts.reportlab_name(layout.body.font)
        c = self.canvas = rl_canvas.Canvas(
            buf,
            pagesize=(media_w, self.media_h),
            invariant=1,
            pageCompression=int(options.compress),
            initialFontName=self.body_font,
            initialFontSize=layout.body.size,
            pdfVersion=(1, 4),
        )
        c._doc._timeStamp = _timestamp_for(meta.date)
        _seed_document_id(c)
        self.codes = _Codes(c, fonts)
        c.setTitle(meta.title)
        c.setSubject(meta.subject)
        c.setAuthor(meta.author)
        c.setKeywords(meta.keywords)
        c.setCreator("bulletin-pdf")
        c.setProducer("bulletin-pdf")

    def page(self, page: PageList, overset_sheet: bool = False) -> None:
        from bulletin_pdf.render import marks

        c, layout, options = self.canvas, self.layout, self.options
        c.setTrimBox(self.trim)
        c.setBleedBox(self.bleed_box)
        c.setOverprintMask(True)  # OPM 1: overprinting 100 K leaves C, M and Y alone
        w = _PageWriter(c, self.fonts, layout, self.offset, self.media_h, self.codes)
        for item in page.items:
            if isinstance(item, GroupItem):  # under the page's items (a proof's 校样)
                c.saveState()
                c.translate(w.px(item.x), w.py(item.y))
                c.rotate(item.angle)
                _draw_layers(
                    _PageWriter(c, self.fonts, layout, 0.0, 0.0, self.codes),
                    item.items,
                    self.photos,
                )
                c.restoreState()
        _draw_layers(w, page.items, self.photos)
        if options.proof:
            _draw_proof_slug(c, layout, w, page, self.meta, options, overset_sheet)
        if self.with_marks:
            marks.draw_marks(
                c,
                self.trim,
                self.bleed,
                slug=f"{self.meta.slug} · 第{page.number}版",
                registration=layout.registration_marks,
                font=self.body_font,
            )
        c.showPage()


def _draw_layers(w: _PageWriter, items, photos: ResolvedPhotos) -> None:
    """Tints and boxes, then photos, then rules, then text: type is never under a tint."""
    for item in items:
        if isinstance(item, BoxItem):
            w.box(item)
    for item in items:
        if isinstance(item, ImageItem):
            w.image(item, photos[item])
    for item in items:
        if isinstance(item, RuleItem):
            w.rule(item)
    for item in items:
        if isinstance(item, TextItem):
            w.text(item)


def _proof_font(layout: Layout, w: _PageWriter) -> str:
    return (
        w.fonts.reportlab_name("hei")
        if "hei" in layout.fonts
        else w.fonts.reportlab_name(layout.body.font)
    )


def _draw_proof_slug(
    c: rl_canvas.Canvas,
    layout: Layout,
    w: _PageWriter,
    page: PageList,
    meta: DocMeta,
    options: RenderOptions,
    overset_sheet: bool,
) -> None:
    """The slug in the foot margin and, on a page with overset text, a red pointer to the
    sheets after it that hold that text."""
    font = _proof_font(layout, w)
    c.saveState()
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(font, 7)
    slug = f"校样 · {meta.slug} · 第{page.number}版" + (" · 超版附页" if overset_sheet else "")
    if options.proof_stamp:
        slug += f" · {options.proof_stamp}"
    c.drawString(w.px(layout.margin_inner), w.py(layout.trim_height - 12), slug)
    overset = options.overset.get(page.number)
    if overset and not overset_sheet:
        c.setFillColorCMYK(0, 1, 1, 0)
        c.setFont(font, 8)
        c.drawString(
            w.px(layout.margin_inner),
            w.py(layout.margin_top + layout.type_height + 12),
            "超版：" + "；".join(overset) + " → 全文见本版后的超版附页",
        )
    c.restoreState()

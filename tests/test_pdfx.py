"""PDF/X finishing: output intent, Info and XMP keys, versions, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import registered_test_font
from reportlab.pdfgen import canvas as rl_canvas

from bulletin_pdf.errors import InputError
from bulletin_pdf.model.layout import MM
from bulletin_pdf.photos.images import OUTPUT_CONDITION, default_profile
from bulletin_pdf.render import marks
from bulletin_pdf.render.pdfx import make_pdfx, pdf_date

ROOT = Path(__file__).resolve().parent.parent
ISSUE_DATE = dt.date(2020, 1, 20)


def _font() -> str:
    return registered_test_font("PdfxTest")


def cmyk_page(
    trim_mm=(100.0, 150.0), bleed_mm=3.0, *, boxes=True, with_marks=True, helvetica=False
) -> bytes:
    """A small final-style page: boxes, 100 K overprinting text, a CMYK tint, marks."""
    font = _font()
    tw, th, bleed = trim_mm[0] * MM, trim_mm[1] * MM, bleed_mm * MM
    w, h, off = marks.media_size(tw, th, bleed, with_marks)
    buf = io.BytesIO()
    kw = {} if helvetica else {"initialFontName": font}
    c = rl_canvas.Canvas(
        buf, pagesize=(w, h), invariant=1, pageCompression=1, pdfVersion=(1, 4), **kw
    )
    trim = (off, off, off + tw, off + th)
    if boxes:
        c.setTrimBox(trim)
        c.setBleedBox((off - bleed, off - bleed, off + tw + bleed, off + th + bleed))
    c.setFillOverprint(True)
    c.setStrokeOverprint(True)
    c.setOverprintMask(True)
    c.setFillColorCMYK(0.2, 0, 0, 0.1)
    c.rect(off - bleed, off + th - 30 * MM, tw + 2 * bleed, 30 * MM + bleed, stroke=0, fill=1)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(font, 9)
    c.drawString(off + 15 * MM, off + th / 2, "Community news 9/14")
    if with_marks:
        marks.draw_marks(
            c, trim, bleed, slug="Test bulletin · issue 1 · page 1", registration=True, font=font
        )
    c.showPage()
    c.save()
    return buf.getvalue()


def test_x1a_has_output_intent_keys_and_boxes():
    out = make_pdfx(
        cmyk_page(),
        standard="X-1a:2003",
        title="天平 第1期",
        created=ISSUE_DATE,
        profile=default_profile(),
        output_condition=OUTPUT_CONDITION,
    )
    assert out.startswith(b"%PDF-1.4")
    with pikepdf.open(io.BytesIO(out)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "CGATS TR 002"
        assert str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        icc = profile.read_bytes()
        assert icc == default_profile().read_bytes()
        assert icc[12:20] == b"prtrCMYK"
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2003"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title) == "天平 第1期"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20200120000000+00'00'"
        assert "/ID" in pdf.trailer
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-1a:2003"
        assert meta["pdf:Trapped"] == "False"
        assert meta["xmp:CreateDate"].startswith("2020-01-20T00:00:00")
        assert meta["dc:title"] == "天平 第1期"
        page = pdf.pages[0]
        assert "/TrimBox" in page.obj and "/BleedBox" in page.obj and "/ArtBox" not in page.obj
        assert b"pikepdf" not in out.split(b"<x:xmpmeta")[0]  # no producer stamp in Info
    assert b"Helvetica" not in out


def test_same_input_same_bytes_and_the_date_comes_from_the_issue():
    page = cmyk_page()
    a = make_pdfx(page, title="t", created=ISSUE_DATE)
    b = make_pdfx(page, title="t", created=ISSUE_DATE)
    assert a == b
    c = make_pdfx(page, title="t", created=dt.date(2020, 2, 1))
    assert c != a
    assert b"D:20200201000000" in c and b"D:20200120" not in c


def test_x4_is_pdf_16_with_xmp_claim():
    out = make_pdfx(cmyk_page(), standard="X-4", title="t", created=ISSUE_DATE)
    assert out.startswith(b"%PDF-1.6")
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert "/GTS_PDFXConformance" not in pdf.docinfo
        assert pdf.open_metadata().pdfx_status == "PDF/X-4"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_finds_the_file_clean(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(make_pdfx(cmyk_page(), title="t", created=ISSUE_DATE))
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout


def test_missing_trim_box_is_refused():
    with pytest.raises(ValueError, match="page 1 has no TrimBox or BleedBox"):
        make_pdfx(cmyk_page(boxes=False), title="t", created=ISSUE_DATE)


def test_helvetica_default_font_is_refused():
    with pytest.raises(ValueError, match=r"Helvetica.*initialFontName"):
        make_pdfx(cmyk_page(helvetica=True), title="t", created=ISSUE_DATE)


def test_an_rgb_profile_cannot_be_the_output_intent(tmp_path):
    from PIL import ImageCms

    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(InputError, match="CMYK output"):
        make_pdfx(cmyk_page(), title="t", created=ISSUE_DATE, profile=srgb, output_condition="x")


def test_pdf_date_keeps_the_offset():
    assert (
        pdf_date(dt.datetime(2020, 1, 20, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
        == "D:20200120083000+08'00'"
    )
    assert pdf_date(dt.datetime(2020, 1, 20)) == "D:20200120000000+00'00'"


def test_media_grows_by_bleed_gap_and_mark_length():
    w, h, off = marks.media_size(270 * MM, 390 * MM, 3 * MM, True)
    assert off == pytest.approx(3 * MM + marks.MARK_OFFSET + marks.MARK_LENGTH)
    assert (w, h) == (pytest.approx(270 * MM + 2 * off), pytest.approx(390 * MM + 2 * off))
    assert marks.media_size(270 * MM, 390 * MM, 0.0, False) == (270 * MM, 390 * MM, 0.0)


def test_marks_sit_outside_the_bleed_in_registration_colour():
    out = cmyk_page()
    with pikepdf.open(io.BytesIO(out)) as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.BleedBox]
        cs = page.Resources.ColorSpace
        (sep,) = [v for v in cs.values() if v[0] == "/Separation"]
        assert sep[1] == "/All" and sep[2] == "/DeviceCMYK"
        # every stroked mark segment lies outside the bleed box
        segments = []
        ops = pikepdf.parse_content_stream(page)
        in_marks = False
        for ins in ops:
            op = str(ins.operator)
            if op == "CS" and str(ins.operands[0]) == "/All":
                in_marks = True
            if in_marks and op in ("m", "l"):
                segments.append(tuple(float(v) for v in ins.operands))
        assert len(segments) >= 16
        corners = segments[:16]  # 4 corners × 2 marks × (m, l)
        for x, y in corners:
            outside_x = x <= bleed[0] + 0.01 or x >= bleed[2] - 0.01
            outside_y = y <= bleed[1] + 0.01 or y >= bleed[3] - 0.01
            assert outside_x or outside_y
            assert not (
                bleed[0] + 0.01 < x < bleed[2] - 0.01 and bleed[1] + 0.01 < y < bleed[3] - 0.01
            )
        assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.01)

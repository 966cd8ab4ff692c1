"""Preflight finds what a prepress desk would refuse, and passes a proper PDF/X file."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import registered_test_font
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

from bulletin_pdf.errors import InputError
from bulletin_pdf.model.layout import MM
from bulletin_pdf.photos import images
from bulletin_pdf.preflight.checks import ERROR, WARNING, format_report, preflight
from bulletin_pdf.render.images import draw_prepared
from bulletin_pdf.render.pdfx import make_pdfx

ROOT = Path(__file__).resolve().parent.parent
TRIM = (100.0, 150.0)  # mm
BLEED = 3 * MM
HAS_GS = shutil.which("gs") is not None


def _font() -> str:
    return registered_test_font("PreflightTest")


def _photo(tmp_path: Path, size=(800, 600)) -> Path:
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    path = tmp_path / "photo.jpg"
    Image.merge("RGB", (across, down, Image.blend(across, down, 0.5))).save(path, quality=90)
    return path


def good_pdf(tmp_path: Path, *, extra=None, standard="X-1a:2003") -> Path:
    """A page the way render.py should make one, finished by make_pdfx."""
    font = _font()
    tw, th = TRIM[0] * MM, TRIM[1] * MM
    off = BLEED
    buf = io.BytesIO()
    c = rl_canvas.Canvas(
        buf,
        pagesize=(tw + 2 * off, th + 2 * off),
        invariant=1,
        pageCompression=1,
        pdfVersion=(1, 4),
        initialFontName=font,
    )
    c.setTrimBox((off, off, off + tw, off + th))
    c.setBleedBox((0, 0, tw + 2 * off, th + 2 * off))
    c.setFillOverprint(True)
    c.setStrokeOverprint(True)
    c.setOverprintMask(True)
    # a photo separated for newsprint, 60 × 45 mm from 800 × 600 px = 339 ppi
    prepared = images.prepare_image(_photo(tmp_path), 60 * MM, 45 * MM, mode="final")
    draw_prepared(c, prepared, off + 20 * MM, off + 80 * MM, 60 * MM, 45 * MM)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(font, 9)
    c.drawString(off + 20 * MM, off + 60 * MM, "Body text, 100 K, overprinting")
    if extra:
        extra(c, off, tw, th, font)
    c.showPage()
    c.save()
    path = tmp_path / "good.pdf"
    path.write_bytes(
        make_pdfx(buf.getvalue(), standard=standard, title="Test", created=dt.date(2020, 1, 20))
    )
    return path


def bad_pdf(tmp_path: Path) -> Path:
    """Everything a printer sends back: Helvetica not embedded, an RGB photo at low
    resolution, RGB colour, 50 % opacity, no TrimBox, no PDF/X keys."""
    path = tmp_path / "bad.pdf"
    c = rl_canvas.Canvas(str(path), pagesize=(300, 400), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(50, 300, "Hello")
    c.drawImage(
        ImageReader(Image.new("RGB", (100, 80), (200, 30, 30))), 50, 50, width=200, height=160
    )
    c.setFillAlpha(0.5)
    c.setFillColorRGB(0, 0, 1)
    c.rect(10, 10, 50, 50, fill=1)
    c.showPage()
    c.save()
    return path


def _checks(report, severity=ERROR) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in report.findings:
        if f.severity == severity:
            found.setdefault(f.check, []).append(f.message)
    return found


def test_a_bad_pdf_fails_with_every_fault_named(tmp_path):
    report = preflight(bad_pdf(tmp_path), ink=False)
    assert not report.ok
    errors = _checks(report)
    assert any("Helvetica" in m and "not embedded" in m for m in errors["fonts"])
    assert any("DeviceRGB" in m for m in errors["colour"])
    assert any("no TrimBox" in m for m in errors["geometry"])
    assert any("opacity 0.5" in m for m in errors["transparency"])
    assert any("36 ppi" in m for m in errors["images"])  # 100 px over 200 pt
    assert any("GTS_PDFXVersion" in m for m in errors["pdfx"])
    assert any("output intent" in m for m in errors["pdfx"])
    assert any("no BleedBox" in m for m in _checks(report, WARNING)["geometry"])
    (img,) = report.images
    assert (img.width_px, img.height_px, img.colour_space) == (100, 80, "DeviceRGB")
    (font,) = report.fonts
    assert font.name == "Helvetica" and not font.embedded


def test_a_good_pdf_passes(tmp_path):
    path = good_pdf(tmp_path)
    report = preflight(path, trim_expected=TRIM, ink=HAS_GS)
    assert report.ok, format_report(report)
    assert report.warnings == []
    assert report.claimed == report.standard == "PDF/X-1a:2003"
    (page,) = report.pages
    assert page.trim_mm == TRIM
    assert page.bleed_mm == (3.0, 3.0, 3.0, 3.0)
    assert page.smallest_text_pt == pytest.approx(9.0)
    assert all(f.embedded and f.subset for f in report.fonts)
    (img,) = report.images
    assert img.colour_space == "DeviceCMYK" and img.ppi == pytest.approx(338.7, abs=0.2)
    assert report.output_intent["identifier"] == "CGATS TR 002"
    assert report.output_intent["profile"]["class"] == "prtr"
    if HAS_GS:
        assert report.ink_checked
        assert page.max_tac is not None and page.max_tac <= 240
        assert page.ink[3] > 0  # the black text and the photo's K


def test_wrong_trim_size_is_an_error(tmp_path):
    report = preflight(good_pdf(tmp_path), trim_expected=(270, 390), ink=False)
    assert any("the printer expects 270 × 390 mm" in m for m in _checks(report)["geometry"])


def test_text_across_the_cut_is_an_error_and_knocked_out_black_is_warned(tmp_path):
    def extra(c, off, tw, th, font):
        c.setFont(font, 8)
        c.drawString(off - 2 * MM, off + 20 * MM, "across the cut")  # starts left of the trim
        c.saveState()
        c.setFillOverprint(False)
        c.drawString(off + 20 * MM, off + 40 * MM, "knocks out")
        c.restoreState()

    report = preflight(good_pdf(tmp_path, extra=extra), ink=False)
    (across,) = [f for f in report.errors if f.rule == "geometry.text-across-trim"]
    assert across.where.endswith("text at -2.0, 20.0 mm")
    warned = _checks(report, WARNING)
    assert any("knock out" in m for m in warned["colour"])


@pytest.mark.skipif(not HAS_GS, reason="Ghostscript not installed")
def test_ink_over_the_limit_is_an_error(tmp_path):
    def extra(c, off, tw, th, font):
        c.setFillColorCMYK(1, 1, 1, 1)  # 400 %: a registration-black box
        c.rect(off + 10 * MM, off + 10 * MM, 20 * MM, 20 * MM, stroke=0, fill=1)

    report = preflight(good_pdf(tmp_path, extra=extra), max_tac=240)
    (page,) = report.pages
    assert page.max_tac == pytest.approx(400, abs=1)
    assert page.tac_over_mm2 == pytest.approx(400, rel=0.2)
    assert any("400%" in m for m in _checks(report)["ink"])


def test_x4_allows_transparency_but_notes_it(tmp_path):
    def extra(c, off, tw, th, font):
        c.setFillAlpha(0.5)
        c.setFillColorCMYK(0, 1, 0, 0)
        c.rect(off + 10 * MM, off + 10 * MM, 20 * MM, 20 * MM, stroke=0, fill=1)

    x4 = preflight(good_pdf(tmp_path, extra=extra, standard="X-4"), ink=False)
    assert x4.ok and x4.standard == "PDF/X-4"
    assert any(f.check == "transparency" for f in x4.notes)
    strict = preflight(tmp_path / "good.pdf", standard="X-1a", ink=False)
    assert "transparency" in _checks(strict)


def test_report_formats_for_people_and_scripts(tmp_path):
    report = preflight(bad_pdf(tmp_path), ink=False)
    text = format_report(report)
    assert text.startswith("preflight ") and "FAIL" in text
    assert "Helvetica (Type1, NOT EMBEDDED)" in text and "fix:" in text
    data = json.loads(format_report(report, json=True))
    assert data["ok"] is False
    assert {f["check"] for f in data["findings"] if f["severity"] == "error"} >= {
        "fonts",
        "colour",
        "geometry",
        "transparency",
        "images",
        "pdfx",
    }


def test_not_a_pdf_is_an_input_error(tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"hello")
    with pytest.raises(InputError, match=r"junk.pdf: not a PDF"):
        preflight(junk)


def test_white_set_to_overprint_is_an_error(tmp_path):
    def extra(c, off, tw, th, font):
        c.setFillColorCMYK(0, 0, 0, 1)
        c.rect(off + 10 * MM, off + 10 * MM, 40 * MM, 10 * MM, stroke=0, fill=1)
        c.setFillColorCMYK(0, 0, 0, 0)  # reversed (white) type, still overprinting
        c.drawString(off + 12 * MM, off + 13 * MM, "vanishes on press")

    report = preflight(good_pdf(tmp_path, extra=extra), ink=False)
    assert any("white (0/0/0/0)" in m for m in _checks(report)["colour"])
    assert not report.ok

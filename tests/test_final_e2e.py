"""The print shop's PDF of the sample issue (`build --final`), checked the way the print
shop checks it: with our preflight and with outside tools."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE

MM = 72 / 25.4
needs = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdfinfo", "pdffonts", "qpdf", "gs")),
    reason="poppler-utils, qpdf and ghostscript are needed",
)


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "bulletin_pdf.commands.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def final_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("final") / "final.pdf"
    r = cli("build", SAMPLE, "--final", "-o", out)
    assert r.returncode == 0, r.stderr
    return out


def test_final_is_byte_for_byte_reproducible(final_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    assert cli("build", SAMPLE, "--final", "-o", again).returncode == 0
    assert (
        hashlib.sha256(again.read_bytes()).hexdigest()
        == hashlib.sha256(final_pdf.read_bytes()).hexdigest()
    )


def test_passes_our_preflight(final_pdf):
    r = cli("preflight", final_pdf, "--trim", "270x390")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "PASS" in r.stdout and "PDF/X-1a:2003" in r.stdout


@needs
def test_outside_checks(final_pdf):
    assert (
        "No syntax or stream encoding errors"
        in subprocess.run(
            ["qpdf", "--check", str(final_pdf)], capture_output=True, text=True
        ).stdout
    )
    fonts = subprocess.run(
        ["pdffonts", str(final_pdf)], capture_output=True, text=True, check=True
    ).stdout
    for row in fonts.splitlines()[2:]:
        assert row.split()[-5] == "yes", row
    boxes = subprocess.run(
        ["pdfinfo", "-box", "-f", "1", "-l", "2", str(final_pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for page in (1, 2):
        trim = [
            float(v) for v in re.search(rf"Page\s+{page} TrimBox:\s+(.*)", boxes).group(1).split()
        ]
        bleed = [
            float(v) for v in re.search(rf"Page\s+{page} BleedBox:\s+(.*)", boxes).group(1).split()
        ]
        assert (
            abs((trim[2] - trim[0]) / MM - 270) < 0.1 and abs((trim[3] - trim[1]) / MM - 390) < 0.1
        )
        for t, b, sign in zip(trim, bleed, (-1, -1, 1, 1)):
            assert abs((b - t) / MM - 3 * sign) < 0.1
    # Ghostscript renders every page without a word of complaint
    gs = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", str(final_pdf)],
        capture_output=True,
        text=True,
    )
    assert gs.returncode == 0 and gs.stdout.strip() == "" and gs.stderr.strip() == "", (
        gs.stdout + gs.stderr
    )


def test_no_rgb_anywhere(final_pdf):
    import pikepdf

    with pikepdf.open(final_pdf) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert obj.ColorSpace in (pikepdf.Name.DeviceCMYK, pikepdf.Name.DeviceGray)
            if isinstance(obj, pikepdf.Array) and len(obj) == 2 and obj[0] == pikepdf.Name.ICCBased:
                assert int(obj[1].N) != 3
        for page in pdf.pages:
            content = (
                page.Contents.read_bytes()
                if isinstance(page.Contents, pikepdf.Stream)
                else b"".join(c.read_bytes() for c in page.Contents)
            )
            assert not re.search(rb"\s(rg|RG)\s", content)


def test_pdfx4_on_request(tmp_path):
    out = tmp_path / "x4.pdf"
    r = cli("build", SAMPLE, "--final", "--pdfx", "X-4", "-o", out)
    assert r.returncode == 0, r.stderr
    import pikepdf

    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == "1.6"
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert "pdfxid:GTS_PDFXVersion" in str(pdf.Root.Metadata.read_bytes())
    assert cli("build", SAMPLE, "--pdfx", "X-4", "-o", tmp_path / "no.pdf").returncode == 2


def test_final_refuses_unfilled_placeholders(tmp_path):
    folder = tmp_path / "issues" / "2020-02"
    r = cli("new", folder, "--from", SAMPLE)
    assert r.returncode == 0, r.stderr
    (tmp_path / "layouts").symlink_to(ROOT / "layouts")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    r = cli("build", folder, "--final", "-o", tmp_path / "out.pdf")
    assert r.returncode == 2 and "【待填】" in r.stderr and "issue.yaml:" in r.stderr, r.stderr
    assert not (tmp_path / "out.pdf").exists()

"""End-to-end: the sample issue through the command line, checked from outside the PDF."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"
MM = 72 / 25.4

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


def run_cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "bulletin_pdf.commands.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "sample.pdf"
    r = run_cli("build", SAMPLE, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return out


def test_build_writes_pdf_at_trim_size(sample_pdf):
    import pikepdf

    with pikepdf.open(sample_pdf) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            assert abs((x1 - x0) - 270 * MM) < 0.1 and abs((y1 - y0) - 390 * MM) < 0.1
        assert str(pdf.docinfo["/Title"])


@needs_poppler
def test_every_font_embedded(sample_pdf):
    out = subprocess.run(
        ["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        cols = row.split()
        # name type encoding emb sub uni object ID: the 'emb' column is the 3rd from the 'object ID' end
        assert cols[-5] == "yes", row


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@needs_poppler
def test_every_paragraph_in_text_layer(sample_pdf):
    """The text layer holds every paragraph whole, in reading order. Read with -raw (content
    order): poppler's default mode joins two lines into one block only when their baselines
    are at most 1.5 × the font size apart, and a 14.5 pt grid at 9 pt is 1.61, so it reads
    across the columns instead of down them."""
    from bulletin_pdf.commands.build import make

    made = make(SAMPLE)
    text = _squash(
        subprocess.run(
            ["pdftotext", "-raw", str(sample_pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    paragraphs = []
    for page in made.issue.pages:
        for blk in page.blocks:
            for name in ("body", "items"):
                paragraphs += [t.value for t in getattr(blk, name, []) or []]
    assert len(paragraphs) > 20
    for para in paragraphs:
        assert _squash(para) in text, para[:30]


def test_same_input_same_bytes(sample_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    r = run_cli("build", SAMPLE, "-o", again)
    assert r.returncode == 0, r.stderr
    assert (
        hashlib.sha256(again.read_bytes()).digest()
        == hashlib.sha256(sample_pdf.read_bytes()).digest()
    )


@pytest.mark.parametrize("final", [False, True])
def test_same_bytes_from_another_folder(tmp_path, final):
    """An archive's checkout in another place reprints the same bytes: nothing in the PDF
    depends on where the files lie."""
    import shutil

    from bulletin_pdf.commands.build import make, render_made

    copy = tmp_path / "elsewhere"
    (copy / "issues").mkdir(parents=True)
    (copy / "layouts").symlink_to(ROOT / "layouts")
    (copy / "fonts").symlink_to(ROOT / "fonts")
    shutil.copytree(SAMPLE, copy / "issues" / SAMPLE.name, ignore=shutil.ignore_patterns("*.pdf"))
    here = render_made(make(SAMPLE), final=final)
    there = render_made(make(copy / "issues" / SAMPLE.name), final=final)
    assert hashlib.sha256(here).hexdigest() == hashlib.sha256(there).hexdigest()

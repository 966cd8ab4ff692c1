"""A command imports only what it needs: start-up is most of a cold build, and the heavy
libraries (pikepdf, pypdfium2, tqdm, fontTools, python-docx, simplejpeg with numpy) each
cost about as much as the whole build. Checked in a fresh interpreter, since the test
process itself has imported everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE

from bulletin_pdf.errors import InputError
from bulletin_pdf.photos import images

NEVER_ON_BUILD = ("pikepdf", "pypdfium2", "tqdm", "fontTools", "docx")
JPEG_CHECK = ("simplejpeg", "numpy")


def modules_after(argv: list[str], cache) -> set[str]:
    """The top-level modules a fresh `bulletin-pdf ARGV` process has imported at its end."""
    code = (
        "import json, sys\n"
        "from bulletin_pdf.commands.cli import main\n"
        f"code = main({argv!r})\n"
        "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))\n"
    )
    env = dict(os.environ, BULLETIN_PDF_CACHE=str(cache))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    status, modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert status == 0, proc.stderr
    return set(modules)


def test_a_plain_build_imports_no_heavy_library(tmp_path, monkeypatch):
    """A proof-quality build of the sample whose photos were checked before: no PDF/X
    writer, no rasteriser, no progress bar, no font compiler, no Word reader, and no JPEG
    decoder (the photos' strict check is remembered in the cache)."""
    monkeypatch.setenv("BULLETIN_PDF_CACHE", str(tmp_path / "cache"))
    images.clear_cache()
    for photo in sorted((SAMPLE / "images").glob("*.jpg")):
        images.verify_jpeg(photo.read_bytes(), photo, None)  # checked once, as a build would
    loaded = modules_after(
        ["build", str(SAMPLE), "-o", str(tmp_path / "s.pdf")], tmp_path / "cache"
    )
    assert (tmp_path / "s.pdf").stat().st_size > 0
    assert not loaded & set(NEVER_ON_BUILD + JPEG_CHECK), sorted(
        loaded & set(NEVER_ON_BUILD + JPEG_CHECK)
    )
    assert {"reportlab", "yaml"} <= loaded  # the probe sees what a build does import


def test_the_first_build_checks_its_jpegs_strictly(tmp_path):
    """With nothing remembered, the JPEGs are decoded (simplejpeg is imported) and found
    whole; the next build trusts the record."""
    cache = tmp_path / "cache"
    loaded = modules_after(["build", str(SAMPLE), "-o", str(tmp_path / "s.pdf")], cache)
    assert "simplejpeg" in loaded
    assert len(list((cache / "jpeg-verified").iterdir())) == len(
        list((SAMPLE / "images").glob("*.jpg"))
    )
    again = modules_after(["build", str(SAMPLE), "-o", str(tmp_path / "s2.pdf")], cache)
    assert "simplejpeg" not in again
    assert (tmp_path / "s.pdf").read_bytes() == (tmp_path / "s2.pdf").read_bytes()


def test_a_damaged_jpeg_is_never_remembered(tmp_path, monkeypatch):
    """Zeroed scan data behind a valid end marker: refused, and refused again, with no
    record written that a later build could trust."""
    monkeypatch.setenv("BULLETIN_PDF_CACHE", str(tmp_path / "cache"))
    images.clear_cache()
    data = bytearray((SAMPLE / "images" / "p1-gao-speech.jpg").read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4000] = bytes(4000)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(bytes(data))
    for _ in range(2):
        with pytest.raises(InputError, match="damaged"):
            images.verify_jpeg(bytes(data), bad, None)
    assert not (tmp_path / "cache" / "jpeg-verified").exists()


def test_batch_without_a_terminal_draws_no_bar(tmp_path):
    """tqdm is imported only to draw a bar on a terminal; a batch in a log or CI has none."""
    import shutil

    for folder in ("layouts", "fonts"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    shutil.copytree(SAMPLE, tmp_path / "issues" / "one", ignore=shutil.ignore_patterns("*.pdf"))
    dist = tmp_path / "dist"
    loaded = modules_after(
        ["batch", str(tmp_path / "issues"), "-o", str(dist), "-j", "1"], tmp_path
    )
    assert (dist / "one.pdf").is_file()
    assert "tqdm" not in loaded


def test_a_layout_is_checked_once_per_process_until_its_file_changes(tmp_path):
    """A batch worker reads one layout for every issue; an edited layout is read anew."""
    from bulletin_pdf.source.load import load_layout

    (tmp_path / "layouts").mkdir()
    file = tmp_path / "layouts" / "mine.yaml"
    text = (ROOT / "layouts" / "tabloid-4k.yaml").read_text(encoding="utf-8")
    file.write_text(text, encoding="utf-8")
    first = load_layout("mine", tmp_path)
    assert load_layout("mine", tmp_path) is first
    file.write_text(text.replace("columns: 5", "columns: 4", 1), encoding="utf-8")
    edited = load_layout("mine", tmp_path)
    assert (first.columns, edited.columns) == (5, 4)

"""`preflight` on hostile or wrong input: bounded in time and size (limits.py), one message
and exit 2 for what it cannot check, quiet on a closed pipe."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zlib

import pikepdf
import pytest
from conftest import ROOT
from preflight_corpus import base_bytes

from bulletin_pdf import limits
from bulletin_pdf.commands import cli
from bulletin_pdf.preflight.checks import preflight


def run(*args, stdout=subprocess.PIPE):
    return subprocess.run(
        [sys.executable, "-m", "bulletin_pdf.commands.cli", "preflight", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def one_message(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.startswith("error: ") and stderr.count("error: ") == 1, stderr


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.pdf"
    path.write_bytes(base_bytes())
    return path


@pytest.mark.parametrize("kind", ["folder", "empty", "not-a-pdf", "named-pipe", "missing"])
def test_wrong_kinds_of_input_give_one_message_and_exit_2(kind, tmp_path):
    path = tmp_path / "in.pdf"
    if kind == "folder":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "not-a-pdf":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    elif kind == "named-pipe":
        os.mkfifo(path)  # opening it would wait for a writer for ever
    r = run(path)
    assert r.returncode == 2
    one_message(r.stderr)
    assert r.stdout == ""


@pytest.mark.parametrize("trim", ["nanxnan", "infx390", "270", "0x0", "270x390x1", "-270x390"])
def test_a_trim_that_is_not_two_sizes_is_refused(trim, good, capsys):
    assert cli.main(["preflight", str(good), f"--trim={trim}"]) == 2
    out, err = capsys.readouterr()
    one_message(err)
    assert "--trim" in err and out == ""


def test_a_closed_pipe_ends_quietly(good):
    proc = subprocess.Popen(
        [sys.executable, "-m", "bulletin_pdf.commands.cli", "preflight", str(good), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    proc.stdout.close()  # the reader is gone before the report is written, as with `| head -0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_a_zip_bomb_content_stream_stops_at_the_limit(tmp_path, monkeypatch, capsys):
    with pikepdf.open(io.BytesIO(base_bytes())) as pdf:
        bomb = pikepdf.Stream(pdf, zlib.compress(b" " * 20_000_000, 9))
        bomb.Filter = pikepdf.Name.FlateDecode
        pdf.pages[0].contents_add(bomb)
        path = tmp_path / "bomb.pdf"
        pdf.save(path)
    assert path.stat().st_size < 400_000  # the profile is most of it
    monkeypatch.setattr(limits, "MAX_PREFLIGHT_STREAM_BYTES", 1_000_000)
    started = time.monotonic()
    assert cli.main(["preflight", str(path)]) == 2
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    one_message(err)
    assert "MAX_PREFLIGHT_STREAM_BYTES" in err


def test_too_many_pages_and_too_many_operators_are_refused_with_their_limit(
    good, monkeypatch, capsys
):
    monkeypatch.setattr(limits, "MAX_PREFLIGHT_PAGES", 0)
    assert cli.main(["preflight", str(good)]) == 2
    assert "MAX_PREFLIGHT_PAGES" in capsys.readouterr().err
    monkeypatch.setattr(limits, "MAX_PREFLIGHT_PAGES", 10)
    monkeypatch.setattr(limits, "MAX_PREFLIGHT_OPERATORS", 10)
    assert cli.main(["preflight", str(good)]) == 2
    err = capsys.readouterr().err
    one_message(err)
    assert "MAX_PREFLIGHT_OPERATORS" in err


def test_reading_past_the_time_limit_stops(good, monkeypatch, capsys):
    monkeypatch.setattr(limits, "MAX_PREFLIGHT_SECONDS", -1)
    assert cli.main(["preflight", str(good)]) == 2
    err = capsys.readouterr().err
    one_message(err)
    assert "MAX_PREFLIGHT_SECONDS" in err


def test_forms_drawing_each_other_end(tmp_path):
    """Two forms that draw each other (and one nested 500 deep) do not hang the interpreter."""
    with pikepdf.open(io.BytesIO(base_bytes())) as pdf:
        a = pdf.make_indirect(
            pikepdf.Stream(
                pdf,
                b"/B Do",
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Form,
                BBox=[0, 0, 10, 10],
            )
        )
        b = pdf.make_indirect(
            pikepdf.Stream(
                pdf,
                b"/A Do",
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Form,
                BBox=[0, 0, 10, 10],
            )
        )
        a.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(B=b))
        b.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(A=a))
        pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(A=a)
        pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"q 1 0 0 1 5 5 cm /A Do Q"))
        path = tmp_path / "loop.pdf"
        pdf.save(path)
    started = time.monotonic()
    report = preflight(path, ink=False)
    assert time.monotonic() - started < 20
    assert report.pages


@pytest.mark.skipif(not os.path.exists("/usr/bin/gs"), reason="needs Ghostscript")
def test_ghostscript_past_its_time_or_file_size_limit_is_stopped_and_reported(good, monkeypatch):
    monkeypatch.setattr(limits, "MAX_GS_SECONDS", 0.05)
    report = preflight(good)
    (f,) = [f for f in report.errors if f.rule == "ink.unmeasured"]
    assert "MAX_GS_SECONDS" in f.message and not report.ink_checked
    monkeypatch.setattr(limits, "MAX_GS_SECONDS", 120)
    monkeypatch.setattr(limits, "MAX_GS_FILE_BYTES", 2000)  # every plate it writes is bigger
    report = preflight(good)
    (f,) = [f for f in report.errors if f.rule == "ink.unmeasured"]
    assert "MAX_GS_FILE_BYTES" in f.message

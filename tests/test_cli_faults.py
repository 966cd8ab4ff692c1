"""Any exception, from any stage, ends as one message: a property test.

Hypothesis picks a stage of a command (reading, normalising, fonts, make-up, photos,
drawing, PDF/X, writing, previews, `new`, `check`) and an exception of any common type with
any message (several lines, empty, long, non-ASCII), makes that stage raise it, and runs the
real command line in this process. The outcome is always exit 2 and one message: an
"error:" line naming the command and its input, what the tool was doing and what went
wrong, then only indented lines with a fix; never a traceback, never a word on stdout,
never a half-written output.
"""

from __future__ import annotations

import contextlib
import errno
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_pdf.commands import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PHOTO = ROOT / "issues" / "2020-01-tianping" / "images" / "p1-gao-speech.jpg"

ISSUE = """newsletter:
  name: 测试
number: 1
date: 2020-01-20
layout: tabloid-4k
pages:
  - section: 要闻
    blocks:
      - type: article
        title: 标题
        columns: 2
        body: |
          正文第一段。
        photos:
          - file: images/a.jpg
            columns: 1
"""

# (the attribute a stage is looked up by at run time, the command that reaches it)
STAGES = [
    ("bulletin_pdf.source.load.load", "build"),
    ("bulletin_pdf.text.normalize.normalize", "build"),
    ("bulletin_pdf.text.fonts.FontSet", "build"),
    ("bulletin_pdf.makeup.place.make_up", "build"),
    ("bulletin_pdf.photos.stage.resolve_photos", "build"),
    ("bulletin_pdf.render.pdf.render", "build"),
    ("bulletin_pdf.render.pdfx.make_pdfx", "final"),
    ("bulletin_pdf.commands.build.write_atomic", "build"),
    ("bulletin_pdf.commands.build.render_made", "proof"),
    ("bulletin_pdf.commands.preview.render_previews", "preview"),
    ("bulletin_pdf.commands.newissue.new_issue", "new"),
    ("bulletin_pdf.commands.check.check_issue", "check"),
]

KINDS = [
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    ZeroDivisionError,
    RecursionError,
    MemoryError,
    OverflowError,
    AssertionError,
    RuntimeError,
    LookupError,
    NotImplementedError,
    UnicodeError,
    StopIteration,
    FileNotFoundError,
    IsADirectoryError,
]
ERRNOS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO, errno.ENAMETOOLONG, errno.ELOOP]


class StrangeError(Exception):
    """An exception type nobody has heard of, whose str() itself fails."""

    def __str__(self):
        raise ValueError("no words for it")


def _exceptions():
    text = st.text(max_size=400)  # any characters: newlines, NULs, CJK, controls
    plain = st.builds(lambda kind, msg: kind(msg), st.sampled_from(KINDS), text)
    oserror = st.builds(
        lambda code, msg, name: OSError(code, msg, name),
        st.sampled_from(ERRNOS),
        text,
        st.one_of(st.none(), text),
    )
    unicode_error = st.builds(lambda: UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad byte"))
    return st.one_of(plain, oserror, unicode_error, st.just(StrangeError()), st.just(ValueError()))


@pytest.fixture(scope="module")
def issue(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("faults")
    (root / "layouts").symlink_to(ROOT / "layouts")
    (root / "fonts").symlink_to(ROOT / "fonts")
    folder = root / "issues" / "one"
    (folder / "images").mkdir(parents=True)
    (folder / "issue.yaml").write_text(ISSUE, encoding="utf-8")
    shutil.copy(SAMPLE_PHOTO, folder / "images" / "a.jpg")
    (root / "out").mkdir()
    assert cli.main(["build", str(folder), "-o", str(root / "warm.pdf")]) == 0  # parse the fonts
    return folder


def _argv(command: str, issue: Path, out: Path) -> list[str]:
    if command == "final":
        return ["build", str(issue), "-o", str(out / "x.pdf"), "--final"]
    if command == "preview":
        return ["preview", str(issue), "-o", str(out / "pngs"), "--dpi", "10"]
    if command == "new":
        return ["new", str(out / "next"), "--from", str(issue)]
    if command == "check":
        return ["check", str(issue)]
    return [command, str(issue), "-o", str(out / "x.pdf")]


def run_with_fault(monkeypatch, issue: Path, stage: str, command: str, exc: BaseException):
    module_name, attr = stage.rsplit(".", 1)
    module = __import__(module_name, fromlist=[attr])

    def fails(*args, **kwargs):
        raise exc

    out = issue.parent.parent / "out" / f"run-{id(exc)}"
    out.mkdir()
    err, stdout = io.StringIO(), io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(module, attr, fails)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(stdout):
            code = cli.main(_argv(command, issue, out))
    written = sorted(p.name for p in out.rglob("*"))
    shutil.rmtree(out)
    return code, stdout.getvalue(), err.getvalue(), written


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(stage=st.sampled_from(STAGES), exc=_exceptions())
def test_any_exception_in_any_stage_is_one_message(monkeypatch, issue, stage, exc):
    code, stdout, stderr, written = run_with_fault(monkeypatch, issue, *stage, exc)
    assert code == 2, (stage, exc, stderr)
    assert stdout == "", stdout
    assert "Traceback" not in stderr, stderr
    lines = stderr.rstrip("\n").split("\n")
    assert lines[0].startswith(f"error: {'build' if stage[1] == 'final' else stage[1]} "), stderr
    assert all(line.startswith("  ") for line in lines[1:]), stderr
    assert stderr.count("\n  fix: ") == 1 and stderr.count("error:") == 1, stderr
    assert written in ([], ["pngs"]), written  # nothing but possibly the empty preview folder


def test_the_message_names_the_stage_and_debug_shows_the_traceback(monkeypatch, issue):
    code, _out, stderr, _ = run_with_fault(
        monkeypatch, issue, "bulletin_pdf.makeup.place.make_up", "build", IndexError("row 70")
    )
    assert code == 2
    assert stderr.startswith(
        f"error: build {issue}: internal error while making up the pages: "
        "IndexError: row 70\n  fix: "
    ), stderr
    with monkeypatch.context() as patch:
        patch.setattr("bulletin_pdf.makeup.place.make_up", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            cli.main(["--debug", "build", str(issue), "-o", str(issue.parent / "never.pdf")])

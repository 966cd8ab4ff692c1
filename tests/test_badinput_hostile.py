"""The second bad-input corpus: a hostile user's cases, each run through the real command line.

Every case calls `cli.main(argv)` in this process (fonts stay parsed from one case to the
next, so the whole corpus costs about as much as a few builds) inside a throwaway project
that holds a sibling folder `outside/` of files no case may read. Each asserts:

- the exit status: 2, or 0 where the input is valid and the output right;
- for a failure, exactly one message: an "error: WHERE: WHAT" line, then only indented
  lines, one of them "fix: …", no traceback, nothing on stdout;
- the project's files afterwards: nothing written and nothing changed (earlier outputs keep
  their bytes, no hidden temporary file left), or exactly the outputs a good run writes;
- no file under `outside/` opened (an audit hook records every open of the process);
- time and memory: each case within CASE_SECONDS and its Python allocations within
  CASE_MEGABYTES (tracemalloc).

Classes: outputs onto inputs, faults and bounds, reading outside the project, furniture
that would not fit, diagnoses. A case is (setup, expected); setup builds the inputs and
returns the command line.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bulletin_pdf import limits
from bulletin_pdf.commands import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PHOTO = ROOT / "issues" / "2020-01-tianping" / "images" / "p1-gao-speech.jpg"
CASE_SECONDS = 60  # generous: the CI machine is shared; a hang or an endless read is minutes
CASE_MEGABYTES = 400
AS_ROOT = os.geteuid() == 0

HEAD = """newsletter:
  name: 测试
number: 1
date: 2020-01-20
layout: tabloid-4k
pages:
  - section: 要闻
    blocks:
"""  # blocks start on line 9


def article(body: str = "正文第一段。", title: str = "标题", extra: str = "") -> str:
    """One article block (type on line 9, title on line 10, body: | on line 11 + extra lines)."""
    lines = "".join(f"          {line}\n" for line in body.split("\n"))
    return HEAD + f"      - type: article\n        title: {title}\n{extra}        body: |\n{lines}"


def with_photo(file: str) -> str:
    """An article with one photo; the photo's `- file:` is line 15."""
    return HEAD + (
        "      - type: article\n        title: 标题\n        columns: 2\n        body: |\n"
        f"          正文第一段。\n        photos:\n          - file: {file}\n            columns: 1\n"
    )


# ---- watching what a run opens -----------------------------------------------------------

_OPENED: list[str] | None = None


def _audit(event: str, args) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], (str, bytes)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


class CaseTimeout(BaseException):
    """A case ran too long (not an OSError: nothing in the tool may take it for its own)."""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    opened: list[str]
    seconds: float
    peak_mb: float


def run_cli(argv: list[str]) -> Run:
    """`bulletin-pdf ARGV` in this process, with what it printed, opened, took and allocated."""
    global _OPENED
    out, err = io.StringIO(), io.StringIO()

    def too_long(signum, frame):
        raise CaseTimeout(f"the command ran over {CASE_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(CASE_SECONDS)
    tracemalloc.start()
    _OPENED = []
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([str(a) for a in argv])
            except SystemExit as exit_:  # argparse
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        seconds = time.perf_counter() - t0
        opened, _OPENED = _OPENED, None
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return Run(code, out.getvalue(), err.getvalue(), opened, seconds, peak)


# ---- the project -------------------------------------------------------------------------


_HASHES: dict[tuple, str] = {}


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under `root` (links not followed, pipes not opened): kind and content (a
    file's sha256, remembered by inode, size and change time: the project grows by a few
    photos a case, and is walked twice a case)."""
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = os.lstat(path)
            rel = path.relative_to(root).as_posix()
            if stat.S_ISREG(st.st_mode):
                key = (rel, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                if key not in _HASHES:
                    _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
                seen[rel] = ("file", _HASHES[key])
            elif stat.S_ISLNK(st.st_mode):
                seen[rel] = ("link", os.readlink(path))
            else:
                seen[rel] = (stat.S_IFMT(st.st_mode),)
    return seen


class Project:
    """proj/ (layouts/ copied, fonts/ linked, issues/, out/) beside outside/ (secrets)."""

    def __init__(self, base: Path):
        self.base = base
        self.root = base / "proj"
        self.outside = base / "outside"
        self.outside.mkdir()
        (self.root / "layouts").mkdir(parents=True)
        shutil.copy(ROOT / "layouts" / "tabloid-4k.yaml", self.root / "layouts")
        (self.root / "fonts").mkdir()
        for font in (ROOT / "fonts").glob("*.ttf"):
            (self.root / "fonts" / font.name).symlink_to(font)
        (self.root / "fonts" / "ReadMe.ttf").write_text("root:x:0:0:root:/root:/bin/bash\n")
        (self.root / "issues").mkdir()
        (self.root / "out").mkdir()
        self.secret = self.outside / "secret.txt"
        self.secret.write_text("root:x:0:0:the secret\n")
        shutil.copy(SAMPLE_PHOTO, self.outside / "photo.jpg")
        shutil.copy(ROOT / "fonts" / "NotoSansSC-Bold.ttf", self.outside / "font.ttf")
        self.layout_text = (ROOT / "layouts" / "tabloid-4k.yaml").read_text(encoding="utf-8")

    def issue(self, name: str, yaml_text: str | bytes = "", photos: tuple[str, ...] = ()) -> Path:
        folder = self.root / "issues" / name
        (folder / "images").mkdir(parents=True)
        if yaml_text:
            data = yaml_text if isinstance(yaml_text, bytes) else yaml_text.encode("utf-8")
            (folder / "issue.yaml").write_bytes(data)
        for photo in photos:
            shutil.copy(SAMPLE_PHOTO, folder / "images" / photo)
        return folder

    def layout(self, name: str, replace: tuple[str, str] | None = None, append: str = "") -> str:
        """A layout file layouts/NAME.yaml: tabloid-4k with one change; returns its name."""
        text = self.layout_text
        if replace:
            assert replace[0] in text, replace
            text = text.replace(replace[0], replace[1], 1)
        (self.root / "layouts" / f"{name}.yaml").write_text(text + append, encoding="utf-8")
        return name

    def out(self, name: str) -> Path:
        folder = self.root / "out" / name
        folder.mkdir()
        return folder

    def line_of(self, path: Path, text: str) -> int:
        lines = path.read_text(encoding="utf-8").split("\n")
        return next(i + 1 for i, line in enumerate(lines) if text in line)


@pytest.fixture(scope="module")
def proj(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("hostile"))
    # parse the fonts once, untraced: the cases then measure their own work, not ReportLab's
    # first parse of a CJK font (which tracemalloc slows tenfold)
    from bulletin_pdf.commands.build import build as build_issue

    warm = project.issue("warm-up", with_photo("images/a.jpg"), ("a.jpg",))
    build_issue(warm, project.base / "warm-up.pdf", final=True)
    return project


# ---- the cases ----------------------------------------------------------------------------


@dataclass
class Case:
    setup: Callable[[Project, str], list]  # → argv
    words: tuple[str, ...] = ()  # in the message (or, for exit 0, in stderr)
    code: int = 2
    place: str = ""  # the message's first line starts with "error: <issue folder>/<place>"
    writes: tuple[str, ...] = ()  # exit 0: paths (relative to proj/) the run may add or change
    check: Callable[[Project, str, Run], None] | None = None  # more assertions
    needs: str = ""  # "nonroot": the case needs a user whose permissions are enforced


def build(folder: Path, out: Path, *more) -> list:
    return ["build", folder, "-o", out, *more]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _prior_pdf(proj: Project, name: str) -> tuple[Path, Path]:
    """A valid issue already built once: (its folder, the PDF)."""
    folder = proj.issue(name, with_photo("images/photo.jpg"), ("photo.jpg",))
    pdf = proj.out(name) / "issue.pdf"
    first = run_cli(build(folder, pdf))
    assert first.code == 0, first.stderr
    return folder, pdf


# -- outputs never touch inputs (every command that writes) --

OUTPUTS = {
    "build-onto-its-issue-yaml": Case(
        lambda p, n: build(f := p.issue(n, article()), f / "issue.yaml"),
        ("is an input of the issue",),
    ),
    "build-onto-its-photo": Case(
        lambda p, n: build(
            f := p.issue(n, with_photo("images/a.jpg"), ("a.jpg",)), f / "images/a.jpg"
        ),
        ("lies inside", "images"),
    ),
    "build-onto-a-photo-beside-the-yaml": Case(
        lambda p, n: _photo_at_top(p, n),
        ("is an input of the issue",),
    ),
    "build-new-file-inside-images": Case(
        lambda p, n: build(f := p.issue(n, article()), f / "images" / "issue.pdf"),
        ("lies inside", "images"),
    ),
    "build-into-project-fonts": Case(
        lambda p, n: build(p.issue(n, article()), p.root / "fonts" / "x.pdf"),
        ("lies inside", "fonts"),
    ),
    "build-into-project-layouts": Case(
        lambda p, n: build(p.issue(n, article()), p.root / "layouts" / "x.pdf"),
        ("lies inside", "layouts"),
    ),
    "build-through-a-link-into-images": Case(
        lambda p, n: _through_link(p, n),
        ("lies inside", "images"),
    ),
    "build-onto-a-folder": Case(
        lambda p, n: build(p.issue(n, article()), p.out(n)),
        ("is a folder",),
    ),
    "build-onto-a-symlink": Case(
        lambda p, n: build(p.issue(n, article()), _link(p.out(n) / "x.pdf", p.secret)),
        ("is a symbolic link",),
    ),
    "build-onto-a-named-pipe": Case(
        lambda p, n: build(p.issue(n, article()), _fifo(p.out(n) / "x.pdf")),
        ("is a named pipe",),
    ),
    "build-onto-a-device": Case(
        lambda p, n: build(p.issue(n, article()), "/dev/null"),
        ("is a character device",),
        check=lambda p, n, r: (
            stat.S_ISCHR(os.stat("/dev/null").st_mode) or pytest.fail("/dev/null")
        ),
    ),
    "final-onto-the-issue-yaml": Case(
        lambda p, n: build(f := p.issue(n, article()), f / "issue.yaml", "--final"),
        ("is an input of the issue",),
    ),
    "proof-onto-its-issue-yaml": Case(
        lambda p, n: ["proof", f := p.issue(n, article()), "-o", f / "issue.yaml"],
        ("is an input of the issue",),
    ),
    "proof-onto-a-font": Case(
        lambda p, n: [
            "proof",
            p.issue(n, article()),
            "-o",
            p.root / "fonts" / "ReadMe.ttf",
        ],
        ("lies inside", "fonts"),
    ),
    "preview-into-images": Case(
        lambda p, n: ["preview", f := p.issue(n, article()), "-o", f / "images"],
        ("overlaps", "images"),
    ),
    "preview-into-the-issue-folder": Case(
        lambda p, n: ["preview", f := p.issue(n, article()), "-o", f],
        ("holds an input of the issue",),
    ),
    "preview-into-someone-elses-folder": Case(
        lambda p, n: ["preview", p.issue(n, article()), "-o", _stranger(p, n)],
        ("a preview did not write", "page-1.png"),
    ),
    "preview-onto-a-file": Case(
        lambda p, n: ["preview", p.issue(n, article()), "-o", _file(p.out(n) / "a.txt")],
        ("is a file, not a folder",),
    ),
    "preview-damaged-record": Case(
        lambda p, n: ["preview", p.issue(n, article()), "-o", _record(p.out(n), "{not json")],
        ("preview record", "is damaged"),
    ),
    "preview-record-naming-other-files": Case(
        lambda p, n: ["preview", p.issue(n, article()), "-o", _record(p.out(n), _other_record())],
        ("is not one bulletin-pdf wrote",),
    ),
    "new-inside-the-previous-images": Case(
        lambda p, n: ["new", (f := p.issue(n, article())) / "images" / "next", "--from", f],
        ("images",),
    ),
    "new-onto-a-dangling-link": Case(
        lambda p, n: [
            "new",
            _link(p.out(n) / "next", p.base / "nowhere"),
            "--from",
            p.issue(n, article()),
        ],
        ("already exists",),
    ),
    "new-past-the-year-9999": Case(
        lambda p, n: [
            "new",
            p.root / "out" / f"{n}-next",
            "--from",
            p.issue(n, article().replace("2020-01-20", "9999-12-20")),
        ],
        ("past the year 9999", "--date"),
        place="issue.yaml:4: date",
    ),
    "batch-into-project-fonts": Case(
        lambda p, n: ["batch", _source(p, n), "-o", p.root / "fonts"],
        ("fonts",),
    ),
    "batch-onto-a-file": Case(
        lambda p, n: ["batch", p.issue(n, article()), "-o", _file(p.out(n) / "dist")],
        ("is a file, not a folder",),
    ),
    "schema-onto-an-issue-yaml": Case(
        lambda p, n: ["schema", "-o", p.issue(n, article()) / "issue.yaml"],
        ("not a JSON Schema written by bulletin-pdf",),
    ),
    "schema-onto-a-folder": Case(
        lambda p, n: ["schema", "-o", p.out(n)],
        ("is a folder",),
    ),
}


def _link(path: Path, target: Path) -> Path:
    path.symlink_to(target)
    return path


def _file(path: Path) -> Path:
    path.write_text("mine\n")
    return path


def _photo_at_top(p: Project, n: str) -> list:
    folder = p.issue(n, with_photo("cover.jpg"))
    shutil.copy(SAMPLE_PHOTO, folder / "cover.jpg")
    return build(folder, folder / "cover.jpg")


def _through_link(p: Project, n: str) -> list:
    folder = p.issue(n, article())
    link = _link(p.out(n) / "to-images", folder / "images")
    return build(folder, link / "issue.pdf")


def _stranger(p: Project, n: str) -> Path:
    folder = p.out(n)
    (folder / "page-1.png").write_bytes(b"a picture of the editor's own")
    return folder


def _record(folder: Path, text: str) -> Path:
    (folder / ".bulletin-preview.json").write_text(text)
    return folder


def _other_record() -> str:
    return json.dumps({"format": 1, "files": ["page-1.png", "../issue.yaml"]})


# -- faults and bounds: one message, with the bound --

FAULTS = {
    "number-of-5000-digits": Case(
        lambda p, n: build(
            p.issue(n, article().replace("number: 1", "number: " + "7" * 5000)), p.out(n) / "x.pdf"
        ),
        ("5000 characters", "MAX_NUMBER_CHARS"),
        place="issue.yaml:3: number",
    ),
    "ratio-of-400-digits": Case(
        lambda p, n: build(
            p.issue(n, with_photo("images/a.jpg") + "            ratio: 1." + "5" * 400 + "\n"),
            p.out(n) / "x.pdf",
        ),
        ("402 characters", "MAX_NUMBER_CHARS"),
        place="issue.yaml:17: pages[0].blocks[0].photos[0].ratio",
    ),
    "layout-length-of-400-digits": Case(
        lambda p, n: build(
            p.issue(
                n,
                article().replace(
                    "tabloid-4k", p.layout(n, ("gutter: 12.5pt", f"gutter: {'1' * 400}pt"))
                ),
            ),
            p.out(n) / "x.pdf",
        ),
        ("MAX_NUMBER_CHARS", "gutter"),
    ),
    "layout-extra-wrong-type": Case(
        lambda p, n: build(
            p.issue(
                n,
                article().replace(
                    "tabloid-4k", p.layout(n, append="extra:\n  masthead_rows: many\n")
                ),
            ),
            p.out(n) / "x.pdf",
        ),
        ("masthead_rows must be a whole number",),
    ),
    "layout-extra-unknown-pdfx": Case(
        lambda p, n: build(
            p.issue(
                n, article().replace("tabloid-4k", p.layout(n, append="extra:\n  pdfx: X-9\n"))
            ),
            p.out(n) / "x.pdf",
        ),
        ("pdfx 'X-9' is not known", "X-1a:2003"),
    ),
    "layout-extra-huge-integer": Case(
        lambda p, n: build(
            p.issue(
                n,
                article().replace(
                    "tabloid-4k", p.layout(n, append="extra:\n  copies: " + "1" * 5000 + "\n")
                ),
            ),
            p.out(n) / "x.pdf",
        ),
        ("5000 characters", "MAX_NUMBER_CHARS"),
    ),
    "deep-nesting": Case(
        lambda p, n: build(p.issue(n, article(title="[" * 300 + "]" * 300)), p.out(n) / "x.pdf"),
        ("nested more than", "MAX_YAML_DEPTH"),
        place="issue.yaml:10",
    ),
    "title-of-20000-characters": Case(
        lambda p, n: build(p.issue(n, article(title="长" * 20000)), p.out(n) / "x.pdf"),
        ("20000 characters", f"limit is {limits.MAX_FIELD_CHARS}", "MAX_FIELD_CHARS"),
        place="issue.yaml:10: pages[0].blocks[0].title",
    ),
    "layout-file-too-large": Case(
        lambda p, n: build(
            p.issue(
                n,
                article().replace(
                    "tabloid-4k", p.layout(n, append="#" + "x" * limits.MAX_LAYOUT_BYTES + "\n")
                ),
            ),
            p.out(n) / "x.pdf",
        ),
        ("MAX_LAYOUT_BYTES",),
    ),
    "batch-manifest-not-json": Case(
        lambda p, n: ["batch", _source(p, n), "-o", _manifest(p.out(n), '{"format": 1, ')],
        ("batch manifest", "is damaged", "delete it"),
    ),
    "batch-manifest-wrong-types": Case(
        lambda p, n: [
            "batch",
            _source(p, n),
            "-o",
            _manifest(p.out(n), json.dumps({"format": 1, "outputs": {"a.pdf": ["x"]}})),
        ],
        ("is damaged", "is not a table"),
    ),
    "batch-manifest-is-a-pipe": Case(
        lambda p, n: ["batch", _source(p, n), "-o", _fifo_manifest(p.out(n))],
        ("named pipe",),
    ),
    "full-disk-keeps-the-earlier-pdf": Case(
        lambda p, n: _full_disk(p, n),
        ("the disk is full", "unchanged"),
    ),
    "read-only-file-system-keeps-the-earlier-pdf": Case(
        lambda p, n: _read_only_fs(p, n),
        ("read-only", "unchanged"),
    ),
    "read-only-folder": Case(
        lambda p, n: _read_only_folder(p, n),
        ("is read-only",),
        needs="nonroot",
    ),
    "unexpected-fault-in-make-up": Case(
        lambda p, n: _inject(
            p, n, "bulletin_pdf.makeup.place.make_up", ZeroDivisionError("float division")
        ),
        ("internal error while making up the pages", "ZeroDivisionError", "--debug"),
    ),
    "unexpected-fault-while-drawing": Case(
        lambda p, n: _inject(p, n, "bulletin_pdf.render.pdf.render", KeyError("glyph")),
        ("internal error while drawing the pages", "KeyError", "--debug"),
    ),
    "out-of-memory-while-normalising": Case(
        lambda p, n: _inject(p, n, "bulletin_pdf.text.normalize.normalize", MemoryError()),
        ("ran out of memory while normalising the text", "limits.py"),
    ),
    "unknown-option": Case(
        lambda p, n: ["build", p.issue(n, article()), "--fnial"],
        ("unrecognized arguments: --fnial", "--help"),
    ),
    "preflight-trim-not-a-number": Case(
        lambda p, n: ["preflight", p.root / "out" / "none.pdf", "--trim", "nanxnan"],
        ("--trim 'nanxnan'", "270x390"),
    ),
    "preflight-trim-zero": Case(
        lambda p, n: ["preflight", p.root / "out" / "none.pdf", "--trim", "0x390"],
        ("--trim '0x390'",),
    ),
    "killed-run-leftover-is-cleaned": Case(
        lambda p, n: _leftover(p, n),
        code=0,
        writes=(
            "out/killed-run-leftover-is-cleaned/x.pdf",
            f"out/killed-run-leftover-is-cleaned/.x.pdf.{2**22 + 12345}-k1ll3d.tmp",
        ),
        check=lambda p, n, r: _no_leftover(p, n),
    ),
}


def _manifest(folder: Path, text: str) -> Path:
    (folder / "manifest.json").write_text(text)
    return folder


def _fifo_manifest(folder: Path) -> Path:
    _fifo(folder / "manifest.json")
    return folder


_PATCHES: list[tuple[object, str, object]] = []


def _patch(target: str, replacement) -> None:
    module_name, attr = target.rsplit(".", 1)
    module = __import__(module_name, fromlist=[attr])
    _PATCHES.append((module, attr, getattr(module, attr)))
    setattr(module, attr, replacement)


def _unpatch() -> None:
    while _PATCHES:
        module, attr, original = _PATCHES.pop()
        setattr(module, attr, original)


def _inject(p: Project, n: str, target: str, exc: BaseException) -> list:
    def fails(*args, **kwargs):
        raise exc

    _patch(target, fails)
    return build(p.issue(n, article()), p.out(n) / "x.pdf")


def _full_disk(p: Project, n: str) -> list:
    folder, pdf = _prior_pdf(p, n)
    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        def __init__(self, fd):
            self.f = real_fdopen(fd, "wb")

        def write(self, data):
            self.f.write(bytes(data[: len(data) // 2]))
            self.f.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def fileno(self):
            return self.f.fileno()

        def close(self):
            self.f.close()

    def fdopen(fd, mode="r", *args, **kwargs):
        return FullDisk(fd) if mode == "wb" else real_fdopen(fd, mode, *args, **kwargs)

    _patch("os.fdopen", fdopen)
    return build(folder, pdf)


def _read_only_fs(p: Project, n: str) -> list:
    folder, pdf = _prior_pdf(p, n)

    def refuse(src, dst):
        raise OSError(errno.EROFS, "Read-only file system", str(dst))

    _patch("os.replace", refuse)
    return build(folder, pdf)


def _read_only_folder(p: Project, n: str) -> list:
    out = p.out(n)
    out.chmod(0o555)
    return build(p.issue(n, article()), out / "x.pdf")


def _leftover(p: Project, n: str) -> list:
    out = p.out(n)
    dead = 2**22 + 12345  # above the kernel's largest pid_max (2**22): no such process
    (out / f".x.pdf.{dead}-k1ll3d.tmp").write_bytes(b"%PDF-1.4 half a file")
    (out / f".x.pdf.{os.getpid()}-l1v3.tmp").write_bytes(b"being written by a live build")
    return build(p.issue(n, article()), out / "x.pdf")


def _no_leftover(p: Project, n: str) -> None:
    names = sorted(x.name for x in (p.root / "out" / n).iterdir())
    # the dead run's file is gone; the live one (this process) is left to its writer
    assert names == [f".x.pdf.{os.getpid()}-l1v3.tmp", "x.pdf"], names


# -- nothing is read outside the project --

OUTSIDE = {
    "issue-yaml-links-outside": Case(
        lambda p, n: build(_link(p.issue(n) / "issue.yaml", p.secret), p.out(n) / "x.pdf"),
        ("leads through a symbolic link outside the project",),
    ),
    "issue-yaml-links-to-dev-zero": Case(
        lambda p, n: build(_link(p.issue(n) / "issue.yaml", Path("/dev/zero")), p.out(n) / "x.pdf"),
        ("outside the project",),
    ),
    "issue-file-is-dev-zero": Case(
        lambda p, n: build("/dev/zero", p.out(n) / "x.pdf"),
        ("is a character device",),
    ),
    "issue-yaml-is-a-named-pipe": Case(
        lambda p, n: build(_fifo_issue(p, n), p.out(n) / "x.pdf"),
        ("named pipe (FIFO), not a file",),
    ),
    "issue-yaml-dangling-link": Case(
        lambda p, n: build(
            _link(p.issue(n) / "issue.yaml", p.base / "gone.yaml"), p.out(n) / "x.pdf"
        ),
        ("is a symbolic link to", "which does not exist (a dangling link)"),
    ),
    "issue-folder-symlink-loop": Case(
        lambda p, n: build(_loop(p.root / "issues" / n), p.out(n) / "x.pdf"),
        ("loop of symbolic links",),
    ),
    "issue-path-with-nul-byte": Case(
        lambda p, n: build(str(p.root / "issues") + "/x\0y", p.out(n) / "x.pdf"),
        ("NUL byte",),
    ),
    "photo-links-outside": Case(
        lambda p, n: build(_photo_link(p, n, p.outside / "photo.jpg"), p.out(n) / "x.pdf"),
        ("leads outside the issue folder",),
        place="issue.yaml:15: pages[0].blocks[0].photos[0]",
    ),
    "photo-is-a-named-pipe": Case(
        lambda p, n: build(_photo_fifo(p, n), p.out(n) / "x.pdf"),
        ("is a named pipe (FIFO), not a file",),
        place="issue.yaml:15: pages[0].blocks[0].photos[0]",
    ),
    "photo-symlink-loop": Case(
        lambda p, n: build(_photo_loop(p, n), p.out(n) / "x.pdf"),
        ("loop of symbolic links",),
        place="issue.yaml:15: pages[0].blocks[0].photos[0]",
    ),
    "photo-dangling-link": Case(
        lambda p, n: build(
            _photo_link(p, n, p.root / "issues" / n / "images" / "gone.jpg"), p.out(n) / "x.pdf"
        ),
        ("dangling link",),
        place="issue.yaml:15: pages[0].blocks[0].photos[0]",
    ),
    "photo-path-with-nul-escape": Case(
        lambda p, n: build(p.issue(n, with_photo('"images/a\\0.jpg"')), p.out(n) / "x.pdf"),
        ("NUL byte",),
        place="issue.yaml:15: pages[0].blocks[0].photos[0]",
    ),
    "photo-name-over-255-bytes": Case(
        lambda p, n: build(
            p.issue(n, with_photo("images/" + "照" * 90 + ".jpg")), p.out(n) / "x.pdf"
        ),
        ("bytes", "at most 255"),
        place="issue.yaml:15: pages[0].blocks[0].photos[0]",
    ),
    "photo-in-an-unreadable-folder": Case(
        lambda p, n: build(_unreadable(p, n), p.out(n) / "x.pdf"),
        ("permission denied",),
        needs="nonroot",
    ),
    "logo-outside-the-project": Case(
        lambda p, n: build(
            p.issue(
                n,
                HEAD.replace("  name: 测试\n", "  name: 测试\n  logo: ../../../outside/photo.jpg\n")
                + article()[len(HEAD) :],
            ),
            p.out(n) / "x.pdf",
        ),
        ("leads outside the project",),
        place="issue.yaml:3: newsletter.logo",
    ),
    "font-path-climbs-out": Case(
        lambda p, n: build(_font_layout(p, n, "../../outside/font.ttf"), p.out(n) / "x.pdf"),
        ("leads outside the fonts folders",),
    ),
    "font-absolute-outside": Case(
        lambda p, n: build(_font_layout(p, n, str(p.outside / "font.ttf")), p.out(n) / "x.pdf"),
        ("outside the font folders",),
    ),
    "font-file-is-text": Case(
        lambda p, n: build(_font_layout(p, n, "ReadMe.ttf"), p.out(n) / "x.pdf"),
        ("does not start like a TrueType or OpenType font",),
        check=lambda p, n, r: (
            ("root:x" not in r.stderr and "0x726F" not in r.stderr) or pytest.fail(r.stderr)
        ),
    ),
    "icc-profile-climbs-out": Case(
        lambda p, n: build(
            p.issue(
                n,
                article().replace(
                    "tabloid-4k", p.layout(n, append="icc_profile: ../outside/secret.txt\n")
                ),
            ),
            p.out(n) / "x.pdf",
            "--final",
        ),
        ("CMYK profile", "outside the project"),
    ),
    "icc-profile-is-a-pipe": Case(
        lambda p, n: build(
            p.issue(
                n,
                article().replace(
                    "tabloid-4k", p.layout(n, append=f"icc_profile: {_fifo_profile(p, n)}\n")
                ),
            ),
            p.out(n) / "x.pdf",
            "--final",
        ),
        ("CMYK profile", "named pipe"),
    ),
    "layout-file-links-outside": Case(
        lambda p, n: build(
            p.issue(n, article().replace("tabloid-4k", _layout_link(p, n))), p.out(n) / "x.pdf"
        ),
        ("layout file", "outside the project"),
    ),
    "batch-manifest-names-files-outside": Case(
        lambda p, n: _manifest_outside(p, n),
        code=0,
        writes=(
            "out/batch-manifest-names-files-outside/dist/manifest.json",
            "out/batch-manifest-names-files-outside/dist/.manifest.lock",
            "out/batch-manifest-names-files-outside/dist/batch-manifest-names-files-outside.pdf",
        ),
    ),
}


def _source(p: Project, n: str) -> Path:
    """A folder of its own holding one valid issue, for batch."""
    source = p.root / "issues" / f"{n}-src"
    (source / n / "images").mkdir(parents=True)
    (source / n / "issue.yaml").write_text(article(), encoding="utf-8")
    return source


def _fifo_issue(p: Project, n: str) -> Path:
    folder = p.issue(n)
    _fifo(folder / "issue.yaml")
    return folder


def _loop(path: Path) -> Path:
    path.symlink_to(path)
    return path


def _photo_link(p: Project, n: str, target: Path) -> Path:
    folder = p.issue(n, with_photo("images/a.jpg"))
    _link(folder / "images" / "a.jpg", target)
    return folder


def _photo_fifo(p: Project, n: str) -> Path:
    folder = p.issue(n, with_photo("images/a.jpg"))
    _fifo(folder / "images" / "a.jpg")
    return folder


def _photo_loop(p: Project, n: str) -> Path:
    folder = p.issue(n, with_photo("images/a.jpg"))
    _link(folder / "images" / "a.jpg", folder / "images" / "b.jpg")
    _link(folder / "images" / "b.jpg", folder / "images" / "a.jpg")
    return folder


def _unreadable(p: Project, n: str) -> Path:
    folder = p.issue(n, with_photo("images/a.jpg"), ("a.jpg",))
    (folder / "images").chmod(0o000)
    return folder


def _font_layout(p: Project, n: str, name: str) -> Path:
    layout = p.layout(n, ("hei: NotoSansSC-Bold.ttf", f"hei: {name}"))
    return p.issue(n, article().replace("tabloid-4k", layout))


def _fifo_profile(p: Project, n: str) -> str:
    _fifo(p.root / f"{n}.icc")
    return f"{n}.icc"


def _layout_link(p: Project, n: str) -> str:
    target = p.outside / f"{n}.yaml"
    target.write_text(p.layout_text, encoding="utf-8")
    _link(p.root / "layouts" / f"{n}.yaml", target)
    return n


def _manifest_outside(p: Project, n: str) -> list:
    source = _source(p, n)
    dist = p.out(n) / "dist"
    dist.mkdir()
    from bulletin_pdf.source.inputs import tool_hash

    entry = {
        "issue": "x",
        "inputs": "0" * 64,
        "tool": tool_hash(),
        "pages": 1,
        "sha256": "0" * 64,
        "files": [os.path.relpath(p.secret, dist)],
    }
    (dist / f"{n}.pdf").write_bytes(b"%PDF-1.4 old")
    (dist / "manifest.json").write_text(json.dumps({"format": 1, "outputs": {f"{n}.pdf": entry}}))
    return ["batch", source, "-o", dist, "-j", "1"]


# -- nothing is lost on the page: furniture is measured against its space --

TWO_PAGES = (
    HEAD
    + """      - type: article
        title: 标题
        body: 正文。
  - section: {section}
    blocks:
      - type: article
        title: 第二版
        body: 正文。
"""
)  # the second page's section is line 12


def _masthead(extra: str) -> str:
    return HEAD.replace("  name: 测试\n", f"  name: 测试\n{extra}") + article()[len(HEAD) :]


def _logo_fifo(p: Project, n: str) -> Path:
    folder = p.issue(n, _masthead("  logo: logo.png\n"))
    _fifo(folder / "logo.png")
    return folder


def _pdf_text(pdf: Path) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


PAGE = {
    "masthead-name-of-nine-characters": Case(
        lambda p, n: build(
            p.issue(
                n, HEAD.replace("name: 测试", "name: 天平社区居民之家园") + article()[len(HEAD) :]
            ),
            p.out(n) / "x.pdf",
        ),
        (
            "does not fit the masthead's name space",
            "only “天平社区居” would be printed",
            "newsletter.logo",
        ),
        place="issue.yaml:2: newsletter.name",
    ),
    "masthead-long-publisher": Case(
        lambda p, n: build(
            p.issue(n, _masthead("  publisher: " + "天平路街道党工委" * 8 + "\n")),
            p.out(n) / "x.pdf",
        ),
        ("the publisher (主办)", "does not fit the masthead's information column"),
        place="issue.yaml:3: newsletter.publisher",
    ),
    "masthead-long-permit": Case(
        lambda p, n: build(
            p.issue(n, _masthead("  permit: (沪)准印证字第" + "0123456789" * 6 + "号\n")),
            p.out(n) / "x.pdf",
        ),
        ("the permit (准印证号)", "would be printed"),
        place="issue.yaml:3: newsletter.permit",
    ),
    "masthead-too-many-info-lines": Case(
        lambda p, n: build(
            p.issue(
                n,
                _masthead(
                    "  publisher: 天平路街道\n  permit: (沪)0001\n  url: tianping.cn\n"
                ).replace("tabloid-4k", p.layout(n, append="extra:\n  masthead_rows: 4\n")),
            ),
            p.out(n) / "x.pdf",
        ),
        ("5 information lines", "do not fit its 3 rows", "masthead_rows"),
        place="issue.yaml:2: newsletter.name",
    ),
    "running-head-section-over-the-name": Case(
        lambda p, n: build(p.issue(n, TWO_PAGES.format(section="社区" * 24)), p.out(n) / "x.pdf"),
        ("runs into the newsletter's name “测试”", "page 2"),
        place="issue.yaml:12: pages[1].section",
    ),
    "url-is-printed-in-the-masthead": Case(
        lambda p, n: build(
            p.issue(n, _masthead("  url: www.tianping.gov.cn\n")), p.out(n) / "x.pdf"
        ),
        code=0,
        writes=("out/url-is-printed-in-the-masthead/x.pdf",),
        check=lambda p, n, r: (
            ("www.tianping.gov.cn" in _pdf_text(p.root / "out" / n / "x.pdf"))
            or pytest.fail("url not printed")
        ),
    ),
    "url-too-long-for-the-masthead": Case(
        lambda p, n: build(
            p.issue(n, _masthead("  url: https://www.tianping.gov.cn/" + "a" * 60 + "\n")),
            p.out(n) / "x.pdf",
        ),
        ("the web address (newsletter.url)", "does not fit"),
        place="issue.yaml:3: newsletter.url",
    ),
    "title-only-a-zero-width-space": Case(
        lambda p, n: build(p.issue(n, article(title='"\\u200B"')), p.out(n) / "x.pdf"),
        ("the title holds only invisible characters (U+200B)",),
        place="issue.yaml:10: pages[0].blocks[0].title",
    ),
    "caption-only-invisible-characters": Case(
        lambda p, n: build(
            p.issue(
                n,
                with_photo("images/a.jpg") + '            caption: "\\u2060\\u200D"\n',
                ("a.jpg",),
            ),
            p.out(n) / "x.pdf",
        ),
        ("the caption holds only invisible characters (U+2060, U+200D)",),
        place="issue.yaml:17: pages[0].blocks[0].photos[0].caption",
    ),
}


# -- correct diagnoses --

DIAGNOSES = {
    "surrogate-pair-escape": Case(
        lambda p, n: build(p.issue(n, article(title='"\\ud83d\\ude00 标题"')), p.out(n) / "x.pdf"),
        ("\\ud83d\\ude00", "surrogate pair", "\\U0001F600"),
        place="issue.yaml:10",
        check=lambda p, n, r: ("never closed" not in r.stderr) or pytest.fail(r.stderr),
    ),
    "lone-surrogate-escape": Case(
        lambda p, n: build(p.issue(n, article(title='"标题\\udc00"')), p.out(n) / "x.pdf"),
        ("\\udc00", "half of a UTF-16 surrogate pair"),
        place="issue.yaml:10",
    ),
    "utf16-le-without-bom": Case(
        lambda p, n: build(p.issue(n, article().encode("utf-16-le")), p.out(n) / "x.pdf"),
        ("UTF-16LE", "not UTF-8"),
        place="issue.yaml:1",
        check=lambda p, n, r: ("GBK" not in r.stderr) or pytest.fail(r.stderr),
    ),
    "utf16-be-without-bom": Case(
        lambda p, n: build(p.issue(n, article().encode("utf-16-be")), p.out(n) / "x.pdf"),
        ("UTF-16BE",),
        place="issue.yaml:1",
    ),
    "raw-line-separator-in-the-body": Case(
        lambda p, n: build(
            p.issue(n, article("第一段\u2028接着写。\n\n第二段。")), p.out(n) / "x.pdf"
        ),
        ("issue.yaml:12: removed the invisible line separator U+2028",),
        code=0,
        writes=("out/raw-line-separator-in-the-body/x.pdf",),
        check=lambda p, n, r: (
            ("第一段接着写。" in _pdf_text(p.root / "out" / n / "x.pdf").replace("\r\n", ""))
            or pytest.fail("text lost")
        ),
    ),
    "raw-paragraph-separator-in-the-title": Case(
        lambda p, n: build(p.issue(n, article(title="标\u2029题")), p.out(n) / "x.pdf"),
        ("issue.yaml:10: removed the invisible line separator U+2029",),
        code=0,
        writes=("out/raw-paragraph-separator-in-the-title/x.pdf",),
    ),
    "byte-order-mark-before-a-key": Case(
        lambda p, n: build(
            p.issue(n, article().replace("        title:", "\ufeff        title:")),
            p.out(n) / "x.pdf",
        ),
        ("byte order mark (U+FEFF) at line 10",),
        place="issue.yaml:10",
        check=lambda p, n, r: ("indentation" not in r.stderr) or pytest.fail(r.stderr),
    ),
    "logo-is-a-named-pipe": Case(
        lambda p, n: build(_logo_fifo(p, n), p.out(n) / "x.pdf"),
        ("is a named pipe (FIFO), not a file",),
        place="issue.yaml:3: newsletter.logo",
        check=lambda p, n, r: ("is a folder" not in r.stderr) or pytest.fail(r.stderr),
    ),
    "dangling-issue-yaml-is-not-missing": Case(
        lambda p, n: build(
            _link(p.issue(n) / "issue.yaml", p.root / "issues" / n / "old.yaml"), p.out(n) / "x.pdf"
        ),
        ("dangling link",),
        check=lambda p, n, r: ("has no issue.yaml" not in r.stderr) or pytest.fail(r.stderr),
    ),
}

CASES = {**OUTPUTS, **FAULTS, **OUTSIDE, **PAGE, **DIAGNOSES}


# ---- running a case ----------------------------------------------------------------------


def _proj_changes(before: dict, after: dict) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def one_message(run: Run) -> str:
    assert run.code == 2, (run.code, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.rstrip("\n").split("\n")
    assert lines[0].startswith("error: "), run.stderr
    assert all(line.startswith("  ") for line in lines[1:]), run.stderr
    assert run.stderr.count("error:") == 1, run.stderr
    assert "\n  fix: " in run.stderr, run.stderr
    assert run.stdout == "", run.stdout
    return run.stderr


def run_case(proj: Project, name: str, case: Case) -> Run:
    if case.needs == "nonroot" and AS_ROOT:
        pytest.skip("root ignores file permissions")
    try:
        argv = case.setup(proj, name)
        before = snapshot(proj.base)
        run = run_cli(argv)
    finally:
        _unpatch()
    after = snapshot(proj.base)
    changed = _proj_changes(before, after)
    if case.code == 2:
        message = one_message(run)
        assert changed == set(), sorted(changed)  # nothing written, nothing changed, no temp file
        if case.place:
            assert message.startswith(f"error: {proj.root / 'issues' / name / case.place}"), message
    else:
        assert run.code == case.code, run.stderr
        assert "Traceback" not in run.stderr and "error:" not in run.stderr, run.stderr
        assert changed <= {f"proj/{w}" for w in case.writes}, sorted(changed)
    for word in case.words:
        assert word in run.stderr, (word, run.stderr)
    outside = [
        o
        for o in run.opened
        if Path(os.path.abspath(o)).is_relative_to(proj.outside) or o.startswith("/dev/zero")
    ]
    assert outside == [], outside
    assert run.seconds < CASE_SECONDS and run.peak_mb < CASE_MEGABYTES, (run.seconds, run.peak_mb)
    if case.check:
        case.check(proj, name, run)
    return run


def test_the_corpus_has_every_class_and_sixty_cases():
    assert len(CASES) >= 60
    assert min(len(OUTPUTS), len(FAULTS), len(OUTSIDE)) >= 10
    assert min(len(PAGE), len(DIAGNOSES)) >= 5


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_case(proj, name):
    run_case(proj, name, CASES[name])

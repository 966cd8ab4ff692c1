"""Bad input through the real command line: it never crashes and never loses text.

Every case runs `bulletin-pdf build ISSUE -o OUT` as an editor would (cli.main, in this process). A bad
case must end in exit 2 with exactly one message ("error: …", then indented lines) naming
the file, the line and the field, with a "fix:" line, no traceback, and no file written.
A valid but odd case (CMYK/grey/alpha photos, invisible characters, an over-long URL, a
paragraph of punctuation) must build, warn where something was changed, and keep its text.

The runs share this process, so the fonts are parsed once for all of them (a separate
process per run cost ~0.5 s of start-up each); the module runs them all once, at the start,
and each test looks at its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import struct
import subprocess
import traceback
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from bulletin_pdf import limits

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "badinput"
SAMPLE_PHOTO = ROOT / "issues" / "2020-01-tianping" / "images" / "p1-gao-speech.jpg"

HEAD = """newsletter:
  name: 测试
number: 1
date: 2020-01-20
layout: tabloid-4k
pages:
  - section: 要闻
    blocks:
"""  # blocks start on line 9


def article(body: str, title: str = "标题", extra: str = "") -> str:
    """One article block (title on line 10); `body` lines are indented here."""
    lines = "".join(f"          {line}\n" if line else "\n" for line in body.split("\n"))
    return HEAD + f"      - type: article\n        title: {title}\n{extra}        body: |\n{lines}"


ONE_PHOTO = (
    HEAD
    + """      - type: article
        title: 标题
        columns: 2
        body: |
          正文第一段。
        photos:
          - file: images/{name}
            columns: 1
"""
)  # the photo entry is line 15


# ---- making inputs -----------------------------------------------------------------------


def _truncated_jpeg(path: Path) -> None:
    data = SAMPLE_PHOTO.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _pixel_bomb_png(path: Path) -> None:
    """A 60-byte PNG whose header claims 100 000 × 100 000 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def _photo(mode: str, fmt: str):
    """A 600 × 400 photo in `mode` (enough for 200 ppi over one column), saved as `fmt`."""

    def make(path: Path) -> None:
        grad = Image.linear_gradient("L").resize((600, 400))
        rgb = Image.merge("RGB", (grad, grad.rotate(180), Image.effect_noise((600, 400), 40)))
        if mode == "CMYK":
            im = rgb.convert("CMYK")
        elif mode == "L":
            im = grad
        else:  # RGBA: a photo with a soft edge
            im = rgb.convert("RGBA")
            im.putalpha(grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
        im.save(path, fmt)

    return make


LONG_URL = "https://www.tianping.gov.cn/" + "a" * 32  # 60 characters
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" + "x" * 15  # 60 letters
assert len(LONG_URL) == len(LONG_WORD) == 60

INVISIBLE_TITLE = r'"标\u200B题\x0B甲"'  # escapes: YAML allows them
INVISIBLE_BODY = "正文\u200d第一\ufeff段\u2060。"  # raw: YAML allows these

OVERSET_BODY = "\n\n".join(["天平街道社区代表会议顺利召开。" * 6] * 60)


def _mega_body() -> str:
    line = "天平街道社区代表会议顺利召开。" * 6  # 90 characters, 270 bytes
    return "\n\n".join([line] * 3900)  # > 1 MB of text in one article


@dataclass(frozen=True)
class Case:
    yaml: str | None = None  # None: a corpus folder of the same name
    images: tuple[tuple[str, object], ...] = ()
    args: tuple[str, ...] = ()  # more command-line arguments


# Bad cases made on the fly: (case, expected place "issue.yaml:LINE: FIELD", words in the message)
MADE_BAD = {
    "truncated-jpeg": (
        Case(ONE_PHOTO.format(name="cut.jpg"), (("cut.jpg", _truncated_jpeg),)),
        "issue.yaml:15: pages[0].blocks[0].photos[0]",
        ["cut.jpg", "damaged"],
    ),
    "pixel-bomb": (
        Case(ONE_PHOTO.format(name="bomb.png"), (("bomb.png", _pixel_bomb_png),)),
        "issue.yaml:15: pages[0].blocks[0].photos[0]",
        ["bomb.png", "too large", "MAX_IMAGE_PIXELS"],
    ),
    "char-no-font-has": (
        Case(article("今天吃油泼\U00030ede\U00030ede面", title="油泼\U00030ede\U00030ede面")),
        "issue.yaml:10: pages[0].blocks[0].title",
        ["\U00030ede", "U+30EDE", "issue.yaml:12: pages[0].blocks[0].body[0]"],
    ),
    "one-megabyte-article": (
        Case(article(_mega_body(), title="很长的文章")),
        "issue.yaml:11: pages[0].blocks[0].body",
        ["很长的文章", f"limit is {limits.MAX_TEXT_CHARS_PER_BLOCK}", "MAX_TEXT_CHARS_PER_BLOCK"],
    ),
    "overset": (
        Case(article(OVERSET_BODY, title="太长的文章", extra="        columns: 2\n")),
        "issue.yaml:9: pages[0].blocks[0]",
        ["太长的文章", "超", "cut", "characters"],
    ),
}

# The committed corpus (tests/badinput): (line, field, words in the message)
CORPUS_BAD = {
    "absolute-path": (14, "pages[0].blocks[0].photos[0].file", ["'/etc/passwd' is absolute"]),
    "alias-bomb": (2, "", ["aliases (*a) are not allowed"]),
    "colon-in-text": (11, "", ["unexpected ':'"]),
    "columns-too-wide": (13, "pages[0].blocks[0].columns", ["columns: 6"]),
    "continuation-unknown": (18, "pages[1].blocks[0].article", ["continuation of 'leed'"]),
    "duplicate-key": (11, "pages[0].blocks[0].title", ["'title' is given twice"]),
    "empty-article": (11, "pages[0].blocks[0].body", ["body is empty"]),
    "empty-issue": (1, "", ["the issue file is empty"]),
    "fullwidth-colon": (10, "", ["full-width colon '：'"]),
    "internal-name": (2, "newsletter.name", ["internal newsletter"]),
    "items-string": (11, "pages[0].blocks[0].items", ["items must be a list"]),
    "layout-version": (5, "layout", ["version 7"]),
    "missing-image": (
        14,
        "pages[0].blocks[0].photos[0].file",
        ["'images/meetng.jpg' does not exist"],
    ),
    "missing-key": (1, "date", ["has no 'date'"]),
    "not-utf8": (2, "", ["not UTF-8", "GBK"]),
    "path-escape": (
        14,
        "pages[0].blocks[0].photos[0].file",
        ["'../../etc/passwd' leads outside the issue folder"],
    ),
    "tab-indent": (10, "", ["tab character"]),
    "title-number": (10, "pages[0].blocks[0].title", ["title must be text, got a number"]),
    "too-many-pages": (7, "pages", ["MAX_PAGES"]),
    "unclosed-quote": (10, "", ["never closed"]),
    "unknown-block-type": (9, "pages[0].blocks[0].type", ["unknown block type 'artcle'"]),
    "unknown-key": (10, "pages[0].blocks[0].titel", ["unknown key 'titel'"]),
    "unknown-layout": (5, "layout", ["unknown layout 'tabloid-4x'"]),
}

# Valid cases: they must build.
MADE_GOOD = {
    "photo-modes-final": Case(
        HEAD
        + """      - type: article
        title: 三种照片
        columns: 3
        body: |
          正文第一段。
        photos:
          - file: images/cmyk.jpg
            columns: 1
          - file: images/grey.png
            columns: 1
          - file: images/alpha.png
            columns: 1
""",
        (
            ("cmyk.jpg", _photo("CMYK", "JPEG")),
            ("grey.png", _photo("L", "PNG")),
            ("alpha.png", _photo("RGBA", "PNG")),
        ),
        args=("--final",),
    ),
    "invisible-characters": Case(article(INVISIBLE_BODY, title=INVISIBLE_TITLE)),
    # YAML forbids a raw control character (Word's manual line break U+000B); the issue
    # reader removes it with a warning at its line before YAML sees it
    "raw-control-char": Case(article("正文第一段。", title="标\x0b题")),
    "punctuation-paragraph": Case(article("正文第一段。\n\n……！？\n\n——")),
    "long-word-narrow-column": Case(
        # pinned: make-up would otherwise widen a short story to fill the page
        article(
            f"详情请见{LONG_URL}。\n\n英文单词{LONG_WORD}很长。",
            extra="        columns: 1\n        pin: true\n",
        )
    ),
    "rebuild-kept": Case(
        ONE_PHOTO.format(name="photo.jpg"),
        (("photo.jpg", lambda path: shutil.copyfile(SAMPLE_PHOTO, path)),),
    ),
}


# ---- running -----------------------------------------------------------------------------


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    out: Path  # the -o given
    issue: Path


@dataclass
class Completed:
    returncode: int
    stdout: str
    stderr: str


def cli(*args, cwd: Path) -> Completed:
    """The command line in this process, as a subprocess would see it: its exit status, what
    it printed, and for an exception that escapes (--debug) Python's traceback on stderr."""
    from bulletin_pdf.commands import cli as command_line

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = command_line.main([str(a) for a in args])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        except Exception:
            traceback.print_exc()
            code = 1
    return Completed(code, out.getvalue(), err.getvalue())


class _Done:
    """A finished run, with the .result() of the futures the tests were written against."""

    def __init__(self, run: Run):
        self.run = run

    def result(self) -> Run:
        return self.run


class Project:
    """A throwaway project (layouts/ and fonts/ linked in) with issue folders and outputs."""

    def __init__(self, root: Path):
        self.root = root
        (root / "layouts").symlink_to(ROOT / "layouts")
        (root / "fonts").symlink_to(ROOT / "fonts")
        (root / "issues").mkdir()
        (root / "out").mkdir()

    def issue(self, name: str, case: Case) -> Path:
        if case.yaml is None:
            return CORPUS / name
        folder = self.root / "issues" / name
        (folder / "images").mkdir(parents=True)
        (folder / "issue.yaml").write_text(case.yaml, encoding="utf-8")
        for file, make in case.images:
            make(folder / "images" / file)
        return folder

    def out_for(self, name: str) -> Path:
        folder = self.root / "out" / name
        folder.mkdir()
        return folder / f"{name}.pdf"

    def build(self, issue: Path, out: Path, args=()) -> Run:
        pre = [a for a in args if a == "--debug"]  # a global option: before "build"
        post = [a for a in args if a != "--debug"]
        r = cli(*pre, "build", issue, "-o", out, *post, cwd=self.root)
        return Run(r.returncode, r.stdout, r.stderr, out, issue)


@pytest.fixture(scope="module")
def cli_project(tmp_path_factory) -> Project:
    return Project(tmp_path_factory.mktemp("badinput-cli"))


@pytest.fixture(scope="module")
def runs(cli_project) -> dict[str, _Done]:
    """Every CLI run of the module, one after another in this process."""
    project = cli_project
    jobs: dict[str, tuple[Path, Case]] = {}
    for name in CORPUS_BAD:
        jobs[name] = (CORPUS / name, Case())
    for name, (case, *_rest) in MADE_BAD.items():
        jobs[name] = (project.issue(name, case), case)
    for name, case in MADE_GOOD.items():
        jobs[name] = (project.issue(name, case), case)
    jobs["bom"] = (CORPUS / "bom", Case())
    no_yaml = project.root / "issues" / "no-issue-yaml"
    (no_yaml / "images").mkdir(parents=True)
    (no_yaml / "isue.yaml").write_text(HEAD, encoding="utf-8")
    jobs["no-issue-yaml"] = (no_yaml, Case())
    jobs["no-such-path"] = (project.root / "issues" / "2020-13-nowhere", Case())
    jobs["debug"] = (CORPUS / "title-number", Case(args=("--debug",)))
    return {
        name: _Done(project.build(issue, project.out_for(name), case.args))
        for name, (issue, case) in jobs.items()
    }


def one_error(run: Run) -> str:
    """The single error message of a failed build, after checking how it failed."""
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.rstrip("\n").split("\n")
    assert lines[0].startswith("error: "), run.stderr
    # one message: the "error:" line, then only its own indented lines (no warnings, no noise)
    assert all(line.startswith("  ") for line in lines[1:]), run.stderr
    assert run.stderr.count("error:") == 1, run.stderr
    assert "\n  fix: " in run.stderr, run.stderr
    assert run.stdout == "", run.stdout
    # nothing written: not the PDF, not a temporary file beside it
    assert list(run.out.parent.iterdir()) == [], list(run.out.parent.iterdir())
    return run.stderr


def built(run: Run) -> str:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "error:" not in run.stderr, run.stderr
    assert run.stdout.startswith(f"wrote {run.out}"), run.stdout
    assert [p.name for p in run.out.parent.iterdir()] == [run.out.name]
    return run.stderr


def text_layer(pdf: Path) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---- bad input: exit 2, one message, nothing written -------------------------------------


def test_every_corpus_case_is_run_through_the_cli():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert folders == set(CORPUS_BAD) | {"bom"}


@pytest.mark.parametrize("case", sorted(CORPUS_BAD))
def test_corpus_case_fails_with_one_message(runs, case):
    line, field, words = CORPUS_BAD[case]
    message = one_error(runs[case].result())
    first = message.split("\n")[0]
    place = f"{CORPUS / case / 'issue.yaml'}:{line}:" + (f" {field}:" if field else "")
    assert first.startswith(f"error: {place}"), (place, message)
    for w in words:
        assert w in message, (w, message)


@pytest.mark.parametrize("case", sorted(MADE_BAD))
def test_made_case_fails_with_one_message(runs, case):
    _case, place, words = MADE_BAD[case]
    run = runs[case].result()
    message = one_error(run)
    assert f"{run.issue / place}" in message, (place, message)
    for w in words:
        assert w in message, (w, message)


def test_raw_control_character_is_removed_with_a_warning_at_its_line(runs):
    """The line is right even after Chinese text (libyaml counts positions in UTF-8 bytes)."""
    run = runs["raw-control-char"].result()
    stderr = built(run)
    assert (
        f"{run.issue / 'issue.yaml'}:10: removed the invisible control character U+000B" in stderr
    ), stderr
    text = subprocess.run(
        ["pdftotext", "-raw", str(run.out), "-"], capture_output=True, text=True
    ).stdout
    assert "标题" in text and "\x0b" not in text


def test_one_megabyte_article_really_is_that_big(runs):
    run = runs["one-megabyte-article"].result()
    assert (run.issue / "issue.yaml").stat().st_size > 1_000_000
    assert "351000 characters" in run.stderr


def test_overset_says_how_much(runs):
    run = runs["overset"].result()
    found = re.search(r"page 1: 《太长的文章》超 (\d+) 字 \((\d+) lines", run.stderr)
    assert found, run.stderr
    chars, lines = int(found[1]), int(found[2])
    # 60 paragraphs of 90 characters, 14 to a line: 420 lines, at most the page's five
    # columns of lines fit (make-up gives the one story the whole page); the cut is a full
    # line's characters for each line over
    assert 420 - 5 * 80 <= lines < 420 and chars == 14 * lines, (lines, chars)
    assert f"cut {chars} characters" in run.stderr


def test_folder_without_issue_yaml(runs):
    message = one_error(runs["no-issue-yaml"].result())
    assert "has no issue.yaml" in message and "isue.yaml" in message


def test_path_that_does_not_exist(runs):
    message = one_error(runs["no-such-path"].result())
    assert "no issue file or folder at" in message and "2020-13-nowhere" in message


def test_debug_shows_the_traceback(runs):
    run = runs["debug"].result()
    assert run.returncode != 0
    assert "Traceback (most recent call last)" in run.stderr
    assert "InputError" in run.stderr and "title must be text" in run.stderr
    assert not run.out.exists()


def test_failed_rebuild_keeps_the_earlier_pdf(runs, cli_project):
    first = runs["rebuild-kept"].result()
    built(first)
    before = hashlib.sha256(first.out.read_bytes()).hexdigest()
    stamp = first.out.stat().st_mtime_ns
    yaml_file = first.issue / "issue.yaml"
    good_yaml = yaml_file.read_text(encoding="utf-8")

    def rebuild_fails(words: str) -> None:
        again = cli_project.build(first.issue, first.out)
        assert again.returncode == 2 and words in again.stderr, again.stderr
        assert "Traceback" not in again.stderr
        assert hashlib.sha256(first.out.read_bytes()).hexdigest() == before
        assert first.out.stat().st_mtime_ns == stamp
        assert [p.name for p in first.out.parent.iterdir()] == [first.out.name]  # no temp files

    # broken while loading: an unclosed quote
    yaml_file.write_text(good_yaml.replace("title: 标题", 'title: "标题'), encoding="utf-8")
    rebuild_fails("never closed")
    # broken only when the page is drawn: the photo was cut off while copying
    yaml_file.write_text(good_yaml, encoding="utf-8")
    _truncated_jpeg(first.issue / "images" / "photo.jpg")
    rebuild_fails("damaged")


# ---- odd but valid input: builds, warns, keeps the text ----------------------------------


def test_bom_at_the_start_of_the_file_builds(runs):
    run = runs["bom"].result()
    built(run)
    assert "测试" in text_layer(run.out)


def test_cmyk_grey_and_alpha_photos_are_placed_in_final(runs):
    import pikepdf

    run = runs["photo-modes-final"].result()
    built(run)
    with pikepdf.open(run.out) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        xobjects = page.Resources.get("/XObject", {})
        images = {
            name: xobjects[name] for name in xobjects if xobjects[name].get("/Subtype") == "/Image"
        }
        assert len(images) == 3, list(xobjects.keys())
        spaces = sorted(str(im.get("/ColorSpace")) for im in images.values())
        assert spaces == ["/DeviceCMYK", "/DeviceCMYK", "/DeviceGray"], spaces
        assert all("/SMask" not in im for im in images.values())  # alpha flattened
        drawn = [
            str(operands[0])
            for operands, op in pikepdf.parse_content_stream(page)
            if str(op) == "Do"
        ]
        assert sorted(drawn) == sorted(images), drawn  # each placed once
        # no RGB anywhere in the file: PDF/X-1a
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Image":
                assert obj.get("/ColorSpace") in ("/DeviceCMYK", "/DeviceGray"), obj.get(
                    "/ColorSpace"
                )


def test_invisible_characters_are_removed_with_warnings(runs):
    run = runs["invisible-characters"].result()
    stderr = built(run)
    yaml_file = run.issue / "issue.yaml"
    for line, field, code in [
        (10, "title", "U+200B"),
        (10, "title", "U+000B"),
        (12, "body[0]", "U+200D"),
        (12, "body[0]", "U+FEFF"),
        (12, "body[0]", "U+2060"),
    ]:
        assert re.search(
            rf"^warning: {re.escape(str(yaml_file))}:{line}: pages\[0\]\.blocks\[0\]\."
            rf"{re.escape(field)}: removed invisible character {re.escape(code)}\b",
            stderr,
            re.M,
        ), (line, field, code, stderr)
    text = text_layer(run.out)
    assert "标题甲" in _squash(text) and "正文第一段。" in _squash(text), text
    left = [
        f"U+{ord(c):04X}"
        for c in text
        if c not in "\r\n" and (unicodedata.category(c) in ("Cc", "Cf") or c == "\u200b")
    ]
    assert left == [], left


def test_paragraph_of_punctuation_only_is_set_with_a_warning(runs):
    # An editor who types "……" as a paragraph means it (a pause, an omission): it is set as
    # written and the proof says so, rather than failing the build or dropping it.
    run = runs["punctuation-paragraph"].result()
    stderr = built(run)
    yaml_file = run.issue / "issue.yaml"
    assert f"{yaml_file}:14: pages[0].blocks[0].body[1]" in stderr, stderr
    assert f"{yaml_file}:16: pages[0].blocks[0].body[2]" in stderr, stderr
    text = _squash(text_layer(run.out))
    assert "正文第一段。" in text and "……！？" in text and "——" in text, text


def test_long_word_in_a_narrow_column_builds(runs):
    run = runs["long-word-narrow-column"].result()
    built(run)
    text = _squash(text_layer(run.out))
    assert "详情请见" in text and "很长。" in text


def test_long_word_in_a_narrow_column_is_broken_within_it(runs):
    from bulletin_pdf.commands.build import make
    from bulletin_pdf.model.display import TextItem

    made = make(runs["long-word-narrow-column"].result().issue)
    width = made.layout.column_width
    items = [
        it
        for page in made.makeup.pages
        for it in page.items
        if isinstance(it, TextItem) and it.block == "p1.b0"
    ]
    body = [it.line for it in items if it.role == "body"]
    assert body, items
    for it in items:
        assert it.line.right <= width + 0.01, (it.line.text, it.line.right, width)
    # the Latin word is broken with hyphens the composer added, and no letter is lost
    hyphenated = [line for line in body if line.hyphen]
    assert any(LONG_WORD[:8] in line.text for line in hyphenated), [l.text for l in body]
    assert all(line.text.endswith("-") for line in hyphenated)
    joined = "".join(line.text[:-1] if line.hyphen else line.text for line in body)
    assert joined == f"详情请见{LONG_URL}。英文单词{LONG_WORD}很长。", joined

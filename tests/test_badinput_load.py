"""Bad input an editor will write, and what loading says about it.

Each folder in tests/badinput/ is one case (its issue.yaml and any files it needs); the table
below says what the message must name: the error class, the line, the key path, words of
what is wrong and words of the fix. Cases too large or too odd to commit (a 1 MB article,
a symlink, a 60 MB image) are made in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulletin_pdf import limits
from bulletin_pdf.errors import InputError, LimitError
from bulletin_pdf.source.load import load, load_issue

CORPUS = Path(__file__).parent / "badinput"

# case: (class, line, field, words in `what`, words in `fix`)
CASES = {
    "tab-indent": (
        InputError,
        10,
        "",
        ["tab", "line 10, column 1"],
        ["YAML does not allow tabs for indentation; use spaces"],
    ),
    "unclosed-quote": (
        InputError,
        10,
        "",
        ["quoted text opened on line 10", "never closed"],
        ["closing quote"],
    ),
    "title-number": (
        InputError,
        10,
        "pages[0].blocks[0].title",
        ["title must be text, got a number"],
        ["put it in quotes", 'title: "123"'],
    ),
    "items-string": (
        InputError,
        11,
        "pages[0].blocks[0].items",
        ["items must be a list, got text"],
        ["own line starting with '- '"],
    ),
    "unknown-key": (
        InputError,
        10,
        "pages[0].blocks[0].titel",
        ["unknown key 'titel'", "article block"],
        ["did you mean 'title'?"],
    ),
    "missing-key": (InputError, 1, "date", ["has no 'date'"], ["add a line 'date: 2020-01-20'"]),
    "empty-issue": (InputError, 1, "", ["the issue file is empty"], ["docs/issue-format.md"]),
    "empty-article": (
        InputError,
        11,
        "pages[0].blocks[0].body",
        ["body is empty"],
        ["write the text"],
    ),
    "unknown-layout": (
        InputError,
        5,
        "layout",
        ["unknown layout 'tabloid-4x'"],
        ["did you mean 'tabloid-4k'?", "layouts available", "tabloid-4k"],
    ),
    "missing-image": (
        InputError,
        14,
        "pages[0].blocks[0].photos[0].file",
        ["'images/meetng.jpg' does not exist"],
        ["images/meeting.jpg"],
    ),
    "path-escape": (
        InputError,
        14,
        "pages[0].blocks[0].photos[0].file",
        ["'../../etc/passwd' leads outside the issue folder"],
        ["images/"],
    ),
    "absolute-path": (
        InputError,
        14,
        "pages[0].blocks[0].photos[0].file",
        ["'/etc/passwd' is absolute"],
        ["images/"],
    ),
    "not-utf8": (
        InputError,
        2,
        "",
        ["not UTF-8", "byte offset 20", "GBK"],
        ["save the file as UTF-8"],
    ),
    "alias-bomb": (InputError, 2, "", ["aliases (*a) are not allowed"], ["anchors", "aliases"]),
    "too-many-pages": (
        LimitError,
        7,
        "pages",
        ["65", f"limit is {limits.MAX_PAGES}", "MAX_PAGES"],
        ["split"],
    ),
    "layout-version": (
        InputError,
        5,
        "layout",
        ["made with tabloid-4k version 7", "is version 3"],
        ["restore layouts/archive/tabloid-4k-v7.yaml"],
    ),
    "unknown-block-type": (
        InputError,
        9,
        "pages[0].blocks[0].type",
        ["unknown block type 'artcle'"],
        ["did you mean 'article'?", "article, photo, briefs, list, greeting, continuation"],
    ),
    "duplicate-key": (
        InputError,
        11,
        "pages[0].blocks[0].title",
        ["'title' is given twice", "lines 10 and 11"],
        ["keep one"],
    ),
    "colon-in-text": (InputError, 11, "", ["unexpected ':'", "line 11"], ["must be in quotes"]),
    "fullwidth-colon": (InputError, 10, "", ["full-width colon '：'"], ["ASCII colon ':'"]),
    "columns-too-wide": (
        InputError,
        13,
        "pages[0].blocks[0].columns",
        ["columns: 6 is wider", "5 columns"],
        ["from 1 to 5"],
    ),
    "continuation-unknown": (
        InputError,
        18,
        "pages[1].blocks[0].article",
        ["continuation of 'leed'"],
        ["did you mean 'lead'?"],
    ),
    "internal-name": (
        InputError,
        2,
        "newsletter.name",
        ["internal newsletter", "'天平社区报'"],
        ["'天平'"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(case):
    cls, line, field, what_words, fix_words = CASES[case]
    with pytest.raises(InputError) as caught:
        load_issue(CORPUS / case)
    error = caught.value
    assert type(error) is cls
    assert error.where is not None
    assert error.where.file == str(CORPUS / case / "issue.yaml")
    assert error.where.line == line
    assert error.where.field == field
    for words in what_words:
        assert words in error.what, f"{words!r} not in {error.what!r}"
    for words in fix_words:
        assert words in error.fix, f"{words!r} not in {error.fix!r}"
    # the printed message carries all of it, for a person reading a terminal
    text = error.message()
    assert f"issue.yaml:{line}" in text and "fix: " in text


def test_every_corpus_case_is_checked():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}  # README.md aside
    assert folders == set(CASES) | {"bom"}


def test_bom_is_accepted():
    raw = (CORPUS / "bom" / "issue.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    issue = load_issue(CORPUS / "bom")
    assert issue.newsletter.name.value == "测试"
    assert issue.newsletter.name.where.line == 2


# ---- cases made on the fly --------------------------------------------------------------------

BASE = """newsletter:
  name: 测试
number: 1
date: 2020-01-20
layout: tabloid-4k
pages:
  - blocks:
      - type: article
        title: 很长的文章
"""


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "issue"
    folder.mkdir(exist_ok=True)
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    return folder


def test_one_megabyte_article_body_is_a_limit_error(tmp_path):
    line = "天平街道社区代表会议顺利召开。" * 6  # 90 characters a line
    body = "".join(f"          {line}\n\n" for _ in range(3900))
    folder = _write(tmp_path, BASE + "        body: |\n" + body)
    size = (folder / "issue.yaml").stat().st_size
    assert 1_000_000 < size < limits.MAX_YAML_BYTES
    with pytest.raises(LimitError) as caught:
        load_issue(folder)
    error = caught.value
    assert "很长的文章" in error.what and "351000 characters" in error.what
    assert f"limit is {limits.MAX_TEXT_CHARS_PER_BLOCK}" in error.what
    assert (error.where.line, error.where.field) == (10, "pages[0].blocks[0].body")


def test_file_over_the_size_limit(tmp_path):
    folder = _write(
        tmp_path, BASE + "        body: 正文。\n# " + "x" * limits.MAX_YAML_BYTES + "\n"
    )
    with pytest.raises(LimitError, match="MAX_YAML_BYTES"):
        load_issue(folder)


def test_symlink_leaving_the_issue_folder(tmp_path):
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"\xff\xd8")
    folder = _write(
        tmp_path,
        BASE + "        body: 正文。\n        photos:\n          - file: images/photo.jpg\n",
    )
    (folder / "images").mkdir()
    os.symlink(outside, folder / "images" / "photo.jpg")
    with pytest.raises(InputError) as caught:
        load_issue(folder)
    assert "leads outside the issue folder" in caught.value.what
    assert caught.value.where.line == 12


def test_image_over_the_size_limit(tmp_path):
    folder = _write(
        tmp_path,
        BASE + "        body: 正文。\n        photos:\n          - file: images/huge.tif\n",
    )
    (folder / "images").mkdir()
    with open(folder / "images" / "huge.tif", "wb") as f:  # sparse: costs no disk
        f.truncate(limits.MAX_IMAGE_BYTES + 1)
    with pytest.raises(LimitError) as caught:
        load_issue(folder)
    assert "MAX_IMAGE_BYTES" in caught.value.what and caught.value.where.line == 12


def test_too_many_yaml_nodes(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_YAML_NODES", 50)
    items = "".join(f"          - 第{i}条\n" for i in range(60))
    folder = _write(
        tmp_path,
        BASE.replace("type: article\n        title: 很长的文章", "type: list\n        title: 清单")
        + "        items:\n"
        + items,
    )
    with pytest.raises(LimitError, match="MAX_YAML_NODES"):
        load_issue(folder)


@pytest.mark.parametrize(
    "text, words",
    [
        ("a: [1, 2\n", "opened on line 1 is not closed"),
        ("---\na: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a: 1\n\x07b: 2\n", "control character U+0007"),
    ],
)
def test_other_malformed_yaml(tmp_path, text, words):
    folder = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_issue(folder)
    assert words in caught.value.what or words in caught.value.fix
    assert caught.value.where.line >= 1


@pytest.mark.parametrize(
    "snippet, field, words",
    [
        ('        body: 正文。\n        columns: "3"\n', "columns", "remove the quotes"),
        ("        body: 正文。\n        columns: 010\n", "columns", "leading zero"),
        ("        body: 正文。\n        place: middle\n", "place", "one of: top, bottom"),
        ("        body: 正文。\n        continued: yes please\n", "continued", "true or false"),
        ("        body: 正文。\n        continued: true\n", "continued", "add 'id: …'"),
        ("        body: 正文。\n        id: 头 条\n", "id", "without spaces"),
        (
            "        body: 正文。\n        photos: [{caption: 无图}]\n",
            "photos[0].file",
            "add a line 'file:",
        ),
        ("        body: 123\n", "body", "put it in quotes"),
    ],
)
def test_field_messages(tmp_path, snippet, field, words):
    folder = _write(tmp_path, BASE + snippet)
    with pytest.raises(InputError) as caught:
        load_issue(folder)
    error = caught.value
    assert error.where.field == f"pages[0].blocks[0].{field}"
    assert words in error.what + " " + error.fix


def test_date_must_be_real(tmp_path):
    folder = _write(tmp_path, BASE.replace("2020-01-20", "2020-02-30") + "        body: 正文。\n")
    with pytest.raises(InputError, match="not a real date") as caught:
        load(folder)
    assert (caught.value.where.line, caught.value.where.field) == (4, "date")

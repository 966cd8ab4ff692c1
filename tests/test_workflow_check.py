"""`bulletin-pdf check`: the sample is clean; every problem is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_sample

from bulletin_pdf.commands import cli
from bulletin_pdf.commands.check import (
    ERROR,
    NOTE,
    WARNING,
    CheckResult,
    Finding,
    check_issue,
    format_result,
)
from bulletin_pdf.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_WARNINGS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"


def line_of(folder: Path, needle: str) -> int:
    for number, line in enumerate(
        (folder / "issue.yaml").read_text(encoding="utf-8").splitlines(), 1
    ):
        if needle in line:
            return number
    raise AssertionError(f"{needle} not in the file")


def errors(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.level == ERROR]


def test_sample_is_clean(capsys):
    result = check_issue(SAMPLE)
    assert errors(result) == [], format_result(result)
    assert result.pages == 2 and "天平 第1期" in result.title
    assert cli.main(["check", str(SAMPLE)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "0 errors" in out and "page 1" in out and "page 2" in out


def test_forbidden_words_and_missing_permit_each_with_their_line(tmp_path, capsys):
    folder = copy_sample(
        tmp_path,
        lambda t: (
            t.replace("  permit: (沪)准印证字 示例0000号", "  # no permit")
            .replace("byline: 道平", "byline: 本报记者 道平")
            .replace("会后,社区安全专委会", "本报讯 会后,社区安全专委会")
        ),
    )
    result = check_issue(folder)
    found = {
        (
            f.level,
            f.what.split("“")[1].split("”")[0] if "“" in f.what else f.where.field,
            f.where.line,
        )
        for f in result.findings
        if f.kind == "§1.6"
    }
    byline = line_of(folder, "byline: 本报记者")
    # a word is a warning for the proof; the missing permit stops every command
    assert (WARNING, "本报", byline) in found and (WARNING, "记者", byline) in found
    assert (WARNING, "本报", line_of(folder, "本报讯")) in found
    assert (ERROR, "newsletter.permit", line_of(folder, "internal: true")) in found
    # the word inside a body names its paragraph, as the loader's paths do
    body_hit = next(
        f for f in result.findings if f.where and f.where.line == line_of(folder, "本报讯")
    )
    assert body_hit.where.field == "pages[0].blocks[0].body[4]" and body_hit.page == 1
    assert result.exit_code() == EXIT_BAD_INPUT
    assert cli.main(["check", str(folder)]) == EXIT_BAD_INPUT
    out = capsys.readouterr().out
    assert f"issue.yaml:{byline}: pages[1].blocks[0].byline" in out
    assert "Traceback" not in out


def test_every_missing_imprint_item_and_a_newspaper_title(tmp_path):
    folder = copy_sample(
        tmp_path,
        lambda t: (
            t.replace("  name: 天平 ", "  name: 天平社区报 ")
            .replace("  copies: 8000", "  # copies")
            .replace("  printer: 上海示例印刷有限公司", "  # printer")
        ),
    )
    result = check_issue(folder)
    fields = {f.where.field for f in errors(result)}
    assert {"newsletter.name", "imprint.copies", "imprint.printer"} <= fields
    # the loader stops at the first of these; check says each once, and that make-up did not run
    assert sum("天平社区报" in f.what for f in result.findings) == 1
    assert any(f.level == NOTE and "not made up" in f.what for f in result.findings)


def test_innocent_words_and_external_newsletters_pass(tmp_path):
    folder = copy_sample(
        tmp_path, lambda t: t.replace("向大会作工作报告,全面回顾", "向大会作本报告,全面回顾")
    )
    assert not [f for f in errors(check_issue(folder)) if f.kind == "§1.6"]
    outside = copy_sample(
        tmp_path / "b",
        lambda t: t.replace("  internal: true", "  internal: false").replace(
            "byline: 道平", "byline: 本报记者 道平"
        ),
    )
    assert not [f for f in errors(check_issue(outside)) if f.kind == "§1.6"]


def test_overset_is_an_error_on_its_page(tmp_path):
    long_text = "街道召开会议,部署全年重点工作,要求各居民区抓好落实。" * 400
    folder = copy_sample(
        tmp_path,
        lambda t: t.replace(
            "          1月13日,天平街道党工委召开",
            f"          {long_text}\n\n          1月13日,天平街道党工委召开",
        ),
    )
    result = check_issue(folder)
    overset = [f for f in errors(result) if f.kind == "overset"]
    assert overset and overset[0].page == 2 and "超" in overset[0].what
    assert "cut" in overset[0].what and "characters" in overset[0].what
    assert result.exit_code() == EXIT_BAD_INPUT


def test_character_no_font_has_is_reported(tmp_path):
    folder = copy_sample(tmp_path, lambda t: t.replace("byline: 道平", "byline: 道平\U0002a6a5"))
    result = check_issue(folder)
    assert any("U+2A6A5" in f.what for f in errors(result)), format_result(result)


def test_yaml_syntax_error_is_one_finding(tmp_path):
    folder = copy_sample(tmp_path, lambda t: t.replace("number: 1 ", "number: [1 "))
    result = check_issue(folder)
    assert len(errors(result)) == 1 and errors(result)[0].where.line == line_of(
        folder, "number: [1"
    )
    assert "Traceback" not in format_result(result)


def test_strict_counts_warnings():
    result = CheckResult(
        Path("x.yaml"), findings=[Finding(WARNING, "page 1: 3 empty lines", page=1)]
    )
    assert result.exit_code() == EXIT_OK
    assert result.exit_code(strict=True) == EXIT_WARNINGS
    result.findings.append(Finding(ERROR, "overset", page=1))
    assert result.exit_code(strict=True) == EXIT_BAD_INPUT


@pytest.mark.parametrize("strict", [False, True])
def test_unused_space_is_a_warning_per_page(tmp_path, strict):
    from bulletin_pdf.commands.newissue import new_issue

    file = new_issue(SAMPLE, tmp_path / "2020-02")
    result = check_issue(file)
    unused = [f for f in result.findings if f.kind == "unused space"]
    assert unused and all(f.level == WARNING and f.page in (1, 2) for f in unused)
    assert result.exit_code(strict=strict) == EXIT_BAD_INPUT  # the skeleton's 【待填】 are errors


def test_photo_below_print_resolution_is_a_warning_on_its_page(tmp_path):
    from PIL import Image

    folder = copy_sample(tmp_path)
    photo = folder / "images" / "p2-longhua-visit.jpg"
    with Image.open(photo) as im:
        im.resize((120, 80)).save(photo, quality=90)
    result = check_issue(folder)
    low = [f for f in result.findings if "ppi" in f.what]
    assert low and low[0].level == WARNING and low[0].page == 2, format_result(result)
    assert low[0].where.line == line_of(folder, "p2-longhua-visit.jpg") or low[
        0
    ].where.file.endswith(".jpg")
    assert result.exit_code() == EXIT_OK and result.exit_code(strict=True) == EXIT_WARNINGS


def test_missing_glyph_is_reported_beside_the_rest(tmp_path):
    """A character no font has does not hide the make-up findings: check lists both."""
    folder = copy_sample(
        tmp_path,
        lambda t: t.replace(
            "kicker: 立足新起点 扬帆新征程", "kicker: 立足新起点 扬帆新征程𰻞", 1
        ).replace(
            "title: 天平街道2020年十大实事项目\n",
            "title: 天平街道2020年十大实事项目\n        columns: 3\n",  # a hint no full page keeps
            1,
        ),
    )
    result = check_issue(folder)
    missing = [f for f in errors(result) if f.kind == "missing glyph"]
    assert len(missing) == 1 and "U+30EDE" in missing[0].what
    assert missing[0].where.line == line_of(folder, "kicker:") and missing[0].page == 1
    assert result.pages == 2  # the pages were still made up
    # and make-up's own findings are there too (the list's hint it could not keep)
    assert any(f.kind in ("unused space", "makeup") and f.page == 1 for f in result.findings)
    assert cli.main(["check", str(folder)]) == EXIT_BAD_INPUT

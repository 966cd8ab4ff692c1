"""PRINT.md §1.6 (internal newsletter, 内部资料): `build` and `check` give the same verdict on
every rule, because both ask source/internal.py. Each case is run through both, as a proof
and as final output."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_pdf.commands.build import build
from bulletin_pdf.commands.check import ERROR, WARNING, check_issue
from bulletin_pdf.errors import InputError
from bulletin_pdf.source import internal

ISSUE = """newsletter:
  name: {name}
  internal: {internal}
{permit}number: 1
date: 2020-01-20
layout: tabloid-4k
{imprint}pages:
  - section: 要闻
    blocks:
      - type: article
        title: 社区召开居民代表大会
        byline: {byline}
        body: |
          {body}

          居民代表审议了工作报告,提出了三十多条意见和建议。
"""
PERMIT = "  permit: (沪)准印证字 示例0000号\n"
IMPRINT = """imprint:
  editor: 天平路街道办事处
  audience: 本街道居民
  printer: 上海示例印刷有限公司
  print_date: 2020-01-18
{copies}"""
COPIES = "  copies: 8000\n"

CLEAN = dict(
    name="天平",
    internal="true",
    permit=PERMIT,
    imprint=IMPRINT.format(copies=COPIES),
    byline="道平",
    body="一月十八日,天平路街道召开第一届居民代表大会第五次会议。",
)
# case → (what differs from CLEAN, the verdict for a proof, the verdict for final output)
CASES = {
    "clean": ({}, "clean", "clean"),
    "innocent 本报告": ({"body": "主任向大会作本报告,回顾一年工作。"}, "clean", "clean"),
    "not internal, 记者 allowed": (
        {"internal": "false", "byline": "本报记者 道平"},
        "clean",
        "clean",
    ),
    "记者 in the byline": ({"byline": "记者 道平"}, "warning", "error"),
    "本报讯 in the body": ({"body": "本报讯 一月十八日,大会召开。"}, "warning", "error"),
    "杂志社 in the body": ({"body": "市杂志社派员列席了会议。"}, "warning", "error"),
    "刊号 in the body": ({"body": "本期刊号另行通知。"}, "warning", "error"),
    "a …社区报 title": ({"name": "天平社区报"}, "error", "error"),
    "no permit": ({"permit": ""}, "error", "error"),
    "no imprint": ({"imprint": ""}, "error", "error"),
    "imprint without 印数": ({"imprint": IMPRINT.format(copies="")}, "error", "error"),
}


def _issue(tmp_path: Path, **changes: str) -> Path:
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "issue.yaml").write_text(ISSUE.format(**{**CLEAN, **changes}), encoding="utf-8")
    return folder


def _build_verdict(folder: Path, final: bool) -> str:
    try:
        result = build(folder, folder / "out.pdf", final=final)
    except InputError as e:
        assert "PRINT.md §1.6" in e.message(), e.message()  # stopped by §1.6, not by another rule
        return "error"
    assert result.output is not None and result.output.stat().st_size > 0
    found = [w for w in result.report.warnings if w.kind == internal.KIND]
    return "warning" if found else "clean"


def _check_verdict(folder: Path, final: bool) -> str:
    levels = {f.level for f in check_issue(folder, final=final).findings if f.kind == internal.KIND}
    return "error" if ERROR in levels else "warning" if WARNING in levels else "clean"


@pytest.mark.parametrize("case", CASES)
def test_build_and_check_agree(tmp_path, case):
    changes, proof, final = CASES[case]
    folder = _issue(tmp_path, **changes)
    for is_final, expected in ((False, proof), (True, final)):
        verdicts = (_build_verdict(folder, is_final), _check_verdict(folder, is_final))
        assert verdicts == (expected, expected), f"final={is_final}"


def test_every_breach_is_one_message_in_build_and_check(tmp_path):
    """The loader stops at the first rule; check says each, the loader's in the same words at
    the same line, once."""
    folder = _issue(tmp_path, name="天平社区报", permit="")
    with pytest.raises(InputError) as caught:
        build(folder, folder / "out.pdf")
    result = check_issue(folder)
    findings = [f for f in result.findings if f.kind == internal.KIND]
    assert {f.where.field for f in findings} == {"newsletter.permit", "newsletter.name"}
    same = [f for f in result.findings if f.what == caught.value.what]
    assert len(same) == 1 and same[0].where == caught.value.where


def test_final_build_names_every_word_with_its_line(tmp_path):
    folder = _issue(tmp_path, byline="记者 道平", body="本报讯 一月十八日,大会召开。")
    with pytest.raises(InputError) as caught:
        build(folder, folder / "out.pdf", final=True)
    text = caught.value.message()
    assert "“记者”" in text and "“本报”" in text
    assert "issue.yaml:19: pages[0].blocks[0].byline" in text
    assert "issue.yaml:21: pages[0].blocks[0].body[0]" in text  # the paragraph's own line
    assert not (folder / "out.pdf").exists()

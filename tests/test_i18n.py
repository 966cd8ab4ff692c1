"""Messages in Chinese under a Chinese locale (or --lang zh), in English otherwise: every
entry of the catalogue keeps its placeholders, and every bad input of the corpus gives a
message the catalogue translates whole — what is wrong and the fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from bulletin_pdf import i18n
from bulletin_pdf.errors import BulletinError, Where, format_message

CORPUS = ROOT / "tests" / "badinput"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "bom")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language(None)


def test_every_catalogue_entry_has_both_languages_and_the_same_parts():
    entries = i18n.catalogue("zh")
    assert len(entries) > 100
    for e in entries:
        assert (e.msgstr and e.msgstr != e.msgid) or not re.search("[A-Za-z]{3}", e.msgid), e.msgid
        ids = sorted(re.findall(r"\{(\w+)\}", e.msgid))
        strs = sorted(re.findall(r"\{(\w+)\}", e.msgstr))
        assert ids == strs, e.msgid


def _error(case: str) -> BulletinError:
    from bulletin_pdf.commands.build import make

    with pytest.raises(BulletinError) as err:
        make(CORPUS / case)
    return err.value


@pytest.mark.parametrize("case", CASES)
def test_bad_input_speaks_chinese(case, chinese):
    err = _error(case)
    assert i18n.known(err.what), f"no Chinese for: {err.what}"
    assert not err.fix or i18n.known(err.fix), f"no Chinese for: {err.fix}"
    text = err.message()
    assert _CJK.search(text.split("\n")[0]) and "改法：" in text


@pytest.mark.parametrize("case", CASES)
def test_bad_input_speaks_english_by_default(case):
    i18n.set_language("en")
    try:
        err = _error(case)
        assert err.message() == format_message(err.what, err.where, err.fix)
        assert "\n  fix: " in err.message() and "改法" not in err.message()
    finally:
        i18n.set_language(None)


def test_parts_are_translated_inside_a_message(chinese):
    what = "photo path '/etc/x' leads outside the issue folder"
    assert (
        format_message(what, Where("issue.yaml", 3))
        == "issue.yaml:3: 照片路径“/etc/x”指到了本期文件夹之外"
    )
    assert i18n.translate("a message no catalogue has") == "a message no catalogue has"


def test_language_from_the_locale():
    assert i18n.from_environment({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert i18n.from_environment({"LANG": "C"}) == "en"
    assert i18n.from_environment({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.from_environment({}) == "en"


def _cli(*args, lang: str):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG=lang, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "bulletin_pdf", *args], env=env, capture_output=True, text=True
    )


def test_the_command_line_follows_lang_and_the_lang_option(tmp_path):
    case = str(CORPUS / "unknown-layout")
    zh = _cli("build", case, "-o", str(tmp_path / "x.pdf"), lang="zh_CN.UTF-8")
    assert (
        zh.returncode == 2
        and zh.stderr.startswith("错误：")
        and "未知的版式“tabloid-4x”" in zh.stderr
    )
    en = _cli("build", case, "-o", str(tmp_path / "x.pdf"), lang="C")
    assert en.stderr.startswith("error: ") and "unknown layout 'tabloid-4x'" in en.stderr
    forced = _cli("--lang", "zh", "build", case, "-o", str(tmp_path / "x.pdf"), lang="C")
    assert forced.stderr.startswith("错误：")


def test_import_findings_speak_chinese(tmp_path, chinese):
    from manuscripts import make_word_manuscript

    from bulletin_pdf.commands.importdoc import read_manuscript
    from bulletin_pdf.errors import Report

    report = Report()
    read_manuscript(make_word_manuscript(tmp_path / "m.docx"), report)
    for w in report.warnings:
        assert i18n.known(w.what) and i18n.known(w.fix), w.what
    assert any("之后的表格（3 行 × 2 列" in w.message() for w in report.warnings)

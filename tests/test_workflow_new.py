"""`bulletin-pdf new`: the next issue, scaffolded from the previous one."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from bulletin_pdf.commands import cli
from bulletin_pdf.commands.newissue import add_months, new_issue
from bulletin_pdf.errors import EXIT_BAD_INPUT, EXIT_OK, InputError
from bulletin_pdf.model import issue as m
from bulletin_pdf.source.load import load_issue

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory):
    return new_issue(SAMPLE, tmp_path_factory.mktemp("new") / "2020-02")


def test_scaffold_loads_with_the_next_number_and_date(scaffold):
    prev, issue = load_issue(SAMPLE), load_issue(scaffold)
    assert issue.number == prev.number + 1
    assert issue.total_number == prev.total_number + 1
    assert issue.date == _dt.date(2020, 2, 20)
    assert issue.layout == prev.layout and issue.layout_version == prev.layout_version
    assert issue.newsletter.name.value == prev.newsletter.name.value
    assert issue.newsletter.permit.value == prev.newsletter.permit.value
    assert issue.newsletter.internal is True
    # the imprint keeps everything; 印刷日期 keeps its two days before the issue date
    for key in ("editor", "audience", "printer"):
        assert getattr(issue.imprint, key).value == getattr(prev.imprint, key).value
    assert issue.imprint.copies == prev.imprint.copies
    assert issue.imprint.print_date == _dt.date(2020, 2, 18)


def test_scaffold_keeps_sections_and_block_shapes(scaffold):
    prev, issue = load_issue(SAMPLE), load_issue(scaffold)
    assert [p.section.value for p in issue.pages] == [p.section.value for p in prev.pages]
    for old_page, new_page in zip(prev.pages, issue.pages):
        assert [type(b) for b in new_page.blocks] == [type(b) for b in old_page.blocks]
        assert [b.columns for b in new_page.blocks] == [b.columns for b in old_page.blocks]
    briefs = [b for p in issue.pages for b in p.blocks if isinstance(b, m.Briefs)]
    assert briefs[0].title.value == "重要新闻"  # a standing heading is kept
    lists = [b for p in issue.pages for b in p.blocks if isinstance(b, m.NumberedList)]
    assert len(lists[0].items) == 10 and all("【待填】" in t.value for t in lists[0].items)
    # photos cannot be placeholders: they wait, commented out, for the editor's files
    text = scaffold.read_text(encoding="utf-8")
    assert text.count("#   - file: images/【待填】.jpg") == 3
    assert not any(b.photos for p in issue.pages for b in p.blocks if isinstance(b, m.Article))
    assert "天平街道第五届社区代表会议" not in text  # none of the old issue's text


def test_check_refuses_the_skeleton_until_filled(scaffold, capsys):
    assert cli.main(["check", str(scaffold.parent)]) == EXIT_BAD_INPUT
    out = capsys.readouterr().out
    assert "【待填】 left from `bulletin-pdf new`" in out
    assert "pages[1].blocks[1]" in out


def test_new_refuses_an_existing_folder(scaffold):
    before = scaffold.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        new_issue(SAMPLE, scaffold.parent)
    assert scaffold.read_bytes() == before


def test_cli_with_a_date(tmp_path, capsys):
    target = tmp_path / "2020-02-special"
    assert cli.main(["new", str(target), "--from", str(SAMPLE), "--date", "2020-02-05"]) == EXIT_OK
    issue = load_issue(target)
    assert issue.date == _dt.date(2020, 2, 5) and issue.imprint.print_date == _dt.date(2020, 2, 3)
    assert "第2期" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*"))  # no staging folder left behind


def test_a_date_before_the_previous_issue_is_refused(tmp_path):
    with pytest.raises(InputError, match="not after"):
        new_issue(SAMPLE, tmp_path / "x", _dt.date(2019, 12, 1))
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "start, months, end",
    [
        ((2020, 1, 20), 1, (2020, 2, 20)),
        ((2020, 1, 31), 1, (2020, 2, 29)),
        ((2019, 12, 15), 1, (2020, 1, 15)),
        ((2021, 3, 31), 11, (2022, 2, 28)),
    ],
)
def test_add_months(start, months, end):
    assert add_months(_dt.date(*start), months) == _dt.date(*end)

"""Subheads (小标题) in an article: a body paragraph written '## …' is set in the layout's
subhead style on whole grid rows, the text around it stays on the baseline grid, and no
column ends with a subhead — whatever the lengths of the paragraphs between them."""

from __future__ import annotations

import pytest
from conftest import ROOT
from displaylist_checks import (
    assert_inside_type_area,
    assert_no_overlaps,
    assert_no_widows,
    assert_on_baseline_grid,
    text_columns,
)

from bulletin_pdf.commands.build import make
from bulletin_pdf.errors import InputError
from bulletin_pdf.model.display import TextItem

ISSUE = """\
newsletter: {{name: 天平}}
number: 2
date: 2020-02-20
layout: tabloid-4k
pages:
  - section: 社区
    blocks:
      - type: article
        title: 垃圾分类问答
        columns: 3
        pin: true
        body: |
{body}
"""

ANSWER = (
    "答:居民区的湿垃圾每天早晚各投放一次,干垃圾随湿垃圾一起投放,可回收物可以交给"
    "两网融合服务点,有害垃圾投放到小区的红色桶里。志愿者在投放点值守,帮助大家分类。"
)
QUESTIONS = [  # the fourth takes two lines of a 10½-character column
    "一、湿垃圾何时投?",
    "二、旧衣服算哪类?",
    "三、过期药品怎么办?",
    "四、小区里的大件垃圾和装修垃圾由谁来收?",
    "五、电池放哪里?",
    "六、分类有奖励吗?",
    "七、有问题找谁?",
]


def _body(variant: int) -> tuple[str, list[str]]:
    """Questions as subheads, answers of lengths that move every subhead to another row
    from one variant to the next."""
    paragraphs = []
    for i, question in enumerate(QUESTIONS):
        paragraphs.append("## " + question)
        length = 40 + ((variant * 37 + i * 23) % 120)
        paragraphs.append((ANSWER * 3)[:length] + "。")
    text = "\n\n".join("          " + p for p in paragraphs)
    return text, paragraphs


def _pages(project, name: str, variant: int):
    body, paragraphs = _body(variant)
    made = make(project(name, ISSUE.format(body=body)))
    return made, paragraphs


@pytest.mark.parametrize("variant", range(8))
def test_subheads_on_whole_rows_never_at_a_column_foot(project, variant):
    made, _ = _pages(project, f"qa{variant}", variant)
    lay, pages = made.layout, made.makeup.pages
    assert not made.makeup.overset
    items = [it for it in pages[0].items if isinstance(it, TextItem)]
    heads = [it for it in items if it.role == "subhead"]
    assert len(heads) == len(QUESTIONS) + 1  # the fourth on two lines
    assert "".join(h.line.text for h in heads) == "".join(QUESTIONS).replace("?", "？")
    style = lay.styles["subhead"]
    assert all(h.line.size == style.size and h.line.font == style.font for h in heads)
    assert not any("##" in it.line.text for it in items)

    assert_on_baseline_grid(pages, lay)  # the body around the subheads keeps the grid
    assert_no_overlaps(pages)
    assert_inside_type_area(pages, lay)
    assert_no_widows(pages, lay)
    columns = text_columns(pages, lay, roles=("body", "subhead"))
    assert len(columns) == 3
    for column in columns.values():
        assert column[-1].role != "subhead", [it.line.text for it in column[-3:]]
        for k, it in enumerate(column):
            if it.role != "subhead":
                continue
            if column[k + 1].role == "subhead":  # the second line of a two-line subhead
                continue
            below = column[k + 1 : k + 3]
            # two lines of its answer under it (every answer here has at least two)
            assert [b.role for b in below] == ["body", "body"], it.line.text
            first = k
            while first and column[first - 1].role == "subhead":
                first -= 1
            above = column[first - 1] if first else None
            # whole rows: the body lines around it stay a whole number of rows apart, with
            # at least two rows (more than the subhead's leading) between them
            if above is not None:
                rows = (below[0].y - above.y) / lay.pitch
                assert abs(rows - round(rows)) < 1e-6 and round(rows) >= 3
                assert above.y < it.y < below[0].y
            assert below[0].y - it.y >= style.size  # the subhead stands clear of its text


def test_a_layout_subhead_style_is_used(tmp_path):
    """A layout may style subheads itself; the one shipped sets them as its 副题."""
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    (tmp_path / "layouts").mkdir()
    layout = (ROOT / "layouts" / "tabloid-4k.yaml").read_text(encoding="utf-8")
    marker = "  subtitle:"
    assert marker in layout
    layout = layout.replace(
        marker,
        "  subhead:        {font: hei,       size: 10.5, leading: 14.5, align: left, "
        "indent: 0}\n" + marker,
    )
    (tmp_path / "layouts" / "tabloid-4k.yaml").write_text(layout, encoding="utf-8")
    folder = tmp_path / "issues" / "qa"
    folder.mkdir(parents=True)
    body, _ = _body(0)
    (folder / "issue.yaml").write_text(ISSUE.format(body=body), encoding="utf-8")
    made = make(folder)
    heads = [it for it in made.makeup.pages[0].items if getattr(it, "role", "") == "subhead"]
    assert len(heads) == len(QUESTIONS) + 1  # 12 characters a line at 10.5 pt
    assert {(h.line.size, h.line.font) for h in heads} == {(10.5, "hei")}
    shipped = make(ROOT / "issues" / "2020-01-tianping").layout.styles
    assert shipped["subhead"] == shipped["subtitle"]


def test_a_subhead_mark_without_text_is_refused(project):
    folder = project("empty", ISSUE.format(body="          第一段。\n\n          ##\n"))
    with pytest.raises(InputError, match="subhead mark '##' with no subhead") as err:
        make(folder)
    assert err.value.where.line == 15

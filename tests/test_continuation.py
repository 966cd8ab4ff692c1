"""A continued article: the text that does not fit page 1 goes on on page 2, with matching
jump lines (下转第2版 / 上接第1版), and nothing is lost on the way."""

from __future__ import annotations

from displaylist_checks import (
    assert_inside_type_area,
    assert_no_overlaps,
    assert_no_widows,
    assert_on_baseline_grid,
    reading_text,
)

from bulletin_pdf.commands.build import make
from bulletin_pdf.model.display import TextItem

PARAGRAPH = (
    "天平街道党工委书记高路表示,2019年街道工作主要实现了三个“提升”,即精准治理提升获得感、"
    "综合治理提升幸福感、源头治理提升安全感。高路指出,2020年街道将结合天平的发展实际,"
    "努力实现以共建促引领,把资源红利转化为治理效应。"
)

ISSUE = """\
newsletter: {{name: 天平, publisher: 天平路街道办事处}}
number: 2
date: 2020-02-20
layout: tabloid-4k
pages:
  - section: 要闻
    blocks:
      - type: article
        id: long
        continued: true
        title: 一篇很长的文章
        columns: 3
        body: |
{body}
      - type: briefs
        title: 简讯
        columns: 2
        items: [区长到乌鲁木齐南路调研。]
  - section: 社区
    blocks:
      - type: continuation
        article: long
        columns: 5
"""


def test_continued_article_has_matching_jump_lines(project):
    body = "\n\n".join(f"          {i + 1}. {PARAGRAPH}" for i in range(40))
    made = make(project("2020-02", ISSUE.format(body=body)))
    assert not made.makeup.overset
    assert_no_overlaps(made.makeup.pages)
    assert_inside_type_area(made.makeup.pages, made.layout)
    assert_on_baseline_grid(made.makeup.pages, made.layout)
    assert_no_widows(made.makeup.pages, made.layout)
    page1, page2 = made.makeup.pages
    jumps1 = [it.line.text for it in page1.items if isinstance(it, TextItem) and it.role == "jump"]
    jumps2 = [it.line.text for it in page2.items if isinstance(it, TextItem) and it.role == "jump"]
    assert jumps1 == ["（下转第2版）"]
    assert jumps2 == ["（上接第1版）"]

    # the jump line closes the last column of the first part, at its foot
    body1 = [it for it in page1.items if isinstance(it, TextItem) and it.role == "body"]
    jump1 = next(it for it in page1.items if isinstance(it, TextItem) and it.role == "jump")
    assert jump1.x == max(it.x for it in body1)
    assert jump1.y >= max(it.y for it in body1 if it.x == jump1.x)
    # 上接 opens the continuation, above its first body line
    body2 = [it for it in page2.items if isinstance(it, TextItem) and it.role == "body"]
    jump2 = next(it for it in page2.items if isinstance(it, TextItem) and it.role == "jump")
    assert jump2.y < min(it.y for it in body2 if it.x == jump2.x)

    # every character of the article, in order, across the two pages
    expected = "".join(p.value for p in made.issue.pages[0].blocks[0].body)
    assert reading_text(body1) + reading_text(body2) == expected

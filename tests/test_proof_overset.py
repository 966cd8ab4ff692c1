"""A proof never loses text: what does not fit its page is printed, as composed, on proof
sheets after the page, and the page points to them."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from displaylist_checks import reading_text

from bulletin_pdf.commands.build import build, make
from bulletin_pdf.model.display import TextItem

PARAGRAPH = "天平街道社区代表会议顺利召开，来自居民区、区域单位的代表齐聚一堂，共议社区发展。"
ISSUE = """\
newsletter: {{name: 天平}}
number: 3
date: 2020-03-20
layout: tabloid-4k
pages:
  - section: 要闻
    blocks:
      - type: article
        title: 一篇太长的文章
        columns: 2
        body: |
{body}
"""


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_overset_text_is_on_the_proof(project, tmp_path):
    body = "\n\n".join(f"          第{i}段。{PARAGRAPH * 3}" for i in range(1, 121))
    folder = project("2020-03", ISSUE.format(body=body))
    made = make(folder)
    assert made.makeup.overset and sum(len(s) for s in made.makeup.overset_sheets.values()) >= 1
    out = tmp_path / "proof.pdf"
    result = build(folder, out, proof=True)
    assert result.pages == 1 and result.overset
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = re.sub(r"\s+", "", text)

    # the page, then its overset sheets: every character of the article, in order
    def body_text(pages):
        items = [
            it
            for p in pages
            for it in p.items
            if isinstance(it, TextItem) and it.block != "furniture" and it.role == "body"
        ]
        return "".join(it.line.text for it in items)

    page = made.makeup.pages[0]
    sheets = made.makeup.overset_sheets[1]
    on_page = reading_text(
        it for it in page.items if isinstance(it, TextItem) and it.role == "body"
    )
    expected = "".join(p.value for p in made.issue.pages[0].blocks[0].body)
    assert on_page + body_text(sheets) == expected
    import pikepdf

    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1 + len(sheets)
    assert "全文见本版后的超版附页" in squashed and "校样附页，不印刷" in squashed

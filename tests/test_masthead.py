"""Page furniture on the display list: masthead, running heads, folios, imprint, logo."""

from __future__ import annotations

from conftest import SAMPLE
from displaylist_checks import assert_inside_type_area, assert_no_overlaps
from PIL import Image

from bulletin_pdf.commands.build import make, render_made
from bulletin_pdf.model.display import ImageItem, TextItem


def texts(page, role):
    return [it.line.text for it in page.items if isinstance(it, TextItem) and it.role == role]


def test_sample_furniture():
    made = make(SAMPLE)
    page1, page2 = made.makeup.pages
    assert texts(page1, "masthead") == ["天平"]
    info = texts(page1, "masthead-info")
    assert "第1期（总第150期）" in info
    assert "2020年1月20日 星期一" in info  # 2020-01-20 was a Monday
    assert any(t.startswith("准印证号：") for t in info)
    assert "内部资料 免费交流" in info
    assert texts(page1, "running-head") == []  # page 1 has no 报眉
    assert texts(page2, "running-head") == ["第2版 · 党建·社区", "天平", "2020年1月20日 星期一"]
    assert texts(page1, "folio") == ["第1版"] and texts(page2, "folio") == ["第2版"]
    imprint = "".join(texts(page2, "imprint"))
    for item in (
        "编印单位：",
        "发送对象：",
        "印刷单位：",
        "印刷日期：2020年1月18日",
        "印数：",
        "期号：2020年第1期",
    ):
        assert item in imprint, item
    assert texts(page1, "imprint") == []  # the imprint stands on the last page


def test_logo_replaces_the_typeset_name(project):
    yaml = (
        (SAMPLE / "issue.yaml")
        .read_text(encoding="utf-8")
        .replace("  name: 天平 ", "  logo: images/logo.png\n  name: 天平 ", 1)
    )
    folder = project(
        "2020-01", yaml, images=("p1-zhong-speech.jpg", "p1-gao-speech.jpg", "p2-longhua-visit.jpg")
    )
    Image.new("RGB", (1200, 400), (200, 20, 20)).save(folder / "images" / "logo.png")
    made = make(folder)
    page1 = made.makeup.pages[0]
    logos = [it for it in page1.items if isinstance(it, ImageItem) and it.role == "masthead-logo"]
    assert len(logos) == 1 and abs(logos[0].width / logos[0].height - 3.0) < 0.01
    assert texts(page1, "masthead") == []
    assert_inside_type_area(made.makeup.pages, made.layout)
    assert_no_overlaps(made.makeup.pages)
    assert render_made(made, final=True)[:5] == b"%PDF-"

"""`bulletin-pdf import`: Word (made by python-docx and saved by LibreOffice), .txt and .md
manuscripts become an article of the issue that loads, validates against the schema and
builds; the issue file keeps every line it had; what has no place is reported."""

from __future__ import annotations

import difflib
import shutil
import subprocess

import pytest
import yaml
from conftest import ROOT, SAMPLE
from manuscripts import (
    ALT_CAPTION,
    BYLINE,
    CAPTION,
    COMMENT,
    CREDIT,
    DELETED,
    KICKER,
    PARAGRAPHS,
    SUBHEADS,
    SUBTITLE,
    TABLE_FIRST_CELL,
    TEXT_BOX,
    TITLE,
    make_word_manuscript,
    photo_bytes,
)

from bulletin_pdf.commands.cli import main
from bulletin_pdf.commands.importdoc import import_manuscript, read_manuscript
from bulletin_pdf.commands.manuscript.article import is_byline
from bulletin_pdf.errors import InputError, Report
from bulletin_pdf.source.yamledit import insert_block, scalar

FIXTURES = ROOT / "tests" / "fixtures" / "manuscripts"


@pytest.fixture
def issue(tmp_path):
    """A copy of the sample issue inside a project folder of its own."""
    (tmp_path / "layouts").symlink_to(ROOT / "layouts")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    folder = tmp_path / "issues" / "sample"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.pdf"))
    return folder


def _only_insertions(old: str, new: str) -> bool:
    ops = difflib.SequenceMatcher(
        None, old.split("\n"), new.split("\n"), autojunk=False
    ).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


def _article(folder, index=-1, page=-1):
    data = yaml.safe_load((folder / "issue.yaml").read_text(encoding="utf-8"))
    return data["pages"][page]["blocks"][index], data


def _expected_body():
    return [
        PARAGRAPHS[0],
        PARAGRAPHS[1],
        "## " + SUBHEADS[0],
        PARAGRAPHS[2],
        "## " + SUBHEADS[1],
        PARAGRAPHS[3],
    ]


def test_word_manuscript_becomes_an_article_that_builds(issue, tmp_path):
    from bulletin_pdf.commands.build import build

    manuscript = make_word_manuscript(tmp_path / "社代会稿件.docx")
    before = (issue / "issue.yaml").read_text(encoding="utf-8")
    result = import_manuscript(manuscript, issue, page=3)
    after = (issue / "issue.yaml").read_text(encoding="utf-8")
    assert _only_insertions(before, after)  # every comment and line kept, in place
    assert "# imported from 社代会稿件.docx" in after

    article, data = _article(issue)
    assert len(data["pages"]) == 3 and result.page == 3
    assert article["type"] == "article"
    assert (article["kicker"], article["title"], article["subtitle"]) == (KICKER, TITLE, SUBTITLE)
    assert article["byline"] == BYLINE
    assert [p.strip() for p in article["body"].split("\n\n")] == _expected_body()
    photos = article["photos"]
    assert [(p.get("caption"), p.get("credit")) for p in photos] == [
        (CAPTION, CREDIT),
        (ALT_CAPTION, None),
    ]
    assert (issue / photos[0]["file"]).read_bytes() == photo_bytes("#b03030")
    assert (issue / photos[1]["file"]).read_bytes() == photo_bytes("#3050a0", (600, 450))
    assert photos[0]["file"].startswith("images/社代会稿件-")

    reported = [w.message() for w in result.report.warnings if w.kind == "not imported"]
    assert any(
        "a table (3 rows × 2 columns" in m and TABLE_FIRST_CELL in m and "after paragraph" in m
        for m in reported
    ), reported
    assert any("text box" in m and TEXT_BOX[:8] in m for m in reported), reported
    assert any("comment" in m and COMMENT in m for m in reported), reported
    assert any("tracked changes" in m and DELETED in m for m in reported), reported

    import jsonschema

    from bulletin_pdf.source.schema import issue_schema

    def plain(value):  # the schema sees YAML 1.2 as editors' tools do: dates are text
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if hasattr(value, "isoformat") else value

    assert list(jsonschema.Draft202012Validator(issue_schema()).iter_errors(plain(data))) == []

    built = build(issue, tmp_path / "out.pdf")
    assert built.pages == 3
    text = subprocess.run(
        ["pdftotext", "-raw", "-f", "3", str(tmp_path / "out.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\n", "")
    assert TITLE in text and "区委副书记钟晓咏出席会议" in text
    assert SUBHEADS[0] in text and "##" not in text  # subheads set as subheads


@pytest.mark.parametrize("fixture", ["lo-via-odt.docx", "lo-via-rtf.docx"])
def test_the_manuscript_saved_by_libreoffice_imports_the_same(fixture, tmp_path):
    """tests/fixtures/manuscripts/ holds the same manuscript saved by LibreOffice
    (scripts/make_manuscript_fixtures.py). RTF keeps no alt text, so that photo has no
    caption by that road; everything else is the same."""
    word = read_manuscript(make_word_manuscript(tmp_path / "m.docx"), Report())
    report = Report()
    office = read_manuscript(FIXTURES / fixture, report)
    assert (office.kicker, office.title, office.subtitle, office.byline) == (
        word.kicker,
        word.title,
        word.subtitle,
        word.byline,
    )
    assert office.body == word.body == _expected_body()
    expected = [(p.caption, p.credit) for p in word.photos]
    if fixture == "lo-via-rtf.docx":
        expected[1] = (None, None)
    assert [(p.caption, p.credit) for p in office.photos] == expected
    assert [p.picture.ext for p in office.photos] == ["jpg", "jpg"]
    reported = " ".join(w.what for w in report.warnings)
    for expected_word in ("a table", "a text box", "a comment", DELETED):
        assert expected_word in reported


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer) is not installed"
)
def test_libreoffice_saved_word_file_imports_the_same(tmp_path):
    """The live road: LibreOffice opens the python-docx file and saves it as Word again."""
    source = make_word_manuscript(tmp_path / "m.docx")
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    word = read_manuscript(source, Report())
    office = read_manuscript(out / "m.docx", Report())
    assert (office.kicker, office.title, office.subtitle, office.byline, office.body) == (
        word.kicker,
        word.title,
        word.subtitle,
        word.byline,
        word.body,
    )
    assert [(p.caption, p.credit) for p in office.photos] == [
        (p.caption, p.credit) for p in word.photos
    ]


def test_short_bold_lines_numbering_and_indents(tmp_path):
    """No styles at all: the bold short lines are the headline, Word's own numbering is
    written out, manual numbers lose their tab, empty paragraphs go."""
    from docx import Document

    d = Document()
    d.add_paragraph().add_run("社区食堂开张了").bold = True
    d.add_paragraph().add_run("——长者助餐点服务三百余位老人").bold = True
    d.add_paragraph("文/图 王五")
    d.add_paragraph("")
    d.add_paragraph("\u3000\u3000食堂设在邻里汇一楼,每天供应午餐。")
    d.add_paragraph("1.\t早餐七点开始供应。")
    d.add_paragraph("第一条由Word编号。", style="List Number")
    d.add_paragraph("第二条由Word编号。", style="List Number")
    d.add_paragraph("")
    article = read_manuscript(d.save(str(tmp_path / "m.docx")) or tmp_path / "m.docx", Report())
    assert article.title == "社区食堂开张了"
    assert article.subtitle == "——长者助餐点服务三百余位老人"
    assert article.kicker is None and article.byline == "文/图 王五"
    assert article.body == [
        "食堂设在邻里汇一楼,每天供应午餐。",
        "1.早餐七点开始供应。",
        "1.第一条由Word编号。",
        "2.第二条由Word编号。",
    ]


def test_txt_manuscript_in_gb18030(issue, tmp_path):
    text = (
        "立足新起点\n天平街道召开社区代表会议\n\n本报通讯员 李四\n"
        "\u3000\u30001月10日,社区代表会议顺利召开。\n"
        "一、守住底线\n"
        "    要着重树立危机意识。\n"
        "（顾莉敏 摄）\n"
    )
    source = tmp_path / "稿件.txt"
    source.write_bytes(text.encode("gb18030"))
    result = import_manuscript(source, issue, page=2)
    assert any("GB18030" in w.what for w in result.report.warnings)
    article, _ = _article(issue, page=1)
    assert (article["kicker"], article["title"]) == ("立足新起点", "天平街道召开社区代表会议")
    assert article["byline"] == "本报通讯员 李四 顾莉敏 摄"
    assert [p.strip() for p in article["body"].split("\n\n")] == [
        "1月10日,社区代表会议顺利召开。",
        "## 一、守住底线",
        "要着重树立危机意识。",
    ]


def test_md_manuscript_with_picture_table_and_footnote(issue, tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "meeting.jpg").write_bytes(photo_bytes("#208040"))
    source = tmp_path / "report.md"
    source.write_text(
        "引题在上\n\n# 社区议事会:居民说了算\n\n记者 张三\n\n"
        "议事会每月召开一次,**居民**提出的问题当场回应[^1]。\n\n"
        "## 问:谁可以参加?\n\n答:本小区的居民都可以参加。\n\n"
        "![](pics/meeting.jpg)\n\n图为议事会现场\n\n"
        "| 月份 | 议题 |\n|---|---|\n| 1月 | 停车 |\n\n"
        "[^1]: 据居委会统计。\n",
        encoding="utf-8",
    )
    result = import_manuscript(source, issue)
    article, _ = _article(issue)
    assert article["title"] == "社区议事会:居民说了算"
    assert article["kicker"] == "引题在上" and article["byline"] == "记者 张三"
    assert [p.strip() for p in article["body"].split("\n\n")] == [
        "议事会每月召开一次,居民提出的问题当场回应。",
        "## 问:谁可以参加?",
        "答:本小区的居民都可以参加。",
    ]
    assert article["photos"] == [{"file": "images/report-1.jpg", "caption": "图为议事会现场"}]
    reported = [w.message() for w in result.report.warnings if w.kind == "not imported"]
    assert any("a table (3 lines" in m and "report.md:" in m for m in reported), reported
    assert any("footnote '据居委会统计。'" in m for m in reported), reported
    from bulletin_pdf.source.load import load

    load(issue)  # the file still loads


def test_a_failed_import_changes_nothing(issue, tmp_path, monkeypatch):
    from bulletin_pdf import limits

    manuscript = make_word_manuscript(tmp_path / "m.docx")
    before = (issue / "issue.yaml").read_bytes()
    images = sorted(p.name for p in (issue / "images").iterdir())
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS_PER_BLOCK", 50)
    with pytest.raises(InputError, match="does not fit the issue") as err:
        import_manuscript(manuscript, issue, page=1)
    assert err.value.where.file == str(issue / "issue.yaml")
    assert (issue / "issue.yaml").read_bytes() == before
    assert sorted(p.name for p in (issue / "images").iterdir()) == images
    assert not [p for p in issue.iterdir() if p.name.startswith(".")]


def test_cli_import_reports_and_refuses(issue, tmp_path, capsys):
    manuscript = make_word_manuscript(tmp_path / "m.docx")
    assert main(["import", str(manuscript), "--into", str(issue), "--page", "9"]) == 2
    assert "--page 9: the issue has 2 pages" in capsys.readouterr().err
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["import", str(tmp_path / "old.doc"), "--into", str(issue)]) == 2
    assert "save it as .docx" in capsys.readouterr().err
    assert main(["import", str(manuscript), "--into", str(issue), "--dry-run"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("type: article") and "a table" in out.err
    assert main(["import", str(manuscript), "--into", str(issue), "--page", "1"]) == 0
    assert (
        "page 1: '天平街道召开第五届社区代表会议第二次会议', 4 paragraphs, 2 subheads, 2 photo(s)"
        in capsys.readouterr().out
    )
    assert _article(issue, page=0)[0]["title"] == TITLE


@pytest.mark.parametrize(
    "line",
    [
        "记者 张三",
        "本报记者 张三 李四",
        "通讯员 李四",
        "张三 文",
        "李四 摄",
        "文/图 王五",
        "文：张三 图：李四",
        "（通讯员 李四）",
        "吕佳 文 魏克 顾莉敏 摄",
        "天平社区卫生服务中心 供稿",
        "记者 张三 通讯员 李四",
    ],
)
def test_byline_forms(line):
    assert is_byline(line)


@pytest.mark.parametrize(
    "line", ["区委副书记钟晓咏讲话", "会议由李琼主持。", "一、守住底线", "图为会议现场"]
)
def test_not_bylines(line):
    assert not is_byline(line)


@pytest.mark.parametrize(
    "value",
    [
        "居民们、同志们、朋友们:",
        "a: b",
        "- x",
        "2020",
        "yes",
        "# x",
        "x #y",
        "@天平",
        "「不忘初心」",
        "'单引号'",
        '"双引号"',
        "null",
        "~",
    ],
)
def test_scalars_read_back_as_written(value):
    assert yaml.safe_load("k: " + scalar(value))["k"] == value


def test_insertion_keeps_the_next_pages_comment_with_it(tmp_path):
    file = tmp_path / "issue.yaml"
    file.write_text(
        "pages:\n  # page one\n  - section: A\n    blocks:\n      - type: article\n"
        "        body: |\n          one\n\n          two\n        # the end of A\n\n"
        "  # ---- page two\n  - blocks:\n      - {type: briefs, title: x, items: [y]}\n",
        encoding="utf-8",
    )
    text, page = insert_block(file, ["type: list", "title: t", "items:", "  - z"], 1)
    assert page == 1
    assert text.split("\n")[9:17] == [
        "        # the end of A",
        "",
        "      - type: list",
        "        title: t",
        "        items:",
        "          - z",
        "",
        "  # ---- page two",
    ]
    data = yaml.safe_load(text)
    assert data["pages"][0]["blocks"][1] == {"type": "list", "title": "t", "items": ["z"]}
    assert data["pages"][0]["blocks"][0]["body"] == "one\n\ntwo\n"

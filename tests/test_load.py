"""Loading the sample issue and the layout: every word of the seed arrives, the geometry adds up."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import SEED

from bulletin_pdf.errors import InputError, Report
from bulletin_pdf.model.issue import (
    Article,
    Briefs,
    Continuation,
    Greeting,
    NumberedList,
    PhotoBlock,
    Text,
)
from bulletin_pdf.model.layout import MM
from bulletin_pdf.source.load import find_project_root, load, load_issue, load_layout
from bulletin_pdf.source.schema import (
    ISSUE,
    LAYOUT,
    Struct,
    Tagged,
    issue_schema,
    layout_schema,
    schema_text,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


@pytest.fixture(scope="module")
def layout(sample):
    return sample[1]


# ---- the sample issue -----------------------------------------------------------------------


def test_sample_issue_structure(sample):
    issue, _ = sample
    assert issue.newsletter.name.value == "天平"
    assert issue.newsletter.internal and issue.newsletter.permit is not None
    assert (issue.number, issue.date, issue.layout, issue.layout_version) == (
        1,
        dt.date(2020, 1, 20),
        "tabloid-4k",
        1,
    )
    assert len(issue.pages) == 2
    first, second = issue.pages
    assert first.section.value == "要闻"
    assert [type(b) for b in first.blocks] == [Article, NumberedList, Briefs]
    assert [type(b) for b in second.blocks] == [Article, Greeting]
    lead, projects, briefs = first.blocks
    assert lead.kicker.value == "立足新起点 扬帆新征程"
    assert lead.byline.value == "吕佳 文 魏克 顾莉敏 摄"
    assert [p.caption.value for p in lead.photos] == [
        "区委副书记钟晓咏讲话",
        "街道党工委书记高路讲话",
    ]
    assert [p.credit.value for p in lead.photos] == ["魏克 摄", "顾莉敏 摄"]
    assert len(briefs.items) == 2 and not any(i.value.startswith("◆") for i in briefs.items)
    article2, greeting = second.blocks
    assert article2.title.value == "天平街道党工委召开「不忘初心、牢记使命」主题教育总结会"
    assert article2.byline.value == "道平"
    assert len(article2.photos) == 1 and article2.photos[0].credit.value == "顾莉敏 摄"
    assert len(projects.items) == 10
    assert not any(re.match(r"\d+\.", i.value) for i in projects.items)
    assert greeting.salutation.value == "居民们、同志们、朋友们:"
    assert [s.value for s in greeting.signature] == ["天平路街道办事处主任", "王争"]
    imprint = issue.imprint
    assert imprint.audience.value == "本街道居民、区域单位"
    assert imprint.print_date == dt.date(2020, 1, 18) and imprint.copies > 0


def test_sample_photos_exist_inside_the_issue_folder(sample):
    issue, layout = sample
    photos = [p for page in issue.pages for b in page.blocks for p in getattr(b, "photos", [])]
    assert len(photos) == 3
    for photo in photos:
        assert photo.file.is_absolute() and photo.file.is_file()
        assert photo.file.is_relative_to(SAMPLE.resolve())
        assert photo.file.stat().st_size < 150 * 1024
        # ≥ 200 ppi at two columns: 2 × 126 pt + gutter ≈ 265 pt ≈ 3.7 in
        from PIL import Image

        with Image.open(photo.file) as image:
            assert image.mode == "RGB" and image.format == "JPEG"
            assert image.width / (layout.span_width(0, 2) / 72) >= layout.min_image_ppi


def _block_texts(issue):
    """Every piece of editor text in the pages' blocks."""
    for page in issue.pages:
        for block in page.blocks:
            for value in vars(block).values():
                items = value if isinstance(value, list) else [value]
                for item in items:
                    if isinstance(item, Text):
                        yield item
                    elif hasattr(item, "caption"):
                        yield from (t for t in (item.caption, item.credit) if t)


def _seed_lines():
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


# The seed's page-break cuts (seed/README.md) and the photo captions standing between them.
CUTS = [
    ("天平街道党工委书记高路表", "示,"),
    ("提升天平", "特有的文化厚度。"),
    ("关键少", "数的“关键作用”。"),
    ("持续提", "升。这一年"),
    ("坚定", "前行的不竭动力。"),
]


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available")
def test_every_seed_paragraph_is_in_the_issue(sample):
    issue, _ = sample
    texts = [t.value for t in _block_texts(issue)]
    joined = "\n".join(texts)
    lines = _seed_lines()
    ends = {first for first, _ in CUTS}
    starts = {second for _, second in CUTS}
    for first, second in CUTS:
        i = next(k for k, line in enumerate(lines) if line.endswith(first))
        j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith(second))
        paragraph = lines[i] + lines[j]
        assert any(paragraph in t for t in texts), paragraph[:30]
    for line in lines:
        if any(line.endswith(e) for e in ends) or any(line.startswith(s) for s in starts):
            continue  # checked joined above
        if line.startswith("◆"):
            line = line[1:]
        line = re.sub(r"^\d+\. ", "", line)
        pieces = [line]
        if line.endswith(" 道平"):  # the second article's byline ends its last paragraph
            pieces = [line[:-3], "道平"]
        elif line.endswith(" 顾莉敏 摄"):  # a caption followed by its credit
            pieces = [line[:-6], "顾莉敏 摄"]
        elif line == "天平路街道办事处主任 王争":
            pieces = line.split(" ")
        for piece in pieces:
            assert piece in joined, piece[:30]


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available")
def test_the_issue_has_exactly_the_seed_characters(sample):
    """Nothing lost, nothing added: the block texts hold the seed's characters, once each,
    apart from the ◆ and list numbers the layout sets and the page-1 photo credits, which
    the seed gives only in the byline."""
    issue, _ = sample
    lead = issue.pages[0].blocks[0]
    derived = {id(p.credit) for p in lead.photos}
    content = Counter("".join(t.value for t in _block_texts(issue) if id(t) not in derived))
    seed = Counter(SEED.read_text(encoding="utf-8"))
    seed.subtract({"◆": 2})
    seed.subtract(Counter("".join(f"{n}." for n in range(1, 11))))
    for blank in (" ", "\n"):
        seed.pop(blank, None)
        content.pop(blank, None)
    assert +seed == +content


def test_paragraph_lines_point_at_the_file(sample):
    issue, _ = sample
    file_lines = (SAMPLE / "issue.yaml").read_text(encoding="utf-8").splitlines()
    for page in issue.pages:
        for block in page.blocks:
            for paragraph in getattr(block, "body", []):
                assert file_lines[paragraph.where.line - 1].strip().startswith(paragraph.value[:20])
                assert re.fullmatch(
                    r"pages\[\d\]\.blocks\[\d\]\.body\[\d+\]", paragraph.where.field
                )
            title = block.title
            assert title.value in file_lines[title.where.line - 1]
            assert title.where.field.endswith(".title")


def test_sample_validates_against_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.safe_load((SAMPLE / "issue.yaml").read_text(encoding="utf-8"))

    def plain(value):  # the schema sees YAML 1.2 as editors' tools do: dates are text
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    validator = jsonschema.Draft202012Validator(issue_schema())
    validator.check_schema(issue_schema())
    assert list(validator.iter_errors(plain(data))) == []
    broken = plain(data)
    broken["pages"][0]["blocks"][0]["titel"] = "x"
    broken["pages"][1]["blocks"][1]["items"] = "一条"
    messages = " ".join(e.message for e in validator.iter_errors(broken))
    assert "titel" in messages
    layout_validator = jsonschema.Draft202012Validator(layout_schema())
    layout_data = yaml.safe_load((ROOT / "layouts" / "tabloid-4k.yaml").read_text(encoding="utf-8"))
    assert list(layout_validator.iter_errors(layout_data)) == []


def test_committed_json_schemas_are_current():
    for name, schema in (("issue", issue_schema()), ("layout", layout_schema())):
        committed = (ROOT / "docs" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(schema), (
            "run: PYTHONPATH=src python3 -m bulletin_pdf.source.schema docs/schema"
        )


def test_schema_is_strict_and_documented():
    schema = issue_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, definition in schema["$defs"].items():
        if "properties" in definition and name != "block":
            assert definition["additionalProperties"] is False, name
            for key, prop in definition["properties"].items():
                assert prop.get("description"), f"{name}.{key} has no description"
    assert schema["$defs"]["block"]["properties"]["type"]["enum"] == [
        "article",
        "photo",
        "briefs",
        "list",
        "greeting",
        "continuation",
        "quote",
        "notice",
    ]
    assert set(schema["$defs"]["article"]["properties"]["place"]["enum"]) == {"top", "bottom"}


def _keys(struct, seen=None):
    seen = set() if seen is None else seen
    if isinstance(struct, Tagged):
        for variant in struct.variants.values():
            _keys(variant, seen)
    elif isinstance(struct, Struct) and struct.name not in seen:
        seen.add(struct.name)
        for key, field in struct.fields.items():
            yield key
            kind = getattr(field.kind, "item", field.kind)
            kind = getattr(kind, "value", kind)
            yield from _keys(kind, seen)


def test_every_key_is_in_the_format_doc():
    doc = (ROOT / "docs" / "issue-format.md").read_text(encoding="utf-8")
    for key in set(_keys(ISSUE)) | set(_keys(LAYOUT)):
        assert f"`{key}`" in doc, f"docs/issue-format.md does not document `{key}`"


# ---- the layout -----------------------------------------------------------------------------


def test_layout_geometry(layout):
    assert (layout.name, layout.version) == ("tabloid-4k", 1)
    assert layout.trim_width == pytest.approx(270 * MM)
    assert layout.trim_height == pytest.approx(390 * MM)
    assert layout.bleed == pytest.approx(3 * MM)
    assert layout.column_width == 14 * 9 == 126
    assert layout.gutter == pytest.approx(12.5)
    assert layout.type_width == pytest.approx(5 * 126 + 4 * 12.5)
    assert layout.margin_inner == pytest.approx(layout.margin_outer)  # centred
    assert layout.margin_inner > 0 and layout.margin_outer > 0
    assert layout.pitch == 14.5
    assert layout.lines == int(355 * MM // 14.5) == 69
    assert layout.lines * layout.pitch <= 355 * MM < (layout.lines + 1) * layout.pitch
    assert layout.margin_top == pytest.approx(17 * MM)
    assert layout.margin_bottom > 0
    assert layout.margin_top + layout.type_height + layout.margin_bottom == pytest.approx(
        layout.trim_height
    )


def test_layout_styles(layout):
    body = layout.styles["body"]
    assert (body.font, body.size, body.leading, body.align, body.indent) == (
        "song",
        9,
        14.5,
        "justify",
        2,
    )
    assert set(layout.fonts) == {"song", "song_bold", "hei", "kai"}
    assert layout.fonts["kai"] == "BulletinWenKai-Regular.ttf"
    for role, style in layout.styles.items():
        assert style.font in layout.fonts, role
        assert style.leading >= style.size, role
    assert layout.styles["title"].size > layout.styles["title2"].size > layout.styles["body"].size
    assert layout.styles["caption"].font == "kai" and layout.styles["caption"].indent == 0
    assert layout.punctuation == "quanjiao" and layout.column_rules
    assert layout.min_image_ppi == 200


# ---- smaller rules, on files made here ------------------------------------------------------

MINIMAL = """newsletter:
  name: 测试
number: 1
date: 2020-01-20
layout: tabloid-4k
pages:
  - blocks:
{blocks}
"""


def _issue(tmp_path: Path, blocks: str, files=()) -> Path:
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "issue.yaml").write_text(MINIMAL.format(blocks=blocks), encoding="utf-8")
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"\xff\xd8 not decoded here")
    return folder


def test_body_forms_and_marks(tmp_path):
    folder = _issue(
        tmp_path,
        """
      - type: article
        title: 标题
        body: [第一段。, 第二段。]
      - type: article
        title: 标题二
        body: >
          折叠的
          第一段。

          第二段。
      - type: briefs
        title: 简讯
        items: [◆ 一条, 两条]
      - type: list
        title: 实事
        items: [1. 第一项, 2、第二项, 3.5万户第三项]
      - type: greeting
        title: 贺词
        signature: 王争
        body: 正文。
""",
    )
    issue = load_issue(folder)
    a, b, briefs, lst, greeting = issue.pages[0].blocks
    assert [p.value for p in a.body] == ["第一段。", "第二段。"]
    assert [p.value for p in b.body] == ["折叠的 第一段。", "第二段。"]
    assert [i.value for i in briefs.items] == ["一条", "两条"]
    assert [i.value for i in lst.items] == ["第一项", "第二项", "3.5万户第三项"]
    assert [s.value for s in greeting.signature] == ["王争"]
    assert issue.title == "测试 2020年第1期"


def test_literal_body_keeps_single_newlines_and_splits_on_blank_lines(tmp_path):
    folder = _issue(
        tmp_path,
        """
      - type: article
        title: 标题
        body: |
          第一段
          接着。


          第二段。
""",
    )
    article = load_issue(folder).pages[0].blocks[0]
    assert [p.value for p in article.body] == ["第一段\n接着。", "第二段。"]
    assert [p.where.line for p in article.body] == [12, 16]


def test_photo_options_and_ratio_written_as_w_h(tmp_path):
    folder = _issue(
        tmp_path,
        """
      - type: photo
        file: images/a.jpg
        ratio: 4:3
        focus: [0.25, 0.5]
        columns: 2
        column: 4
        place: bottom
      - type: article
        title: 标题
        body: 正文。
        columns: 3
        photos:
          - {file: images/a.jpg, ratio: "3:2", columns: 3}
""",
        files=["images/a.jpg"],
    )
    block, article = load_issue(folder).pages[0].blocks
    assert isinstance(block, PhotoBlock)
    assert block.photo.ratio == pytest.approx(4 / 3)
    assert block.photo.focus == (0.25, 0.5)
    assert (block.columns, block.column, block.place) == (2, 4, "bottom")
    assert article.photos[0].ratio == pytest.approx(1.5)


def test_continuation(tmp_path):
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "issue.yaml").write_text(
        MINIMAL.format(
            blocks="""
      - {type: article, title: 标题, body: 正文。, id: lead, continued: true}
  - blocks:
      - {type: continuation, article: lead, columns: 2}
"""
        ),
        encoding="utf-8",
    )
    issue = load_issue(folder)
    cont = issue.pages[1].blocks[0]
    assert isinstance(cont, Continuation) and cont.article_id == "lead" and cont.columns == 2


def test_continued_article_without_a_continuation_is_refused(tmp_path):
    folder = _issue(
        tmp_path, "      - {type: article, title: 标题, body: 正文。, id: lead, continued: true}"
    )
    with pytest.raises(InputError) as caught:
        load_issue(folder)
    assert "no later page has a continuation block for 'lead'" in caught.value.what
    assert caught.value.where.line == 8


def test_internal_newsletter_needs_permit_and_imprint(tmp_path):
    folder = tmp_path / "issue"
    folder.mkdir()
    text = MINIMAL.format(blocks="      - {type: article, title: 标题, body: 正文。}")
    (folder / "issue.yaml").write_text(
        text.replace("  name: 测试\n", "  name: 测试\n  internal: true\n"), encoding="utf-8"
    )
    with pytest.raises(InputError, match="准印证") as caught:
        load_issue(folder)
    assert caught.value.where.field == "newsletter.permit"
    (folder / "issue.yaml").write_text(
        text.replace("  name: 测试\n", "  name: 测试\n  internal: true\n  permit: 示例0000号\n"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="imprint"):
        load_issue(folder)


def test_internal_wording_is_reported(tmp_path):
    folder = tmp_path / "issue"
    folder.mkdir()
    sample = (SAMPLE / "issue.yaml").read_text(encoding="utf-8")
    sample = sample.replace("byline: 道平", "byline: 本报记者 道平")
    (folder / "issue.yaml").write_text(sample, encoding="utf-8")
    shutil.copytree(SAMPLE / "images", folder / "images")
    report = Report()
    load(folder, report)
    words = sorted(w.what.split("“")[1].split("”")[0] for w in report.warnings)
    assert words == ["本报", "记者"]
    assert all(w.where.field.endswith(".byline") for w in report.warnings)


def _project(tmp_path: Path, version: int) -> Path:
    """A project folder with layouts/tabloid-4k.yaml at `version` and v1 in the archive."""
    project = tmp_path / "project"
    (project / "layouts" / "archive").mkdir(parents=True)
    current = (ROOT / "layouts" / "archive" / "tabloid-4k-v1.yaml").read_text(encoding="utf-8")
    (project / "layouts" / "tabloid-4k.yaml").write_text(
        current.replace("version: 1", f"version: {version}")
        .replace("columns: 5", "columns: 6")
        .replace("column_chars: 14", "column_chars: 12"),
        encoding="utf-8",
    )
    (project / "layouts" / "archive" / "tabloid-4k-v1.yaml").write_text(current, encoding="utf-8")
    return project


def test_pinned_layout_version_comes_from_the_archive(tmp_path):
    project = _project(tmp_path, version=2)
    assert load_layout("tabloid-4k", project).columns == 6
    old = load_layout("tabloid-4k", project, 1)
    assert (old.version, old.columns) == (1, 5)
    with pytest.raises(InputError, match=r"restore layouts/archive/tabloid-4k-v3.yaml"):
        load_layout("tabloid-4k", project, 3)


def test_find_project_root(tmp_path):
    project = _project(tmp_path, version=1)
    deep = project / "issues" / "2020-02" / "images"
    deep.mkdir(parents=True)
    assert find_project_root(deep).resolve() == project.resolve()
    # outside any project: the checkout the package runs from
    assert find_project_root(tmp_path).resolve() == ROOT


def test_layout_errors_name_the_layout_file(tmp_path):
    project = _project(tmp_path, version=1)
    file = project / "layouts" / "tabloid-4k.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace(
            "{font: kai,       size: 8,   leading: 12,   align: justify",
            "{font: kaii,      size: 8,   leading: 12,   align: justify",
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_layout("tabloid-4k", project)
    error = caught.value
    line = next(
        i for i, l in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if "kaii" in l
    )
    assert error.where.file.endswith("tabloid-4k.yaml") and error.where.line == line
    assert error.where.field == "styles.caption.font"
    assert "did you mean 'kai'" in error.fix
    file.write_text(text.replace("gutter: 12.5pt", "gutter: 40pt"), encoding="utf-8")
    with pytest.raises(InputError, match="does not fit the trim width"):
        load_layout("tabloid-4k", project)
    file.write_text(text.replace("  caption:", "  captoin:"), encoding="utf-8")
    with pytest.raises(InputError, match="did you mean 'caption'"):
        load_layout("tabloid-4k", project)


def test_the_documented_example_loads(tmp_path):
    doc = (ROOT / "docs" / "issue-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete example\n\n```yaml\n(.*?)```", doc, re.S)[1]
    folder = tmp_path / "issues" / "example"
    shutil.copytree(SAMPLE / "images", folder / "images")
    (folder / "issue.yaml").write_text(example, encoding="utf-8")
    issue = load_issue(folder)
    kinds = [type(b).__name__ for page in issue.pages for b in page.blocks]
    assert kinds == ["Article", "Briefs", "Continuation", "PhotoBlock", "NumberedList", "Greeting"]


def test_a_role_the_layout_lacks_takes_its_fallbacks_style(tmp_path, monkeypatch):
    """A role with a fallback may be left out of a layout: it is set as the first role on its
    chain of fallbacks that the layout styles. A role without one is still required."""
    from bulletin_pdf.model.keys import Role
    from bulletin_pdf.source import schema

    monkeypatch.setitem(schema.ALL_ROLES, "pull_quote", Role("a pull quote", fallback="pull_tag"))
    monkeypatch.setitem(schema.ALL_ROLES, "pull_tag", Role("its label", fallback="caption"))
    monkeypatch.setitem(schema.ROLES, "pull_quote", "a pull quote")
    monkeypatch.setitem(schema.ROLES, "pull_tag", "its label")
    project = _project(tmp_path, version=1)
    layout = load_layout("tabloid-4k", project)
    assert layout.styles["pull_quote"] == layout.styles["pull_tag"] == layout.styles["caption"]
    file = project / "layouts" / "tabloid-4k.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("styles:\n", "styles:\n  pull_tag: {font: hei, size: 7, leading: 12}\n"),
        encoding="utf-8",
    )
    layout = load_layout("tabloid-4k", project)
    assert layout.styles["pull_quote"] == layout.styles["pull_tag"]
    assert (layout.styles["pull_tag"].font, layout.styles["pull_tag"].size) == ("hei", 7)
    file.write_text(text.replace("  credit:", "  # credit:"), encoding="utf-8")
    with pytest.raises(InputError, match="the styles table lacks credit"):
        load_layout("tabloid-4k", project)

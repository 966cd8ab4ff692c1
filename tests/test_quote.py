"""The quote block (pull quote, 编者按): declared, loaded, set in its frame, overset, scaffolded."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ROOT
from displaylist_checks import assert_inside_type_area, assert_no_overlaps, bbox

from bulletin_pdf.commands.build import build, make
from bulletin_pdf.errors import InputError, OversetError, Report
from bulletin_pdf.makeup.blocks import Setter
from bulletin_pdf.makeup.kinds import PageContext, kind_of
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model.display import BoxItem, RuleItem, TextItem
from bulletin_pdf.model.kinds.quote import Quote
from bulletin_pdf.photos.images import image_info

ISSUE = ROOT / "tests" / "issues" / "quotes-and-notices"


@pytest.fixture(scope="module")
def made():
    return make(ISSUE)


def quotes(made):
    return [
        (pno, i, b)
        for pno, page in enumerate(made.issue.pages, 1)
        for i, b in enumerate(page.blocks)
        if isinstance(b, Quote)
    ]


def items_of(made, pno: int, index: int):
    return [it for it in made.makeup.pages[pno - 1].items if it.block == f"p{pno}.b{index}"]


def test_the_test_issue_loads_its_quotes(made):
    found = quotes(made)
    assert [(b.face, b.frame, b.label.value if b.label else None) for _, _, b in found] == [
        ("kai", "rule", None),
        ("kai", "tint", "编者按"),
        ("hei", "box", None),
    ]
    assert found[0][2].source.value == "——12号楼居民 周阿姨"
    assert found[0][2].text[0].where.line > 0


def test_quotes_are_set_in_their_frames_on_the_page(made):
    lay = made.layout
    pages = made.makeup.pages
    assert_no_overlaps(pages)
    assert_inside_type_area(pages, lay)
    (p1, b1, _), (p2, b2, _), (p3, b3, boxed) = quotes(made)
    # beside the lead story: column 5, a heavy rule over it and a thin one under it
    items = items_of(made, p1, b1)
    x0 = lay.column_x(4)
    for it in items:
        left, _, right, _ = bbox(it)
        assert x0 - 0.01 <= left and right <= x0 + lay.column_width + 0.01, it.role
    rules = sorted((it for it in items if isinstance(it, RuleItem)), key=lambda r: r.y0)
    assert len(rules) == 2 and rules[0].width > rules[1].width
    text = [it for it in items if isinstance(it, TextItem)]
    assert {it.role for it in text} == {"quote", "quote_source"}
    assert all(it.line.font == "kai" for it in text)
    assert rules[0].y0 < min(it.y for it in text) and max(it.y for it in text) < rules[1].y0
    source = [it for it in text if it.role == "quote_source"]
    assert source and all(
        abs(it.x + it.line.right - (x0 + lay.column_width)) < 0.5 for it in source
    )
    # the 编者按 on a tint, its label run in before the first line
    items = items_of(made, p2, b2)
    tint = next(it for it in items if isinstance(it, BoxItem))
    assert tint.fill == lay.tint and tint.stroke is None
    label = next(it for it in items if it.role == "quote_label")
    first = min((it for it in items if it.role == "quote"), key=lambda it: it.y)
    assert label.line.text == "编者按：" and label.line.font == "hei"
    assert (
        label.y == first.y and label.x + label.line.right <= first.x + first.line.glyphs[0].x + 0.01
    )
    for it in items:
        if isinstance(it, TextItem):
            left, top, right, bottom = bbox(it)
            assert tint.x < left and right < tint.x + tint.width
            assert tint.y < top and bottom < tint.y + tint.height
    # in 黑体 in a ruled box
    items = items_of(made, p3, b3)
    box = next(it for it in items if isinstance(it, BoxItem))
    assert box.fill is None and box.stroke is not None
    assert {it.line.font for it in items if isinstance(it, TextItem)} == {"hei"}
    text = "".join(it.line.text for it in items if isinstance(it, TextItem))
    assert text == boxed.text[0].value


def test_a_quote_takes_whole_rows_and_oversets_what_does_not_fit(made):
    _, _, beside = quotes(made)[0]
    setter = Setter(made.layout, made.fonts, Report(), image_info)
    ctx = PageContext(setter, 1)
    kind = kind_of(beside)
    natural = kind.shapes(beside, ctx, [1], 60)[0]
    whole = kind.set(beside, ctx, natural, "q")
    assert not whole.overset and whole.rows == natural.rows
    assert natural.rows * made.layout.pitch >= max(bbox(it)[3] for it in whole.items)
    short = kind.set(beside, ctx, Shape(1, natural.rows - 3), "q")
    assert short.rows <= natural.rows - 3 and short.overset
    kept = "".join(it.line.text for it in short.items if isinstance(it, TextItem))
    lost = "".join(e.parts[0][1].text for e in short.overset)
    assert kept + lost == "".join(it.line.text for it in whole.items if isinstance(it, TextItem))
    for it in short.items:
        assert bbox(it)[3] <= short.rows * made.layout.pitch + 0.01


def test_an_overset_quote_stops_the_build(project):
    folder = project(
        "long-quote",
        (ISSUE / "issue.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "        columns: 2\n        face: hei",
            "        columns: 1\n        pin: true\n        face: hei",
        )
        .replace("一户一户地讲、一天一天地守。", "一户一户地讲、一天一天地守。" * 150),
    )
    with pytest.raises(OversetError, match="《分类准确率") as caught:
        build(folder, folder / "out.pdf")
    assert "lines" in str(caught.value) and not (folder / "out.pdf").exists()


def test_a_quote_s_keys_are_checked(project):
    text = (ISSUE / "issue.yaml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="frame 'ruled' is not known") as caught:
        make(project("bad-frame", text.replace("frame: box", "frame: ruled")))
    assert "rule, tint, box" in caught.value.fix
    with pytest.raises(InputError, match="has no 'text'"):
        make(
            project(
                "no-text",
                text.replace(
                    "        text: |\n          分类", "        txt: |\n          分类"
                ).replace("txt:", "source:"),
            )
        )


def test_new_keeps_a_quote_s_label_face_and_frame(tmp_path):
    import shutil

    from bulletin_pdf.commands.newissue import new_issue
    from bulletin_pdf.source.load import load_issue

    folder = tmp_path / "tests" / "issues"
    shutil.copytree(ISSUE, folder / "prev")
    (tmp_path / "layouts").symlink_to(ROOT / "layouts")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    issue = load_issue(new_issue(folder / "prev", folder / "next").parent)
    found = [b for page in issue.pages for b in page.blocks if isinstance(b, Quote)]
    assert [(b.face, b.frame, b.label.value if b.label else None) for b in found] == [
        ("kai", "rule", None),
        ("kai", "tint", "编者按"),
        ("hei", "box", None),
    ]
    assert all(b.text[0].value.startswith("【待填】") for b in found)
    assert found[0].source.value.startswith("【待填】")


def test_an_archived_layout_without_quote_roles_sets_quotes_as_its_fallbacks(made):
    from bulletin_pdf.source.load import load_layout

    old = load_layout("tabloid-4k", ISSUE, 1)
    assert "quote" not in (ROOT / "layouts" / "archive" / "tabloid-4k-v1.yaml").read_text(
        encoding="utf-8"
    )
    assert (
        old.styles["quote"] == old.styles["caption"]
        and old.styles["quote_hei"] == old.styles["caption"]
    )
    assert old.styles["quote_label"] == old.styles["subtitle"]
    assert made.layout.version == 3 and made.layout.styles["quote"] != made.layout.styles["caption"]
    assert dataclasses.replace(made.layout, version=1, styles=old.styles) == old


def test_a_standing_label_is_written_back_as_yaml_text():
    from bulletin_pdf.makeup.kinds import BY_TYPE

    lines, live = BY_TYPE["quote"].scaffold({"type": "quote", "label": '编者按: "说明"'})
    assert live and '  label: "编者按: \\"说明\\""' in lines


def test_a_quote_takes_air_inside_its_frame_with_its_text_centred(made):
    """A filler's way to close a page's last rows: the frame one or two rows deeper, the text
    centred in it, nothing lost."""
    _, _, beside = quotes(made)[0]
    setter = Setter(made.layout, made.fonts, Report(), image_info)
    ctx = PageContext(setter, 1)
    kind = kind_of(beside)
    natural, *taller = kind.shapes(beside, ctx, [1], 60)
    assert [s.rows - natural.rows for s in taller] == [1, 2]
    assert all(s.cost > natural.cost and not s.overset_lines for s in taller)
    pitch = made.layout.pitch

    def text_middle(setting):
        boxes = [bbox(it) for it in setting.items if isinstance(it, TextItem)]
        return (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2

    plain = kind.set(beside, ctx, natural, "q")
    for shape in taller:
        aired = kind.set(beside, ctx, shape, "q")
        assert aired.rows == shape.rows and not aired.overset
        assert [it.line.text for it in aired.items if isinstance(it, TextItem)] == [
            it.line.text for it in plain.items if isinstance(it, TextItem)
        ]
        moved = text_middle(aired) - text_middle(plain)
        assert moved == pytest.approx((shape.rows - natural.rows) * pitch / 2, abs=0.01)
        # the frame's foot rule reaches the new foot: the air is inside the frame
        foot = max(bbox(it)[3] for it in aired.items if isinstance(it, RuleItem))
        assert shape.rows * pitch - pitch < foot <= shape.rows * pitch


def test_a_one_line_quote_is_centred_on_its_span(made):
    _, _, beside = quotes(made)[0]
    short = dataclasses.replace(
        beside, text=[dataclasses.replace(beside.text[0], value="“说到做到。”")]
    )
    setter = Setter(made.layout, made.fonts, Report(), image_info)
    ctx = PageContext(setter, 1)
    kind = kind_of(short)
    shape = kind.shapes(short, ctx, [3], 60)[0]
    setting = kind.set(short, ctx, shape, "q")
    (line,) = [
        bbox(it)
        for it in setting.items
        if isinstance(it, TextItem) and it.role.startswith("quote") and it.role != "quote_source"
    ]
    width = made.layout.span_width(0, 3)
    assert (line[0] + line[2]) / 2 == pytest.approx(width / 2, abs=made.layout.body.size)


def test_a_short_quote_between_rules_across_a_wide_span_counts_its_bare_columns_as_white(made):
    """Between two rules nothing covers a column the text does not reach: a short quote
    set across five columns leaves its outer columns bare, a hole the planner is told of."""
    _, _, beside = quotes(made)[0]
    short = dataclasses.replace(
        beside,
        frame="rule",
        label=None,
        text=[dataclasses.replace(beside.text[0], value="“说到做到。”")],
    )
    setter = Setter(made.layout, made.fonts, Report(), image_info)
    ctx = PageContext(setter, 1)
    kind = kind_of(short)
    narrow, wide = (kind.shapes(short, ctx, [span], 60)[0] for span in (1, 5))
    assert narrow.white == 0
    assert wide.white >= 2 * (wide.rows - 1)  # at least the two outer columns, all down
    boxed = dataclasses.replace(short, frame="box")  # a box covers its columns
    assert kind.shapes(boxed, ctx, [5], 60)[0].white == 0

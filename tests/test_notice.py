"""The notice block (便民信息, 征稿启事, hotline tables): loaded, set on the grid in its frame,
its table rows split at the colon, overset, scaffolded."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from displaylist_checks import assert_inside_type_area, assert_no_overlaps, bbox, row_base

from bulletin_pdf.commands.build import build, make
from bulletin_pdf.errors import OversetError, Report
from bulletin_pdf.makeup.blocks import Setter
from bulletin_pdf.makeup.kinds import PageContext, kind_of
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model.display import BoxItem, RuleItem, TextItem
from bulletin_pdf.model.kinds.notice import Notice
from bulletin_pdf.photos.images import image_info

ISSUE = ROOT / "tests" / "issues" / "quotes-and-notices"


@pytest.fixture(scope="module")
def made():
    return make(ISSUE)


def notices(made):
    return [
        (pno, i, b)
        for pno, page in enumerate(made.issue.pages, 1)
        for i, b in enumerate(page.blocks)
        if isinstance(b, Notice)
    ]


def items_of(made, pno: int, index: int):
    return [it for it in made.makeup.pages[pno - 1].items if it.block == f"p{pno}.b{index}"]


def test_notices_are_set_in_their_frames_on_the_baseline_grid(made):
    lay = made.layout
    assert_no_overlaps(made.makeup.pages)
    assert_inside_type_area(made.makeup.pages, lay)
    (p1, b1, call), (_, _, hotlines) = notices(made)
    assert (call.table, call.frame, hotlines.table, hotlines.frame) == (False, "rule", True, "tint")
    # 征稿启事: a ruled box, the title in a tinted bar drawn under the box's rule
    items = items_of(made, p1, b1)
    tint, box = (it for it in items if isinstance(it, BoxItem))
    assert tint.fill == lay.tint and box.stroke is not None and box.fill is None
    assert items.index(tint) < items.index(box)
    title = next(it for it in items if it.role == "notice_title")
    assert title.line.text == "征稿启事" and tint.y < title.y < tint.y + tint.height
    lines = [it for it in items if it.role == "notice"]
    assert "".join(it.line.text for it in lines) == "".join(t.value for t in call.lines)
    for it in lines:  # one to a grid row, inside the box, under the bar
        k = (it.y - lay.margin_top - row_base(lay)) / lay.pitch
        assert k == pytest.approx(round(k), abs=1e-6)
        left, top, right, bottom = bbox(it)
        assert box.x < left and right < box.x + box.width
        assert tint.y + tint.height < top and bottom < box.y + box.height


def test_a_hotline_table_sets_names_left_and_numbers_right(made):
    lay = made.layout
    (_, _, _), (pno, index, _) = notices(made)
    items = items_of(made, pno, index)
    ground = next(it for it in items if isinstance(it, BoxItem))
    assert ground.fill == lay.tint and ground.stroke is None
    assert any(isinstance(it, RuleItem) for it in items)  # under the title bar
    rows: dict[float, list[TextItem]] = {}
    for it in items:
        if it.role == "notice":
            rows.setdefault(round(it.y, 3), []).append(it)
    cells = [
        sorted(row, key=lambda it: it.x + it.line.glyphs[0].x) for _, row in sorted(rows.items())
    ]
    pairs = [tuple(it.line.text for it in row) for row in cells]
    assert pairs == [
        ("街道社区事务受理服务中心", "6431 2288"),
        ("枫林新村居委会", "6431 5506"),
        ("物业报修（24小时）", "6431 7890"),
        ("社区卫生服务中心家庭医生签约咨询", "6431 3312"),
        ("加装电梯咨询点（周一至周五 9:00—16:00）", "6431 2046"),  # split at the last '：'
        ("以上电话均可在工作时间拨打",),
    ]
    inner_right = ground.x + ground.width - 0.5 * lay.body.size
    numbers = [row[1] for row in cells if len(row) == 2]
    for it in numbers:  # flush right, the names flush left
        assert it.x + it.line.right == pytest.approx(inner_right, abs=0.01)
    assert len({round(row[0].x + row[0].line.glyphs[0].x, 3) for row in cells}) == 1


def test_a_name_too_long_for_its_row_puts_the_number_under_it(made):
    (_, _, _), (_, _, hotlines) = notices(made)
    setter = Setter(made.layout, made.fonts, Report(), image_info)
    long = Notice(
        title=hotlines.title,
        table=True,
        lines=[
            type(hotlines.lines[0])(
                "街道社区事务受理服务中心综合窗口：6431 2288", hotlines.lines[0].where
            )
        ],
    )
    setting = kind_of(long).set(long, PageContext(setter, 1), Shape(1, 20), "n")
    texts = sorted((it for it in setting.items if it.role == "notice"), key=lambda it: it.y)
    rows = {}
    for it in texts:
        rows.setdefault(round(it.y, 3), []).append(it.line.text)
    rows = list(rows.values())
    assert len(rows) >= 2 and rows[-1][-1] == "6431 2288"  # the number on the name's last line
    assert all(len(row) == 1 for row in rows[:-1])
    assert (
        "".join(t for row in rows for t in row)[: -len("6431 2288")]
        == "街道社区事务受理服务中心综合窗口"
    )


def test_an_overset_notice_stops_the_build(project):
    text = (ISSUE / "issue.yaml").read_text(encoding="utf-8")
    folder = project(
        "long-notice",
        text.replace(
            "          - 以上电话均可在工作时间拨打\n",
            "          - 以上电话均可在工作时间拨打\n" * 300,  # more than 3 inner columns hold
        ),
    )
    with pytest.raises(OversetError, match="《便民服务热线》超"):
        build(folder, folder / "out.pdf")
    assert not (folder / "out.pdf").exists()


def test_new_keeps_a_hotline_table_and_a_notice_title(tmp_path):
    from bulletin_pdf.commands.newissue import new_issue
    from bulletin_pdf.source.load import load_issue

    folder = tmp_path / "tests" / "issues"
    shutil.copytree(ISSUE, folder / "prev")
    (tmp_path / "layouts").symlink_to(ROOT / "layouts")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    issue = load_issue(new_issue(folder / "prev", folder / "next").parent)
    call, hotlines = [b for page in issue.pages for b in page.blocks if isinstance(b, Notice)]
    assert (call.title.value, hotlines.title.value) == ("征稿启事", "便民服务热线")
    assert all(t.value == "【待填】" for t in call.lines) and len(call.lines) == 3
    assert hotlines.table and hotlines.frame == "tint"
    assert hotlines.lines[0].value == "街道社区事务受理服务中心：6431 2288"


def test_an_archived_layout_sets_notices_as_briefs(made):
    from bulletin_pdf.source.load import load_layout

    old = load_layout("tabloid-4k", ISSUE, 1)
    assert old.styles["notice"] == old.styles["brief"]
    assert old.styles["notice_title"] == old.styles["briefs_title"]
    assert made.layout.styles["notice"].font == "song"


def test_a_notice_takes_air_around_its_lines_on_the_grid(made):
    """One or two rows of air inside the frame: the lines move down half of it in whole rows
    (still on the grid), the frame reaches the new foot, nothing is lost."""
    lay = made.layout
    (_, _, call), _ = notices(made)
    ctx = PageContext(Setter(lay, made.fonts, Report(), image_info), 1)
    kind = kind_of(call)
    natural, *taller = kind.shapes(call, ctx, [2], 60)
    assert [s.rows - natural.rows for s in taller] == [1, 2]
    plain = kind.set(call, ctx, natural, "n")
    first = {it.line.text: it.y for it in plain.items if it.role == "notice"}
    for shape in taller:
        aired = kind.set(call, ctx, shape, "n")
        assert aired.rows == shape.rows and not aired.overset
        lines = {it.line.text: it.y for it in aired.items if it.role == "notice"}
        assert lines.keys() == first.keys()
        down = (shape.rows - natural.rows) // 2 * lay.pitch
        assert all(lines[t] == pytest.approx(first[t] + down) for t in first)
        box = next(it for it in aired.items if isinstance(it, BoxItem) and it.role == "box")
        assert box.y + box.height == pytest.approx((shape.rows - 0.3) * lay.pitch)

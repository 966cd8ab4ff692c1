"""Display text breaks in phrases: headlines never split a word, bylines break at spaces only."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_pdf.text import display
from bulletin_pdf.text.fonts import FontSet
from bulletin_pdf.text.typeset import compose

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
METRICS = FontSet({"song_bold": "NotoSerifSC-Bold.ttf"}, FONTS).metrics("song_bold")


def head(
    text: str, chars: float, breaks: str = display.PHRASE, size: float = 20.0, **options
) -> list[str]:
    result = compose(
        text,
        chars * size,
        font="song_bold",
        size=size,
        metrics=METRICS,
        align="center",
        indent=0.0,
        balance=True,
        breaks=breaks,
        **options,
    )
    return [line.text for line in result.lines]


def test_segmenter_finds_the_words_of_headlines():
    assert display.segment("社区应急管理能力提升") == ("社区", "应急", "管理", "能力", "提升")
    assert display.segment("基层社会治理创新") == ("基层", "社会", "治理", "创新")
    # unknown runs (an idiom, a name) are cut one by one but are not broken inside
    assert {1, 2, 3} <= display.inside_words("不忘初心")
    assert 1 in display.inside_words("王喆")


@pytest.mark.parametrize(
    "title, chars",
    [
        ("天平街道党工委召开「不忘初心、牢记使命」主题教育总结会", 16),
        ("提升社区应急管理能力 推进基层社会治理创新", 12),
        ("“15分钟社区生活圈”零改探路", 9),
        ("天平街道第五届社区代表会议第二次会议顺利召开", 13),
    ],
)
def test_headlines_break_between_words_never_inside(title, chars):
    lines = head(title, chars)
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == title.replace(" ", "")
    joined = "".join(lines)
    inside = display.inside_words(joined)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        assert at not in inside, (lines, at)


def test_sample_page_two_headline_breaks_between_its_phrases():
    lines = head("天平街道党工委召开「不忘初心、牢记使命」主题教育总结会", 16)
    assert lines[0].endswith("不忘初心、"), lines


def test_a_typed_line_break_in_a_title_is_kept():
    assert head("提升社区应急管理能力\n推进治理创新", 30) == [
        "提升社区应急管理能力",
        "推进治理创新",
    ]


def test_a_space_steers_the_break():
    lines = head("提升社区应急管理能力 推进基层社会治理创新", 12)
    assert lines == ["提升社区应急管理能力", "推进基层社会治理创新"]


def test_bylines_break_only_at_their_spaces():
    result = compose(
        "本报记者 王喆 欧阳娜娜 摄",
        5 * 9,
        font="song_bold",
        size=9,
        metrics=METRICS,
        align="right",
        indent=0.0,
        breaks=display.SPACES,
    )
    for line in result.lines:
        assert line.text.strip() in (
            "本报记者",
            "王喆",
            "欧阳娜娜",
            "摄",
            "王喆 摄",
            "欧阳娜娜 摄",
            "本报记者 王喆",
            "王喆 欧阳娜娜",
        ), [x.text for x in result.lines]


def test_body_text_is_not_affected():
    body = compose(
        "提升社区应急管理能力推进基层社会治理创新",
        7 * 9,
        font="song_bold",
        size=9,
        metrics=METRICS,
        indent=0.0,
    )
    assert [line.text for line in body.lines] == [
        "提升社区应急管",
        "理能力推进基层",
        "社会治理创新",
    ]


def test_roles_map_to_their_kind_of_breaking():
    assert display.breaks_for("title") == display.PHRASE
    assert display.breaks_for("byline") == display.SPACES
    assert display.breaks_for("caption") == display.WORDS
    assert display.breaks_for("body") == display.ANY

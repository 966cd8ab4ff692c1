"""The clreq classes and the frame model: the one table composer and tests share."""

from __future__ import annotations

import pytest

from bulletin_pdf.text import charclass as cc


def test_classes_are_those_of_typography_section_1_3():
    assert set("。，、：；！？") <= set(cc.PAUSE_STOP)
    assert set("”’）》」』】〕") <= set(cc.CLOSING)
    assert set("“‘（《「『【〔([{") <= set(cc.OPENING)
    assert set("–～") <= set(cc.CONNECTOR)
    assert "·" in cc.INTERPUNCT and "/" in cc.SOLIDUS and "／" in cc.SOLIDUS
    assert set(",.:;!?)]}") == set(cc.HALF_CLOSE)
    assert set("%％‰°℃") <= set(cc.NUM_SUFFIX)
    assert set("¥￥$€#№") <= set(cc.NUM_PREFIX)
    assert set("々〃") == set(cc.ITERATION)
    assert set("—…⋯⸺⸻‥") == set(cc.LONG)


def test_basic_prohibitions():
    for ch in "。，、：；！？”’）》」』】〕–～·/,.:;!?)%℃々":
        assert ch in cc.NO_LINE_START, ch
    for ch in "“‘（《「『【〔([¥$#":
        assert ch in cc.NO_LINE_END, ch
    for ch in "天a1—…":
        assert ch not in cc.NO_LINE_START and ch not in cc.NO_LINE_END, ch
    # GB and strict levels add to basic, never remove
    assert set(cc.NO_LINE_END) < set(cc.NO_LINE_END_GB) and "/" in cc.NO_LINE_END_GB
    assert set(cc.NO_LINE_START) < set(cc.NO_LINE_START_STRICT) and "—" in cc.NO_LINE_START_STRICT


def test_no_character_is_both_opening_and_closing():
    assert not set(cc.OPENING) & set(cc.CLOSING)
    assert not set(cc.NO_LINE_START) & set(cc.NO_LINE_END)


@pytest.mark.parametrize(
    "ch, han",
    [
        ("天", True),
        ("㐀", True),
        ("𠀀", True),
        ("丽", True),
        ("〇", False),
        ("あ", False),
        ("a", False),
        ("。", False),
    ],
)
def test_is_han(ch, han):
    assert cc.is_han(ch) is han


def test_chinese_marks_are_the_non_ascii_class_members():
    assert all(cc.is_chinese_mark(ch) for ch in "。，“”（）《》——……·／～")
    assert not any(cc.is_chinese_mark(ch) for ch in ",.()/\"'–‐天a")
    assert cc.is_cjk("天") and cc.is_cjk("，") and cc.is_cjk("　") and cc.is_cjk("Ａ")
    assert not cc.is_cjk("a") and not cc.is_cjk(",") and not cc.is_cjk("")


def test_unbreakable_sequences():
    assert [m.group() for m in cc.LONG_RUN_RE.finditer("他——说……好—的…")] == ["——", "……"]
    assert cc.LONG_RUN_RE.fullmatch("\u2e3a") and cc.LONG_RUN_RE.fullmatch("⋯⋯")


@pytest.mark.parametrize(
    "ch, ink, left, right, tier",
    [
        ("。", "left", 0, 0.5, cc.REDUCE_STOP),
        ("？", "left", 0, 0.5, cc.REDUCE_STOP),
        ("，", "left", 0, 0.5, cc.REDUCE_COMMA),
        ("、", "left", 0, 0.5, cc.REDUCE_COMMA),
        ("”", "left", 0, 0.5, cc.REDUCE_BRACKET),
        ("》", "left", 0, 0.5, cc.REDUCE_BRACKET),
        ("“", "right", 0.5, 0, cc.REDUCE_BRACKET),
        ("（", "right", 0.5, 0, cc.REDUCE_BRACKET),
    ],
)
def test_frame_model_blank_sides(ch, ink, left, right, tier):
    f = cc.frame(ch)
    assert (f.ink, f.blank_left, f.blank_right, f.tier, f.fixed) == (ink, left, right, tier, None)


def test_fixed_width_marks():
    assert cc.frame("·").fixed == 0.5 and cc.frame("／").fixed == 0.5
    assert cc.frame("—").fixed == 1.0 and cc.frame("…").fixed == 1.0
    assert cc.frame("\u2e3a").fixed == 2.0 and cc.frame("\u2e3b").fixed == 3.0
    assert cc.frame("～").tier == 0 and cc.frame("～").blank_left == cc.frame("～").blank_right == 0


def test_no_frame_for_han_latin_or_ascii_marks():
    for ch in "天a1,.()/":
        assert cc.frame(ch) is None


def test_full_stops_are_the_marks_kaiming_keeps_full_width():
    assert set("。？！．") <= set(cc.FULL_STOPS)
    assert not set("，、；：") & set(cc.FULL_STOPS)

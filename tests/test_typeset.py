"""The Chinese composer, checked on pure data with fixed, simple metrics.

`audit` re-checks a composed paragraph against TYPOGRAPHY.md §7 (rules 1-11) from the
placed glyphs alone, the way a proof-reader would; the property tests use it too.
"""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest
from conftest import SEED

from bulletin_pdf.errors import InputError
from bulletin_pdf.text.charclass import (
    CLOSING,
    NO_LINE_END,
    NO_LINE_START,
    OPENING,
    PAUSE_STOP,
    frame,
    is_chinese_mark,
    is_cjk,
    is_han,
)
from bulletin_pdf.text.normalize import normalize
from bulletin_pdf.text.typeset import _URL_RE, Composed, compose

SIZE = 9.0
TOL = 0.01  # pt


class FakeMetrics:
    """Han and full-width marks 1 em, ASCII letters and digits ½ em, — and … 1 em."""

    def advance(self, ch: str) -> float:
        if ch in "\u2014\u2026":
            return 1.0
        if ch == " ":
            return 0.25
        if ord(ch) < 0x80:
            return 0.5
        return 1.0 if is_cjk(ch) else 0.5

    def covers(self, ch: str) -> bool:
        return True


METRICS = FakeMetrics()


def setc(text: str, chars: float = 14, **options) -> Composed:
    """Compose at a measure of `chars` body characters."""
    return compose(text, chars * SIZE, font="body", size=SIZE, metrics=METRICS, **options)


def em(x: float) -> float:
    return x * SIZE


def right(g) -> float:
    return g.x + g.advance


def glyph_text(result: Composed) -> str:
    """The characters set, without the hyphens the composer added."""
    out = []
    for line in result.lines:
        glyphs = line.glyphs[:-1] if line.hyphen else line.glyphs
        out.extend(g.text for g in glyphs)
    return "".join(out)


def broken_rules(problems: list[str]) -> list[str]:
    """Problems other than loose lines (which narrow measures make unavoidable)."""
    return [p for p in problems if not p.startswith("loose line")]


def reported(problems: list[str], what: str, ch: str) -> bool:
    return any(what in p and ch in p for p in problems)


def _is_western(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _full_width_mark(ch: str) -> bool:
    return is_chinese_mark(ch) and ch in PAUSE_STOP + CLOSING + OPENING


def in_address(source: str, line_text: str) -> bool:
    """Does the line hold part of a web or e-mail address of the source?"""
    words = re.findall(r"[!-~]{2,}", line_text)
    found = [m.group() for m in _URL_RE.finditer(source)]
    return bool(found) and (
        any(ch in line_text for ch in "/.@") or any(w in url for url in found for w in words)
    )


def audit(
    text: str,
    result: Composed,
    chars: float,
    *,
    indent: float = 2.0,
    hanging: float = 0.0,
    justify: bool = True,
    metrics=METRICS,
) -> list[str]:
    """Every rule of TYPOGRAPHY.md §7 (1-11) the paragraph breaks without saying so."""
    bad: list[str] = []
    problems = result.problems
    measure = chars * SIZE
    lines = result.lines
    source = [ch for ch in text if not ch.isspace()]
    if glyph_text(result).replace(" ", "") != "".join(source):
        bad.append("characters lost, added or reordered")
    loose = any("loose line" in p or "cannot be justified" in p for p in problems)
    for n, line in enumerate(lines):
        glyphs = line.glyphs
        body = glyphs[:-1] if line.hyphen else glyphs
        where = f"line {n + 1} “{line.text}”"
        if line.right > measure + TOL:
            bad.append(f"{where} wider than the measure")
        if line.justified and abs(line.right - measure) > TOL:
            bad.append(f"{where} justified to {line.right:.3f}, not {measure}")
        if justify and not line.last and not line.justified and not loose:
            bad.append(f"{where} not justified")
        # rule 1, 2: prohibitions
        head, tail = body[0].text, body[-1].text
        if head in NO_LINE_START and not reported(problems, "line start", head):
            bad.append(f"{where} starts with {head}")
        if tail in NO_LINE_END and not reported(problems, "line end", tail):
            bad.append(f"{where} ends with {tail}")
        # rule 6: left edge and indent (justified and left-aligned text)
        if justify:
            edge = em(indent if n == 0 else hanging)
            shape = frame(head)
            if head in OPENING and shape is not None:
                edge -= em(0.5)  # its left blank trimmed
            elif shape is not None and shape.fixed is not None:
                edge -= em(metrics.advance(head) - shape.fixed) / 2  # centred in its room
            if abs(body[0].x - edge) > TOL:
                bad.append(f"{where} starts at {body[0].x:.2f}, not {edge:.2f}")
        # rule 5: line-end half width
        if (
            _full_width_mark(tail)
            and tail in PAUSE_STOP + CLOSING
            and abs(body[-1].advance - em(0.5)) > TOL
        ):
            bad.append(f"{where} ends with {tail} of advance {body[-1].advance / SIZE:.2f} em")
        added_han = []
        for g, h in itertools.pairwise(body):
            pair = g.text + h.text
            step = h.x - g.x
            if h.x < g.x - TOL:
                bad.append(f"{where}: {pair} out of order")
            # rule 9: —— …… and Western words are never spaced inside
            if g.text == h.text and g.text in "\u2014\u2026" and abs(step - em(1)) > TOL:
                bad.append(f"{where}: {pair} {step / SIZE:.3f} em apart")
            if (
                _is_western(g.text)
                and _is_western(h.text)
                and abs(step - g.advance) > TOL
                and not in_address(text, line.text)
            ):
                # (the letters of a web or e-mail address share a justified line's stretch)
                bad.append(f"{where}: {pair} spaced inside a word")
            # rule 7: adjacent marks compressed
            if _full_width_mark(g.text) and _full_width_mark(h.text):
                if g.text in PAUSE_STOP + CLOSING or (g.text in OPENING and h.text in OPENING):
                    if step > em(0.55) + TOL:
                        bad.append(f"{where}: {pair} not compressed ({step / SIZE:.2f} em)")
            # rule 10: CJK–Latin gap
            if (is_han(g.text) and _is_western(h.text)) or (_is_western(g.text) and is_han(h.text)):
                gap = h.x - right(g)
                if gap < em(0.125) - TOL or (gap > em(0.5) + TOL and not loose):
                    bad.append(f"{where}: {pair} gap {gap / SIZE:.3f} em")
            if (_full_width_mark(g.text) and _is_western(h.text)) or (
                _is_western(g.text) and _full_width_mark(h.text)
            ):
                if h.x - right(g) > TOL and not loose:  # trimmed blank is fine, added space not
                    bad.append(f"{where}: {pair} spaced between a mark and Western text")
            if is_han(g.text) and is_han(h.text):
                added_han.append(h.x - right(g))
        # rule 8: even spacing between Han characters, never overlapping
        if added_han and (max(added_han) - min(added_han) > 0.2 or min(added_han) < -TOL):
            bad.append(f"{where}: uneven Han spacing {min(added_han):.2f}..{max(added_han):.2f}")
    # rule 3: unbreakables intact across lines (a break where the source had a space is fine)
    where_in_source = [i for i, ch in enumerate(text) if not ch.isspace()]
    done = 0
    for line, following in itertools.pairwise(lines):
        done += sum(1 for g in (line.glyphs[:-1] if line.hyphen else line.glyphs) if g.text != " ")
        if done >= len(where_in_source):
            break
        spaced = where_in_source[done] - where_in_source[done - 1] > 1
        a, b = line.glyphs[-1].text, following.glyphs[0].text
        if a == b and a in "\u2014\u2026" and not any("split" in p for p in problems):
            bad.append(f"{a}{b} split between lines")
        if (
            _is_western(a)
            and _is_western(b)
            and not line.hyphen
            and not spaced
            and not any("split" in p or "broken" in p for p in problems)
        ):
            bad.append(f"Western word split: {a}|{b}")
    # rule 11: 孤字, counted in characters (Han, letters, digits; not punctuation)
    if len(lines) > 1 and sum(ch.isalnum() for ch in source) >= 2:
        last_chars = sum(ch.isalnum() for ch in lines[-1].text)
        if last_chars < 2 and not any("last line" in p for p in problems):
            bad.append(f"runt: {lines[-1].text}")
    return bad


def assert_clean(text: str, chars: float = 14, **options) -> Composed:
    result = setc(text, chars, **options)
    bad = audit(
        text,
        result,
        chars,
        indent=options.get("indent", 2.0),
        hanging=options.get("hanging", 0.0),
        justify=options.get("align", "justify") == "justify",
    )
    assert not bad, (bad, [l.text for l in result.lines], result.problems)
    return result


def glyphs_of(result: Composed):
    return [g for line in result.lines for g in line.glyphs]


def find(result: Composed, text: str, nth: int = 0):
    hits = [(line, i) for line in result.lines for i, g in enumerate(line.glyphs) if g.text == text]
    line, i = hits[nth]
    return line, i, line.glyphs[i]


# ---- prohibitions ------------------------------------------------------------------------

PROVOKING = (
    "天平街道“社区”（代表）会议，《报告》、“通知”。第二次会议（扩大）顺利召开，共议“发展”、"
    "《规划》。区委（区政府）表示：“要落实”！街道“十大”实事（项目）；《纲要》“已经”发布？"
    "他说：“好。”（完）"
)


@pytest.mark.parametrize("chars", [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 19, 23])
def test_no_prohibited_line_start_or_end_where_text_provokes_it(chars):
    result = assert_clean(PROVOKING, chars)
    assert broken_rules(result.problems) == []
    for line in result.lines[1:]:
        assert line.glyphs[0].text not in NO_LINE_START
    for line in result.lines:
        assert line.glyphs[-1].text not in NO_LINE_END


@pytest.mark.parametrize("chars", [6, 8, 10, 14])
def test_prohibitions_hold_in_kaiming_style_too(chars):
    result = assert_clean(PROVOKING, chars, punctuation="kaiming")
    assert broken_rules(result.problems) == []


def test_push_in_before_push_out():
    # 12 Han then ，: the comma cannot start line 2; the line has a 、 whose blank can go,
    # so the comma is squeezed in rather than a character pushed down.
    text = "天平街道、社区代表会议开，共议发展"
    result = assert_clean(text, 12, indent=0)
    first = result.lines[0]
    assert first.text == "天平街道、社区代表会议开，"
    assert first.justified and first.right == pytest.approx(em(12), abs=TOL)
    _, _, pause = find(result, "、")
    assert pause.advance == pytest.approx(em(0.5), abs=TOL)


def test_push_out_when_nothing_can_be_squeezed():
    text = "天平街道社区代表会议顺开，共议发展"
    result = assert_clean(text, 12, indent=0)
    assert result.lines[0].text == "天平街道社区代表会议顺"
    assert result.lines[1].text.startswith("开，")


# ---- punctuation widths and positions --------------------------------------------------


def test_quote_after_comma_makes_a_one_and_a_half_em_pair():
    result = setc("他说，“你好”", 20, indent=0, align="left")
    _, _, comma = find(result, "，")
    _, _, quote = find(result, "“")
    assert quote.x - comma.x == pytest.approx(em(0.5), abs=TOL)
    assert right(quote) - comma.x == pytest.approx(em(1.5), abs=TOL)
    assert comma.advance == pytest.approx(em(0.5), abs=TOL)


@pytest.mark.parametrize("pair", ["”）", "）》", "》”", "。”", "，”", "”。", "）、"])
def test_closing_and_pause_pairs_lose_the_first_blank(pair):
    result = setc("天" + pair + "地", 20, indent=0, align="left")
    a, b = result.lines[0].glyphs[1], result.lines[0].glyphs[2]
    assert b.x - a.x == pytest.approx(em(0.5), abs=TOL)
    assert right(b) - a.x == pytest.approx(em(1.5), abs=TOL)


def test_opening_pair_loses_the_second_blank():
    result = setc("天（“地”）", 20, indent=0, align="left")
    _, _, paren = find(result, "（")
    _, _, quote = find(result, "“")
    assert quote.x - paren.x == pytest.approx(em(0.5), abs=TOL)
    _, _, earth = find(result, "地")
    assert earth.x == pytest.approx(paren.x + em(1.5), abs=TOL)


def test_empty_quote_pair_keeps_both_blanks():
    result = setc("天“”地", 20, indent=0, align="left")
    _, _, o = find(result, "“")
    _, _, c = find(result, "”")
    assert c.x - o.x == pytest.approx(em(1), abs=TOL)


def test_question_exclamation_pairs_take_one_em():
    result = setc("真的？！好", 20, indent=0, align="left")
    _, _, q = find(result, "？")
    _, _, good = find(result, "好")
    assert good.x - q.x == pytest.approx(em(1), abs=TOL)


def test_line_end_mark_is_half_width_and_ink_ends_on_the_measure():
    text = "天平街道第五届社区代表，会议第二次会议顺利召开"
    result = assert_clean(text, 12, indent=0)
    line = result.lines[0]
    assert line.text.endswith("，")
    assert line.glyphs[-1].advance == pytest.approx(em(0.5), abs=TOL)
    assert line.right == pytest.approx(em(12), abs=TOL)


def test_line_start_opening_bracket_is_trimmed():
    text = "天平街道社区代表会议顺利（第二次会议）召开"
    result = assert_clean(text, 12, indent=0)
    second = result.lines[1]
    assert second.glyphs[0].text == "（"
    assert second.glyphs[0].x == pytest.approx(-em(0.5), abs=TOL)


def test_paragraph_opening_quote_sits_in_the_indent():
    result = assert_clean("“十三五”规划的收官之年，要着重树立危机意识和忧患意识。", 14)
    first = result.lines[0].glyphs[0]
    assert first.text == "“" and first.x == pytest.approx(em(1.5), abs=TOL)


def test_kaiming_sets_only_full_stops_full_width():
    result = setc("他说，“你好。”天", 20, indent=0, align="left", punctuation="kaiming")
    _, _, comma = find(result, "，")
    _, _, quote = find(result, "“")
    _, _, you = find(result, "你")
    assert comma.advance == pytest.approx(em(0.5), abs=TOL)
    assert you.x - right(comma) == pytest.approx(em(0.5), abs=TOL)  # “ takes ½ em of room
    assert quote.x == pytest.approx(right(comma) - em(0.5), abs=TOL)
    stop_result = setc("天。地", 20, indent=0, align="left", punctuation="kaiming")
    assert stop_result.lines[0].glyphs[1].advance == pytest.approx(em(1), abs=TOL)


def test_interpunct_is_half_an_em_centred():
    result = setc("让·保罗", 20, indent=0, align="left")
    rang, dot, bao = result.lines[0].glyphs[:3]
    assert bao.x - right(rang) == pytest.approx(em(0.5), abs=TOL)
    assert dot.x + em(0.5) == pytest.approx(right(rang) + em(0.25), abs=TOL)  # ink centre


# ---- unbreakables ----------------------------------------------------------------------

DASHES = "他停了一下——我的老朋友——然后说……好吧，我们就这样定了……明天见。"


@pytest.mark.parametrize("chars", range(6, 22))
def test_dash_and_ellipsis_never_split_nor_stretched(chars):
    result = assert_clean(DASHES, chars)
    assert broken_rules(result.problems) == []
    for line in result.lines:
        assert not line.text.startswith("—") or line.text.startswith("——")
        assert not re.search("(^|[^—])—$", line.text)
        assert not re.search("(^|[^…])…$", line.text) and not re.match("…[^…]", line.text)


NUMBERS = "共有12,860人参加，增长3.14%，人均¥1,250元，No.1社区连续3年领先，气温36.5℃，电话021-64318888，欢迎来电咨询。"


@pytest.mark.parametrize("chars", range(8, 22))
def test_numbers_and_units_stay_whole(chars):
    result = assert_clean(NUMBERS, chars)
    assert broken_rules(result.problems) == []
    lines = [line.text for line in result.lines]
    for token in ("12,860", "3.14%", "¥1,250", "No.1", "36.5℃", "021-64318888"):
        assert any(token in line for line in lines), (token, lines)


def test_western_words_break_only_at_spaces_or_dictionary_hyphens():
    text = "居民使用 Hello World 程序学习 Python programming language 的基本知识和方法。"
    for chars in range(6, 20):
        result = assert_clean(text, chars)
        # a line the composer hyphenated joins the next without its hyphen
        words = "".join(line.text[:-1] if line.hyphen else line.text + " " for line in result.lines)
        for word in ("Hello", "World", "Python", "programming", "language"):
            assert word in words
        for line in result.lines:
            if (
                line.hyphen
            ):  # only at a point of the hyphenation dictionary: pro-gram-ming lan-guage
                assert line.text.split()[-1][:-1] in ("pro", "program", "lan", "Hel", "Py")


def test_a_word_is_hyphenated_only_when_the_line_would_be_loose():
    text = "居民使用 Hello World 程序学习 Python programming language 的基本知识和方法。"
    for chars in range(6, 20):
        result = setc(text, chars)
        if any(line.hyphen for line in result.lines):
            unhyphenated = setc(text, chars, hyphenate=False)
            assert any(
                "loose line" in p or "cannot be justified" in p for p in unhyphenated.problems
            ), chars


# ---- spacing ---------------------------------------------------------------------------


def test_cjk_latin_gap_is_a_quarter_em_and_no_character():
    result = setc("使用Python编程", 20, indent=0, align="left")
    glyphs = result.lines[0].glyphs
    assert "".join(g.text for g in glyphs) == "使用Python编程"
    use, p = glyphs[1], glyphs[2]
    n, code = glyphs[7], glyphs[8]
    assert p.x - right(use) == pytest.approx(em(0.25), abs=TOL)
    assert code.x - right(n) == pytest.approx(em(0.25), abs=TOL)


def test_typed_space_between_han_and_latin_is_the_gap():
    result = setc("使用 Python 编程", 20, indent=0, align="left")
    glyphs = result.lines[0].glyphs
    assert "".join(g.text for g in glyphs) == "使用 Python 编程"
    space = glyphs[2]
    assert space.advance == pytest.approx(em(0.25), abs=TOL)


def test_no_gap_between_chinese_punctuation_and_latin():
    result = setc("他说“Python”。", 20, indent=0, align="left")
    _, _, o = find(result, "“")
    _, _, p = find(result, "P")
    _, _, n = find(result, "n")
    _, _, c = find(result, "”")
    assert p.x == pytest.approx(right(o), abs=TOL)
    assert c.x == pytest.approx(right(n), abs=TOL)


@pytest.mark.parametrize("chars", range(8, 20))
def test_cjk_latin_gaps_stay_in_range_when_justified(chars):
    text = "天平社区2020年共有A1和B2两个项目，使用Wi-Fi网络和App服务的居民超过3000人次。"
    assert_clean(text, chars)


def test_space_between_han_is_dropped_and_reported():
    result = setc("天平 街道", 20, indent=0)  # justified text: a stray from pasting
    assert result.lines[0].text == "天平街道"
    assert any("天 平" not in p and "平 街" in p for p in result.problems)


def test_space_between_han_is_kept_as_one_em_in_ragged_text():
    result = setc("吕佳 文 魏克 摄", 20, indent=0, align="right")
    line = result.lines[0]
    assert line.text == "吕佳 文 魏克 摄"
    assert [g.advance for g in line.glyphs if g.text == " "] == pytest.approx([em(1)] * 3)
    assert line.right == pytest.approx(em(20), abs=TOL)
    assert result.problems == []
    dated = setc("第1版 · 党建", 20, indent=0, align="left").lines[0]
    assert dated.text == "第1版 · 党建"
    assert [g.advance for g in dated.glyphs if g.text == " "] == pytest.approx([em(0.5)] * 2)
    stray = setc("天平， 街道", 20, indent=0, align="left")
    assert stray.lines[0].text == "天平，街道" and stray.problems


def test_word_spaces_stay_in_the_text_and_stretch_within_limits():
    text = "The quick brown fox jumps over the lazy dog and runs far away again."
    result = assert_clean(text, 10, indent=0)
    assert glyph_text(result).count(" ") == text.count(" ") - (len(result.lines) - 1)
    for line in result.lines[:-1]:
        loose = any(line.text in p for p in result.problems if "loose" in p)
        for g in line.glyphs:
            if g.text == " ":
                assert g.advance >= em(0.25) - TOL
                assert g.advance <= em(0.5) + TOL or loose


def test_justification_spreads_space_evenly():
    result = assert_clean("天平街道第五届社区代表，会议第二次会议顺利召开来自居民区", 14)
    line = result.lines[0]
    assert line.text == "天平街道第五届社区代表，"
    steps = {round(h.x - g.x, 6) for g, h in zip(line.glyphs, line.glyphs[1:])}
    assert len(steps) == 1 and steps.pop() > em(1)


# ---- paragraphs ------------------------------------------------------------------------


def test_first_line_indent_is_two_em_and_others_start_at_the_edge():
    result = assert_clean(
        "会后，社区安全专委会、社区管理专委会召开2020年第一次会议，就社代会报告和年度重点工作进行了讨论。"
    )
    assert result.lines[0].glyphs[0].x == pytest.approx(em(2), abs=TOL)
    assert all(line.glyphs[0].x == pytest.approx(0, abs=TOL) for line in result.lines[1:])


def test_hanging_indent_for_lists():
    result = assert_clean(
        "1. 居民区综合治理，完成老旧小区综合改造工程，惠及居民三千余户。", 10, indent=0, hanging=2
    )
    assert result.lines[0].glyphs[0].x == pytest.approx(0, abs=TOL)
    assert all(line.glyphs[0].x == pytest.approx(em(2), abs=TOL) for line in result.lines[1:])


def test_last_line_keeps_two_han_characters():
    # 6 + 8 + 1 characters: greedy filling leaves 总 alone on the last line
    text = "天平街道党工委召开主题教育总结"
    result = assert_clean(text, 8)
    assert sum(map(is_han, result.lines[-1].text)) >= 2
    assert result.problems == []


def test_runt_that_cannot_be_fixed_is_reported():
    text = "12345678901234天"  # the number fills the first line; it cannot be split or pulled
    result = setc(text, 7, indent=0)
    assert [line.text for line in result.lines] == ["12345678901234", "天"]
    assert any("lone character on last line: 天" in p for p in result.problems)


def test_runt_rule_counts_characters_not_han():
    # a last line of digits is no runt: the line above is not spread to give it a Han character
    result = assert_clean("二〇二〇年居民共参加活动次数合计12345678", 14)
    assert not any("loose" in p for p in result.problems), result.problems


def test_last_line_is_set_solid_at_its_start():
    result = assert_clean("天平街道第五届社区代表会议第二次会议顺利召开。", 14)
    last = result.lines[-1]
    assert last.last and not last.justified
    assert [g.x for g in last.glyphs[:3]] == pytest.approx([0, em(1), em(2)])


@pytest.mark.parametrize("how, start", [("center", 5.25), ("end", 10.5), ("start", 0.0)])
def test_last_line_placement(how, start):
    result = setc("天平街道第五届社区代表会议召开。", 14, last_line=how)
    last = result.lines[-1]
    assert last.glyphs[0].x == pytest.approx(em(start), abs=TOL)


def test_last_line_justify_spreads_it_over_the_measure():
    result = setc("名单：张三　李四　王五", 14, indent=0, last_line="justify")
    line = result.lines[0]
    assert line.justified and line.right == pytest.approx(em(14), abs=TOL)


@pytest.mark.parametrize("align, offset", [("center", 3.0), ("right", 6.0), ("left", 0.0)])
def test_ragged_alignments(align, offset):
    result = setc("立足新起点扬帆新征程", 16, indent=0, align=align)
    line = result.lines[0]
    assert not line.justified
    assert line.glyphs[0].x == pytest.approx(em(offset), abs=TOL)


def test_balanced_title_lines_are_even():
    text = "天平街道党工委召开主题教育总结会"
    plain = setc(text, 12, indent=0, align="center")
    balanced = setc(text, 12, indent=0, align="center", balance=True)
    assert [len(line.text) for line in plain.lines] == [12, 4]
    assert sorted(len(line.text) for line in balanced.lines) == [8, 8]


def test_newline_forces_a_break():
    result = setc("立足新起点\n扬帆新征程", 14, indent=0, align="center")
    assert [line.text for line in result.lines] == ["立足新起点", "扬帆新征程"]
    assert [line.last for line in result.lines] == [False, True]


# ---- what cannot be done well is done and reported -------------------------------------


def test_overlong_word_is_hyphenated():
    text = "请看Pneumonoultramicroscopicsilicovolcanoconiosis这个词。"
    result = assert_clean(text, 8)
    hyphenated = [line for line in result.lines if line.hyphen]
    assert hyphenated
    for line in hyphenated:
        assert line.glyphs[-1].text == "-"
        assert line.right <= em(8) + TOL
    assert glyph_text(result) == text
    assert any("hyphenated" in p for p in result.problems)


def test_overlong_url_breaks_after_a_slash_without_hyphen():
    text = "详见https://www.example.org/community/tianping/2020/notice.html网页。"
    result = setc(text, 12)
    assert glyph_text(result) == text
    assert not any(line.hyphen for line in result.lines)
    assert any(line.text.endswith("/") for line in result.lines)
    assert all(line.right <= em(12) + TOL for line in result.lines)


def test_punctuation_only_paragraph_composes_and_is_reported():
    text = "……！！？？。。，，、、"
    result = setc(text, 6)
    assert glyph_text(result) == text
    assert any("only punctuation" in p for p in result.problems)
    assert all(line.right <= em(6) + TOL for line in result.lines)


def test_no_legal_break_forces_one_and_says_so():
    text = "。" * 30
    result = setc(text, 6)
    assert glyph_text(result) == text
    assert any("prohibited line start forced" in p for p in result.problems)


def test_uncovered_character_is_reported():
    class Partial(FakeMetrics):
        def covers(self, ch):
            return ch != "堃"

    result = compose("王堃说", 126, font="body", size=SIZE, metrics=Partial())
    assert any("堃" in p and "U+5803" in p for p in result.problems)


def test_empty_text_gives_no_lines():
    assert setc("").lines == []
    assert setc("   ").lines == []


@pytest.mark.parametrize(
    "option", [{"align": "justified"}, {"punctuation": "banjiao"}, {"last_line": "middle"}]
)
def test_unknown_options_are_refused_with_the_choices(option):
    with pytest.raises(InputError) as info:
        setc("天平", 14, **option)
    assert "use one of" in str(info.value)


def test_measure_too_narrow_for_one_character_is_refused():
    with pytest.raises(InputError):
        setc("天平", 2.5)


# ---- the seed issue --------------------------------------------------------------------


def seed_paragraphs() -> list[str]:
    raw = SEED.read_text(encoding="utf-8")
    out = []
    for block in raw.split("\n\n"):
        text, _ = normalize(block)
        if text:
            out.append(text)
    return out


@pytest.mark.skipif(not SEED.exists(), reason="seed text not present")
@pytest.mark.parametrize("punctuation", ["quanjiao", "kaiming"])
def test_seed_issue_composes_with_every_rule_held(punctuation):
    paragraphs = seed_paragraphs()
    assert len(paragraphs) > 20
    for text in paragraphs:
        result = assert_clean(text, 14, punctuation=punctuation)
        other = [p for p in result.problems if not p.startswith("dropped spaces")]
        assert other == [], (text, other)


def test_composing_is_fast_and_linear():
    text = PROVOKING + NUMBERS + DASHES
    long = text * (20_000 // len(text))
    start = time.process_time()
    result = setc(long, 14)
    elapsed = time.process_time() - start
    assert glyph_text(result) == long.replace(" ", "")
    assert elapsed < 2.0, f"{len(long)} characters took {elapsed:.2f} s"


FONTS = Path(__file__).resolve().parents[1] / "fonts"


@pytest.mark.skipif(
    not (FONTS / "NotoSerifSC-Regular.ttf").exists(), reason="project fonts not built"
)
@pytest.mark.skipif(not SEED.exists(), reason="seed text not present")
@pytest.mark.parametrize("font_file", ["NotoSerifSC-Regular.ttf", "BulletinWenKai-Regular.ttf"])
def test_seed_issue_in_the_real_fonts(font_file):
    from bulletin_pdf.text.fonts import FontSet

    if not (FONTS / font_file).exists():
        pytest.skip(f"{font_file} not built")
    metrics = FontSet({"body": font_file}, FONTS).metrics("body")
    for text in seed_paragraphs():
        result = compose(text, 14 * SIZE, font="body", size=SIZE, metrics=metrics)
        bad = audit(text, result, 14, metrics=metrics)
        assert not bad, (bad, [line.text for line in result.lines])
        other = [p for p in result.problems if not p.startswith("dropped spaces")]
        assert other == [], (text, other)


def test_strict_level_keeps_dash_and_ellipsis_off_a_line_start():
    """clreq 严格处理: —— and …… start no line but a paragraph's first; basic allows it
    (and does, at some of these measures, so the test can tell the levels apart)."""
    text = "他说——我们一定会做到。大家都在等待……终于来了。" * 4 + "这是——最后……一句话。"
    starts = {"strict": 0, "basic": 0}
    for chars in range(8, 20):
        for level in starts:
            lines = setc(text, chars, prohibition=level).lines
            assert "".join(ln.text for ln in lines) == text
            starts[level] += sum(line.text[0] in "\u2014\u2026" for line in lines[1:])
    assert starts["strict"] == 0 and starts["basic"] > 0


def test_gb_level_keeps_a_solidus_off_a_line_end():
    text = "甲乙丙丁戊己庚辛壬癸子/丑寅卯辰巳午未申酉戌亥/天地玄黄宇宙洪荒日月盈昃/辰宿列张寒来暑往秋收冬藏"
    ends = {"gb": 0, "basic": 0}
    for chars in range(8, 16):
        for level in ends:
            lines = setc(text, chars, prohibition=level, indent=0).lines
            ends[level] += sum(line.text.endswith("/") for line in lines[:-1])
    assert ends["gb"] == 0 and ends["basic"] > 0


def test_unknown_level_is_an_input_error():
    with pytest.raises(InputError, match="prohibition"):
        setc("文字", 14, prohibition="loose")


# ---- classes (issue: connectors, lone ellipsis, nested quotes, CJK–Latin gaps) ---------


def test_an_ascii_hyphen_joining_han_or_digits_never_starts_a_line():
    text = "居民可到3-5号楼或京-沪文化交流站报名参加活动"
    for chars in range(5, 16):
        for line in setc(text, chars, indent=0).lines[1:]:
            assert line.glyphs[0].text != "-", (chars, line.text)


def test_a_lone_ellipsis_stays_with_what_precedes_it():
    text = "展厅内请勿使用闪光灯…参观者须在入口处登记姓名"
    for chars in range(5, 16):
        for line in setc(text, chars, indent=0).lines:
            assert line.glyphs[0].text != "…", (chars, line.text)


def test_adjacent_nested_quotes_are_compressed_like_other_pairs():
    line = setc("他说：“‘一笔一画’”都是记忆", 30, align="left", indent=0).lines[0]
    xs = {g.text: g.x for g in line.glyphs}
    assert xs["‘"] - xs["“"] == pytest.approx(em(0.5))  # 1.5 em for the pair, not 2
    assert xs["”"] - xs["’"] == pytest.approx(em(0.5))


def test_cjk_latin_gaps_stretch_with_the_han_gaps_and_stay_within_an_eighth_and_a_third():
    text = "完成16个小区改造，新增AED除颤仪24台，覆盖居民约1.2万人，开展Emergency Drill演练"
    for chars in range(8, 16):
        result = setc(text, chars)
        for line in result.lines:
            if any("loose line" in p and line.text in p for p in result.problems):
                continue  # nothing else could stretch on it, and the composer says so
            gs = line.glyphs
            for g, h in itertools.pairwise(gs):
                if (is_han(g.text) and h.text.isascii() and h.text.isalnum()) or (
                    is_han(h.text) and g.text.isascii() and g.text.isalnum()
                ):
                    gap = (h.x - right(g)) / SIZE
                    assert 0.125 - 1e-6 <= gap <= 1 / 3 + 1e-6, (chars, line.text, gap)


def test_composed_glyphs_are_the_glyphs_placedglyph_makes():
    """set_line builds its glyphs slot by slot (faster than the frozen dataclass's __init__):
    they compare, hash and print as PlacedGlyph(...) with the same fields would."""
    from dataclasses import astuple

    from bulletin_pdf.model.display import PlacedGlyph

    class Fallback(FakeMetrics):
        def face_of(self, ch):
            return "extra" if ch == "丼" else None

    lines = compose(
        "丼饭，要“新鲜”的 Rice 123。", 60.0, font="body", size=SIZE, metrics=Fallback()
    ).lines
    glyphs = [g for line in lines for g in line.glyphs]
    assert {g.font for g in glyphs} == {None, "extra"} and " " in [g.text for g in glyphs]
    for g in glyphs:
        made = PlacedGlyph(*astuple(g))
        assert g == made and hash(g) == hash(made) and repr(g) == repr(made)


# ---- a paragraph a line longer (make-up's remedy for a widow at a column top) ------------


def test_a_paragraph_set_a_line_longer_spreads_a_few_characters_without_a_loose_line():
    # 7 full lines of 14 and a last line of 5: a line longer pushes characters down from
    # the lines above (each then spaced out under ¼ em a gap, none loose) and leaves the
    # new last line at least two Han characters
    text = "社区居民" * 24 + "共建家园，人人"
    best = setc(text, 14, indent=0)
    longer = setc(text, 14, indent=0, longer=True)
    assert len(longer.lines) == len(best.lines) + 1
    assert glyph_text(longer) == glyph_text(best) == text
    assert not longer.problems  # no loose line, no 孤字
    assert sum(1 for ch in longer.lines[-1].text if is_cjk(ch)) >= 2
    for line in longer.lines[:-1]:
        assert line.right == pytest.approx(em(14), abs=TOL)  # justified to the measure


def test_a_paragraph_that_cannot_take_a_line_more_without_a_loose_line_keeps_its_best():
    # two lines, the first full: a third line would leave the first two loose
    text = "社区居民共建家园人人参与共享" + "美好生活"
    best = setc(text, 14, indent=0)
    longer = setc(text, 14, indent=0, longer=True)
    assert [ln.text for ln in longer.lines] == [ln.text for ln in best.lines]


def test_a_line_longer_after_the_best_setting_is_the_line_longer_set_afresh():
    """compose(longer=True) starts from the best breaks of the same paragraph composed just
    before (typeset._best_breaks_of): the very lines and problems it gives composed from
    nothing. A paragraph of several segments, with a hyphenated word or an
    address, or one set balanced, all alike."""
    from bulletin_pdf.text import typeset

    texts = [
        "社区居民" * 24 + "共建家园，人人",
        "社区居民共建家园人人参与共享" + "美好生活",
        "活动中，志愿者们为老人送去了 internationalization 的温暖，大家纷纷表示很开心！" * 3,
        "详见 https://www.example.org/community/notices/2020 或来电。" * 2,
        "第一行\n社区居民" * 12 + "共建家园，人人",
        "居民  共建",  # a dropped space: a problem found by the analysis itself
    ]
    longer_differs = recalled = 0
    for text in texts:
        for options in ({"indent": 0}, {"indent": 2.0}, {"balance": True, "align": "center"}):
            typeset._best_breaks_of = typeset._RecentBest()
            afresh = setc(text, 14, longer=True, **options)
            best = setc(text, 14, **options)
            key = next(iter(typeset._best_breaks_of._kept), None)
            recalled += key is not None and typeset._best_breaks_of.recall(key, METRICS) is not None
            after = setc(text, 14, longer=True, **options)
            assert after.lines == afresh.lines and after.problems == afresh.problems
            assert setc(text, 14, **options) == best  # the best setting is untouched
            longer_differs += after.lines != best.lines
    assert longer_differs >= 2 and recalled == 3 * (len(texts) - 1)  # all but the 2-segment one

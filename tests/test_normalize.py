"""Cleaning pasted text before composition."""

from __future__ import annotations

import pytest
from conftest import SEED

from bulletin_pdf.text.normalize import normalize


def clean(text: str) -> str:
    out, _notes = normalize(text)
    return out


@pytest.mark.parametrize(
    "raw, want",
    [
        ("1月10日,天平街道", "1月10日，天平街道"),
        ("居民区;区域单位", "居民区；区域单位"),
        ("即:精准治理", "即：精准治理"),
        ("成功!真好", "成功！真好"),
        ("真的吗?是的", "真的吗？是的"),
        ("会议(扩大)召开", "会议（扩大）召开"),
        ("主任(Director)说", "主任（Director）说"),
        ("发展, 共议", "发展，共议"),  # the space typed after the comma goes too
        ("天平 (2020) 街道", "天平（2020）街道"),
        ("我爱Python!", "我爱Python！"),  # ends a Chinese paragraph
        ("好!!真", "好！！真"),
    ],
)
def test_half_width_marks_in_chinese_text_become_full_width(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize(
    "raw",
    [
        "共12,860人",
        "圆周率3.14",
        "No.1社区",
        "网址http://x.y",
        "时间10:30",
        "Hello, world!",
        "函数f(x)的值",
        "(1)第一条",
        "e.g. this; that",
    ],
)
def test_western_marks_keep_their_form(raw):
    text = clean(raw)
    for ch in ",.:;!()":
        assert text.count(ch) == raw.count(ch), (raw, text)


def test_mixed_sentence():
    assert clean("共12,860人参加,占3.14%;时间:10:30") == "共12,860人参加，占3.14%；时间：10:30"
    assert clean("网址:http://x.y") == "网址：http://x.y"


@pytest.mark.parametrize(
    "raw, want",
    [
        ('他说:"你好"。', "他说：“你好”。"),
        ('"hi"他说', "“hi”他说"),
        ("他说'好'吧", "他说‘好’吧"),
        ('“十三五"规划', "“十三五”规划"),
        ('"不忘初心、牢记使命"主题教育', "“不忘初心、牢记使命”主题教育"),
        ("他说:\"她说'好'。\"", "他说：“她说‘好’。”"),
    ],
)
def test_straight_quotes_in_chinese_text_become_curly_and_paired(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("raw", ['He said "hi" to me', "Children's books", "don't", "the '90s"])
def test_quotes_and_apostrophes_in_western_text_stay(raw):
    assert clean(raw) == raw


def test_apostrophe_inside_chinese_paragraph_stays():
    assert clean("阅读Children's Books一书") == "阅读Children's Books一书"


def test_invisible_characters_are_removed_and_noted():
    text, notes = normalize("天\u200b平\ufeff街\u0007道\u00ad\u0085\u200e")
    assert text == "天平街道"
    joined = " ".join(notes)
    for code in ("U+200B", "U+FEFF", "U+0007", "U+0085", "U+00AD", "U+200E"):
        assert code in joined
    assert all("removed" in n for n in notes)


def test_tab_becomes_a_space_and_is_noted():
    text, notes = normalize("Hello\tworld")
    assert text == "Hello world"
    assert any("tab" in n for n in notes)


def test_newline_between_chinese_characters_is_removed_never_a_space():
    assert clean("天平\n街道") == "天平街道"
    assert clean("天平，\n街道") == "天平，街道"
    assert clean("使用\nPython") == "使用Python"
    assert clean("Python\n编程") == "Python编程"


def test_newline_between_western_words_becomes_one_space():
    assert clean("Hello\nworld") == "Hello world"
    assert clean("Hello   \n   world") == "Hello world"
    assert clean("inter-\nnational") == "inter-national"


def test_line_endings_and_paragraph_breaks():
    assert clean("天平\r\n街道") == "天平街道"
    assert clean("第一段\n\n\n第二段\n  \n第三段") == "第一段\n\n第二段\n\n第三段"


def test_manual_indent_is_removed_and_noted():
    text, notes = normalize("\u3000\u3000天平街道召开会议")
    assert text == "天平街道召开会议"
    assert notes and "indent" in notes[0]


def test_clean_text_passes_unchanged_without_notes():
    raw = "钟晓咏代表区委、区政府对大会胜利召开表示了祝贺。他指出，2019年天平街道“十三五”规划……"
    assert normalize(raw) == (raw, [])


def test_seed_text_normalizes_to_full_width_marks():
    seed = SEED
    if not seed.exists():
        pytest.skip("seed text not present")
    text, notes = normalize(seed.read_text(encoding="utf-8"))
    assert notes == []
    assert "1月10日，天平街道" in text
    assert ",天" not in text and "，天" in text
    assert not any(f"{a},{b}" in text for a in "的日年" for b in "天区")


def test_full_width_digits_and_letters_become_half_width_with_a_note():
    text, notes = normalize("下载“天平社区”ＡＰＰ，拨打１２３４５热线，ｅｍａｉｌ")
    assert text == "下载“天平社区”APP，拨打12345热线，email"
    assert len(notes) == 1 and "half-width" in notes[0] and "ＡＰ" in notes[0]
    # full-width punctuation stays as it is
    assert normalize("好！（一）")[0] == "好！（一）"


def test_a_typed_line_break_is_kept_in_headline_fields_only():
    assert (
        normalize("提升社区应急管理能力\n推进治理创新", keep_lines=True)[0]
        == "提升社区应急管理能力\n推进治理创新"
    )
    assert normalize("提升社区应急管理能力\n推进治理创新")[0] == "提升社区应急管理能力推进治理创新"

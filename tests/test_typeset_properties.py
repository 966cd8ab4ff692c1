"""Property tests: random paragraphs of Chinese, Western words, numbers and punctuation at
random measures must come out with every character in order, no line too wide, justified
lines exactly full, and a prohibited line start or end only where the composer says so."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_typeset import METRICS, SIZE, TOL, audit, glyph_text, reported

from bulletin_pdf.text.charclass import NO_LINE_END, NO_LINE_START
from bulletin_pdf.text.typeset import compose

HAN = "天平街道社区代表会议顺利召开来自居民区域单位基层站所及机关近名齐聚一堂共议发展"
PUNCT = [
    "，",
    "。",
    "、",
    "；",
    "：",
    "？",
    "！",
    "“",
    "”",
    "‘",
    "’",
    "（",
    "）",
    "《",
    "》",
    "——",
    "……",
    "·",
    "～",
    "—",
]
WORDS = ["Python", "Wi-Fi", "No.1", "A", "ok", "Hello world", "e-mail", "www.example.org/a/b"]
NUMBERS = ["12,860", "3.14", "2020", "7", "50%", "¥100", "36.5℃", "0"]

chunk = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=8),
    st.sampled_from(PUNCT),
    st.sampled_from(WORDS),
    st.sampled_from(NUMBERS),
    st.just(" "),
)
paragraph = st.lists(chunk, min_size=1, max_size=40).map("".join)
measure_chars = st.floats(min_value=6.0, max_value=30.0, allow_nan=False)


def check(text: str, chars: float, **options):
    result = compose(text, chars * SIZE, font="body", size=SIZE, metrics=METRICS, **options)
    lines = result.lines
    measure = chars * SIZE
    source = "".join(ch for ch in text if not ch.isspace())
    assert glyph_text(result).replace(" ", "") == source
    for n, line in enumerate(lines):
        assert line.right <= measure + TOL, (line.text, line.right, measure)
        if line.justified:
            assert abs(line.right - measure) <= TOL, (line.text, line.right, measure)
        body = line.glyphs[:-1] if line.hyphen else line.glyphs
        head, tail = body[0].text, body[-1].text
        if head in NO_LINE_START:
            assert reported(result.problems, "line start", head), (n, line.text, result.problems)
        if tail in NO_LINE_END:
            assert reported(result.problems, "line end", tail), (n, line.text, result.problems)
    return result


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph, measure_chars)
def test_random_paragraphs_keep_every_rule(text, chars):
    result = check(text, chars)
    # the full proof-reading audit holds wherever nothing had to be forced
    if not any(
        "forced" in p or "split" in p or "wider than the measure" in p for p in result.problems
    ):
        assert audit(text, result, chars) == [], ([l.text for l in result.lines], result.problems)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraph,
    measure_chars,
    st.sampled_from(["left", "center", "right", "justify"]),
    st.sampled_from(["quanjiao", "kaiming"]),
    st.booleans(),
    st.sampled_from(["start", "center", "end", "justify"]),
)
def test_random_options_keep_the_basic_rules(text, chars, align, punctuation, balance, last_line):
    check(
        text,
        chars,
        align=align,
        punctuation=punctuation,
        balance=balance,
        last_line=last_line,
        indent=0.0 if align == "center" else 2.0,
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([*PUNCT, "  "]), min_size=1, max_size=60).map("".join), measure_chars
)
def test_punctuation_only_paragraphs_still_compose(text, chars):
    result = check(text, chars)
    if text.strip():
        assert any("only punctuation" in p for p in result.problems)

"""The clreq character classes (TYPOGRAPHY.md §1.3) and the punctuation frame model (§2.1).

This is the one table the composer, the normaliser and the tests share: nothing else in the
project spells out which marks may not start or end a line, or where a mark's blank sits.
Prohibitions are at clreq's *basic* level (§1.1).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ---- the classes of TYPOGRAPHY.md §1.3, verbatim ----------------------------------------

# Pause/stop marks (点号): GB/T 15834 §5.1.1-5.1.2, plus ．and the ?!-ligature marks.
PAUSE_STOP = "\u3002\uff0c\u3001\uff1a\uff1b\uff01\uff1f\uff0e\u203c\u2047\u2048\u2049"  # 。，、：；！？．‼⁇⁈⁉
CLOSING = (
    "\u201d\u2019\uff09\uff3d\uff5d\u3015\u3009\u300b\u300d\u300f\u3011\u3017\u3019\u301b"
    "\uff60\u301e\u301f"
)  # ”’）］｝〕〉》」』】〗〙〛｠〞〟
OPENING = (
    "\u201c\u2018\uff08\uff3b\uff5b\u3014\u3008\u300a\u300c\u300e\u3010\u3016\u3018\u301a"
    "\uff5f\u301d([{"
)  # “‘（［｛〔〈《「『【〖〘〚｟〝([{
CONNECTOR = "\u2013\uff5e\u301c\u2010"  # – ～ 〜 ‐  (a lone U+2014 is one too: see LONG)
INTERPUNCT = "\u00b7\u30fb\u2027"  # · ・ ‧
SOLIDUS = "/\uff0f"  # / ／
HALF_CLOSE = ",.:;!?)]}"  # Western marks inside Chinese text
NUM_SUFFIX = (
    "%\uff05\u2030\u2031\u00b0\u2032\u2033\u2103\u2109\u00a2\uffe0"  # % ％ ‰ ‱ ° ′ ″ ℃ ℉ ¢ ￠
)
NUM_PREFIX = "\u00a5\uffe5$\uff04\u00a3\uffe1\u20ac#\uff03\u2116\u00b1"  # ¥ ￥ $ ＄ £ ￡ € # ＃ № ±
ITERATION = "\u3005\u3003"  # 々 〃
LONG = "\u2014\u2026\u22ef\u2e3a\u2e3b\u2025"  # — … ⋯ ⸺ ⸻ ‥ (never split, never stretched inside)

NO_LINE_START = (
    PAUSE_STOP + CLOSING + CONNECTOR + INTERPUNCT + SOLIDUS + HALF_CLOSE + NUM_SUFFIX + ITERATION
)
NO_LINE_END = OPENING + NUM_PREFIX
NO_LINE_END_GB = NO_LINE_END + SOLIDUS
NO_LINE_START_STRICT = NO_LINE_START + LONG  # except on a paragraph's first line

# clreq §3.1.4 levels: (may not start a line, may not end a line). basic is the house style.
PROHIBITION_LEVELS = {
    "basic": (NO_LINE_START, NO_LINE_END),
    "gb": (NO_LINE_START, NO_LINE_END_GB),  # GB/T 15834 §5.1.9: / ends no line either
    "strict": (NO_LINE_START_STRICT, NO_LINE_END_GB),  # nor does —— or …… start one
}

EM_DASH = (
    "\u2014"  # two or more in a row: 破折号 (may start a line); one alone: 一字线 (a connector)
)

# ---- unbreakable sequences (clreq §3.1.5, GB/T 15834 §5.1.4-5.1.5, GB/T 15835) ----------

# ——, ⸺, ⸻, ……, ⋯⋯, ‥‥: one unit, no break and no added space inside.
LONG_RUN_RE = re.compile("\u2014{2,}|\u2e3a|\u2e3b|\u2026{2,}|\u22ef{2,}|\u2025{2,}")


# ---- scripts ---------------------------------------------------------------------------


def is_han(ch: str) -> bool:
    """A Han ideograph (the blocks TYPOGRAPHY.md §7 counts for the 孤字 rule)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
    )


_MARKS = frozenset(PAUSE_STOP + CLOSING + OPENING + CONNECTOR + INTERPUNCT + SOLIDUS + LONG)


def is_chinese_mark(ch: str) -> bool:
    """A Chinese punctuation mark (the non-ASCII members of the classes above; – and ‐
    are Western dashes)."""
    return ch in _MARKS and ord(ch) > 0x7F and ch not in "\u2013\u2010"


@lru_cache(maxsize=4096)
def is_cjk_box(ch: str) -> bool:
    """A character set in an ideographic 1-em box that is not a punctuation mark: Han,
    々 〃 〇, kana, hangul, bopomofo, the ideographic space, full-width letters and symbols."""
    if is_han(ch):
        return True
    if ch in _MARKS:
        return False
    o = ord(ch)
    if (
        0x2E80 <= o <= 0x2FDF
        or 0x3000 <= o <= 0x303F
        or 0x3040 <= o <= 0x31FF
        or 0x3200 <= o <= 0x33FF
        or 0xAC00 <= o <= 0xD7AF
        or 0xFF01 <= o <= 0xFF60
        or 0xFFE0 <= o <= 0xFFE6
    ):
        return True
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_cjk(ch: str) -> bool:
    """Chinese context: a CJK box character or a Chinese punctuation mark ('' is neither)."""
    return bool(ch) and (is_cjk_box(ch) or is_chinese_mark(ch))


# ---- the frame model (TYPOGRAPHY.md §2.1) ----------------------------------------------

# Reduction priorities of clreq §3.5.3 (the step numbers) for a mark's adjustable blank.
REDUCE_BRACKET = 4  # outer side of opening and closing brackets and quotes
REDUCE_COMMA = 5  # ，、；： end side
REDUCE_STOP = 7  # 。？！ (last resort; many styles never do it)

INK_LEFT, INK_RIGHT, INK_CENTRE = "left", "right", "centre"

# Sentence-final marks: the only ones 开明 style keeps at full width.
FULL_STOPS = "\u3002\uff1f\uff01\uff0e\u203c\u2047\u2048\u2049"  # 。？！．‼⁇⁈⁉


@dataclass(frozen=True)
class Frame:
    """Where a Chinese mark's ink sits in its frame, and which blank may be taken away.

    `blank_left`/`blank_right` are the adjustable blanks of a 1-em (full-width) glyph, in em;
    the composer scales them down when the font's glyph is narrower (a mark is never
    compressed below its ink). `fixed` marks take exactly that room, centred, whatever the
    font's advance (· and ／ ½ em, GB/T 15834 §5.1.7, §5.1.9; each — and … 1 em; ⸺ 2; ⸻ 3).
    `tier` is the clreq reduction step that may take the blank in mid-line (0 = never)."""

    ink: str
    blank_left: float = 0.0
    blank_right: float = 0.0
    fixed: float | None = None
    tier: int = 0


_CLOSING_FRAME = Frame(INK_LEFT, blank_right=0.5, tier=REDUCE_BRACKET)
_OPENING_FRAME = Frame(INK_RIGHT, blank_left=0.5, tier=REDUCE_BRACKET)
_COMMA_FRAME = Frame(INK_LEFT, blank_right=0.5, tier=REDUCE_COMMA)
_STOP_FRAME = Frame(INK_LEFT, blank_right=0.5, tier=REDUCE_STOP)


@lru_cache(maxsize=1024)
def frame(ch: str) -> Frame | None:
    """The frame of a Chinese mark in 全角 style; None for anything that is not one
    (Han, Latin, and the ASCII marks, which are set at their own advance)."""
    if not is_chinese_mark(ch):
        return None
    if ch in FULL_STOPS:
        return _STOP_FRAME
    if ch in PAUSE_STOP:
        return _COMMA_FRAME
    if ch in CLOSING:
        return _CLOSING_FRAME
    if ch in OPENING:
        return _OPENING_FRAME
    if ch in INTERPUNCT or ch == "\uff0f":
        return Frame(INK_CENTRE, fixed=0.5)
    if ch == "\u2e3a":
        return Frame(INK_CENTRE, fixed=2.0)
    if ch == "\u2e3b":
        return Frame(INK_CENTRE, fixed=3.0)
    if ch in LONG:
        return Frame(INK_CENTRE, fixed=1.0)
    return Frame(INK_CENTRE)  # ～ 〜: 1 em, centred, not adjustable


def mark_frame(ch: str) -> Frame:
    """The frame of a character the composer has classed as a Chinese mark."""
    f = frame(ch)
    assert f is not None, f"{ch!r} is not a Chinese mark"
    return f

"""Chinese line composition: one paragraph in, lines of placed glyphs out. No PDF here.

The rules are TYPOGRAPHY.md's house style: clreq basic prohibitions (the classes of
charclass.py); —— and …… never split nor stretched inside; Western words, numbers and a
number with its unit sign never split; 全角 punctuation with adjacent-pair compression
(§2.2), a line-end mark at half width (GB/T 15834 §5.1.10) and a line-start opening bracket
trimmed; push in before push out, then the reduction and expansion priorities of §2.5; a
¼-em CJK–Latin gap (⅛…½ em) made by positioning alone; 2-em indent; at least two Han
characters on a paragraph's last line (孤字). 开明 style sets only 。？！ full width.

Breaks are chosen by total fit: a small dynamic programme over break points whose cost is
the squared adjustment ratio of every line plus penalties for loose lines, runts and
forced breaks. From each reachable break it tries the lines that need squeezing (push in)
and the two longest lines that need none (fill, or push one unit out), which keeps it
linear (about 5 µs a character: 10 000 characters of the seed issue in some 50 ms). A
paragraph whose answer is still poor (a loose line, a runt) is searched again trying every
line from every break, so hard paragraphs get the true optimum too.

Coordinates (all pt, from the line's left edge):
* `PlacedGlyph.x` is where the glyph is drawn: the left edge of its em frame (its origin).
* `x + advance` is the right end of the room the glyph takes on the line. A mark whose right
  blank was taken away has a smaller advance; a mark whose *left* blank was taken away is
  drawn that much to the left, overlapping the previous glyph's room only by blank. So a
  line-start opening bracket has x = indent − ½ em (its ink flush with the indent or the
  column edge) and a line-end 。 has advance ½ em (its ink ends on the measure).
* Marks set at a fixed width (· ／ ½ em, each — … 1 em) are centred in that room whatever
  the font's advance, so x may sit a little left or right of the previous glyph's end.
* A U+0020 typed between Western words, or between a Han character and a Western word, stays
  in the text layer as a glyph " " whose advance is the (justified) space; the automatic
  CJK–Latin gap is positioning only. Between two Han characters a space is a stray from
  pasted text in justified text (dropped and reported), but in ragged text (bylines,
  kickers, date lines: 吕佳 文 魏克 摄) it is meant, and is kept as a " " glyph 1 em wide
  (½ em next to ·); next to a mark with a blank (，“》…) it is always dropped. A composer-added hyphen is a last glyph "-" and sets
  `Line.hyphen`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from functools import lru_cache
from itertools import accumulate, compress
from operator import add, or_, sub
from typing import Protocol

from bulletin_pdf.errors import InputError
from bulletin_pdf.model.display import Line, PlacedGlyph
from bulletin_pdf.text import display
from bulletin_pdf.text.charclass import (
    CONNECTOR,
    EM_DASH,
    FULL_STOPS,
    INK_LEFT,
    INK_RIGHT,
    LONG,
    LONG_RUN_RE,
    NUM_PREFIX,
    NUM_SUFFIX,
    PROHIBITION_LEVELS,
    REDUCE_BRACKET,
    REDUCE_COMMA,
    REDUCE_STOP,
    SOLIDUS,
    frame,
    is_cjk_box,
    is_han,
    mark_frame,
)

ALIGNS = ("justify", "left", "center", "right")
ANY_BREAK = display.ANY
PUNCTUATION_STYLES = ("quanjiao", "kaiming")
LAST_LINE = ("start", "center", "end", "justify")
# where a line short of the measure sits in it (0 its left, 1 its right)
_LAST_LINE_POS = {"start": 0.0, "center": 0.5, "end": 1.0, "justify": 0.0}
_RAGGED_POS = {"left": 0.0, "center": 0.5, "right": 1.0}


class Metrics(Protocol):
    """What the composer asks a font. It may also have `advances`, a dict of characters the
    face covers with their advance (fonts.py's metrics do): the composer reads those from
    it directly and asks `advance`, `covers` and `face_of` only about the others."""

    def advance(self, ch: str) -> float: ...  # advance in em (1.0 = the font size)
    def covers(self, ch: str) -> bool: ...


@dataclass
class Composed:
    lines: list[Line]
    problems: list[str] = field(default_factory=list)  # rules it had to break, for people


# ---- spacing (em) ----------------------------------------------------------------------
GAP = 0.25  # CJK–Latin gap, clreq §3.2.2
GAP_MIN = 0.125
GAP_MAX = 1 / 3  # "many styles cap them at ⅓ em" (clreq §3.5.4): beyond that a gap reads as a space
WORD_MIN = 0.25  # Western word space: natural max(font space, ⅓ em), ¼…½ em
WORD_NATURAL_MIN = 1 / 3
WORD_MAX = 0.5
IDEOGRAPHIC_SPACE = 1.0  # a space typed between Han characters in ragged text (bylines, dates)
LOOSE = 0.25  # more than this added between two characters is a loose line (§7 rule 8)
EPS = 1e-6

# ---- costs of the total-fit programme --------------------------------------------------
_STRETCH = 100.0  # × (stretch / stretchability)²: stretchability counts ¼ em a gap
_SQUEEZE = 10.0  # × (squeeze / squeezability)²: cheaper, so push in beats push out
_SQUEEZE_STOPS = 50.0  # extra when even 。？！ must give up their blank
_LOOSE_COST = (
    1_000.0  # plus _LOOSE_EXCESS × the em per gap beyond ¼: any other break that will do is better
)
_LOOSE_EXCESS = 4_000.0
_UNJUSTIFIABLE = 20_000.0  # a line with nothing to stretch: set ragged, worse than a loose line
_RUNT = 2_000.0  # fewer than 2 Han on a paragraph's last line (about a line at 1 em a gap)
_URL_BREAK = 100.0
_HYPHEN_DICT = (
    250.0  # a hyphen at a dictionary point: taken when the other breaks leave a loose line
)
_HYPHEN_BREAK = 3_000.0  # a hyphen between any two letters of a word longer than the line
_BETWEEN_WORDS = 100.0  # a headline break between two words, not at a space or mark: a typed space
# or a mark wins unless it leaves lines some 10 em more uneven (em², _balanced)
_AT_MARK = 30.0  # a headline break next to a punctuation mark: free but for a typed space
_INSIDE_WORD = 300.0  # a caption break inside a word
_FORCED = {"start": 1e5, "end": 1e5, "word": 1e6, "long": 1e6}
_NATURAL_TRIES = 2  # lines tried from each break that need no squeezing, when one is good
_GOOD_LINE = 150.0  # a line at most this dear is good (not loose, nothing forced)
_MAX_TRIES = 30  # otherwise keep trying shorter lines, up to this many
_RETHINK = 200.0  # a paragraph dearer than this is searched again, every line tried
_OVERFULL = 1e7  # per em that sticks out (only when nothing else is possible)

# ---- character kinds -------------------------------------------------------------------
HAN, LATIN, MARK = 0, 1, 2
# glue kinds at a boundary (what may stretch there)
G_NONE, G_WORD, G_GAP, G_JUST, G_AVOID, G_TIGHT, G_URL = 0, 1, 2, 3, 4, 5, 6

_SPACES = frozenset(" \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f")
_NEWLINES = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")
_BLANKS_RE = re.compile("[" + re.escape("".join(sorted(_SPACES | _NEWLINES))) + "]")
_PROHIBITED = {
    level: (frozenset(start), frozenset(end)) for level, (start, end) in PROHIBITION_LEVELS.items()
}
_GAPPERS = frozenset(NUM_PREFIX + NUM_SUFFIX)
_UNADJUSTED = frozenset(CONNECTOR + SOLIDUS)  # clreq: avoid stretching around these
_URL_BREAK_AFTER = frozenset("/.-_?&=#~@")
# a web address or an e-mail address: breaks after / . @ - and friends, letter-spaced when
# a line holds nothing else to justify
_URL_RE = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9._~:/?#@!$&*+,;=%-]*[A-Za-z0-9/_=#~-]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_QE = frozenset("\uff1f\uff01")
_TIER_OF = {REDUCE_BRACKET: 4, REDUCE_COMMA: 5, REDUCE_STOP: 7}


def _glyph_parts():
    """What `set_line` builds a PlacedGlyph with: object.__new__ and the setters of its slots,
    in field order. PlacedGlyph is a frozen dataclass, whose __init__ sets every field through
    object.__setattr__ (some 2 µs a glyph on this machine); the composer makes one glyph a
    character, and setting the slots directly makes the same object in less than half the
    time. Checked here against the fields, so that a new field cannot be left unset."""
    names = tuple(f.name for f in fields(PlacedGlyph))
    assert names == ("text", "x", "advance", "font"), names
    assert not hasattr(PlacedGlyph, "__post_init__")
    return (object.__new__, *(getattr(PlacedGlyph, name).__set__ for name in names))


_GLYPH_PARTS = _glyph_parts()


@lru_cache(maxsize=8192)
def _kind(ch: str) -> int:
    if frame(ch) is not None:
        return MARK
    if is_cjk_box(ch):
        return HAN
    return LATIN


class _CharInfo(dict):
    """One prohibition level's facts about each character, worked out the first time the
    character is met: kind, may not start a line, may not end a line, counts as a character
    for the 孤字 rule (Han, a letter or a digit: not punctuation), and whether the boundary
    before it and the one after it need a look (all but those inside a run of Han that may
    start and end lines keep the defaults). A paragraph reads them with one C-level map.
    Bounded: cleared past _CHAR_INFO_SIZE characters (some 9 000 in a large Chinese font)."""

    def __init__(self, level: str):
        super().__init__()
        self.no_start, self.no_end = _PROHIBITED[level]

    def __missing__(self, ch: str) -> tuple[int, bool, bool, bool, bool, bool]:
        kind, no_start, no_end = _kind(ch), ch in self.no_start, ch in self.no_end
        info = (
            kind,
            no_start,
            no_end,
            ch.isalnum(),
            kind != HAN or no_start,
            kind != HAN or no_end,
        )
        if len(self) >= _CHAR_INFO_SIZE:
            self.clear()
        self[ch] = info
        return info


_CHAR_INFO_SIZE = 50_000
_CHAR_INFO = {level: _CharInfo(level) for level in _PROHIBITED}


def compose(
    text: str,
    measure: float,
    *,
    font: str,
    size: float,
    metrics: Metrics,
    align: str = "justify",
    indent: float = 2.0,
    hanging: float = 0.0,
    punctuation: str = "quanjiao",
    balance: bool = False,
    last_line: str = "start",
    prohibition: str = "basic",
    breaks: str = ANY_BREAK,
    hyphenate: bool = True,
    longer: bool = False,
) -> Composed:
    """Compose one paragraph to `measure` pt at `size` pt.

    A newline in `text` is a forced line break inside the paragraph (the line before it is
    set like a last line). `indent` is the first line's indent and `hanging` that of the
    others, both in em. `prohibition` is the clreq level: basic (the house style), gb or
    strict. `breaks` is how display text may break (text/display.py: phrase for headlines,
    words for captions, spaces for bylines; any for body text). Problems lists every rule
    the composer had to break, in words. `hyphenate=False` never hyphenates a word by the
    dictionary (only a word longer than the line, between any two letters). `longer` sets
    the paragraph one line longer than its best, when that needs no loose line (make-up's
    way to bring a second line over to a column top instead of a widow, §3.4): else as
    its best."""
    _check_options(measure, size, align, punctuation, last_line, indent, hanging, prohibition)
    key: tuple = (text, measure, font, size, align, indent, hanging, punctuation, balance)
    key += (prohibition, breaks, hyphenate)
    kept = _best_breaks_of.recall(key, metrics) if longer else None
    problems: list[str] = []
    para = _Paragraph(
        text,
        metrics,
        font,
        punctuation == "kaiming",
        problems,
        keep_spaces=align != "justify",
        prohibition=prohibition,
        breaks=breaks,
    )
    para.hyphenated = not hyphenate
    if para.n == 0:
        return Composed([], problems)
    em = measure / size
    m_first, m_rest = em - indent, em - hanging
    para.mark_overlong_words(m_first, m_rest)
    hyphenated = para.hyphenated
    lines: list[Line] = []
    ragged = align != "justify"
    for seg_index, (s, e) in enumerate(para.segments):
        first = seg_index == 0
        final = seg_index == len(para.segments) - 1
        mf = m_first if first else m_rest
        if kept is not None:
            ends, searched, hyphenated_by_search = kept
            if hyphenated_by_search:
                para.add_hyphenation()  # as the search did: the analysis it left
        else:
            balanced = _balanced(para, s, e, mf, m_rest, final) if balance else None
            searched = balanced is None
            ends = _best_breaks(para, s, e, mf, m_rest, final) if balanced is None else balanced
            if len(para.segments) == 1:
                best = (ends, searched, para.hyphenated and not hyphenated)
                _best_breaks_of.keep(key, metrics, best)
        if longer and final and searched:
            ends = _longer_breaks(para, s, e, mf, m_rest, ends) or ends
        para.report_breaks(s, ends)
        a = s
        for b in ends:
            is_first_line = first and a == s
            last_of_seg = b == e
            width = mf if a == s else m_rest
            x0 = indent if is_first_line else hanging
            if last_of_seg:
                fill = (not ragged) and last_line == "justify"
                pos = _LAST_LINE_POS[last_line]
            else:
                fill = not ragged
                pos = 0.0
            if ragged:
                pos = _RAGGED_POS[align]
            lines.append(
                para.set_line(
                    a,
                    b,
                    width,
                    x0,
                    fill,
                    pos,
                    measure,
                    size,
                    font,
                    first=is_first_line,
                    last=final and last_of_seg,
                )
            )
            a = b
    para.report_runt(lines)
    return Composed(lines, _unique(problems))


class _RecentBest:
    """The best breaks of the last few one-segment paragraphs composed, with whether the
    search for them added the hyphenation points (which it does only for poor breaks).
    Make-up asks for a paragraph a line longer (compose(longer=True), blocks.py) soon after
    setting it as its best, with the same text and settings: the search for the best
    breaks, which a line longer starts from, need not be made again. Keyed by every argument
    but `longer` (and the metrics object, by identity); a few integers a paragraph."""

    SIZE = 64

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple, tuple[object, tuple[list[int], bool, bool]]] = OrderedDict()

    def recall(self, key: tuple, metrics: object) -> tuple[list[int], bool, bool] | None:
        found = self._kept.get(key)
        return found[1] if found is not None and found[0] is metrics else None

    def keep(self, key: tuple, metrics: object, best: tuple[list[int], bool, bool]) -> None:
        self._kept[key] = (metrics, best)
        self._kept.move_to_end(key)
        while len(self._kept) > self.SIZE:
            self._kept.popitem(last=False)


_best_breaks_of = _RecentBest()


def _check_options(
    measure, size, align, punctuation, last_line, indent, hanging, prohibition: str = "basic"
) -> None:
    for name, value, allowed in (
        ("align", align, ALIGNS),
        ("punctuation", punctuation, PUNCTUATION_STYLES),
        ("last_line", last_line, LAST_LINE),
        ("prohibition", prohibition, tuple(PROHIBITION_LEVELS)),
    ):
        if value not in allowed:
            raise InputError(f"unknown {name} {value!r}", fix=f"use one of: {', '.join(allowed)}")
    if not size > 0:
        raise InputError(
            f"font size must be positive, not {size}", fix="give the style a size in pt, e.g. 9"
        )
    em = measure / size
    if not em - max(indent, hanging, 0.0) >= 1.0:
        raise InputError(
            f"a line of {measure:.2f} pt at {size} pt with an indent of {max(indent, hanging)} em "
            f"leaves no room for one character",
            fix="widen the column or reduce the indent",
        )


def _split(text: str) -> tuple[list[str], list[bool], list[int]]:
    """Characters to set, whether a breaking space came before each, and where forced
    lines start (0 and every position after a newline)."""
    if not _BLANKS_RE.search(text):
        return list(text), [False] * len(text), [0]
    chars: list[str] = []
    spaced: list[bool] = []
    starts = [0]
    pending = False
    for ch in text:
        if ch in _SPACES:
            pending = True
        elif ch in _NEWLINES:
            if chars and starts[-1] != len(chars):
                starts.append(len(chars))
            pending = False
        else:
            spaced.append(pending and bool(chars) and starts[-1] != len(chars))
            chars.append(ch)
            pending = False
    if len(starts) > 1 and starts[-1] == len(chars):
        starts.pop()
    return chars, spaced, starts


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class _Paragraph:
    """A paragraph as parallel lists, one entry per character (spaces and newlines are
    folded into the boundary before the next character). Index i of a boundary list
    describes the boundary between characters i-1 and i. Built once per paragraph; the
    break search then costs a few list look-ups per candidate line."""

    def __init__(
        self,
        text: str,
        metrics: Metrics,
        font: str,
        kaiming: bool,
        problems: list[str],
        keep_spaces: bool = False,
        prohibition: str = "basic",
        breaks: str = ANY_BREAK,
    ):
        self.problems = problems
        chars, spaced, starts = _split(text)
        n = self.n = len(chars)
        self.chars = chars
        self.spaced = spaced
        self.segments = [
            (starts[k], starts[k + 1] if k + 1 < len(starts) else n) for k in range(len(starts))
        ]
        self.seg_starts = frozenset(starts)
        if n == 0:
            return
        # advances: from the face's own table where it has the character (Metrics.advances),
        # asking the metrics only for the others (a fallback font's, or none)
        known = getattr(metrics, "advances", None) or {}
        fr: list = list(map(known.get, chars))
        asked = dict.fromkeys(ch for ch, a in zip(chars, fr) if a is None) if None in fr else {}
        for ch in asked:
            asked[ch] = metrics.advance(ch)
        if asked:
            fr = [asked[ch] if a is None else a for ch, a in zip(chars, fr)]
        self.hyphen_advance = metrics.advance("-")
        for ch in sorted(asked):
            if not ch.isspace() and not metrics.covers(ch):
                problems.append(f"no glyph in font {font} for “{ch}” (U+{ord(ch):04X})")
        # a glyph the face lacks comes from a declared fallback font (text/fonts.py), named on it
        face_of = getattr(metrics, "face_of", None)
        fallback = {ch: key for ch in asked if face_of is not None and (key := face_of(ch))}
        self.face_at: dict[int, str] = (
            {i: fallback[ch] for i, ch in enumerate(chars) if ch in fallback} if fallback else {}
        )
        kind, no_start, no_end, han, look_before, look_after = map(
            list, zip(*map(_CHAR_INFO[prohibition].__getitem__, chars))
        )
        marks = list(compress(range(n), map(MARK.__eq__, kind)))

        # —— …… runs are one unit; a lone — is a connector (may not start a line)
        in_run = [False] * n
        run_inside: set[int] = set()  # boundaries inside a run
        if any(kind[i] == MARK and chars[i] in LONG for i in marks):
            for m in LONG_RUN_RE.finditer("".join(chars)):
                for i in range(m.start(), m.end()):
                    in_run[i] = True
                run_inside.update(range(m.start() + 1, m.end()))
            for i in marks:
                if chars[i] in "\u2014\u2026" and not in_run[i]:
                    no_start[i] = (
                        True  # a lone — is a connector; a lone … stays with what precedes it
                    )
        # an ASCII - joining Han (or Han and digits) is a connector too: 3-5 号楼, 京-沪
        if "-" in chars:
            for i in range(1, n - 1):
                if (
                    chars[i] == "-"
                    and (is_han(chars[i - 1]) or is_han(chars[i + 1]))
                    and (is_han(chars[i - 1]) or chars[i - 1].isdigit())
                    and (is_han(chars[i + 1]) or chars[i + 1].isdigit())
                ):
                    no_start[i] = True
        # ’ between Western letters or digits is an apostrophe, set as Western: in the
        # proportional form of the face's Latin companion when it has one (Children’s)
        latin_form = getattr(metrics, "latin_form", None)
        latin_advance: dict[int, float] = {}
        for i in marks:
            if (
                chars[i] == "\u2019"
                and 0 < i < n - 1
                and chars[i - 1].isalnum()
                and chars[i + 1].isalnum()
                and kind[i - 1] == LATIN
                and kind[i + 1] == LATIN
            ):
                kind[i] = LATIN
                form = latin_form(chars[i]) if latin_form is not None else None
                if form is not None:
                    self.face_at[i], latin_advance[i] = form
        self.in_run = in_run

        # ---- frames: the glyph's advance, trims always applied, blanks that may go ----
        for i, advance in latin_advance.items():
            fr[i] = advance
        lt = [0.0] * n  # left trim always applied (style, pairs, centring)
        rt = [0.0] * n
        start_trim = [0.0] * n  # left blank taken when the char starts a line
        end_trim = [0.0] * n  # right blank taken when it ends a line
        lb_shrink = [0.0] * n  # blanks that mid-line squeezing may take
        rb_shrink = [0.0] * n
        tier = [0] * n  # clreq reduction step of the right blank (4, 5, 7)
        for i in marks:
            ch = chars[i]
            if kind[i] == LATIN:  # apostrophe: its ink sits in the left half
                if i not in latin_advance:
                    rt[i] = max(0.0, min(0.5, fr[i] - 0.5))
                continue
            f = mark_frame(ch)
            a = fr[i]
            if f.fixed is not None:
                lt[i] = rt[i] = (a - f.fixed) / 2
                continue
            if not f.tier:  # ～ 〜: a 1-em frame with nothing to take away
                continue
            bl = min(f.blank_left, max(0.0, a - 0.5))
            br = min(f.blank_right, max(0.0, a - 0.5))
            if kaiming and ch not in FULL_STOPS:
                lt[i] += bl
                rt[i] += br
                continue
            start_trim[i] = lb_shrink[i] = bl
            end_trim[i] = rb_shrink[i] = br
            tier[i] = _TIER_OF[f.tier]

        # ---- boundaries: glue, pair compression, legal breaks ----
        gn = [0.0] * (n + 1)  # natural glue before char i (negative: pair compression)
        gs = [0.0] * (n + 1)  # how much of it may shrink
        gx = [0.0] * (n + 1)  # how much it may stretch in expansion steps 1-2
        gt = [G_JUST] * (n + 1)  # what kind of glue it is (Han|Han: even stretch)
        sp = [False] * (n + 1)  # emit a " " glyph for it
        gt[0] = gt[n] = G_NONE
        legal = [True] * (n + 1)
        why = [""] * (n + 1)  # why a boundary is no legal break: start | end | word | long
        legal[0] = False
        word_nat = min(WORD_MAX, max(WORD_NATURAL_MIN, metrics.advance(" ")))
        dropped: list[str] = []
        pair_side = [""] * (n + 1)  # whose blank pair compression took: "r" before, "l" after
        for i in starts:
            gt[i] = G_NONE
        # Han|Han boundaries keep the defaults (even stretch, legal break): visit the rest
        # (a boundary needs a look after a character that is not Han or may not end a line,
        # before one that is not Han or may not start a line, and at a space; the connectors
        # and apostrophes marked above are not Han either)
        looks = map(or_, map(or_, look_after, look_before[1:]), spaced[1:])
        interesting = sorted({*compress(range(1, n), looks), *run_inside})
        for i in interesting:
            if i in self.seg_starts:
                continue
            p, c = kind[i - 1], kind[i]
            pc, cc = chars[i - 1], chars[i]
            if i in run_inside:
                gt[i], legal[i], why[i] = G_NONE, False, "long"
                continue
            if no_start[i]:
                legal[i], why[i] = False, "start"
            elif no_end[i - 1]:
                legal[i], why[i] = False, "end"
            if spaced[i]:
                if p == LATIN and c == LATIN:
                    gn[i], gs[i], gx[i], gt[i], sp[i] = (
                        word_nat,
                        word_nat - WORD_MIN,
                        WORD_MAX - word_nat,
                        G_WORD,
                        True,
                    )
                    continue
                if (p == HAN and c == LATIN) or (p == LATIN and c == HAN):
                    gn[i], gs[i], gx[i], gt[i], sp[i] = (
                        GAP,
                        GAP - GAP_MIN,
                        GAP_MAX - GAP,
                        G_GAP,
                        True,
                    )
                    continue
                if (
                    keep_spaces
                    and LATIN not in (p, c)
                    and not (
                        (p == MARK and mark_frame(pc).tier) or (c == MARK and mark_frame(cc).tier)
                    )
                ):
                    # a byline, kicker or date line: 吕佳 文  第1版 · 党建 — the space is meant
                    width = IDEOGRAPHIC_SPACE if p == c == HAN else IDEOGRAPHIC_SPACE / 2
                    gn[i], gs[i], gx[i], gt[i], sp[i] = width, width / 2, 0.0, G_WORD, True
                    continue
                dropped.append(pc + " " + cc)
                spaced[i] = False
            if p == LATIN and c == LATIN:
                gt[i] = G_NONE
                if legal[i]:
                    legal[i], why[i] = False, "word"
                continue
            if p != c and HAN in (p, c) and LATIN in (p, c):
                latin = cc if c == LATIN else pc
                if latin.isalnum() or latin in _GAPPERS:
                    gn[i], gs[i], gx[i], gt[i] = GAP, GAP - GAP_MIN, GAP_MAX - GAP, G_GAP
                continue
            if LATIN in (p, c):
                gt[i] = G_AVOID  # a Chinese mark touching Western text
                continue
            if (
                pc in _UNADJUSTED
                or cc in _UNADJUSTED
                or (pc == EM_DASH and not in_run[i - 1])
                or (cc == EM_DASH and not in_run[i])
            ):
                gt[i] = G_AVOID
            if p == MARK and c == MARK:
                side = self._compress_pair(
                    i, pc, cc, gn, rt, start_trim, end_trim, lb_shrink, rb_shrink
                )
                pair_side[i] = side
                fp, fc = mark_frame(pc), mark_frame(cc)
                if side or (
                    fp.tier and fc.tier and (fp.ink == INK_LEFT or fc.ink == INK_RIGHT == fp.ink)
                ):
                    # no blank between the inks (compressed, or 开明 half-width marks):
                    # justification adds nothing there (§7 rule 7)
                    gt[i] = G_TIGHT
        if dropped:
            problems.append(
                "dropped spaces between Chinese characters or next to Chinese punctuation "
                "(type an ideographic space U+3000 where a gap is meant): "
                + ", ".join(f"“{d}”" for d in dropped[:5])
                + (" …" if len(dropped) > 5 else "")
            )
        legal[n] = True
        self.pen = [0.0] * (n + 1)
        self.hy = [0.0] * (n + 1)  # hyphen width added at a break there
        self.url = [False] * (n + 1)

        self.kind, self.no_start, self.no_end, self.han, self.marks = (
            kind,
            no_start,
            no_end,
            han,
            marks,
        )
        self.fr, self.lt, self.rt = fr, lt, rt
        self.start_trim, self.end_trim, self.lb_shrink, self.rb_shrink, self.tier = (
            start_trim,
            end_trim,
            lb_shrink,
            rb_shrink,
            tier,
        )
        self.gn, self.gs, self.gx, self.gt, self.sp, self.pair_side = gn, gs, gx, gt, sp, pair_side
        self.pairs = [i for i in interesting if pair_side[i]]  # ascending
        self.legal, self.why = legal, why
        self.hyphenated = False
        self.urls = self._mark_urls() if "/" in text or "@" in text or "www." in text else []
        if breaks != ANY_BREAK:
            self._display_breaks(breaks)
        self._prefix()

    def _display_breaks(self, breaks: str) -> None:
        """Display text breaks in phrases (text/display.py): free at a space or next to a
        punctuation mark, dearer between two words, and inside a word not at all in a
        headline (dear in a caption); a byline only at its spaces."""
        chars, kind, spaced, legal, why, pen = (
            self.chars,
            self.kind,
            self.spaced,
            self.legal,
            self.why,
            self.pen,
        )
        inside = display.inside_words("".join(chars)) if breaks != display.SPACES else set()
        for i in range(1, self.n):
            if not legal[i] or i in self.seg_starts:
                continue
            if breaks == display.SPACES:
                if not spaced[i]:
                    legal[i], why[i] = False, "word"
                continue
            if spaced[i] or chars[i - 1] == "\u3000":
                continue  # where the editor typed a space: the phrase break
            if MARK in (kind[i - 1], kind[i]):
                if breaks == display.PHRASE:
                    pen[i] += _AT_MARK
                continue
            if i in inside:
                if breaks == display.PHRASE:
                    legal[i], why[i] = False, "word"
                else:
                    pen[i] += _INSIDE_WORD
            elif breaks == display.PHRASE:
                pen[i] += _BETWEEN_WORDS

    def _mark_urls(self) -> list[tuple[int, int]]:
        """Web and e-mail addresses: a break may follow / . @ - and the like (not inside
        the scheme), and their letters may be spread when a line holds nothing else."""
        chars, spaced = self.chars, self.spaced
        found = []
        for m in _URL_RE.finditer("".join(chars)):
            s, e = m.start(), m.end()
            for k in range(s + 1, e):
                if spaced[k] or k in self.seg_starts:
                    e = k
                    break
            if e - s < 4:
                continue
            found.append((s, e))
            scheme = "".join(chars[s:e]).find("://")
            first = s + scheme + 3 if scheme >= 0 else s + 1
            for b in range(s + 1, e):
                if self.gt[b] == G_NONE:
                    self.gt[b] = G_URL
                if (
                    b > first
                    and chars[b - 1] in _URL_BREAK_AFTER
                    and chars[b] not in _URL_BREAK_AFTER
                    and not self.no_start[b]
                ):
                    self.legal[b], self.pen[b], self.url[b] = True, _URL_BREAK, True
        return found

    def add_hyphenation(self) -> bool:
        """Dictionary hyphenation points (text/hyphenate.py) in the Latin words, outside
        addresses; True if any were added. Called only for a paragraph whose breaks are poor."""
        if self.hyphenated:
            return False
        self.hyphenated = True
        from bulletin_pdf.text.hyphenate import MIN_WORD, positions

        chars, kind, legal = self.chars, self.kind, self.legal
        in_url: set[int] = set()
        for s, e in self.urls:
            in_url.update(range(s, e))
        added = False
        i, n = 0, self.n
        while i < n:
            if not (chars[i].isascii() and chars[i].isalpha()) or kind[i] != LATIN or i in in_url:
                i += 1
                continue
            j = i + 1
            while (
                j < n
                and chars[j].isascii()
                and chars[j].isalpha()
                and not self.spaced[j]
                and j not in self.seg_starts
            ):
                j += 1
            if j - i >= MIN_WORD:
                for at in positions("".join(chars[i:j])):
                    b = i + at
                    if not legal[b]:
                        legal[b], self.pen[b], self.hy[b] = True, _HYPHEN_DICT, self.hyphen_advance
                        added = True
            i = j
        return added

    @staticmethod
    def _compress_pair(i, pc, cc, gn, rt, start_trim, end_trim, lb_shrink, rb_shrink) -> str:
        """§2.2: two adjacent marks lose the blank between their inks (2 em -> 1.5 em).
        Kept as negative glue, so a break between them gives it back; returns whose blank
        it was ("r": the first mark's right, "l": the second's left, "": none)."""
        fc = mark_frame(cc)
        if end_trim[i - 1] > 0 and fc.fixed is None and fc.ink in (INK_LEFT, INK_RIGHT):
            # closing or pause mark, then closing, pause or opening: its right blank goes
            if pc in _QE and cc in _QE:
                # ？！ ！？ ？？ ！！ make one 1-em unit (GB/T 15834 §5.1.2)
                rt[i] += end_trim[i]
                end_trim[i] = rb_shrink[i] = 0.0
            gn[i] -= end_trim[i - 1]
            rb_shrink[i - 1] = 0.0
            return "r"
        if mark_frame(pc).ink == INK_RIGHT and start_trim[i] > 0:
            # opening, then opening: the second's left blank goes
            gn[i] -= start_trim[i]
            lb_shrink[i] = 0.0
            return "l"
        return ""

    def _prefix(self) -> None:
        """Running sums, so that any line's widths cost a few look-ups."""
        fr, lt, rt, gn, gs = self.fr, self.lt, self.rt, self.gn, self.gs
        lbs, rbs, tier = self.lb_shrink, self.rb_shrink, self.tier
        n = self.n
        # (element-wise sums through map(): the same sums in the same order, without a
        # Python-level loop over the characters)
        contrib = list(map(add, map(sub, map(sub, fr, lt), rt), gn))  # f - l - r + g
        # squeezable room, per character: glue before it and its blanks (。？！ apart)
        stops = [0.0] * n
        squeeze = gs[:n]
        for i in self.marks:
            if tier[i] == 7:
                stops[i] = rbs[i]
                squeeze[i] += lbs[i]
            else:
                squeeze[i] += lbs[i] + rbs[i]
        self.N3G = N3G = list(map(G_JUST.__eq__, self.gt))
        self.C = [0.0, *accumulate(contrib)]  # natural width
        self.SH = [0.0, *accumulate(squeeze)]  # squeezable, steps 1-6
        self.S7 = [0.0, *accumulate(stops)]  # squeezable, step 7 (。？！)
        self.ST = [0.0, *accumulate(self.gx[:n])]  # stretchable, steps 1-2
        self.N3 = [0, *accumulate(N3G[:n])]  # gaps for even stretch
        self.NUG = NUG = list(map(G_URL.__eq__, self.gt))
        self.NU = [0, *accumulate(NUG[:n])]  # letter gaps inside URLs
        self.NWG = NWG = list(map(frozenset((G_WORD, G_GAP)).__contains__, self.gt))
        self.NW = [0, *accumulate(NWG[:n])]  # word spaces and CJK–Latin gaps
        self.MW = [
            0.0,
            *accumulate(map(sub, map(sub, contrib, squeeze), stops)),  # c - q - t
        ]  # all squeezed
        self.H = [0, *accumulate(self.han)]  # characters (孤字 rule)

    def mark_overlong_words(self, m_first: float, m_rest: float) -> None:
        """A Western run (no spaces) wider than a line gets break points: after / . - in a
        URL or path without a hyphen, else between letters with an added hyphen (dearer
        inside a URL, where a hyphen would read as part of the address)."""
        n, kind, legal, chars = self.n, self.kind, self.legal, self.chars
        latin = [i for i, k in enumerate(kind) if k == LATIN]
        i = latin[0] if latin else n
        while i < n:
            if kind[i] != LATIN:
                i += 1
                continue
            j = i + 1
            while j < n and kind[j] == LATIN and not self.spaced[j] and j not in self.seg_starts:
                j += 1
            wide = self.C[j] - self.C[i] - self.gn[i]
            if j - i > 2 and (wide > m_rest + EPS or (i == 0 and wide > m_first + EPS)):
                alnum = [ch.isalnum() for ch in chars[i:j]]
                url = [
                    b
                    for b in range(i + 1, j)
                    if chars[b - 1] in _URL_BREAK_AFTER
                    and not self.no_start[b]
                    and chars[b] not in _URL_BREAK_AFTER
                ]
                for b in url:
                    legal[b], self.pen[b], self.url[b] = True, _URL_BREAK, True
                hyphen_cost = _HYPHEN_BREAK * (4 if url else 1)
                if not url and self.add_hyphenation():
                    hyphen_cost *= 2  # dictionary points first, any two letters only if need be
                for b in range(i + 2, j - 1):
                    if not legal[b] and all(alnum[b - i - 2 : b - i + 2]):
                        # two letters or digits either side: ab-cd, never a-b or x.y-z
                        legal[b], self.pen[b], self.hy[b] = True, hyphen_cost, self.hyphen_advance
            i = j

    # ---- line measures ----
    def widths(self, a: int, b: int) -> tuple[float, float, float, float, int]:
        """natural width, squeeze (steps 1-6), squeeze of 。？！, stretch (steps 1-2), even gaps."""
        last = b - 1
        nat = (
            self.C[b]
            - self.C[a]
            - self.gn[a]
            - self.start_trim[a]
            - self.end_trim[last]
            + self.hy[b]
        )
        sh = self.SH[b] - self.SH[a] - self.gs[a] - self.lb_shrink[a]
        s7 = self.S7[b] - self.S7[a]
        if self.tier[last] == 7:
            s7 -= self.rb_shrink[last]
        else:
            sh -= self.rb_shrink[last]
        st = self.ST[b] - self.ST[a] - self.gx[a]
        n3 = (
            self.N3[b] - self.N3[a] - self.N3G[a] + self.NU[b] - self.NU[a] - self.NUG[a]
            or self.NW[b] - self.NW[a] - self.NWG[a]
        )
        return nat, sh, s7, st, n3

    # ---- reports ----
    def report_breaks(self, s: int, breaks: list[int]) -> None:
        chars, problems = self.chars, self.problems
        if self.no_start[s]:
            opening = "the paragraph" if s == 0 else "the line after a line break"
            problems.append(f"prohibited line start: {opening} begins with “{chars[s]}”")
        for b in breaks:
            if b >= self.n or b in self.seg_starts:
                if self.no_end[b - 1]:
                    problems.append(f"prohibited line end: the text ends with “{chars[b - 1]}”")
                continue
            if self.legal[b] and not self.pen[b]:
                continue
            word = self._word_at(b)
            if not self.legal[b]:
                reason = self.why[b]
                if reason == "start":
                    problems.append(f"no legal break, prohibited line start forced: {chars[b]}")
                elif reason == "end":
                    problems.append(f"no legal break, prohibited line end forced: {chars[b - 1]}")
                elif reason == "long":
                    problems.append(f"no legal break, {self._run_at(b)} split across lines")
                else:
                    problems.append(
                        "no legal break, word split: "
                        + (
                            word
                            or "".join(chars[max(0, b - 3) : b]) + "｜" + "".join(chars[b : b + 3])
                        )
                    )
            elif self.hy[b] and self.pen[b] != _HYPHEN_DICT:
                problems.append(
                    f"too long for the line, hyphenated between any two letters: {word}"
                )

    def text(self, a: int, b: int) -> str:
        """Characters a..b-1 as set, with the spaces that stay in the text layer."""
        sp = self.sp
        return "".join(
            (" " + ch if sp[i] and i > a else ch) for i, ch in enumerate(self.chars[a:b], a)
        )

    def _word_at(self, b: int) -> str:
        i, j = b, b
        while i > 0 and self.kind[i - 1] == LATIN and not self.spaced[i]:
            i -= 1
        while j < self.n and self.kind[j] == LATIN and not self.spaced[j]:
            j += 1
        return "".join(self.chars[i:j])

    def _run_at(self, b: int) -> str:
        i, j = b - 1, b
        while i > 0 and self.in_run[i - 1]:
            i -= 1
        while j < self.n and self.in_run[j]:
            j += 1
        return "".join(self.chars[i:j])

    def report_runt(self, lines: list[Line]) -> None:
        if self.H[self.n] == 0 and all(not ch.isalnum() for ch in self.chars):
            self.problems.append("paragraph has only punctuation: " + "".join(self.chars[:20]))
        if len(lines) < 2:
            return
        last = lines[-1].text
        count = sum(1 for ch in last if ch.isalnum())
        if count == 1:
            self.problems.append(f"lone character on last line: {last}")
        elif count == 0 and self.H[self.n] >= 2:
            self.problems.append(f"last line holds only punctuation: {last}")

    # ---- setting one line ----
    def set_line(
        self,
        a: int,
        b: int,
        width: float,
        x0: float,
        fill: bool,
        pos: float,
        measure: float,
        size: float,
        font: str,
        *,
        first: bool,
        last: bool,
    ) -> Line:
        chars, fr, lt, rt, gn = self.chars, self.fr, self.lt, self.rt, self.gn
        lts = lt[a:b]
        rts = rt[a:b]
        lts[0] += self.start_trim[a]
        rts[-1] += self.end_trim[b - 1]
        glue = gn[a:b]
        glue[0] = 0.0
        pairs = self.pairs
        for i in pairs[bisect_right(pairs, a) : bisect_left(pairs, b)]:
            j = i - a
            # shown as the mark's own smaller room, not as glue
            if self.pair_side[i] == "r":
                rts[j - 1] -= glue[j]
            else:
                lts[j] -= glue[j]
            glue[j] = 0.0
        hy = self.hy[b] if b < self.n else 0.0
        nat = sum(fr[a:b]) - sum(lts) - sum(rts) + sum(glue) + hy
        delta = width - nat
        justified = False
        if delta < -EPS:
            left = self._squeeze(a, b, -delta, lts, rts, glue)
            justified = left <= EPS
            if not justified:
                self.problems.append(
                    f"line wider than the measure by {left * size:.2f} pt: " + self.text(a, b)
                )
            delta = -left if left > EPS else 0.0
        elif fill and delta > EPS:
            justified = self._stretch(a, b, delta, glue)
            if justified:
                delta = 0.0
            else:
                self.problems.append(
                    "line cannot be justified (nothing may stretch): " + self.text(a, b)
                )
        elif fill:
            justified = True
        x = x0 + (delta * pos if delta > 0 else 0.0)
        glyphs: list[PlacedGlyph] = []
        append = glyphs.append
        spaces = self.sp[a:b]
        spaces[0] = False  # a space at the break itself is dropped
        face_at = self.face_at
        new, set_text, set_x, set_advance, set_font = _GLYPH_PARTS
        for i, ch, f, left, right, g, space in zip(
            range(a, b), chars[a:b], fr[a:b], lts, rts, glue, spaces
        ):
            if space:
                append(PlacedGlyph(" ", x * size, g * size))
            origin = x + g - left
            x = origin + f - right
            # PlacedGlyph(ch, origin * size, (f - right) * size, face), built as below
            glyph = new(PlacedGlyph)
            set_text(glyph, ch)
            set_x(glyph, origin * size)
            set_advance(glyph, (f - right) * size)
            set_font(glyph, face_at.get(i) if face_at else None)
            append(glyph)
        hyphen = hy > 0
        if hyphen:
            append(PlacedGlyph("-", x * size, hy * size))
        return Line(tuple(glyphs), measure, font, size, justified, first, last, hyphen)

    def _squeeze(self, a, b, need, lts, rts, glue) -> float:
        """Push in: take `need` em from the line by clreq's reduction steps, each step equally
        over its instances. Returns what could not be taken."""
        gt, gs = self.gt, self.gs
        lbs, rbs, tier = self.lb_shrink, self.rb_shrink, self.tier
        steps: list[list[tuple[str, int, float]]] = [[], [], [], [], []]
        for j in range(1, b - a):
            i = a + j
            if gt[i] == G_WORD and gs[i] > 0:
                steps[0].append(("g", j, gs[i]))
            elif gt[i] == G_GAP and gs[i] > 0:
                steps[3].append(("g", j, gs[i]))
            if lbs[i] > 0:
                steps[1].append(("l", j, lbs[i]))
        for j in range(0, b - a - 1):
            i = a + j
            if rbs[i] > 0:
                steps[{4: 1, 5: 2, 7: 4}[tier[i]]].append(("r", j, rbs[i]))
        for items in steps:
            if need <= EPS:
                break
            total = sum(cap for _, _, cap in items)
            if total <= 0:
                continue
            take = min(need, total)
            f = take / total
            for what, j, cap in items:
                if what == "g":
                    glue[j] -= cap * f
                elif what == "l":
                    lts[j] += cap * f
                else:
                    rts[j] += cap * f
            need -= take
        return max(0.0, need)

    def _stretch(self, a, b, need, glue) -> bool:
        """Fill: word spaces to ½ em; then the gaps between Han characters (and between the
        letters of a web or e-mail address) and the CJK–Latin gaps together, by the same
        amount, until a CJK–Latin gap reaches ⅓ em (then the others alone); last, the gaps
        where space is avoided."""
        gt, gx = self.gt, self.gx
        word = [j for j in range(1, b - a) if gt[a + j] == G_WORD]
        gap = [j for j in range(1, b - a) if gt[a + j] == G_GAP]
        # an address's letters are spread with the Han gaps: a URL is justified like any text
        just = [j for j in range(1, b - a) if gt[a + j] == G_JUST or gt[a + j] == G_URL]
        total = sum(gx[a + j] for j in word)
        if total > 0 and need > EPS:
            take = min(need, total)
            f = take / total
            for j in word:
                glue[j] += gx[a + j] * f
            need -= take
        if need <= EPS:
            return True
        if gap:
            # one amount e for every gap, a CJK–Latin gap taking no more than its room
            rooms = sorted(gx[a + j] for j in gap)
            left, count, e = need, len(gap) + len(just), 0.0
            for room in rooms:
                if count and left / count <= room:
                    break
                left -= room
                count -= 1
            e = left / count if count else float("inf")
            for j in gap:
                glue[j] += min(e, gx[a + j])
            need -= sum(min(e, gx[a + j]) for j in gap)
            if just:
                for j in just:
                    glue[j] += e
                need -= e * len(just)
                if e > LOOSE + EPS:
                    self.problems.append(
                        f"loose line (+{e:.2f} em between characters): " + self.text(a, b)
                    )
            if need <= EPS:
                return True
        elif just:
            each = need / len(just)
            for j in just:
                glue[j] += each
            if each > LOOSE + EPS:
                self.problems.append(
                    f"loose line (+{each:.2f} em between characters): " + self.text(a, b)
                )
            return True
        for kinds in ((G_URL,), (G_AVOID,), (G_WORD, G_GAP)):
            even = [j for j in range(1, b - a) if gt[a + j] in kinds]
            if even:
                each = need / len(even)
                for j in even:
                    glue[j] += each
                if kinds == (G_URL,):
                    if each > LOOSE + EPS:
                        self.problems.append(
                            f"loose line (+{each:.2f} em between the letters of an "
                            "address): " + self.text(a, b)
                        )
                else:
                    self.problems.append(
                        f"loose line (+{each:.2f} em where space is avoided: next to "
                        "punctuation or beyond ½ em between words): " + self.text(a, b)
                    )
                return True
        return False


# ---- choosing the breaks ---------------------------------------------------------------


def _line_cost(nat, sh, s7, st, n3, width, last_line):
    """Cost of a line, or None if it cannot be set within the measure."""
    d = width - nat
    if d >= -EPS:
        if last_line or d <= EPS:
            return 0.0
        cap = st + LOOSE * n3
        if n3 == 0 and d > st + EPS:
            return _UNJUSTIFIABLE + d * d
        r = d / cap
        cost = _STRETCH * r * r
        if n3 and (d - st) / n3 > LOOSE:
            cost += _LOOSE_COST + _LOOSE_EXCESS * ((d - st) / n3 - LOOSE)
        return cost
    need = -d
    if need <= sh + EPS:
        r = need / sh if sh > 0 else 0.0
        return _SQUEEZE * r * r
    if need <= sh + s7 + EPS:
        r = (need - sh) / s7
        return _SQUEEZE + _SQUEEZE_STOPS + _SQUEEZE * r * r
    return None


def _best_breaks(
    para: _Paragraph, s: int, e: int, m_first: float, m_rest: float, final: bool
) -> list[int]:
    """Line ends for characters s..e-1: legal breaks if they can do, forced ones if not.
    A paragraph whose best quick answer is poor (a loose line, a runt, a ragged URL line)
    is searched again trying every line from every break, which finds the true optimum."""
    for forced in (False, True):
        found = _total_fit(para, s, e, m_first, m_rest, final, forced=forced, thorough=False)
        if found is not None:
            breaks, cost = found
            if cost > _RETHINK and para.add_hyphenation():
                found = _total_fit(
                    para, s, e, m_first, m_rest, final, forced=forced, thorough=False
                )
                if found is not None:
                    breaks, cost = found
            if cost > _RETHINK:
                better = _total_fit(
                    para, s, e, m_first, m_rest, final, forced=forced, thorough=True
                )
                assert better is not None  # the thorough search finds what the quick one did
                breaks, cost = better
            return breaks
    raise AssertionError("the forced search always finds breaks")


def _total_fit(
    para: _Paragraph,
    s: int,
    e: int,
    m_first: float,
    m_rest: float,
    final: bool,
    forced: bool,
    thorough: bool = False,
    line_bonus: float = 0.0,
    lines_tried: int = 0,
) -> tuple[list[int], float] | None:
    """Best breaks for characters s..e-1, as the list of line ends (the last is e), and
    their cost.

    Not forced: legal breaks only, every line within the measure; None if impossible.
    Forced: every boundary, illegal ones at a heavy penalty, and a line that cannot fit at
    all at a heavier one, so there is always an answer.

    From each reachable break it tries, longest first, the lines that must be squeezed to
    fit (push in) and the two longest that need not (fill, or push one unit out); more
    while those are poor; every line when `thorough`. `line_bonus` is taken off the cost
    of every line, so that a larger one favours more lines (_longer_breaks); with
    `lines_tried`, that many lines needing no squeezing are tried from each break, however
    good the first."""
    INF = float("inf")
    cost = [INF] * (e - s + 1)
    prev = [0] * (e - s + 1)
    cost[0] = 0.0
    # the inner loop is the hot spot: everything it touches is a local
    C, SH, S7, ST, N3, MW, H = para.C, para.SH, para.S7, para.ST, para.N3, para.MW, para.H
    gn, gs, gx, N3G = para.gn, para.gs, para.gx, para.N3G
    NU, NUG, NW, NWG = para.NU, para.NUG, para.NW, para.NWG
    start_trim, end_trim, lbs, rbs, tier = (
        para.start_trim,
        para.end_trim,
        para.lb_shrink,
        para.rb_shrink,
        para.tier,
    )
    legal, pen, why, hy = para.legal, para.pen, para.why, para.hy
    runt_possible = final and H[para.n] >= 2
    slack = (1.0 if forced else 0.5) + EPS
    if thorough:
        tries = most = e - s + 1
        good = INF
    elif lines_tried:
        tries = most = lines_tried
        good = -INF
    else:
        tries, good, most = _NATURAL_TRIES, _GOOD_LINE, _MAX_TRIES
    for a in range(s, e):
        ca = cost[a - s]
        if ca == INF:
            continue
        width = m_first if a == s else m_rest
        # the longest line that could fit: everything squeezed, allowing for a line-end
        # blank that pair compression had taken (，“ broken apart gives it back)
        hi = bisect_right(MW, MW[a] + gn[a] - gs[a] + width + slack, a + 1, e + 1) - 1
        if hi <= a:
            hi = a + 1
        c0 = C[a] + gn[a] + start_trim[a]
        sh0 = SH[a] + gs[a] + lbs[a]
        s70, st0, n30 = S7[a], ST[a] + gx[a], N3[a] + N3G[a]
        nu0 = NU[a] + NUG[a]
        nw0 = NW[a] + NWG[a]
        natural = squeezed = 0
        best_line = INF
        b = hi
        while b > a:
            if not (b == e or legal[b] or forced):
                b -= 1
                continue
            last = b - 1
            nat = C[b] - c0 - end_trim[last] + hy[b]
            d = width - nat
            if d >= -EPS:
                if b == e or d <= EPS:
                    c = 0.0  # the last line, or exactly full
                else:
                    # expansion: word spaces and CJK–Latin gaps first, then even gaps
                    st = ST[b] - st0
                    # Han gaps and the letters of an address; else the word spaces beyond ½ em
                    n3 = N3[b] - n30 + NU[b] - nu0 or NW[b] - nw0
                    if n3:
                        r = d / (st + LOOSE * n3)
                        c = _STRETCH * r * r
                        if d - st > LOOSE * n3:
                            c += _LOOSE_COST + _LOOSE_EXCESS * ((d - st) / n3 - LOOSE)
                    elif d <= st + EPS:
                        r = d / st
                        c = _STRETCH * r * r
                    else:
                        c = _UNJUSTIFIABLE + d * d
            else:
                # push in: squeeze by the reduction steps, 。？！ last
                sh = SH[b] - sh0
                s7 = S7[b] - s70
                if tier[last] == 7:
                    s7 -= rbs[last]
                else:
                    sh -= rbs[last]
                need = -d
                if need <= sh + EPS:
                    r = need / sh if sh > 0 else 0.0
                    c = _SQUEEZE * r * r
                elif need <= sh + s7 + EPS:
                    r = (need - sh) / s7
                    c = _SQUEEZE + _SQUEEZE_STOPS + _SQUEEZE * r * r
                elif forced and b == a + 1 and natural == squeezed == 0:
                    c = _OVERFULL * (need - sh - s7 + 1.0)
                else:
                    b -= 1
                    continue
            if b == e:
                if runt_possible and a > s and H[e] - H[a] < 2:
                    c += _RUNT
            else:
                c += pen[b] if legal[b] else _FORCED[why[b]]
            total = ca + c - line_bonus
            if total < cost[b - s]:
                cost[b - s] = total
                prev[b - s] = a
            if nat > width + EPS:
                squeezed += 1
            else:
                natural += 1
                if c < best_line:
                    best_line = c
                if (
                    (b == e and not forced)
                    or natural >= most
                    or (natural >= tries and best_line <= good)
                ):
                    break
            b -= 1
    if cost[e - s] == INF:
        return None
    breaks = [e]
    at = e
    while True:
        at = prev[at - s]
        if at == s:
            break
        breaks.append(at)
    breaks.reverse()
    return breaks, cost[e - s]


# the bonus a line first tried to find breaks one line longer than the best (halved or
# made eight times larger when it gives too many lines or too few), and the lines tried
# from each break: a line longer gives up a character or three a line
_LONGER_BONUS = 80.0
_LONGER_BONUS_STEPS = 2
_LONGER_TRIES = 3


def _longer_breaks(
    para: _Paragraph, s: int, e: int, m_first: float, m_rest: float, best: list[int]
) -> list[int] | None:
    """Line ends for s..e-1 with one line more than `best`, every line within the measure,
    none loose and no runt; None when there are none. A bonus per line taken off the
    total-fit cost makes more lines pay; a bonus that gives exactly one more line gives the
    evenest such breaks."""
    bonus, low, high = _LONGER_BONUS, 0.0, float("inf")
    for _ in range(_LONGER_BONUS_STEPS):
        found = _total_fit(
            para,
            s,
            e,
            m_first,
            m_rest,
            True,
            forced=False,
            line_bonus=bonus,
            lines_tried=_LONGER_TRIES,
        )
        if found is None:
            return None
        breaks, cost = found
        if len(breaks) == len(best) + 1:
            return breaks if cost + bonus * len(breaks) < _LOOSE_COST else None
        if len(breaks) > len(best) + 1:
            high = bonus
        else:
            low = bonus
        bonus = (low + high) / 2 if high < float("inf") else bonus * 8
    return None


def _balanced(
    para: _Paragraph, s: int, e: int, m_first: float, m_rest: float, final: bool
) -> list[int] | None:
    """Titles: the fewest lines, made as even as the legal breaks allow (cost: the squared
    room left on every line, the last included)."""
    if e - s > 300:
        return None
    found = _total_fit(para, s, e, m_first, m_rest, final, forced=False)
    if found is None or len(found[0]) < 2:
        return None
    plain = found[0]
    k = len(plain)
    INF = float("inf")
    points = [b for b in range(s + 1, e + 1) if b == e or para.legal[b]]
    # best[j][b]: least cost of j lines ending at b
    best = [{s: 0.0}]
    back: list[dict[int, int]] = [{}]
    runt_possible = final and para.H[para.n] >= 2
    for j in range(1, k + 1):
        cur: dict[int, float] = {}
        arg: dict[int, int] = {}
        for a, ca in best[j - 1].items():
            width = m_first if a == s else m_rest
            for b in points:
                if b <= a:
                    continue
                nat, sh, s7, st, n3 = para.widths(a, b)
                if nat - sh - s7 > width + EPS:
                    break
                c = (
                    (width - nat) ** 2
                    if nat <= width
                    else _line_cost(nat, sh, s7, st, n3, width, True)
                )
                if c is None:
                    continue
                if b == e and runt_possible and a > s and para.H[e] - para.H[a] < 2:
                    c += _RUNT
                c += para.pen[b] if b < e else 0.0
                if ca + c < cur.get(b, INF):
                    cur[b] = ca + c
                    arg[b] = a
        best.append(cur)
        back.append(arg)
    if e not in best[k]:
        return plain
    breaks = [e]
    at = e
    for j in range(k, 1, -1):
        at = back[j][at]
        breaks.append(at)
    breaks.reverse()
    return breaks

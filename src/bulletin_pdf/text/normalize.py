"""Clean a paragraph's text before it is composed.

Text reaches the tool pasted from the web, from PDFs and from word processors. This fixes
what such text gets wrong without changing what the editor wrote:

* half-width , ; : ! ? ( ) typed in Chinese text become ，；：！？（） (TYPOGRAPHY.md house
  style), while 12,860  3.14  10:30  No.1  http://x.y keep theirs;
* straight quotes " ' in Chinese text become “” ‘’, paired open/close;
* zero-width characters (U+200B-200D, U+2060, U+FEFF), the other invisible format
  characters (soft hyphen, direction marks) and control characters other than the newline
  are removed, and each kind removed is noted (the caller turns notes into warnings); a tab
  counts as a space, and so is noted as replaced;
* a single newline inside a paragraph is a soft wrap: removed between Chinese characters
  (never a space, TYPOGRAPHY.md §6 item 7), one space between Western words; a blank line
  separates paragraphs and comes back as exactly "\\n\\n";
* ideographic spaces typed at a paragraph's start as a manual indent are removed (the
  composer indents every paragraph by 2 em) and noted;
* full-width digits and Latin letters (１２３, ＡＰＰ) become half-width, and are noted: Chinese
  text sets Arabic numerals and Latin letters in their proportional forms (clreq §3.2.2,
  GB/T 15835; full-width ASCII is an input-method accident, not a style);
* with `keep_lines` (titles, kickers, subtitles) a single newline is a line break the
  editor typed, and is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from bulletin_pdf.text.charclass import is_cjk

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_CONVERTED = {
    ",": "\uff0c",
    ";": "\uff1b",
    ":": "\uff1a",
    "!": "\uff01",
    "?": "\uff1f",
    "(": "\uff08",
    ")": "\uff09",
}
_CONVERTIBLE = re.compile("[" + re.escape("".join(_CONVERTED)) + "]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n\s*")
_SPACES = " \u3000"


# １２３ ＡＢＣ ａｂｃ → 123 ABC abc
_FULL_WIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for cp in range(r[0], r[1] + 1)
}


def normalize(text: str, keep_lines: bool = False) -> tuple[str, list[str]]:
    """Return the text to set and notes, for people, of what was removed or replaced."""
    value, notes = _normalized(text, keep_lines)
    return value, list(notes)


@lru_cache(maxsize=8192)
def _normalized(text: str, keep_lines: bool) -> tuple[str, tuple[str, ...]]:
    """normalize() remembered: a pure function of its arguments, asked again for every text
    of an issue at every rebuild (serve, --watch) and for the text a batch's issues share."""
    notes: list[str] = []
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2029", "\n\n")
        .replace("\u2028", "\n")
    )
    text = _remove_invisibles(text, notes)
    text = _half_width_alnum(text, notes)
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(text)]
    out = []
    for para in paragraphs:
        para = (
            "\n".join(line.strip(" ") for line in para.split("\n") if line.strip(" "))
            if keep_lines
            else _join_soft_wraps(para)
        )
        para = _strip_manual_indent(para, notes)
        para = _quotes(para, '"', "\u201c", "\u201d")
        para = _quotes(para, "'", "\u2018", "\u2019")
        para = _marks(para)
        if para:
            out.append(para)
    return "\n\n".join(out), tuple(notes)


def _remove_invisibles(text: str, notes: list[str]) -> str:
    removed: Counter[str] = Counter()
    tabs = text.count("\t")
    if tabs:
        text = text.replace("\t", " ")
        notes.append(f"replaced {tabs} tab character{'s' if tabs > 1 else ''} with a space")
    if text.replace("\n", "").isprintable():
        return text  # no control or format character (both are unprintable): nothing to remove
    kept = []
    for ch in text:
        if ch in ZERO_WIDTH or (ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf")):
            removed[ch] += 1
        else:
            kept.append(ch)
    for ch, count in sorted(removed.items()):
        name = unicodedata.name(ch, "control character")
        times = f"{count} times" if count > 1 else "once"
        notes.append(f"removed invisible character U+{ord(ch):04X} ({name}), {times}")
    return "".join(kept) if removed else text


def _half_width_alnum(text: str, notes: list[str]) -> str:
    if not any(0xFF10 <= ord(ch) <= 0xFF5A for ch in text):
        return text
    converted = text.translate(_FULL_WIDTH_ALNUM)
    if converted != text:
        changed = [ch for ch in dict.fromkeys(text) if ord(ch) in _FULL_WIDTH_ALNUM]
        at = next(i for i, (a, b) in enumerate(zip(text, converted)) if a != b)
        notes.append(
            "set full-width digits and letters as half-width ("
            + "".join(changed[:10])
            + ("…" if len(changed) > 10 else "")
            + "): "
            + _excerpt(converted, at)
        )
    return converted


def _join_soft_wraps(para: str) -> str:
    if "\n" not in para:
        return para.strip(" ")
    lines = [line.strip(" ") for line in para.split("\n")]
    lines = [line for line in lines if line]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        left, right = joined[-1], line[0]
        if is_cjk(left) or is_cjk(right):
            joined += line
        elif left == "-" and len(joined) > 1 and joined[-2].isalpha() and right.isalpha():
            joined += line  # a word hyphenated at the wrap: keep the hyphen, no space
        else:
            joined += " " + line
    return joined


def _strip_manual_indent(para: str, notes: list[str]) -> str:
    stripped = para.lstrip(_SPACES)
    if "\u3000" in para[: len(para) - len(stripped)]:
        notes.append(
            "removed ideographic spaces typed as a paragraph indent "
            "(every paragraph is indented 2 characters automatically): " + _excerpt(stripped, 0)
        )
    return stripped.rstrip(_SPACES)


def _excerpt(text: str, at: int) -> str:
    return "“" + text[max(0, at - 6) : at + 6] + "”"


def _neighbour(chars: list[str], i: int, step: int) -> str:
    """The nearest non-space character from i in direction step ('' at the text's end)."""
    i += step
    while 0 <= i < len(chars):
        if chars[i] not in _SPACES:
            return chars[i]
        i += step
    return ""


def _marks(para: str) -> str:
    """Half-width , ; : ! ? ( ) in Chinese context become full width."""
    if not _CONVERTIBLE.search(para):
        return para
    chars = list(para)
    has_han = any(is_cjk(ch) for ch in chars)
    convert = [False] * len(chars)
    # Parentheses pair up: a pair is Chinese if it encloses Chinese text or follows it;
    # f(x) and (1) keep theirs.
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs[stack.pop()] = i
    paired = set(pairs) | set(pairs.values())
    for start, end in pairs.items():
        inside = chars[start + 1 : end]
        if any(is_cjk(c) for c in inside) or is_cjk(_neighbour(chars, start, -1)):
            convert[start] = convert[end] = True
    for i, ch in enumerate(chars):
        if ch not in _CONVERTED or i in paired:
            continue
        before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
        if ch in ",:" and before.isdigit() and after.isdigit():
            continue  # 12,860  10:30
        if is_cjk(before) or is_cjk(after) or (convert[i - 1] if i else False):
            convert[i] = True
        elif ch in ",;:!?" and not after and has_han and before:
            convert[i] = True  # ends a Chinese paragraph: ……Python!
    out: list[str] = []
    for i, ch in enumerate(chars):
        if convert[i]:
            while out and out[-1] == " ":
                out.pop()  # a full-width mark carries its own blank
            out.append(_CONVERTED[ch])
        elif (
            ch == " "
            and out
            and out[-1] in _CONVERTED.values()
            and _converted_before(chars, convert, i)
        ):
            continue
        else:
            out.append(ch)
    return "".join(out)


def _converted_before(chars: list[str], convert: list[bool], i: int) -> bool:
    j = i - 1
    while j >= 0 and chars[j] == " ":
        j -= 1
    return j >= 0 and convert[j]


def _quotes(para: str, straight: str, opening: str, closing: str) -> str:
    """Straight quotes in Chinese context become curly ones, paired left to right.

    Curly quotes already in the text take part in the pairing, so “十三五" is closed right.
    An apostrophe between two Western letters or digits (don't, Children's) is no quote."""
    if straight not in para:
        return para
    chars = list(para)
    pairs: list[tuple[int | None, int | None]] = []
    open_at: int | None = None
    for i, ch in enumerate(chars):
        if ch == straight and straight == "'" and _is_apostrophe(chars, i):
            continue
        if ch == opening or (ch == straight and open_at is None):
            if open_at is not None:
                pairs.append((open_at, None))
            open_at = i
        elif ch in (closing, straight):
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, None))
    for start, end in pairs:
        straight_start = start is not None and chars[start] == straight
        straight_end = end is not None and chars[end] == straight
        if (straight_start or straight_end) and _chinese_quote(chars, start, end):
            if start is not None and straight_start:
                chars[start] = opening
            if end is not None and straight_end:
                chars[end] = closing
    return "".join(chars)


def _is_apostrophe(chars: list[str], i: int) -> bool:
    if not 0 < i < len(chars) - 1:
        return False
    before, after = chars[i - 1], chars[i + 1]
    return before.isalnum() and after.isalnum() and not is_cjk(before) and not is_cjk(after)


def _chinese_quote(chars: list[str], start: int | None, end: int | None) -> bool:
    """Is the quotation from start to end (either may be missing) in Chinese text?"""
    lo = 0 if start is None else start + 1
    hi = len(chars) if end is None else end
    if any(is_cjk(c) for c in chars[lo:hi]):
        return True
    before = _neighbour(chars, start, -1) if start is not None else ""
    after = _neighbour(chars, end, 1) if end is not None else ""
    return is_cjk(before) or is_cjk(after)

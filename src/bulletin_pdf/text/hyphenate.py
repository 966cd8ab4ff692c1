"""English hyphenation by Liang's patterns (the plain TeX table, as LibreOffice ships it in
data/hyph_en_US.dic, BSD-style licence: data/README_hyph_en_US.txt).

The composer hyphenates a Latin word only when the other breaks would leave a loose line
or the word is longer than a line. The patterns are read on first use (a few ms) and only
when a paragraph holds a Latin word long enough to hyphenate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bulletin_pdf import paths

MIN_WORD = 5  # shorter words are never hyphenated


_DIGITS = re.compile(r"[0-9]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, str], int, int, int]:
    """letters -> the pattern as written (digits are read only for the patterns a word
    meets), the longest pattern, and the left and right minimum."""
    lines = (paths.PACKAGE / "data" / "hyph_en_US.dic").read_text(encoding="utf-8").split("\n")[1:]
    settings = dict(line.split(None, 1) for line in lines if line[:1].isupper())
    raw = [
        line
        for line in lines
        if line and not line[:1].isupper() and line[0] != "%" and "/" not in line
    ]
    letters = _DIGITS.sub("", "\n".join(raw)).split("\n")
    table = dict(zip(letters, raw))
    return (
        table,
        max(map(len, letters)),
        int(settings.get("LEFTHYPHENMIN", 2)),
        int(settings.get("RIGHTHYPHENMIN", 3)),
    )


@lru_cache(maxsize=8192)
def _points(pattern: str) -> tuple[int, ...]:
    """ ".a2ch4" -> the digit before each letter and after the last: (0, 0, 2, 0, 4)."""
    points = [0]
    for ch in pattern:
        if ch.isdigit():
            points[-1] = int(ch)
        else:
            points.append(0)
    return tuple(points)


@lru_cache(maxsize=4096)
def positions(word: str) -> tuple[int, ...]:
    """Indices i where `word` may be hyphenated (between word[i-1] and word[i]); none for
    anything but a plain word of Latin letters."""
    if len(word) < MIN_WORD or not word.isascii() or not word.isalpha():
        return ()
    table, longest, left, right = _patterns()
    padded = "." + word.lower() + "."
    points = [0] * (len(padded) + 1)
    for i in range(len(padded)):
        for j in range(i + 1, min(len(padded), i + longest) + 1):
            found = table.get(padded[i:j])
            if found is not None:
                for k, p in enumerate(_points(found)):
                    if p > points[i + k]:
                        points[i + k] = p
    # points[k] sits before padded[k], i.e. before word[k - 1]
    return tuple(i for i in range(left, len(word) - right + 1) if points[i + 1] % 2)

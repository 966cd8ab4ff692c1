"""Where display text may break: titles, kickers, subtitles, captions and bylines.

Body text breaks between any two Chinese characters; display text reads in phrases, so a
headline that splits a word (应急管｜理, 不忘初｜心) or a byline that splits a name (王｜喆 摄)
reads wrong. The composer asks this module, per boundary between two characters, how good a
break there is:

* PHRASE (titles, kickers, subtitles, box and list heads): at a space or a punctuation mark
  a break is free; between two Chinese words it costs a little; inside a word it is not
  allowed (the composer forces one only if nothing else fits);
* WORDS (captions, justified): inside a word a break costs, but is allowed;
* SPACES (bylines): only where the editor typed a space.

Word boundaries come from a maximum-probability segmentation over a compact dictionary
(data/words-zh.txt, made by scripts/build_wordlist.py from jieba's): for each length the
words sit sorted in one fixed-width string, so loading it is one file read and a look-up a
binary search; it is read only when display text with two Han characters in a row is set.

Everything here is a pure function of the text.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from bulletin_pdf import paths
from bulletin_pdf.text.charclass import is_han

ANY, PHRASE, WORDS, SPACES = "any", "phrase", "words", "spaces"

# How the display roles of a layout break (any other role: ANY, like body text).
ROLE_BREAKS = {
    "title": PHRASE,
    "title2": PHRASE,
    "title_one_column": PHRASE,
    "kicker": PHRASE,
    "subtitle": PHRASE,
    "briefs_title": PHRASE,
    "list_title": PHRASE,
    "greeting_title": PHRASE,
    "caption": WORDS,
    "byline": SPACES,
    "credit": SPACES,
}

# Frequency classes are log2 of a word's count in the source dictionary (about 60 million
# words in all, 2**26); an unknown single character counts as a word seen 2**10 times.
_TOTAL_CLASS = 26
_SINGLE_CLASS = 10


def breaks_for(role: str) -> str:
    return ROLE_BREAKS.get(role, ANY)


class _Words:
    """The dictionary as read from data/words-zh.txt: per length, the sorted words run
    together, and one letter per word for its frequency class."""

    def __init__(self, text: str):
        self.by_length: dict[int, tuple[str, str]] = {}
        for line in text.splitlines():
            if line.startswith("#") or not line:
                continue
            length, words, classes = line.split("\t")
            self.by_length[int(length)] = (words, classes)

    def frequency_class(self, word: str) -> int | None:
        entry = self.by_length.get(len(word))
        if entry is None:
            return None
        words, classes = entry
        width = len(word)
        lo, hi = 0, len(classes)
        while lo < hi:
            mid = (lo + hi) // 2
            if words[mid * width : (mid + 1) * width] < word:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(classes) and words[lo * width : (lo + 1) * width] == word:
            return ord(classes[lo]) - ord("a")
        return None


@lru_cache(maxsize=1)
def _dictionary() -> _Words:
    # the package folder directly: importlib.resources would cost more than the read
    return _Words((paths.PACKAGE / "data" / "words-zh.txt").read_text(encoding="utf-8"))


@lru_cache(maxsize=2048)
def segment(run: str) -> tuple[str, ...]:
    """A run of Han characters cut into words: the path through the dictionary's words
    (and single characters) of greatest probability, as jieba does it."""
    words = _dictionary()
    n = len(run)
    best = [0.0] + [float("-inf")] * n
    back = [0] * (n + 1)
    for i in range(n):
        if best[i] == float("-inf"):
            continue
        for length in (1, 2, 3, 4):
            j = i + length
            if j > n:
                break
            cls = _SINGLE_CLASS if length == 1 else words.frequency_class(run[i:j])
            if cls is None:
                continue
            score = best[i] + cls - _TOTAL_CLASS
            if score > best[j]:
                best[j], back[j] = score, i
    cuts = []
    j = n
    while j > 0:
        cuts.append(j)
        j = back[j]
    cuts.append(0)
    cuts.reverse()
    return tuple(run[a:b] for a, b in itertools.pairwise(cuts))


def inside_words(chars: str) -> set[int]:
    """Boundaries (index i: between chars[i-1] and chars[i]) that fall inside a Chinese
    word of `chars`; every other boundary between two Han characters is a word boundary.

    Characters the dictionary cuts one by one and that stand together (不|忘|初|心, a name
    王|喆, 零|改) are a word it does not know, an idiom or a name: no boundary between them."""
    inside: set[int] = set()
    i, n = 0, len(chars)
    while i < n:
        if not is_han(chars[i]):
            i += 1
            continue
        j = i
        while j < n and is_han(chars[j]):
            j += 1
        if j - i >= 2:
            at = i
            previous_single = False
            for word in segment(chars[i:j]):
                single = len(word) == 1
                if single and previous_single:
                    inside.add(at)
                inside.update(range(at + 1, at + len(word)))
                at += len(word)
                previous_single = single
        i = j
    return inside

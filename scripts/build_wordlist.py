#!/usr/bin/env python3
"""Build src/bulletin_pdf/data/words-zh.txt, the word list display text is broken by.

Headlines must not break inside a Chinese word (应急管｜理), so the composer needs word
boundaries; a full segmenter loads in about a second, far too slow for a build that sets a
dozen headlines. This keeps, from jieba's dictionary (MIT licence, 349 046 entries with
frequencies), the Han words of two to four characters seen at least MIN_FREQ times, and
writes them so that nothing has to be parsed at start-up: for each length one line of the
words concatenated in sorted order (fixed width, so a binary search reads it as it is) and
one letter per word for its frequency class (log2 of the count). Loading is a file read.

Usage (run once by a maintainer; the output is committed):
    pip download jieba==0.42.1 --no-deps -d /tmp/j && tar xzf /tmp/j/jieba-0.42.1.tar.gz -C /tmp/j
    python3 scripts/build_wordlist.py /tmp/j/jieba-0.42.1/jieba/dict.txt
"""

from __future__ import annotations

import argparse
import hashlib
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "bulletin_pdf" / "data" / "words-zh.txt"
MIN_FREQ = 5
LENGTHS = (2, 3, 4)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "dictionary", type=Path, help="jieba's dict.txt (word frequency tag per line)"
    )
    args = parser.parse_args()
    data = args.dictionary.read_bytes()
    words: dict[str, int] = {}
    for line in data.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) in LENGTHS and all(is_han(ch) for ch in parts[0]):
            freq = int(parts[1])
            if freq >= MIN_FREQ:
                words[parts[0]] = max(words.get(parts[0], 0), freq)
    lines = [
        f"# words-zh.txt: {len(words)} words from jieba 0.42.1 dict.txt (MIT licence, "
        f"sha256 {hashlib.sha256(data).hexdigest()[:16]}), count >= {MIN_FREQ}; "
        "written by scripts/build_wordlist.py"
    ]
    for length in LENGTHS:
        chosen = sorted(w for w in words if len(w) == length)
        classes = "".join(chr(ord("a") + int(math.log2(words[w]))) for w in chosen)
        lines.append(f"{length}\t{''.join(chosen)}\t{classes}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(words)} words, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

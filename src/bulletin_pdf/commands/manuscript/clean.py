"""What word processors put into a paragraph that a typeset page must not keep: soft line
breaks, tabs and spaces typed as indents, the gap after a hand-typed number. Punctuation is
left alone here: the build's normaliser sets pasted half-width marks as it always does.
"""

from __future__ import annotations

import re

from bulletin_pdf.text.charclass import is_cjk

SOFT_BREAK = "\n"  # readers put this where the writer pressed Shift+Enter

# A number typed by hand at a paragraph's start: 1.  1、 (1) （一） 一、 ① 第一，
_NUMBER = (
    r"(?:\d{1,3}[.．、)）]|[(（]\d{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|[(（][一二三四五六七八九十]{1,3}[)）]|[①-⑳])"
)
_NUMBER_GAP = re.compile(rf"^({_NUMBER})[ \t\u3000\u00a0]+")
_INDENT = re.compile(r"^[ \t\u3000\u00a0]+")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_paragraph(text: str) -> str:
    """The paragraph as it should be set: one line, no indent, no doubled spaces. Single
    spaces inside stay: they part the names of a byline and the halves of a kicker."""
    text = _join_lines(text)
    text = _INDENT.sub("", text)
    text = _NUMBER_GAP.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    return text.strip(" \u3000")


def _join_lines(text: str) -> str:
    """A soft line break is a wrap, not a paragraph: nothing between Chinese characters,
    one space between Western words."""
    if SOFT_BREAK not in text:
        return text
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split(SOFT_BREAK)]
    joined = ""
    for line in filter(None, lines):
        if joined and not (is_cjk(joined[-1]) or is_cjk(line[0])):
            joined += " "
        joined += line
    return joined

"""Word's automatic numbering, written out. A paragraph Word numbers itself ("一、" set by a
list style) holds no number in its text; dropping it would lose the writer's 一、二、三、, so
the label is counted here the way Word counts it and put before the text. Bullets are
dropped: an article's paragraphs need none.
"""

from __future__ import annotations

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (as 一、二、 lists count)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = (
        ""
        if rest == 0
        else (
            "零" + _DIGITS[rest]
            if rest < 10
            else ("一" if rest < 20 else "") + chinese_number(rest)
        )
    )
    return _DIGITS[n // 100] + "百" + tail


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographTraditional",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    ):
        return chinese_number(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    return str(n)


class Numbering:
    """Counts the numbered paragraphs of one document, in the order they are read."""

    def __init__(self, numbering_element):
        self.levels: dict[
            tuple[str, int], tuple[str, str, int]
        ] = {}  # (numId, ilvl) → fmt, text, start
        self.counts: dict[tuple[str, int], int] = {}
        if numbering_element is None:
            return
        abstract = {
            a.get(_W + "abstractNumId"): a for a in numbering_element.iter(_W + "abstractNum")
        }
        for num in numbering_element.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            definition = abstract.get(ref.get(_W + "val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or ""
                start = int(_val(lvl, "start") or "1")
                self.levels[(num.get(_W + "numId"), ilvl)] = (fmt, text, start)

    def label(self, p, styles=()) -> str:
        """The number Word shows before paragraph `p` ("一、", "1."), or "". `styles`: the
        elements of its paragraph style and the styles that is based on (a List Number
        style numbers by itself)."""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        from_style = next(
            (
                s.find(f"{_W}pPr/{_W}numPr")
                for s in styles
                if s.find(f"{_W}pPr/{_W}numPr") is not None
            ),
            None,
        )
        if num_pr is None:
            num_pr = from_style
        if num_pr is None:
            return ""
        num_id = _val(num_pr, "numId") or (
            _val(from_style, "numId") if from_style is not None else None
        )
        ilvl = int(_val(num_pr, "ilvl") or "0")
        if num_id is None or num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        fmt, text, start = self.levels[(num_id, ilvl)]
        key = (num_id, ilvl)
        self.counts[key] = self.counts.get(key, start - 1) + 1
        for deeper in [k for k in self.counts if k[0] == num_id and k[1] > ilvl]:
            del self.counts[deeper]
        if fmt in ("bullet", "none"):
            return ""
        label = text
        for level in range(ilvl, -1, -1):
            count = self.counts.get(
                (num_id, level), self.levels.get((num_id, level), ("", "", 1))[2]
            )
            level_fmt = self.levels.get((num_id, level), (fmt, "", 1))[0]
            label = label.replace(f"%{level + 1}", format_number(count, level_fmt))
        return label


def _val(element, name: str) -> str | None:
    child = element.find(_W + name)
    return child.get(_W + "val") if child is not None else None

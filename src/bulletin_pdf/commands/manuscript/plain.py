"""A .txt or .md manuscript → paragraphs (and, for Markdown, pictures), with line numbers.

A .txt file from Notepad or Word's "plain text" has one paragraph a line, often indented
with full-width spaces; one that separates paragraphs by blank lines and wraps them is
joined back. It may be UTF-8 or the GB18030 of Chinese Windows. Markdown gives headings
(`#` the title, `##` and deeper the subheads), `**bold**` short lines, `![alt](file)`
pictures; a table, a footnote or an HTML comment is reported as not imported.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from bulletin_pdf.commands.manuscript import Para, Picture, Piece
from bulletin_pdf.commands.manuscript.clean import SOFT_BREAK, clean_paragraph
from bulletin_pdf.errors import InputError, Report, Where

_INDENTED = re.compile(r"^[ \t\u3000\u00a0]+\S")


def decode_text(data: bytes, path: Path, report: Report) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            f"{path.name} is neither UTF-8 nor GB18030 text",
            Where(str(path)),
            "save it as UTF-8 (Notepad: Save As → Encoding: UTF-8)",
        ) from None
    report.warn(
        f"{path.name} is GB18030 (GBK) text; it was read as such",
        Where(str(path)),
        "nothing to do; saving manuscripts as UTF-8 avoids the guess",
        kind="note",
    )
    return text


def read_txt(path: Path, report: Report) -> list[Piece]:
    lines = (
        decode_text(path.read_bytes(), path, report)
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .split("\n")
    )
    blocks = _blocks(lines)
    wrapped = any(len(b) > 1 for _, b in blocks) and not any(
        _INDENTED.match(line) for _, b in blocks for line in b
    )
    out: list[Piece] = []
    for first, block in blocks:
        paragraphs = (
            [(first, SOFT_BREAK.join(block))]
            if wrapped
            else [(first + k, line) for k, line in enumerate(block)]
        )
        for line_no, raw in paragraphs:
            text = clean_paragraph(raw)
            if text:
                out.append(Para(text, Where(str(path), line_no)))
    return out


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the 1-based number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for n, line in enumerate(lines, 1):
        if line.strip(" \t\u3000\u00a0"):
            if not current:
                start = n
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"']([^\"']*)[\"'])?\s*\)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]\s+|(\d{1,3}[.)])\s+)")
_FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:\s*(.*)")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+?)\1$")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[\^[^\]]+\]"), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]


def _inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def read_md(path: Path, report: Report) -> list[Piece]:
    text = decode_text(path.read_bytes(), path, report).replace("\r\n", "\n").replace("\r", "\n")
    file = str(path)
    out: list[Piece] = []
    lines = text.split("\n")
    paragraph: list[str] = []
    start = 0
    last = ""

    def flush() -> None:
        nonlocal paragraph, last
        if paragraph:
            raw = SOFT_BREAK.join(paragraph)
            bold = _BOLD_LINE.match(raw.strip())
            cleaned = clean_paragraph(_inline(raw))
            if cleaned:
                out.append(Para(cleaned, Where(file, start), bold=bool(bold)))
                last = cleaned
        paragraph = []

    def unmapped(what: str, line: int, fix: str) -> None:
        after = f"after '{last[:16]}…'" if last else "at the start"
        report.warn(f"{what} {after} was not imported", Where(file, line), fix, kind="not imported")

    n = 0
    in_comment = False
    front_matter = lines[:1] == ["---"]
    while n < len(lines):
        line = lines[n]
        number = n + 1
        n += 1
        if front_matter:
            front_matter = not (number > 1 and line.strip() == "---")
            continue
        stripped = line.strip()
        if in_comment or stripped.startswith("<!--"):
            flush()
            if not in_comment:
                comment_line = number
            in_comment = "-->" not in stripped
            if not in_comment:
                unmapped("an HTML comment", comment_line, "settle what it says before print")
            continue
        if not stripped:
            flush()
            continue
        if re.fullmatch(r"[-*_]{3,}", stripped):
            flush()
            continue
        heading = _HEADING.match(stripped)
        if heading:
            flush()
            cleaned = clean_paragraph(_inline(heading.group(2)))
            if cleaned:
                out.append(Para(cleaned, Where(file, number), heading=len(heading.group(1))))
                last = cleaned
            continue
        image = _IMAGE.match(stripped)
        if image:
            flush()
            picture = _linked_picture(
                path, image.group(2), image.group(1) or image.group(3) or "", Where(file, number)
            )
            if isinstance(picture, Picture):
                out.append(picture)
            else:
                unmapped(
                    picture,
                    number,
                    "put the picture next to the manuscript and check the "
                    "path, or add it to the issue's images/ by hand",
                )
            continue
        if _TABLE_ROW.match(line):
            flush()
            rows = 0
            while n <= len(lines) and _TABLE_ROW.match(lines[n - 1]):
                rows += 1
                n += 1
            n -= 1
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            unmapped(
                f"a table ({rows} lines, beginning '{cells[0][:16]}')",
                number,
                "set its content as text in the article, or make it a picture and add it "
                "under photos",
            )
            continue
        footnote = _FOOTNOTE.match(stripped)
        if footnote:
            flush()
            unmapped(
                f"a footnote '{footnote.group(1)[:16]}'",
                number,
                "work the note into the text, or leave it out on purpose",
            )
            continue
        listed = _LIST.match(line)
        if listed or stripped.startswith(">"):
            flush()
            if listed is not None:  # a list item: its number stays, a bullet goes
                stripped = (listed.group(1) or "") + line[listed.end() :]
            else:
                stripped = re.sub(r"^>\s?", "", stripped)
        if not paragraph:
            start = number
        paragraph.append(stripped)
        if listed:
            flush()
    flush()
    return out


def _linked_picture(md: Path, target: str, alt: str, where: Where) -> Picture | str:
    from bulletin_pdf.commands.manuscript.pictures import picture_file

    if re.match(r"[a-z]+://", target):
        return f"a picture on the web ({target})"
    file = md.parent / target
    if not file.is_file():
        return f"the picture {target}, which does not exist,"
    found = picture_file(file)
    if found is None:
        return f"the picture {target}, which is not a JPEG or PNG image,"
    data, ext = found
    return Picture(data, ext, alt.strip(), where)

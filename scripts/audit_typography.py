#!/usr/bin/env python3
"""Measure an issue's PDF for the composer's rules, from the PDF alone (as a proof-reader).

    python scripts/audit_typography.py ISSUE [--pdf FILE.pdf]

Builds the issue (unless --pdf names its PDF), reads every glyph's position, advance, size
and font with PDFium, and the text as `pdftotext -raw` copies it out, then reports:

* forbidden line starts and ends (clreq basic level, text/charclass.py; a lone … or —, and
  an ASCII - joining Han or Han and digits, may not start a line either);
* headlines (type of 12 pt and more) broken inside a word (text/display.py's segmenter);
* the space added between Han characters on justified body lines (loose: more than ¼ em);
* every CJK–Latin gap (between a Han character and a Latin letter or digit), in em;
* every paragraph of the source found, whitespace aside, in the copied-out text.

Exit status 1 when a rule is broken, 0 otherwise; the figures go to standard output.
"""

from __future__ import annotations

import argparse
import ctypes
import itertools
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bulletin_pdf.text import display  # noqa: E402
from bulletin_pdf.text.charclass import NO_LINE_END, NO_LINE_START, is_han  # noqa: E402

HEADLINE_SIZE = 12.0
BODY_SIZE = 9.0
TOL = 0.01  # em


@dataclass
class Glyph:
    ch: str
    x: float
    y: float
    advance: float
    size: float
    font: str


def read_lines(pdf_path: Path) -> list[list[list[Glyph]]]:
    """Per page, the lines: runs of glyphs on one baseline, in content order."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    x, y = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for page in pdf:
        text = page.get_textpage()
        lines: list[list[Glyph]] = []
        current: list[Glyph] = []
        for i in range(text.count_chars()):
            if raw.FPDFText_IsGenerated(text, i):
                continue
            ch = chr(raw.FPDFText_GetUnicode(text, i))
            if ch in "\r\n":
                continue
            raw.FPDFText_GetCharOrigin(text, i, x, y)
            raw.FPDFText_GetLooseCharBox(text, i, rect)
            size = raw.FPDFText_GetFontSize(text, i)
            length = raw.FPDFText_GetFontInfo(text, i, name, 256, flags)
            g = Glyph(
                ch,
                x.value,
                y.value,
                rect.right - rect.left,
                size,
                name.value[: max(0, length - 1)].decode(),
            )
            if current and (
                abs(g.y - current[-1].y) > 0.1
                or g.x < current[-1].x - 0.01
                or (
                    g.x - (current[-1].x + current[-1].advance) > 1.2 * g.size
                    and not (len(current) > 1 and current[-1].x == current[-2].x)
                )
                or abs(g.size - current[-1].size) > 0.01
            ):
                lines.append(current)
                current = []
            current.append(g)
        if current:
            lines.append(current)
        pages.append(lines)
    return pages


def source_paragraphs(issue: Path) -> list[str]:
    from bulletin_pdf.commands.build import make

    made = make(issue, allow_missing=False)
    texts: list[str] = []

    def walk(obj):
        import dataclasses

        from bulletin_pdf.model import issue as m

        if isinstance(obj, m.Text):
            texts.extend(p for p in obj.value.split("\n\n") if p.strip())
        elif isinstance(obj, list):
            for x in obj:
                walk(x)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                if f.name not in ("newsletter", "imprint", "section"):
                    walk(getattr(obj, f.name))

    walk(made.issue.pages)
    return texts


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def spaced_at(text: str, at: int) -> bool:
    """Did the editor type a space (or a line break) before the at-th non-space character?"""
    seen = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        if seen == at:
            return i > 0 and text[i - 1].isspace()
        seen += 1
    return False


def audit(issue: Path, pdf: Path) -> int:
    pages = read_lines(pdf)
    paragraphs = source_paragraphs(issue)
    failures: list[str] = []
    starts = ends = 0
    loose: list[tuple[float, str]] = []
    gaps: list[float] = []
    bad_gaps: list[str] = []
    heads = split_heads = 0
    body_lines = 0
    unmeasured = 0
    prev_line: list[Glyph] | None = None
    for pno, lines in enumerate(pages, 1):
        # headlines: consecutive lines of one size >= 12 pt, one below the other
        group: list[list[Glyph]] = []
        for line in [*lines, []]:
            if (
                line
                and line[0].size >= HEADLINE_SIZE
                and (
                    not group
                    or (
                        abs(line[0].size - group[-1][0].size) < 0.01
                        and 0 < group[-1][0].y - line[0].y < 2 * line[0].size
                    )
                )
            ):
                group.append(line)
                continue
            if len(group) > 1:
                heads += 1
                joined = "".join(g.ch for ln in group for g in ln if g.ch != " ")
                inside = display.inside_words(joined)
                typed = next((p for p in paragraphs if squash(p) == joined), "")
                at = 0
                for ln in group[:-1]:
                    at += sum(1 for g in ln if g.ch != " ")
                    if at in inside and not spaced_at(typed, at):
                        split_heads += 1
                        failures.append(
                            f"page {pno}: headline split inside a word: "
                            f"{joined[:at]}｜{joined[at:]}"
                        )
            group = [line] if line and line[0].size >= HEADLINE_SIZE else []
        for line in lines:
            text = "".join(g.ch for g in line)
            first, last = line[0].ch, line[-1].ch
            if first in NO_LINE_START or (first == "\u2026" and text[:2] != "\u2026\u2026"):
                starts += 1
                failures.append(f"page {pno}: line starts with {first}: {text}")
            if first == "-" and prev_line and len(line) > 1:
                before, after = prev_line[-1].ch, line[1].ch
                if (
                    (is_han(before) or is_han(after))
                    and (is_han(before) or before.isdigit())
                    and (is_han(after) or after.isdigit())
                ):
                    starts += 1
                    failures.append(f"page {pno}: line starts with a connecting -: {text}")
            if last in NO_LINE_END:
                ends += 1
                failures.append(f"page {pno}: line ends with {last}: {text}")
            prev_line = line
            size = line[0].size
            # CJK–Latin gaps, on every line; PDFium places the glyphs of an /ActualText run
            # (a justified web address) all at its start, so those are not measured
            packed = {
                id(g) for a, b in itertools.pairwise(line) if abs(a.x - b.x) < 0.01 for g in (a, b)
            }
            unmeasured += len(packed)
            for a, b, c in zip(line, line[1:], [*line[2:], None]):
                pairs = [(a, b)]
                if b.ch == " " and c is not None:
                    pairs.append((a, c))
                for left, right in pairs:
                    if id(left) in packed or id(right) in packed:
                        continue
                    latin = right if is_han(left.ch) else left
                    if not (
                        (is_han(left.ch) and right.ch.isascii() and right.ch.isalnum())
                        or (is_han(right.ch) and left.ch.isascii() and left.ch.isalnum())
                    ):
                        continue
                    gap = (right.x - (left.x + left.advance)) / size
                    gaps.append(gap)
                    if not 0.125 - TOL <= gap <= 1 / 3 + TOL:
                        bad_gaps.append(
                            f"page {pno}: {left.ch}{latin.ch if latin is right else ''}"
                            f" gap {gap:.3f} em: {text}"
                        )
            # loose body lines: the space added between Han characters
            if abs(size - BODY_SIZE) < 0.01 and "Serif" in line[0].font:
                body_lines += 1
                added = [
                    (b.x - a.x - size) / size
                    for a, b in itertools.pairwise(line)
                    if is_han(a.ch) and is_han(b.ch) and abs(a.advance - size) < 0.01
                ]
                if added and max(added) > 0.25 + TOL:
                    loose.append((max(added), f"page {pno}: +{max(added):.3f} em: {text}"))
    failures += bad_gaps
    failures += [what for _, what in loose]

    copied = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = squash(copied)
    missing = [p for p in paragraphs if squash(p) not in flat]
    failures += [f"paragraph not copied out as written: {p[:40]}…" for p in missing]

    print(f"{pdf.name}: {sum(len(p) for p in pages)} lines on {len(pages)} pages")
    print(f"  forbidden line starts: {starts}; forbidden line ends: {ends}")
    print(f"  headlines of two or more lines: {heads}; broken inside a word: {split_heads}")
    worst = max((w for w, _ in loose), default=0.0)
    print(
        f"  justified body lines: {body_lines}; looser than 1/4 em a gap: {len(loose)}"
        + (f" (worst +{worst:.3f} em)" if loose else "")
    )
    if gaps:
        print(
            f"  CJK–Latin gaps: {len(gaps)}, {min(gaps):.3f}–{max(gaps):.3f} em; "
            f"outside 1/8–1/3 em: {len(bad_gaps)}"
        )
    if unmeasured:
        print(f"  glyphs of justified addresses (/ActualText runs) not measured: {unmeasured}")
    print(
        f"  paragraphs copied out exactly (whitespace aside): {len(paragraphs) - len(missing)} of {len(paragraphs)}"
    )
    for failure in failures:
        print("  FAIL " + failure)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("issue", type=Path)
    parser.add_argument(
        "--pdf", type=Path, help="the issue's PDF (default: build it into a temporary folder)"
    )
    args = parser.parse_args()
    if args.pdf:
        return audit(args.issue, args.pdf)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.pdf"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bulletin_pdf.commands.cli",
                "build",
                str(args.issue),
                "-o",
                str(out),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return audit(args.issue, out)


if __name__ == "__main__":
    sys.exit(main())

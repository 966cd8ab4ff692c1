#!/usr/bin/env python3
"""Measures made-up pages from the PDF, as a make-up editor would look at them.

For every page of a PDF built from an issue (a build or a proof; a proof's 超版 sheets and
watermark are left out) it reports:

- holes: a blank run longer than 2½ body lines in any grid column, between the column's first
  line and the folio (every glyph, image and box counts as something in the column);
- collisions: two glyphs printed over each other, a glyph on a photo, or anything but the
  folio and the imprint in their rows (a photo or caption running over them).

    python scripts/measure_pages.py ISSUE_DIR [PDF] [--json]
    python scripts/measure_pages.py tests/issues/*/ --build     # builds proofs to a temp dir first

A page is clean when it has neither. Exit status 0 when every page is clean, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

HOLE_LINES = 2.5
WATERMARK_MIN_SIZE = 90.0  # pt: the proof's 校样 is far larger than any masthead


@dataclass
class PageFindings:
    page: int
    holes: list[str] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.holes and not self.collisions


def _layout(issue_dir: Path):
    from bulletin_pdf.source.load import load

    return load(issue_dir)


FURNITURE = {"furniture", "masthead", "imprint"}  # running heads, folios: not a block's headline
HEAD_ROLES = {
    "title",
    "title2",
    "kicker",
    "subtitle",
    "list_title",
    "briefs_title",
    "greeting_title",
    "byline",
    "jump",
    "salutation",
    "signature",
    "masthead",
    "masthead-info",
    "running-head",
    "folio",
}


def display_facts(page_list):
    """From one page's display list: the bands a headline's white covers (its block's full
    width: space around a headline belongs to the headline) and blocks whose items overlap."""
    from bulletin_pdf.model.display import TextItem, item_extent

    extents: dict[str, list[float]] = {}
    for item in page_list.items:
        box = item_extent(item)
        if box is None:
            continue
        e = extents.setdefault(item.block, [box[0], box[1], box[2], box[3]])
        e[0], e[1], e[2], e[3] = (
            min(e[0], box[0]),
            min(e[1], box[1]),
            max(e[2], box[2]),
            max(e[3], box[3]),
        )
    # a block's headline group with the white around it: from a line above its first
    # headline line to its last, across the block
    heads: dict[str, list[float]] = {}
    for item in page_list.items:
        if (
            isinstance(item, TextItem)
            and item.role in HEAD_ROLES
            and item.block in extents
            and item.block not in FURNITURE
        ):
            size = item.line.size
            h = heads.setdefault(item.block, [item.y - 0.88 * size, item.y + 0.12 * size])
            h[0], h[1] = min(h[0], item.y - 0.88 * size), max(h[1], item.y + 0.12 * size)
    pitch = 14.5
    bands = [
        (extents[b][0], y0 - 1.2 * pitch, extents[b][2], y1 + 0.5 * pitch)
        for b, (y0, y1) in heads.items()
    ]
    overlaps = []
    boxes = [
        (item.block, item_extent(item))
        for item in page_list.items
        if not (item.role or "").endswith("rule")
        and item.block not in ("furniture", "masthead", "imprint")
    ]
    for k, (ba, a) in enumerate(boxes):
        for bb, b in boxes[k + 1 :]:
            if (
                ba != bb
                and a
                and b
                and min(a[2], b[2]) - max(a[0], b[0]) > 1
                and min(a[3], b[3]) - max(a[1], b[1]) > 1
            ):
                overlaps.append(f"blocks {ba} and {bb} overlap")
    return bands, sorted(set(overlaps))


def measure(pdf: Path, issue_dir: Path, display=None) -> list[PageFindings]:
    issue, lay = _layout(issue_dir)
    n_pages = len(issue.pages)
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    printed = 0
    for index in range(len(doc)):
        if printed == n_pages:
            break
        page = doc[index]
        text = page.get_textpage()
        whole = text.get_text_range()
        if "超版文字" in whole and "校样附页" in whole:
            continue  # a proof-only sheet after its page
        printed += 1
        bands, overlaps = display_facts(display[printed - 1]) if display else ([], [])
        found = _measure_page(page, text, lay, printed, bands)
        found.collisions += overlaps
        out.append(found)
    return out


def _measure_page(page, text, lay, number: int, bands=()) -> PageFindings:
    height = page.get_height()
    found = PageFindings(number)
    top = lay.margin_top
    foot = lay.margin_top + lay.type_height  # the type area's foot, from the top
    folio_top = foot - lay.pitch
    glyphs = []  # (x0, y0, x1, y1, char), y from the top
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch.strip():
            continue
        l, b, r, t = text.get_charbox(i)
        if t - b > WATERMARK_MIN_SIZE or r <= l:
            continue
        y0, y1 = height - t, height - b
        if y1 < top - 1 or y0 > foot + 1:
            continue  # the proof slug and marks outside the type area
        glyphs.append((l, y0, r, y1, ch))
    images, boxes = [], []
    for obj in page.get_objects(max_depth=3):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            l, b, r, t = _visible_bounds(obj)
            images.append((l, height - t, r, height - b))
        elif obj.type == raw.FPDF_PAGEOBJ_PATH:
            l, b, r, t = obj.get_bounds()
            if r - l > 6:  # a box, a tint or a rule across a column
                boxes.append((l, height - t, r, height - b))
    # furniture rows: the folio row, and on the page with the imprint the rows from its rule down
    imprint_top = _imprint_top(text, height)
    reserved_top = folio_top if imprint_top is None else imprint_top - 0.6 * lay.pitch
    # ---- holes
    for col in range(lay.columns):
        cx0 = lay.column_x(col) + 1
        cx1 = cx0 + lay.column_width - 2
        spans = [
            (y0, y1) for x0, y0, x1, y1, _ in glyphs if x1 > cx0 and x0 < cx1 and y0 < reserved_top
        ]
        spans += [
            (y0, min(y1, reserved_top))
            for x0, y0, x1, y1 in images + boxes + list(bands)
            if x1 > cx0 and x0 < cx1 and y0 < reserved_top
        ]
        if not spans:
            found.holes.append(f"column {col + 1}: empty")
            continue
        spans.sort()
        cursor = spans[0][1]
        for y0, y1 in spans[1:]:
            if y0 - cursor > HOLE_LINES * lay.pitch:
                found.holes.append(
                    f"column {col + 1}: {(y0 - cursor) / lay.pitch:.1f} blank lines "
                    f"at row {(cursor - top) / lay.pitch + 1:.0f}"
                )
            cursor = max(cursor, y1)
        if reserved_top - cursor > HOLE_LINES * lay.pitch:
            found.holes.append(
                f"column {col + 1}: {(reserved_top - cursor) / lay.pitch:.1f} blank lines "
                f"above the folio"
            )
    # ---- collisions
    buckets: dict[tuple[int, int], list[int]] = {}
    for k, (x0, y0, x1, y1, _) in enumerate(glyphs):
        for bx in range(int(x0 // 20), int(x1 // 20) + 1):
            for by in range(int(y0 // 20), int(y1 // 20) + 1):
                buckets.setdefault((bx, by), []).append(k)
    seen = set()
    for members in buckets.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                g, h = glyphs[i], glyphs[j]
                w = min(g[2], h[2]) - max(g[0], h[0])
                d = min(g[3], h[3]) - max(g[1], h[1])
                if w <= 0 or d <= 0:
                    continue
                smaller = min((g[2] - g[0]) * (g[3] - g[1]), (h[2] - h[0]) * (h[3] - h[1]))
                if smaller > 0 and w * d > 0.3 * smaller:
                    found.collisions.append(
                        f"glyphs “{g[4]}” and “{h[4]}” overprint at "
                        f"row {(g[1] - top) / lay.pitch + 1:.0f}"
                    )
    for x0, y0, x1, y1, ch in glyphs:
        for ix0, iy0, ix1, iy1 in images:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if ix0 < cx < ix1 and iy0 < cy < iy1:
                found.collisions.append(
                    f"“{ch}” printed on a photo at row {(cy - top) / lay.pitch + 1:.0f}"
                )
    for *_, iy1 in images:
        if iy1 > reserved_top + 0.5:
            found.collisions.append(
                f"a photo runs {(iy1 - reserved_top) / lay.pitch:.1f} lines into the folio/imprint rows"
            )
    for _, y0, _, y1, ch in glyphs:
        if y0 >= reserved_top - 0.5 or y1 <= reserved_top:
            continue
        found.collisions.append(f"“{ch}” crosses into the folio/imprint rows")
    found.collisions = sorted(set(found.collisions))
    return found


def _visible_bounds(obj) -> tuple[float, float, float, float]:
    """An image's bounds cut to its clip path (a photo is drawn whole and clipped to its frame)."""
    l, b, r, t = obj.get_bounds()
    clip = raw.FPDFPageObj_GetClipPath(obj.raw)
    if not clip:
        return l, b, r, t
    for k in range(raw.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for s in range(raw.FPDFClipPath_CountPathSegments(clip, k)):
            seg = raw.FPDFClipPath_GetPathSegment(clip, k, s)
            x, y = ctypes.c_float(), ctypes.c_float()
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            l, r, b, t = max(l, min(xs)), min(r, max(xs)), max(b, min(ys)), min(t, max(ys))
    return l, b, r, t


def _imprint_top(text, height: float) -> float | None:
    """Top of the imprint's first line (it opens with 编印单位), from the page's top."""
    searcher = text.search("编印单位")
    hit = searcher.get_next()
    if hit is None:
        return None
    _l, _b, _r, t = text.get_charbox(hit[0])
    return height - t - 2.0


def build_proof(issue_dir: Path, out: Path):
    """Makes up the issue and renders its proof (a proof is written even when text is overset);
    returns the PDF's path and the display lists, or (None, error text)."""
    from bulletin_pdf.commands.build import make, render_made
    from bulletin_pdf.errors import BulletinError

    pdf = out / f"{issue_dir.name}.pdf"
    try:
        made = make(issue_dir)
        pdf.write_bytes(render_made(made))  # no proof watermark: its glyphs cover the page
    except BulletinError as e:
        return None, str(e)
    return pdf, made.makeup.pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "issues", nargs="+", type=Path, help="issue folders (with --build) or ISSUE PDF"
    )
    ap.add_argument("--build", action="store_true", help="build a proof of each issue first")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out", type=Path, help="with --build: keep the proofs in this folder")
    args = ap.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        pairs = []
        if args.build:
            folder = args.out or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            pairs = [(d, *build_proof(d, folder)) for d in args.issues]
        else:
            pairs = [(args.issues[0], args.issues[1], None)]
        for issue_dir, pdf, display in pairs:
            if pdf is None:
                results[str(issue_dir)] = None
                print(f"{issue_dir}: no PDF was made: {display}")
                continue
            results[str(issue_dir)] = measure(pdf, issue_dir, display)
    total = clean = 0
    for issue_dir, pages in results.items():
        if pages is None:
            print(f"{issue_dir}: no PDF was made")
            continue
        for p in pages:
            total += 1
            clean += p.clean
            if not args.json:
                state = (
                    "clean" if p.clean else f"{len(p.holes)} holes, {len(p.collisions)} collisions"
                )
                print(f"{issue_dir} page {p.page}: {state}")
                for h in p.holes:
                    print(f"    hole: {h}")
                for c in p.collisions[:8]:
                    print(f"    collision: {c}")
    if args.json:
        print(
            json.dumps(
                {k: None if v is None else [vars(p) for p in v] for k, v in results.items()},
                ensure_ascii=False,
                indent=1,
            )
        )
    print(f"{clean} of {total} pages clean")
    return 0 if clean == total else 1


if __name__ == "__main__":
    sys.exit(main())

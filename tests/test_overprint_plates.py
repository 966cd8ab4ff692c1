"""Only 100 K text and rules overprint in the sample's final PDF: the red masthead, the grey
tints and the photos knock out. Checked twice: by reading each content stream's overprint
state at every painting operator, and on the plates Ghostscript separates (tiffsep)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pikepdf
import pytest
from conftest import ROOT, SAMPLE

BLACK = (0.0, 0.0, 0.0, 1.0)
MASTHEAD_RED = (0.0, 1.0, 1.0, 0.0)
TINT = (0.0, 0.0, 0.0, 0.12)


@pytest.fixture(scope="module")
def final_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("plates") / "final.pdf"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "bulletin_pdf.commands.cli",
            "build",
            str(SAMPLE),
            "--final",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    return out


def _paints(page: pikepdf.Page) -> list[tuple[str, object, bool, int]]:
    """(what, colour, overprint, OPM) for every painting operator of the page."""
    gstates = page.obj.Resources.get("/ExtGState", {})
    state = {"op": False, "OP": False, "opm": 0, "fill": (0.0,), "stroke": (0.0,)}
    stack, out = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(dict(state))
        elif op == "Q":
            state = stack.pop()
        elif op == "gs":
            gs = gstates[str(operands[0])]
            if "/OP" in gs:
                state["OP"] = bool(gs.OP)
                state["op"] = bool(gs.OP)  # /OP alone sets both (PDF 1.7 §8.6.7)
            if "/op" in gs:
                state["op"] = bool(gs.op)
            if "/OPM" in gs:
                state["opm"] = int(gs.OPM)
        elif op in ("k", "K"):
            state["fill" if op == "k" else "stroke"] = tuple(round(float(v), 3) for v in operands)
        elif op in ("scn", "SCN", "CS", "cs"):
            state["fill" if op.islower() else "stroke"] = "separation"
        elif op in ("Tj", "TJ"):
            out.append(("text", state["fill"], state["op"], state["opm"]))
        elif op in ("f", "f*", "F"):
            out.append(("fill", state["fill"], state["op"], state["opm"]))
        elif op in ("S", "s"):
            out.append(("stroke", state["stroke"], state["OP"], state["opm"]))
        elif op in ("B", "B*", "b", "b*"):
            out.append(("fill", state["fill"], state["op"], state["opm"]))
            out.append(("stroke", state["stroke"], state["OP"], state["opm"]))
        elif op == "Do":
            out.append(("image", None, state["op"], state["opm"]))
    return out


def test_only_black_text_and_rules_overprint(final_pdf):
    with pikepdf.open(final_pdf) as pdf:
        paints = [p for page in pdf.pages for p in _paints(page)]
    overprinting = {(what, colour) for what, colour, over, _ in paints if over}
    # black text and rules; the registration marks (outside the bleed) are the one other
    assert overprinting <= {("text", BLACK), ("stroke", BLACK), ("stroke", "separation")}, (
        overprinting
    )
    assert all(opm == 1 for _, _, over, opm in paints if over)
    knocked_out = {(what, colour) for what, colour, over, _ in paints if not over}
    assert ("text", MASTHEAD_RED) in knocked_out  # the masthead
    assert ("fill", TINT) in knocked_out  # the boxes' tints
    assert ("image", None) in knocked_out  # the photos
    assert ("text", BLACK) in overprinting and ("text", BLACK) not in knocked_out


@pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript")
def test_plates_show_black_text_on_k_only(final_pdf, tmp_path):
    """On the cyan plate, nothing but the photos: no text, no tint, no rule leaves C ink."""
    from PIL import Image

    dpi = 40
    subprocess.run(
        [
            "gs",
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=tiffsep",
            f"-r{dpi}",
            "-dFirstPage=1",
            "-dLastPage=1",
            f"-sOutputFile={tmp_path}/s.tif",
            str(final_pdf),
        ],
        check=True,
        timeout=120,
    )
    with pikepdf.open(final_pdf) as pdf:
        page = pdf.pages[0]
        media_h = float(page.obj.MediaBox[3])
        tx0, ty0, tx1, ty1 = (float(v) for v in page.obj.TrimBox)
        photos = [_image_rect(ctm) for ctm in _image_ctms(page)]
    assert photos
    # tiffsep writes ink as dark: 255 = no ink
    cyan = Image.open(tmp_path / "s(Cyan).tif").convert("L")
    black = Image.open(tmp_path / "s(Black).tif").convert("L")
    scale = dpi / 72
    mask = Image.new("L", cyan.size, 0)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(mask)
    for x0, y0, x1, y1 in photos:
        draw.rectangle(
            [
                x0 * scale - 2,
                (media_h - y1) * scale - 2,
                x1 * scale + 2,
                (media_h - y0) * scale + 2,
            ],
            fill=255,
        )
    outside_photos = Image.composite(Image.new("L", cyan.size, 255), cyan, mask)
    # inside the trim: the registration marks outside it are on every plate by design
    outside_photos = outside_photos.crop(
        (
            round(tx0 * scale) + 1,
            round((media_h - ty1) * scale) + 1,
            round(tx1 * scale) - 1,
            round((media_h - ty0) * scale) - 1,
        )
    )
    assert outside_photos.getextrema()[0] == 255, "cyan ink outside the photos"
    assert black.getextrema()[0] < 64  # the K plate does carry the text


def _image_ctms(page: pikepdf.Page):
    stack, ctm = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = (
                a * A + b * C,
                a * B + b * D,
                c * A + d * C,
                c * B + d * D,
                e * A + f * C + E,
                e * B + f * D + F,
            )
        elif op == "Do":
            yield ctm


def _image_rect(ctm):
    a, b, c, d, e, f = ctm
    xs, ys = [e, e + a, e + c, e + a + c], [f, f + b, f + d, f + b + d]
    return min(xs), min(ys), max(xs), max(ys)


def test_every_rule_is_drawn_at_the_layouts_rule_width():
    """Column rules, the running head's rule and every box line: the layout's one width
    (the masthead's thick-and-thin pair has its thick half at a multiple of it)."""
    from bulletin_pdf.commands.build import make
    from bulletin_pdf.makeup.furniture import MASTHEAD_HEAVY_RULE
    from bulletin_pdf.model.display import BoxItem, RuleItem

    made = make(SAMPLE)
    widths = {
        (item.role, item.width)
        for page in made.makeup.pages
        for item in page.items
        if isinstance(item, RuleItem)
    }
    widths |= {
        (item.role, item.stroke_width)
        for page in made.makeup.pages
        for item in page.items
        if isinstance(item, BoxItem) and item.stroke is not None
    }
    roles = {role for role, _ in widths}
    assert {"column-rule", "running-head-rule"} <= roles
    heavy = MASTHEAD_HEAVY_RULE * made.layout.rule_width
    assert {w for _, w in widths} == {made.layout.rule_width, heavy}, widths
    assert {role for role, w in widths if w == heavy} == {"masthead-rule"}

"""render/subset.py cuts a font to a subset with the very bytes ReportLab's makeSubset gives."""

from __future__ import annotations

import random
from pathlib import Path
from struct import unpack_from

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from bulletin_pdf.render.subset import Subsetter

FONTS = Path(__file__).resolve().parents[1] / "fonts"


def _composite_codes(face) -> list[int]:
    """Characters drawn with a composite glyph (made of other glyphs)."""
    start, _ = face.get_table_pos("glyf")
    pos = face.glyphPos

    def composite(g: int) -> bool:
        return pos[g + 1] > pos[g] and unpack_from(">h", face._ttf_data, start + pos[g])[0] < 0

    return [code for code, g in sorted(face.charToGlyph.items()) if composite(g)]


# WenKai has composite glyphs (their parts renumbered in the subset), Noto Serif has none
@pytest.mark.parametrize("name", ["BulletinWenKai-Regular.ttf", "NotoSerifSC-Regular.ttf"])
def test_subsets_are_reportlabs_bytes(name):
    face = TTFontFace(str(FONTS / name))
    subsetter = Subsetter(face)
    codes = sorted(face.charToGlyph)
    composites = _composite_codes(face)
    assert (name.startswith("BulletinWenKai")) == bool(composites)
    rng = random.Random(16)
    subsets = [
        [0, 32, 0x4E00],  # a few glyphs: short loca offsets
        [0, *range(32, 127)],  # ASCII as ReportLab's first subset holds it
        [0, 0x10FFFD, 0x4E00],  # a character the font lacks maps to glyph 0
        [0, *composites, *rng.sample(codes, 40)],
    ]
    subsets += [[0, *rng.sample(codes, 255)] for _ in range(6)]  # full subsets
    for subset in subsets:
        assert subsetter.make(subset) == face.makeSubset(subset), subset[:8]

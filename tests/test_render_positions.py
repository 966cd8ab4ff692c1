"""The PDF puts every glyph exactly where the composer and make-up said: read the glyph
origins back with PDFium and compare them with the display list."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from conftest import SAMPLE

from bulletin_pdf.commands.build import make, render_made
from bulletin_pdf.model.display import TextItem


def pdf_glyphs(pdf_bytes: bytes, page_index: int) -> list[tuple[str, float, float, float]]:
    """(character, x, y, font size) of every drawn character of a page, in content order."""
    doc = pdfium.PdfDocument(pdf_bytes)
    textpage = doc[page_index].get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
        out.append(
            (
                textpage.get_text_range(i, 1),
                x.value,
                y.value,
                pdfium_c.FPDFText_GetFontSize(textpage.raw, i),
            )
        )
    return out


def test_glyph_origins_match_the_display_list():
    made = make(SAMPLE)
    pdf = render_made(made)
    height = made.layout.trim_height
    for index, page in enumerate(made.makeup.pages):
        expected = [
            (g.text, item.x + g.x, height - item.y, item.line.size)
            for item in page.items
            if isinstance(item, TextItem)
            for g in item.line.glyphs
            if not g.text.isspace()
        ]
        found = [c for c in pdf_glyphs(pdf, index) if not c[0].isspace()]
        assert [c[0] for c in found] == [e[0] for e in expected]
        for (ch, x, y, size), (_, ex, ey, esize) in zip(found, expected):
            assert abs(x - ex) < 0.01 and abs(y - ey) < 0.01, (ch, x, ex, y, ey)
            assert abs(size - esize) < 0.01

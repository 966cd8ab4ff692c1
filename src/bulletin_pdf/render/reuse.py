"""What a process that renders again (serve, --watch, a batch worker) reuses from its earlier
PDFs: font subsets and Flate-compressed streams.

Writing a PDF, ReportLab cuts a font file to each subset of 256 characters (parsing the
font's tables) and compresses every stream, the font files the largest; a rebuild with the
same text asks for the same subsets and the same streams. Both are pure functions of their
input — a subset of the font's glyphs, zlib at its default level — so a remembered answer
is the answer and the bytes stay the same (tests/test_warm.py compares a warm rebuild's PDF
with a cold build's). Both memos are bounded, least recently used first out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from reportlab.pdfbase import pdfdoc

from bulletin_pdf.render.subset import Subsetter

SUBSETS_PER_FONT = 16  # a 4-page issue's face has some 10 subsets
FLATE_BYTES = 16 << 20  # the streams' plain and compressed bytes kept, together

_lock = threading.Lock()


def remember_subsets(face) -> None:
    """Make a ReportLab font face (TTFontFace) remember the subsets it has made."""
    if "makeSubset" in vars(face):
        return
    make_subset = Subsetter(face).make  # ReportLab's bytes, made faster (render/subset.py)
    done: OrderedDict[tuple[int, ...], bytes] = OrderedDict()

    def make_remembered(subset):
        key = tuple(subset)
        with _lock:
            font = done.get(key)
            if font is not None:
                done.move_to_end(key)
                return font
        font = make_subset(subset)
        with _lock:
            done[key] = font
            while len(done) > SUBSETS_PER_FONT:
                done.popitem(last=False)
        return font

    face.makeSubset = make_remembered  # found on the face before its class method


def remember_flate() -> None:
    """Make ReportLab's one Flate filter remember what it compressed (once per process)."""
    flate = pdfdoc.PDFZCompress
    if "encode" in vars(flate):
        return
    encode = flate.encode
    done: OrderedDict[bytes, bytes] = OrderedDict()
    held = 0

    def remembered(text):
        nonlocal held
        if isinstance(text, str):
            text = text.encode("utf8")  # as the filter itself does
        with _lock:
            packed = done.get(text)
            if packed is not None:
                done.move_to_end(text)
                return packed
        packed = encode(text)
        if len(text) + len(packed) > FLATE_BYTES // 4:
            return packed  # too large to keep
        with _lock:
            if text not in done:
                done[text] = packed
                held += len(text) + len(packed)
            while held > FLATE_BYTES:
                plain, old = done.popitem(last=False)
                held -= len(plain) + len(old)
        return packed

    flate.encode = remembered

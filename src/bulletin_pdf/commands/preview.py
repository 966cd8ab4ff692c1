"""Page previews: a PNG per page and a small thumbnail, rasterised by pypdfium2 straight
from the PDF bytes (no temporary PDF). Each file is written atomically, and previews left
over from a longer earlier version of the issue are removed so the folder never shows a
page the issue no longer has."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bulletin_pdf.commands.build import write_atomic

THUMB_WIDTH = 200  # px
_PREVIEW_NAME = re.compile(r"(page|thumb)-(\d+)\.png")


def render_previews(
    pdf: bytes, out_dir: Path, *, dpi: float = 100, thumbs: bool = False
) -> list[Path]:
    """Write page-1.png … (and thumb-1.png … with `thumbs`) into `out_dir`; returns the paths."""
    import pypdfium2 as pdfium
    from PIL import Image

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    doc = pdfium.PdfDocument(pdf)
    try:
        n = len(doc)
        for i in range(n):
            page = doc[i]
            try:
                image = page.render(scale=dpi / 72, draw_annots=False).to_pil().convert("RGB")
            finally:
                page.close()
            written.append(_write_png(image, out_dir / f"page-{i + 1}.png", dpi))
            if thumbs:
                height = max(1, round(image.height * THUMB_WIDTH / image.width))
                thumb = image.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
                written.append(_write_png(thumb, out_dir / f"thumb-{i + 1}.png", None))
    finally:
        doc.close()
    _remove_stale(out_dir, n, thumbs)
    return written


def _write_png(image, path: Path, dpi: float | None) -> Path:
    buf = io.BytesIO()
    # No timestamps or text chunks: the same page gives the same PNG bytes.
    image.save(buf, "PNG", optimize=False, **({"dpi": (dpi, dpi)} if dpi else {}))
    write_atomic(path, buf.getvalue())
    return path


def _remove_stale(out_dir: Path, pages: int, thumbs: bool) -> None:
    for path in out_dir.iterdir():
        match = _PREVIEW_NAME.fullmatch(path.name)
        if not match:
            continue
        stale = int(match.group(2)) > pages or (match.group(1) == "thumb" and not thumbs)
        if stale:
            path.unlink(missing_ok=True)

"""Page previews: a PNG per page and a small thumbnail, rasterised by pypdfium2 straight
from the PDF bytes (no temporary PDF). Each file is written atomically.

Previews write only into a folder of their own: a new or empty folder, or one where an
earlier preview left its record (`.bulletin-preview.json`, the names it wrote). Previews
left over from a longer earlier version of the issue are removed so the folder never shows
a page the issue no longer has — but only files the record says a preview wrote: a
`page-1.png` put there by someone else is never overwritten or deleted."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

from bulletin_pdf import limits, safefiles
from bulletin_pdf.commands.build import write_atomic
from bulletin_pdf.errors import InputError, Where, doing

THUMB_WIDTH = 200  # px
RECORD = ".bulletin-preview.json"
RECORD_FORMAT = 1
_PREVIEW_NAME = re.compile(r"(page|thumb)-([1-9]\d{0,3})\.png")
_OWN_FIX = (
    "give a new or empty folder (previews keep a record of what they wrote there, "
    f"{RECORD}, and write only where that record is)"
)


def check_preview_folder(out_dir: Path) -> list[str]:
    """The names an earlier preview wrote into `out_dir` (from its record); an InputError
    when the folder exists, is not empty and is not a preview folder."""
    out_dir = Path(out_dir)
    if not os.path.lexists(out_dir):
        return []
    safefiles.output_folder(out_dir, what="preview folder")
    try:
        names = sorted(os.listdir(out_dir))
    except OSError as err:
        raise InputError(
            f"the preview folder {out_dir} {safefiles.os_problem(err)}",
            Where(str(out_dir)),
            _OWN_FIX,
        ) from None
    if RECORD in names:
        return _read_record(out_dir / RECORD)
    strangers = [n for n in names if not n.startswith(".")] or names
    if strangers:
        shown = ", ".join(strangers[:3]) + (" …" if len(strangers) > 3 else "")
        raise InputError(
            f"the folder {out_dir} already holds files a preview did not write "
            f"({shown}); preview writes only into a folder of its own",
            Where(str(out_dir)),
            _OWN_FIX,
        )
    return []


def _read_record(path: Path) -> list[str]:
    fix = (
        f"delete {path} and the page-N.png / thumb-N.png files beside it (they are only "
        "previews), or give a new folder"
    )
    data = safefiles.read_bytes(
        path,
        "preview record",
        Where(str(path)),
        limits.MAX_PREVIEW_RECORD_BYTES,
        "MAX_PREVIEW_RECORD_BYTES",
    )
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise InputError(
            f"the preview record {path} is damaged: {err}", Where(str(path)), fix
        ) from None
    files = record.get("files") if isinstance(record, dict) else None
    if (
        not isinstance(record, dict)
        or record.get("format") != RECORD_FORMAT
        or not isinstance(files, list)
        or not all(isinstance(n, str) and _PREVIEW_NAME.fullmatch(n) for n in files)
    ):
        raise InputError(
            f"the preview record {path} is not one bulletin-pdf wrote "
            f"(format {RECORD_FORMAT}, a list of page-N.png / thumb-N.png names)",
            Where(str(path)),
            fix,
        )
    return files


def _write_record(out_dir: Path, names) -> None:
    text = json.dumps({"format": RECORD_FORMAT, "files": sorted(set(names), key=_order)}, indent=1)
    write_atomic(out_dir / RECORD, (text + "\n").encode("utf-8"))


def _order(name: str) -> tuple[str, int]:
    found = _PREVIEW_NAME.fullmatch(name)
    assert found is not None, name  # the record holds only such names (checked when read)
    return (found.group(1), int(found.group(2)))


def render_previews(
    pdf: bytes, out_dir: Path, *, dpi: float = 100, thumbs: bool = False
) -> list[Path]:
    """Write page-1.png … (and thumb-1.png … with `thumbs`) into `out_dir`; returns the paths."""
    import pypdfium2 as pdfium
    from PIL import Image

    out_dir = Path(out_dir)
    earlier = check_preview_folder(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with doing("rasterising the pages"):
        doc = pdfium.PdfDocument(pdf)
        try:
            n = len(doc)
            if n > limits.MAX_PAGES:
                raise InputError(
                    f"the PDF has {n} pages; previews are made for at most "
                    f"{limits.MAX_PAGES} (limits.MAX_PAGES)",
                    Where(str(out_dir)),
                    "preview an issue, not a longer document",
                )
            planned = [f"page-{i + 1}.png" for i in range(n)] + (
                [f"thumb-{i + 1}.png" for i in range(n)] if thumbs else []
            )
            # recorded first with what is about to be written: a run killed half-way still
            # leaves a record of every file it may have made
            _write_record(out_dir, [*earlier, *planned])
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
    _remove_stale(out_dir, set(earlier) - set(planned))
    _write_record(out_dir, planned)
    return written


def _write_png(image, path: Path, dpi: float | None) -> Path:
    buf = io.BytesIO()
    # No timestamps or text chunks: the same page gives the same PNG bytes.
    image.save(buf, "PNG", optimize=False, **({"dpi": (dpi, dpi)} if dpi else {}))
    write_atomic(path, buf.getvalue())
    return path


def _remove_stale(out_dir: Path, names: set[str]) -> None:
    """Remove previews an earlier run wrote (by its record) that this run did not."""
    for name in names:
        path = out_dir / name
        if os.path.islink(path) or not path.is_file():
            continue
        path.unlink(missing_ok=True)

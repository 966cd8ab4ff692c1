"""One page of a made-up issue as a screen image, and where each block stands on it.

The page goes through the real renderer (render.pdf) into a one-page PDF, which pypdfium2
rasterises: what the browser shows is what the PDF draws. Only the photos differ: a
screen image needs a few hundred pixels where the print needs thousands, so each photo is
decoded once at screen resolution (JPEG draft decoding reads an eighth of the pixels) and
kept in memory; embedding and rasterising a camera original again on every save would
cost most of a rebuild. The proof and final PDFs never go through this module.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from bulletin_pdf.model.display import BoxItem, ImageItem, PageList, RuleItem, TextItem
from bulletin_pdf.source.inputs import file_version

SCREEN_DPI = 80.0  # 270 mm wide pages become 850 px: a screen's width at 100 %
PHOTO_OVERSAMPLE = 2.0  # photo pixels per screen pixel, so a zoomed page stays sharp
PNG_LEVEL = 1  # zlib level: 6 takes three times as long for 5 % less


@dataclass(frozen=True)
class BlockBox:
    """The rectangle a block's items cover on its page, in points from the trim's top-left."""

    block: str
    x: float
    y: float
    width: float
    height: float


def block_boxes(page: PageList, fonts=None) -> list[BlockBox]:
    """Every block's box on a page, read from the display list alone (the items each carry
    their block's id), so it holds whatever the make-up planner decides. Page furniture
    (masthead, folios) has its own ids and gets boxes too; items with no block are left out.
    A text line covers its font's em box (typo ascender to descender; `fonts`, a FontSet,
    gives them, else 0.88 and 0.12 em)."""
    extents: dict[str, list[float]] = {}
    for item in page.items:
        if not item.block:
            continue
        x0, y0, x1, y1 = _extent(item, fonts)
        box = extents.get(item.block)
        if box is None:
            extents[item.block] = [x0, y0, x1, y1]
        else:
            box[0], box[1] = min(box[0], x0), min(box[1], y0)
            box[2], box[3] = max(box[2], x1), max(box[3], y1)
    return [
        BlockBox(block, x0, y0, x1 - x0, y1 - y0) for block, (x0, y0, x1, y1) in extents.items()
    ]


def _extent(item, fonts=None) -> tuple[float, float, float, float]:
    if isinstance(item, TextItem):
        size = item.line.size
        ascent, descent = 0.88, -0.12
        if fonts is not None and item.line.font in fonts:
            metrics = fonts.metrics(item.line.font)
            ascent, descent = metrics.ascent, metrics.descent
        return (
            item.x,
            item.y - ascent * size,
            item.x + max(item.line.measure, item.line.right),
            item.y - descent * size,
        )
    if isinstance(item, (ImageItem, BoxItem)):
        return item.x, item.y, item.x + item.width, item.y + item.height
    if isinstance(item, RuleItem):
        half = item.width / 2
        return (
            min(item.x0, item.x1) - half,
            min(item.y0, item.y1) - half,
            max(item.x0, item.x1) + half,
            max(item.y0, item.y1) + half,
        )
    raise TypeError(f"unknown display item {type(item).__name__}")


class ScreenPhotos:
    """Photos decoded at screen resolution, kept per version of the file and frame size."""

    def __init__(self, dpi: float, limit: int = 256):
        self.ppi = dpi * PHOTO_OVERSAMPLE
        self._limit = limit
        self._done: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def resolve(self, page: PageList) -> dict:
        """The page's photos for render (photos/stage.py's ResolvedPhotos), each cropped to
        its frame as the proof crops it."""
        return {item: self._prepared(item) for item in page.items if isinstance(item, ImageItem)}

    def _prepared(self, item: ImageItem):
        key = (str(item.path), file_version(item.path), item.width, item.height, item.crop)
        with self._lock:
            done = self._done.get(key)
            if done is not None:
                self._done.move_to_end(key)
                return done
        done = self._decode(item)
        with self._lock:
            self._done[key] = done
            while len(self._done) > self._limit:
                self._done.popitem(last=False)
        return done

    def _decode(self, item: ImageItem):
        from PIL import Image, ImageOps

        from bulletin_pdf.photos.images import PreparedImage, crop_box, image_info, open_photo

        width, height = image_info(Path(item.path))  # upright size; the project's limits first
        box = crop_box(width, height, item.width, item.height, item.crop)
        frame_w = max(1, round(item.width / 72 * self.ppi))
        frame_h = max(1, round(item.height / 72 * self.ppi))
        with open_photo(Path(item.path), None) as im:
            if im.format == "JPEG":
                # decode at 1/2 … 1/8 scale straight from the DCT data, never below the frame
                factor = max(1, min(8, (box[2] - box[0]) // frame_w, (box[3] - box[1]) // frame_h))
                im.draft("RGB", (max(1, im.width // factor), max(1, im.height // factor)))
            upright = ImageOps.exif_transpose(im).convert("RGB")
        sx, sy = upright.width / width, upright.height / height
        cropped = upright.crop(
            (round(box[0] * sx), round(box[1] * sy), round(box[2] * sx), round(box[3] * sy))
        )
        small = cropped.resize((frame_w, frame_h), Image.Resampling.BILINEAR)
        buf = io.BytesIO()
        small.save(buf, "JPEG", quality=88)
        return PreparedImage(
            Path(item.path).name, "RGB", frame_w, frame_h, self.ppi, self.ppi, buf.getvalue()
        )


def render_page_png(page: PageList, made, photos: ScreenPhotos, dpi: float = SCREEN_DPI) -> bytes:
    """The page as a PNG at `dpi`, drawn by the renderer and rasterised by pypdfium2."""
    import pypdfium2 as pdfium

    from bulletin_pdf.commands.build import document_meta
    from bulletin_pdf.render.pdf import RenderOptions, render

    pdf = render(
        [page],
        made.layout,
        made.fonts,
        document_meta(made.issue),
        RenderOptions(compress=False),
        photos.resolve(page),
    )
    doc = pdfium.PdfDocument(pdf)
    try:
        pdf_page = doc[0]
        try:
            image = pdf_page.render(scale=dpi / 72, draw_annots=False).to_pil().convert("RGB")
        finally:
            pdf_page.close()
    finally:
        doc.close()
    return png_bytes(image)


def png_bytes(image) -> bytes:
    """An RGB image as PNG without row filters: Pillow's adaptive filtering takes half its
    encoding time, and a page of text on white compresses well without it (zlib level 1)."""
    import struct
    import zlib

    width, height = image.size
    raw = image.tobytes()
    stride = width * 3
    rows = b"".join(b"\x00" + raw[i : i + stride] for i in range(0, len(raw), stride))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, PNG_LEVEL))
        + chunk(b"IEND", b"")
    )

"""Drawing resolved photos (photos/stage.py) on the canvas; nothing is decoded or checked here.

A prepared photo is JPEG bytes (passed through as DCT, not re-encoded) or a Pillow image
(written as Flate), both DeviceCMYK or DeviceGray, drawn without a mask: an SMask would be
transparency, which PDF/X-1a forbids. A proof's whole JPEG file is placed as it is, clipped
to its frame.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc

from bulletin_pdf.photos.images import PreparedImage
from bulletin_pdf.photos.stage import WholeFile


def draw_prepared(canvas, photo: PreparedImage, x: float, y: float, w: float, h: float) -> None:
    """The photo filling the frame whose bottom-left corner is (x, y) in PDF points."""
    source = io.BytesIO(photo.data) if photo.data is not None else photo.image
    canvas.drawImage(ImageReader(source), x, y, width=w, height=h, mask=None)


def draw_whole_file(canvas, photo: WholeFile, x: float, y: float, w: float, h: float) -> None:
    """The whole file, scaled so that its crop box fills the frame, clipped to the frame."""
    box = photo.box
    scale = w / (box[2] - box[0])
    canvas.saveState()
    frame = canvas.beginPath()
    frame.rect(x, y, w, h)
    canvas.clipPath(frame, stroke=0, fill=0)
    name = _jpeg_xobject(canvas, photo)
    canvas.translate(x - box[0] * scale, y - (photo.height_px - box[3]) * scale)
    canvas.scale(photo.width_px * scale, photo.height_px * scale)
    canvas._code.append(f"/{name} Do")
    canvas.restoreState()


def _jpeg_xobject(canvas, photo: WholeFile) -> str:
    """Register a JPEG file as an image XObject named after its *content*, once per PDF.

    ReportLab's drawImage names a file's XObject after its path, so the same issue built in
    another folder (an archive's checkout, a batch worker's copy) would give other bytes;
    this is drawImage's registration with a content name (ReportLab still reads the JPEG
    header only and embeds the file as it is)."""
    name = f"Photo{photo.digest}"
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is None:
        image = pdfdoc.PDFImageXObject(name, str(photo.path), mask=None)
        image.name = name
        canvas._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(name, image)
    canvas._formsinuse.append(name)
    return reg_name

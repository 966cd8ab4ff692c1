"""Picture bytes as the photo stage takes them: JPEG and PNG as they are, any other raster
format Pillow reads converted to PNG (lossless), anything else refused (None)."""

from __future__ import annotations

import io
from pathlib import Path

_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"


def picture_bytes(data: bytes) -> tuple[bytes, str] | None:
    if data.startswith(_JPEG):
        return data, "jpg"
    if data.startswith(_PNG):
        return data, "png"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, "PNG")
            return out.getvalue(), "png"
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def picture_file(path: Path) -> tuple[bytes, str] | None:
    return picture_bytes(Path(path).read_bytes())

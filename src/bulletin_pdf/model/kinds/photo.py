"""The photo: set inside an article (`photos:`) or standing on its own (`type: photo`).

How a photo is set and the sizes it may take are in makeup/kinds/photo.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from bulletin_pdf.errors import Where
from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, Role, key
from bulletin_pdf.model.text import Text


@dataclass(kw_only=True)
class Photo:
    NAME: ClassVar[str] = "photo"
    WHAT: ClassVar[str] = "a photo"
    DOC: ClassVar[str] = "A photo set inside an article."

    file: Path = key(
        "file",
        "Image file, relative to the issue folder, e.g. images/meeting.jpg; "
        "it must lie inside the issue folder.",
        required=True,
        example="images/photo.jpg",
    )  # resolved, checked to lie inside the folder
    caption: Text | None = key(
        "text",
        "图片说明: set under the photo, as wide as the photo.",
        example="区委副书记钟晓咏讲话",
    )
    credit: Text | None = key(
        "text", "Photographer, set after the caption, e.g. 顾莉敏 摄.", example="顾莉敏 摄"
    )
    ratio: float | None = key(
        "ratio",
        'Crop the photo to this width/height, e.g. 1.5 or "3:2" '
        "(default: the image's own proportions).",
        example='"3:2"',
    )
    focus: tuple[float, float] = key(
        "point",
        "Centre of the crop, [x, y] from the left and top, each 0..1.",
        default=(0.5, 0.5),
        example="[0.5, 0.4]",
    )
    columns: int | None = key(
        "whole",
        "How many columns the photo spans inside its article (default: the article's span).",
        minimum=1,
        maximum=12,
        example="2",
    )
    where: Where | None = None


@dataclass(kw_only=True)
class PhotoBlock(BlockModel):
    TYPE = "photo"
    ORDER = 20
    NAME = "photo_block"
    WHAT = "a photo block"
    DOC = "A photo standing on its own on the page."
    TYPE_DOC = "a photo on its own"
    ROLES: ClassVar[dict[str, Role]] = {
        "caption": Role("图片说明 under a photo"),
        "credit": Role("photographer credit after a caption"),
    }

    # The photo's keys stand in the block itself; its `columns` is the block's.
    photo: Photo = key("photo", "The photo.", required=True)
    columns: int | None = keys.columns()
    column: int | None = keys.column()
    place: str | None = keys.place()
    pin: bool = keys.pin()
    filler: bool = keys.filler()

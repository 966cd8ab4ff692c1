"""The photo stage: every photo of the made-up pages opened, checked, turned upright and (for
final output) separated for the press, once, before render.

Render only draws what this stage hands it (`ResolvedPhotos`), and `check` runs this stage
alone to report photo problems without drawing anything. A photo that is damaged, too large
or (in final output) below print resolution is refused here, at the issue's line that names
it; one below print resolution in a proof is a warning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bulletin_pdf.errors import BulletinError, Report, Warning, Where
from bulletin_pdf.model.display import ImageItem, PageList
from bulletin_pdf.model.layout import Layout
from bulletin_pdf.photos.images import (
    PreparedImage,
    crop_box,
    image_info,
    low_ppi_message,
    open_photo,
    orientation,
    ppi_of,
    prepare_image,
    shrunk_message,
    verify_jpeg,
)


@dataclass(frozen=True)
class WholeFile:
    """A proof's JPEG that goes into the PDF as it is (no second JPEG generation, most of a
    proof's build time saved): the whole file, scaled so that `box` (pixels) fills the
    frame, clipped to the frame. `digest` names its XObject after its content."""

    path: Path
    digest: str
    width_px: int
    height_px: int
    box: tuple[int, int, int, int]


Resolved = WholeFile | PreparedImage
ResolvedPhotos = dict[ImageItem, Resolved]  # what render draws for each photo item


def resolve_photos(
    pages: Iterable[PageList],
    layout: Layout,
    *,
    final: bool,
    report: Report | None = None,
    base: Path | None = None,
    places: dict[Path, Where] | None = None,
    on_error: Callable[[PageList, BulletinError], None] | None = None,
) -> ResolvedPhotos:
    """Every ImageItem of `pages`, resolved for drawing. Warnings go to `report`, each once.

    `places` maps a photo file to where the issue names it, so that a photo found damaged
    or too coarse is reported at the issue's line, not at a path. An error is raised, or,
    with `on_error`, handed to it with its page and the other photos still resolved."""
    profile = None
    if layout.icc_profile:
        profile = Path(layout.icc_profile)
        if not profile.is_absolute() and base is not None:
            profile = base / profile
    seen: set[tuple[str, str]] = set()
    done: ResolvedPhotos = {}
    for page in pages:
        for item in page.items:
            if not isinstance(item, ImageItem) or item in done:
                continue
            where = (places or {}).get(Path(item.path))
            if where is None:
                where = (
                    Where(str(item.path), 0, item.block) if item.block else Where(str(item.path))
                )
            try:
                resolved, found = _resolve(item, layout, final, profile, where)
            except BulletinError as e:
                if on_error is None:
                    raise
                on_error(page, e)
                continue
            done[item] = resolved
            for w in found:
                key = (w.what, str(w.where))
                if report is not None and key not in seen:  # a photo placed twice warns once
                    seen.add(key)
                    report.warnings.append(w)
    return done


def _resolve(
    item: ImageItem, layout: Layout, final: bool, profile: Path | None, where: Where
) -> tuple[Resolved, tuple[Warning, ...]]:
    resolved, found = _resolve_pixels(item, layout, final, profile, where)
    shrunk = shrunk_message(Path(item.path), *image_info(Path(item.path), where))
    if shrunk is not None:
        found = (*found, Warning(shrunk[0], where, shrunk[1], "image"))
    return resolved, found


def _resolve_pixels(
    item: ImageItem, layout: Layout, final: bool, profile: Path | None, where: Where
) -> tuple[Resolved, tuple[Warning, ...]]:
    if not final:
        as_is = _proof_passthrough(item, layout.min_image_ppi, layout.max_image_ppi, where)
        if as_is is not None:
            return as_is
    prepared = prepare_image(
        item.path,
        item.width,
        item.height,
        item.crop,
        mode="final" if final else "proof",
        min_ppi=layout.min_image_ppi,
        max_ppi=layout.max_image_ppi,
        profile=profile,
        where=where,
    )
    return prepared, prepared.warnings


def _proof_passthrough(
    item: ImageItem, min_ppi: float, max_ppi: float, where: Where
) -> tuple[WholeFile, tuple[Warning, ...]] | None:
    """For a proof, a JPEG that can go into the PDF as it is: RGB or grey, upright, not far
    above the print resolution, and complete (decoded strictly once here). None means
    "convert it as for print"."""
    path = Path(item.path)
    im = open_photo(path, where)
    try:
        if im.format != "JPEG" or im.mode not in ("RGB", "L") or orientation(im) != 1:
            return None
        w, h = im.size
    finally:
        im.close()
    box = crop_box(w, h, item.width, item.height, item.crop)
    ppi = min(ppi_of(box[2] - box[0], item.width), ppi_of(box[3] - box[1], item.height))
    if ppi > 1.5 * max_ppi:  # a camera original: downsample it instead
        return None
    data = path.read_bytes()
    verify_jpeg(data, path, where)
    found: tuple[Warning, ...] = ()
    if ppi < min_ppi:
        what, fix = low_ppi_message(path, ppi, min_ppi, item.width, item.height, item.crop)
        found = (Warning(what, where, fix, "image"),)
    return WholeFile(path, hashlib.sha1(data).hexdigest(), w, h, box), found

"""What a long-running process keeps between make-ups of one issue: `serve`, `proof --watch`
and `preview --watch` hand a `WarmCache` to `build.make` on every rebuild.

It keeps the layout's font set (its files found once), every composed paragraph
(text/memo.py) and each photo's pixel size (read from its header once per version of the
file). Nothing in it can change what a make-up gives — a photo is known by its path, size,
modification time and inode, so a saved photo is read again, and a changed layout or font
table gets a new font set — tests/test_warm.py compares a warm rebuild's PDF with a cold
build's, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from bulletin_pdf import paths
from bulletin_pdf.errors import Where
from bulletin_pdf.source.inputs import file_version
from bulletin_pdf.text.memo import ComposeMemo


class WarmCache:
    def __init__(self):
        self.compose = ComposeMemo()
        self.shapes: dict = {}  # the kinds' shapes of blocks made up before (makeup/kinds)
        self._fontset: tuple[tuple, object] | None = None
        self._image_sizes: dict[tuple, object] = {}

    def fonts(self, layout, root: Path):
        """The layout's FontSet, made again only when its fonts table or project changes."""
        from bulletin_pdf.text.fonts import FontSet

        key = (tuple(sorted(layout.fonts.items())), str(root))
        if self._fontset is None or self._fontset[0] != key:
            self._fontset = (key, FontSet(layout.fonts, paths.fonts_folder(root)))
        return self._fontset[1]

    def image_info(self, path: Path, where: Where | None = None):
        """photos.images.image_info, remembered per version of the file."""
        from bulletin_pdf.photos.images import image_info

        key = (str(path), file_version(path))
        info = self._image_sizes.get(key)
        if info is None:
            info = image_info(path, where)  # raises for a bad photo: never remembered
            if len(self._image_sizes) > 4096:
                self._image_sizes.clear()
            self._image_sizes[key] = info
        return info

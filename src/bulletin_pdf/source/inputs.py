"""Which files an issue's PDF depends on, and one hash over all of them.

The watch loop polls these files and the batch skips an issue whose hash is unchanged, so
both must agree on the list: the issue YAML, every photo and the logo it references, the
layout file (and its archived version when the issue pins one), and the font files.
The code itself is an input too: `tool_hash` changes whenever the package does, so a
reprint made by a different version of the tool is never taken for an up-to-date one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from bulletin_pdf import paths
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.keys import photos_in

_CHUNK = 1 << 20


def photos_of(issue: m.Issue) -> list[Path]:
    """Every image file the issue places, the masthead logo first, in reading order."""
    files: list[Path] = []
    if issue.newsletter.logo:
        files.append(Path(issue.newsletter.logo))
    for page in issue.pages:
        for blk in page.blocks:
            files += [Path(p.file) for p in photos_in(blk)]
    return list(dict.fromkeys(files))


def layout_files(issue: m.Issue, root: Path) -> list[Path]:
    """The layout file and, when the issue pins a version, its archived copy (whichever
    exists; both are listed so that adding the archive also counts as a change)."""
    files = [paths.layout_file(root, issue.layout)]
    version = getattr(issue, "layout_version", None)
    if version:
        files.append(paths.layout_file(root, issue.layout, version))
    return files


def font_files(fonts) -> list[Path]:
    """The font files of a fonts.FontSet, as it resolved them (project fonts/ first)."""
    return sorted({Path(fonts.path(key)) for key in fonts.keys()})  # noqa: SIM118 (FontSet is not iterable)


def issue_inputs(made) -> list[Path]:
    """Every file the PDF of a made issue (build.Made) depends on, without duplicates."""
    issue = made.issue
    files = [Path(issue.file)]
    files += photos_of(issue)
    files += layout_files(issue, made.root)
    files += font_files(made.fonts)
    return list(dict.fromkeys(files))


class FileHasher:
    """sha256 of files, remembered by (path, size, mtime) so a batch hashes the shared font
    files once, not once per issue."""

    def __init__(self):
        self._seen: dict[tuple[str, int, int], str] = {}

    def digest(self, path: Path) -> str:
        """Hex sha256 of the file's bytes, or "missing" when it does not exist."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return "missing"
        key = (str(path), st.st_size, st.st_mtime_ns)
        known = self._seen.get(key)
        if known is None:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                while chunk := f.read(_CHUNK):
                    h.update(chunk)
            known = self._seen[key] = h.hexdigest()
        return known

    def combined(self, files: list[Path], base: Path, extra: str = "") -> str:
        """One hash over the files' names (relative to `base` where possible) and contents,
        plus `extra` (e.g. the build options). A missing file hashes as "missing", so
        adding it later changes the result."""
        h = hashlib.sha256(extra.encode("utf-8"))
        for path in files:
            h.update(b"\0" + _relative(path, base).encode("utf-8") + b"\0")
            h.update(self.digest(path).encode("ascii"))
        return h.hexdigest()


def _relative(path: Path, base: Path) -> str:
    """The path as seen from `base` ('../fonts/x.ttf'): the same string whichever way the
    path was written, and unchanged when the project folder moves as a whole."""
    return Path(os.path.relpath(Path(path).resolve(), Path(base).resolve())).as_posix()


_TOOL_HASH: str | None = None
# Modules that never touch the PDF's bytes: editing them must not make the archive stale.
# The commands (but the build pipeline itself), preflight and this module.
_NOT_OUTPUT = ("commands/", "preflight/", "source/inputs.py")
_OUTPUT_COMMANDS = ("commands/build.py",)


def _affects_output(relative: str) -> bool:
    return relative in _OUTPUT_COMMANDS or not relative.startswith(_NOT_OUTPUT)


def tool_hash() -> str:
    """Hash of the package's own source and data files and of the libraries that write the
    PDF: a new version of any of them may set the same input differently."""
    global _TOOL_HASH
    if _TOOL_HASH is None:
        import pikepdf
        import PIL
        import reportlab

        package = paths.PACKAGE
        h = hashlib.sha256(
            f"reportlab {reportlab.Version} pillow {PIL.__version__} "
            f"pikepdf {pikepdf.__version__}".encode()
        )
        for path in sorted(package.rglob("*")):
            if (
                path.is_file()
                and path.suffix != ".pyc"
                and "__pycache__" not in path.parts
                and _affects_output(path.relative_to(package).as_posix())
            ):
                h.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
                h.update(path.read_bytes())
        _TOOL_HASH = h.hexdigest()
    return _TOOL_HASH


def file_version(path: Path) -> tuple[int, int, int] | None:
    """What tells one saved version of a file from another: modification time (ns), size and
    inode (an editor that saves by renaming a new file into place changes the inode even
    within one tick of the file system's clock); None for a missing file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def mtimes(files: list[Path]) -> dict[Path, tuple[int, int, int] | None]:
    """The version (file_version) of each file: what the watch loop polls."""
    return {path: file_version(path) for path in files}

"""Font files: finding them, measuring characters, registering them with ReportLab.

The only module that knows font files. A layout names its fonts by role key
(`song`, `song_bold`, `hei`, `kai`, ...) in its `fonts:` table; `FontSet` turns that table
into metrics for the composer and font names for the renderer.

Each file is parsed once per process, by ReportLab (whose parse the renderer needs anyway),
and only when first used: start-up time counts, and a batch worker that builds many issues
reuses the parsed fonts. Advances are in em (font units / units per em), straight from the
font's hmtx table: measure, don't guess.

A collection (.ttc) is named with its face index after '#', e.g. "simsun.ttc#0"; without
one the choice would silently fall to face 0, which in CJK collections is often the
Japanese face (proportional quotes, JP glyph shapes).

Fallbacks: the project's fonts come in two files a face, a core (GB 2312, 通用规范汉字表,
punctuation: what nearly every issue uses, parsed at every build) and an extension (the rest
of the ideograph blocks, traditional forms, rare marks: parsed only when a text needs one of
its characters). fonts/fallbacks.txt declares, for each core file, its extension and then
the other fonts a character may come from (Kai takes a rare Ext A character from Song).
The composer asks the face's metrics; a character found in a fallback is placed with that
file as its glyph's font, so the PDF names the font each glyph really comes from.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from bulletin_pdf import limits, paths, safefiles
from bulletin_pdf.errors import InputError, Where

SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
)

PREPARE_FIX = (
    "run `python3 scripts/prepare_fonts.py` to build the project fonts into fonts/, or name "
    "another TrueType file in the layout's `fonts:` table (a file in fonts/, in /usr/share/fonts "
    "or ~/.fonts, by its name or its absolute path)"
)


def find_font(name: str, project_fonts: Path | None, where: Where | None = None) -> Path:
    """The file a layout means by `name`: the project's fonts/ first, then the system font
    folders; an absolute path as given. Whichever way it is named, the file (after its
    symbolic links) must lie in the project's fonts/, the tool's own fonts/ or a system font
    folder, be a regular file and be at most limits.MAX_FONT_BYTES. Raises InputError naming
    the font and the fix."""
    if not name or not name.strip():
        raise InputError("a font file name is empty", where, fix=PREPARE_FIX)
    path = Path(name).expanduser()
    if path.is_absolute():
        if path.is_file():
            return _allowed_font(path, name, project_fonts, where)
        raise InputError(f"font file {name} does not exist", where, fix=PREPARE_FIX)
    if ".." in path.parts:
        raise InputError(
            f"font file {name} leads outside the fonts folders ('..')",
            where,
            fix="copy the font into the project's fonts/ folder and name it by its file name alone",
        )
    if project_fonts is not None and (project_fonts / name).is_file():
        return _allowed_font(project_fonts / name, name, project_fonts, where)
    for folder in SYSTEM_FONT_DIRS:
        if (folder / name).is_file():
            return _allowed_font(folder / name, name, project_fonts, where)
    found = _system_fonts_by_name().get(path.name)
    if found is not None:
        return _allowed_font(found, name, project_fonts, where)
    looked = ([str(project_fonts)] if project_fonts is not None else []) + [
        str(d) for d in SYSTEM_FONT_DIRS
    ]
    raise InputError(
        f"font file {name} not found (looked in {', '.join(looked)})", where, fix=PREPARE_FIX
    )


def _allowed_font(path: Path, name: str, project_fonts: Path | None, where: Where | None) -> Path:
    folders = [f for f in (project_fonts, paths.checkout_folder("fonts")) if f is not None] + list(
        SYSTEM_FONT_DIRS
    )
    safefiles.input_file(
        path,
        f"font file {name}",
        where,
        boundaries=folders,
        boundary_name="the font folders (the project's fonts/ and the system's)",
        max_bytes=limits.MAX_FONT_BYTES,
        limit_name="MAX_FONT_BYTES",
        fix_outside="copy the font into the project's fonts/ folder and name it "
        "by its file name alone",
    )
    return path


@lru_cache(maxsize=1)
def _system_fonts_by_name() -> dict[str, Path]:
    """File name -> path for every font under the system folders (first in sorted order wins),
    scanned once per process and only when a font is not found directly."""
    index: dict[str, Path] = {}
    for folder in SYSTEM_FONT_DIRS:
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for file in sorted(files):
                index.setdefault(file, Path(root) / file)
    return index


FALLBACKS_FILE = "fallbacks.txt"


@lru_cache(maxsize=8)
def read_fallbacks(folder: Path | None) -> dict[str, tuple[str, ...]]:
    """fonts/fallbacks.txt: "Face.ttf: Face-Ext.ttf Other.ttf ..." per line, # comments."""
    if folder is None:
        return {}
    try:
        text = (folder / FALLBACKS_FILE).read_text(encoding="utf-8")
    except OSError:
        return {}
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        face, sep, rest = line.partition(":")
        if sep and not face.lstrip().startswith("#"):
            table[face.strip()] = tuple(rest.split())
    return table


def split_face(name: str) -> tuple[str, int | None]:
    """ "simsun.ttc#1" -> ("simsun.ttc", 1); "x.ttf" -> ("x.ttf", None)."""
    file, sep, face = name.rpartition("#")
    if sep and face.isdigit():
        return file, int(face)
    return name, None


class FontMetrics:
    """What the composer needs of one font, in em. `advances` is a plain dict (character ->
    advance) so the hot loop can use it directly; `advance()` is the same lookup."""

    __slots__ = ("advances", "ascent", "descent", "path")

    def __init__(self, path: Path, advances: dict[str, float], ascent: float, descent: float):
        self.path = path
        self.advances = advances
        self.ascent = ascent  # OS/2 typo ascender, em above the baseline
        self.descent = descent  # OS/2 typo descender, em; negative (below the baseline)

    def baseline_in(self, band: float, size: float) -> float:
        """The baseline of this font's em box (typo ascender down to descender) at `size`,
        centred in a band `band` tall, measured from the band's top."""
        return (band - (self.ascent - self.descent) * size) / 2 + self.ascent * size

    def advance(self, ch: str) -> float:
        """Advance of one character in em; 1.0 for a character the font lacks (callers check
        coverage first, with covers() or FontSet.missing())."""
        return self.advances.get(ch, 1.0)

    def covers(self, ch: str) -> bool:
        return ch in self.advances

    def __repr__(self) -> str:
        return f"FontMetrics({self.path.name}, {len(self.advances)} characters)"


class FaceMetrics:
    """A face with its fallbacks, as the composer sees it: `advance` and `covers` answer for
    the first file of the chain that has the character, `face_of` names that file (None: the
    face itself). The primary font is parsed at once; a fallback only when a character
    needs it. `advances` is the primary's dict, for the hot loop."""

    __slots__ = ("_chain", "_found", "advances", "ascent", "descent", "path", "primary")

    def __init__(self, primary: FontMetrics, chain: list[tuple[str, Callable[[], FontMetrics]]]):
        self.primary = primary
        self.advances = primary.advances
        self.path, self.ascent, self.descent = primary.path, primary.ascent, primary.descent
        self._chain = chain  # (font key, zero-argument loader of its FontMetrics)
        self._found: dict[str, tuple[str, float] | None] = {}

    def baseline_in(self, band: float, size: float) -> float:
        """The face's own em-box baseline in a band (its fallbacks align to the face)."""
        return self.primary.baseline_in(band, size)

    def _lookup(self, ch: str) -> tuple[str, float] | None:
        try:
            return self._found[ch]
        except KeyError:
            pass
        found = None
        for key, load in self._chain:
            advance = load().advances.get(ch)
            if advance is not None:
                found = (key, advance)
                break
        self._found[ch] = found
        return found

    def advance(self, ch: str) -> float:
        advance = self.advances.get(ch)
        if advance is not None:
            return advance
        found = self._lookup(ch)
        return found[1] if found else 1.0

    def covers(self, ch: str) -> bool:
        return ch in self.advances or self._lookup(ch) is not None

    def face_of(self, ch: str) -> str | None:
        """The font key of the fallback that sets ch, None when the face has it."""
        if ch in self.advances:
            return None
        found = self._lookup(ch)
        return found[0] if found else None

    def latin_form(self, ch: str) -> tuple[str, float] | None:
        """(font key, advance) of a proportional form of ‘ or ’, for use inside a Latin word:
        the face's extension file carries them (scripts/prepare_fonts.py)."""
        if not self._chain:
            return None
        key, load = self._chain[0]
        advance = load().advances.get(ch)
        if advance is None or advance >= self.advances.get(ch, 1.0):
            return None
        return key, advance

    def __repr__(self) -> str:
        return f"FaceMetrics({self.path.name} + {len(self._chain)} fallbacks)"


class _Loaded:
    """One parsed font file: ReportLab's TTFont and the metrics read from its parse."""

    __slots__ = ("metrics", "registered", "ttfont")

    def __init__(self, ttfont, metrics: FontMetrics):
        self.ttfont = ttfont
        self.metrics = metrics
        self.registered = False


# (resolved path, face index) -> parsed font; shared by every FontSet of the process.
# ReportLab keeps each document's subsets apart, so issues built one after another may
# share a font; documents written at the same time from several threads must not.
_LOADED: dict[tuple[str, int], _Loaded] = {}


def _load(path: Path, face: int, where: Where | None) -> _Loaded:
    cache_key = (str(path.resolve()), face)
    loaded = _LOADED.get(cache_key)
    if loaded is not None:
        return loaded
    twin = _twin(cache_key)
    if twin is not None:  # the same font from another folder: the same font, same names
        _LOADED[cache_key] = twin
        return twin
    from reportlab.pdfbase.ttfonts import TTFError

    from bulletin_pdf.text.fontcache import load_ttfont

    name = _reportlab_name_for(path, face)
    try:
        ttfont = load_ttfont(name, path, face)
    except OSError as exc:
        raise InputError(
            f"font file {path} cannot be read: {exc.strerror or exc}",
            where,
            fix="check the file's permissions, or name another font in the layout",
        ) from None
    except Exception as exc:  # TTFError, or struct/index errors from a damaged file
        reason = (
            str(exc)
            if isinstance(exc, TTFError)
            else f"not a readable TrueType font ({type(exc).__name__})"
        )
        raise _unusable(path, reason, where) from None
    ttface = ttfont.face
    # ReportLab names a subset's font objects and ToUnicode map after the PostScript name:
    # two files that share one (a face and its extension file, or two printer fonts) would
    # share a map, and copying text would give the other file's characters. The later one
    # is named after its file instead, which the PDF then shows (…+NotoSerifSC-Regular-Ext).
    taken = {loaded.ttfont.face.name for loaded in _LOADED.values()}
    if ttface.name in taken:
        ttface.name = re.sub(r"[^A-Za-z0-9+-]", "", path.stem).encode() or b"Font"
        while ttface.name in taken:
            ttface.name += b"~"
    # ReportLab keeps widths in thousandths of an em, whatever the font's units per em.
    widths = ttface.charWidths
    advances = {
        chr(cp): widths[cp] / 1000 for cp, gid in ttface.charToGlyph.items() if gid and cp in widths
    }
    metrics = FontMetrics(path, advances, ttface.ascent / 1000, ttface.descent / 1000)
    loaded = _Loaded(ttfont, metrics)
    _LOADED[cache_key] = loaded
    return loaded


def _twin(cache_key: tuple[str, int]) -> _Loaded | None:
    """A font the process has loaded from another path whose file has the same bytes (a
    project's copy of the fonts). Without it the copy would be a second font of the same
    PostScript name, renamed, and a PDF's font names would depend on what the process had
    built before: a batch or serve would not give a cold build's bytes."""
    import filecmp

    path, face = cache_key
    try:
        size = os.path.getsize(path)
        for (other, other_face), loaded in _LOADED.items():
            if (
                other_face == face
                and other != path
                and os.path.getsize(other) == size
                and filecmp.cmp(other, path, shallow=False)
            ):
                return loaded
    except OSError:
        return None  # reading the file again reports what is wrong with it
    return None


def _reportlab_name_for(path: Path, face: int) -> str:
    """A registration name unique in this process: the file's stem, face, and a counter when
    two different files share a stem."""
    from reportlab.pdfbase import pdfmetrics

    base = path.stem + (f"-{face}" if face else "")
    taken = {loaded.ttfont.fontName for loaded in _LOADED.values()} | set(
        pdfmetrics.getRegisteredFontNames()
    )
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}~{n}"
    return name


def _unusable(path: Path, reason: str, where: Where | None) -> InputError:
    if "postscript outlines" in reason.lower():
        return InputError(
            f"font file {path} has PostScript (CFF) outlines, which ReportLab cannot embed",
            where,
            fix="use a TrueType (glyf) build of the font; scripts/prepare_fonts.py shows how to "
            "convert one with fontTools, or name one of the project fonts in fonts/",
        )
    if "subsetting/embedding" in reason or "embedding" in reason.lower():
        return InputError(
            f"font file {path} does not allow embedding ({reason})",
            where,
            fix="ask the font's vendor for an embeddable licence, or name another font",
        )
    if "version=" in reason or "b'" in reason or 'b"' in reason:
        # the reason quotes the file's first bytes, which may be anything (a password file)
        reason = "it does not start like a TrueType or OpenType font"
    return InputError(
        f"font file {path} cannot be used: {reason}",
        where,
        fix="name a TrueType font (.ttf, or .ttc#N for a face of a collection) in the layout",
    )


def _collection_faces(path: Path) -> list[str]:
    """Face index and full name of each face of a collection, for an error message."""
    try:
        from fontTools.ttLib import TTCollection

        collection = TTCollection(str(path), lazy=True)
        return [f"{i} = {font['name'].getDebugName(4)}" for i, font in enumerate(collection.fonts)]
    except Exception:  # only for a message: an unreadable file is reported by ReportLab
        return []


class FontSet:
    """The fonts of one layout, by role key. Construction finds every file (so a missing
    font is reported before any work); each file is parsed on first use."""

    def __init__(
        self,
        files: Mapping[str, str],
        project_fonts: Path | None,
        wheres: Mapping[str, Where] | None = None,
    ):
        self._wheres = dict(wheres or {})
        self._files: dict[str, tuple[Path, int]] = {}
        # role key -> parsed font, once looked up: the composer asks for metrics per
        # paragraph, and finding a file's entry in _LOADED resolves its path on disk
        self._by_key: dict[str, _Loaded] = {}
        for key, name in files.items():
            where = self._wheres.get(key)
            file, face = split_face(name)
            try:
                path = find_font(file, project_fonts, where)
            except InputError as exc:
                raise InputError(f"font {key}: {exc.what}", exc.where, exc.fix) from None
            if face is None and path.suffix.lower() in (".ttc", ".otc"):
                faces = _collection_faces(path)
                raise InputError(
                    f"font {key}: {name} is a collection; say which face to use",
                    where,
                    fix=f"write it as {file}#N"
                    + (f" ({'; '.join(faces)})" if faces else "")
                    + "; for Chinese text choose the SC face, never JP or KR",
                )
            self._files[key] = (path, face or 0)
        # fallbacks of the project's own fonts, keyed by their file name
        self._chains: dict[str, list[str]] = {}
        self._fallback_files: dict[str, tuple[Path, int]] = {}
        declared = read_fallbacks(project_fonts)
        for key, (path, _) in self._files.items():
            if project_fonts is None or path.parent != project_fonts or path.name not in declared:
                continue
            chain = []
            for name in declared[path.name]:
                if name != path.name and (project_fonts / name).is_file():
                    chain.append(name)
                    self._fallback_files.setdefault(name, (project_fonts / name, 0))
            self._chains[key] = chain
        self._faces: dict[str, FaceMetrics] = {}

    def keys(self) -> list[str]:
        return list(self._files)

    def __contains__(self, key: str) -> bool:
        return key in self._files

    def path(self, key: str) -> Path:
        return self._entry(key)[0]

    def metrics(self, key: str) -> FontMetrics | FaceMetrics:
        """The face's metrics; with its fallbacks when fonts/fallbacks.txt declares some."""
        chain = self._chains.get(key)
        if not chain:
            return self._loaded(key).metrics
        face = self._faces.get(key)
        if face is None:
            loaders: list[tuple[str, Callable[[], FontMetrics]]] = [
                (name, functools.partial(self._metrics_of, name)) for name in chain
            ]
            face = self._faces[key] = FaceMetrics(self._loaded(key).metrics, loaders)
        return face

    def _metrics_of(self, name: str) -> FontMetrics:
        return self._loaded(name).metrics

    def fallbacks(self, key: str) -> list[str]:
        """The font keys (file names) a character the face lacks is looked for in, in order."""
        return list(self._chains.get(key, ()))

    def reportlab_name(self, key: str) -> str:
        """Register the font with ReportLab (once per process) and return its name there."""
        loaded = self._loaded(key)
        if not loaded.registered:
            from reportlab.pdfbase import pdfmetrics

            pdfmetrics.registerFont(loaded.ttfont)
            loaded.registered = True
        return loaded.ttfont.fontName

    def missing(self, text: str, key: str) -> list[str]:
        """Characters of text the font lacks, each once, in order of first appearance
        (whitespace and line breaks are not characters to draw)."""
        metrics = self.metrics(key)
        advances = metrics.advances
        return [
            ch
            for ch in dict.fromkeys(text)
            if ch not in advances and not ch.isspace() and not metrics.covers(ch)
        ]

    def _entry(self, key: str) -> tuple[Path, int]:
        try:
            return self._files[key]
        except KeyError:
            if key in self._fallback_files:
                return self._fallback_files[key]
            raise InputError(
                f"font {key!r} is not in the layout's fonts table (it has: "
                f"{', '.join(self._files) or 'none'})",
                fix=f"add {key}: <file> to the layout's fonts: table, or use one of its keys",
            ) from None

    def _loaded(self, key: str) -> _Loaded:
        loaded = self._by_key.get(key)
        if loaded is None:
            path, face = self._entry(key)
            loaded = self._by_key[key] = _load(path, face, self._wheres.get(key))
        return loaded

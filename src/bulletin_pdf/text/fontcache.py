"""A per-user cache of ReportLab's parse of a font file.

ReportLab reads a TrueType font's cmap, hmtx and loca tables in pure Python: about 25 ms a
font, a fifth of a whole build of the sample issue. The result depends only on the font
file and the ReportLab version, so it is kept in the user's cache folder and read back with
pickle (a few ms). The key is the font's content, not its name or date: the table
directory of a TrueType file holds a checksum of every table (and head a checksum of the
whole file), so a rebuilt or replaced font gets a new entry even where a copy, an archive
or a checkout gave it the old size and modification time. Anything unexpected — another
ReportLab, a damaged cache file, a read-only home — falls back to parsing the font as usual: the cache can make a build
faster, never different.

The folder is $BULLETIN_PDF_CACHE, else $XDG_CACHE_HOME/bulletin-pdf, else
~/.cache/bulletin-pdf; BULLETIN_PDF_CACHE=0 turns the cache off. Only the user's own
folder is read: a pickle is code, never to be loaded from a place others can write.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
import tempfile
from pathlib import Path

from bulletin_pdf import paths

_FORMAT = 2  # bump when what is stored changes


def fingerprint(path: Path, face: int) -> bytes:
    """What identifies a font file's content, read in two small reads: the face's table
    directory (every table's tag, checksum, offset and length) and head.checkSumAdjustment
    (a checksum of the whole file). A collection (.ttc) is read at its face's directory."""
    with path.open("rb") as f:
        header = f.read(12)
        if header[:4] == b"ttcf":
            f.seek(12 + 4 * face)
            (offset,) = struct.unpack(">I", f.read(4))
            f.seek(offset)
            header = f.read(12)
        (count,) = struct.unpack(">H", header[4:6])
        records = f.read(16 * count)
        whole = b""
        for i in range(count):
            tag, _, offset, _ = struct.unpack(">4sIII", records[16 * i : 16 * i + 16])
            if tag == b"head":
                f.seek(offset + 8)
                whole = f.read(4)
    return header + records + whole


def _key(path: Path, face: int) -> str:
    import reportlab

    st = path.stat()
    text = f"{_FORMAT}|{reportlab.Version}|{face}|{st.st_size}|".encode() + fingerprint(path, face)
    return hashlib.sha256(text).hexdigest()[:32]


def load_ttfont(name: str, path: Path, face: int):
    """ReportLab's TTFont for `path` (face `face`), from the cache when it holds one."""
    from reportlab.pdfbase.ttfonts import TTFont

    folder = paths.cache_folder()
    entry = None
    if folder is not None:
        try:
            entry = folder / f"font-{_key(path, face)}.pickle"
            ttfont = _restore(entry, name, path)
            if ttfont is not None:
                return ttfont
        except Exception:  # any trouble with the cache: parse as usual
            entry = None
    # shapable=False: the composer places every glyph itself; nothing may reshape them.
    ttfont = TTFont(name, str(path), subfontIndex=face, shapable=False)
    if entry is not None:
        _store(entry, ttfont)
    return ttfont


def _restore(entry: Path, name: str, path: Path):
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

    try:
        with entry.open("rb") as f:
            state = pickle.load(f)
    except FileNotFoundError:
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = path.read_bytes()  # the font itself is not duplicated in the cache
    upm = face.unitsPerEm
    face._pdfScale = (lambda x: x) if upm == 1000 else (lambda x, k=1000 / upm: x * k)
    ttfont = TTFont.__new__(TTFont)
    ttfont.fontName = name
    ttfont.face = face
    ttfont.encoding = TTEncoding()
    ttfont.state = WeakKeyDictionary()
    ttfont._asciiReadable = rl_config.ttfAsciiReadable
    ttfont.shapable = False
    return ttfont


def _store(entry: Path, ttfont) -> None:
    state = {k: v for k, v in vars(ttfont.face).items() if k not in ("_pdfScale", "_ttf_data")}
    tmp = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".font-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except Exception:  # no cache today (read-only home, full disk): builds go on
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)

"""A per-user cache of converted photos: the JPEG bytes images.py made of a photo for one
frame, crop and press profile, with the figures that came with them.

Converting a camera original for its frame (decoding, resampling, separating for the
press) takes some 100–200 ms a photo, and the same photo is converted for the same frame
again and again: every worker of a batch, every rebuild of an issue in a new process, every
final build. images.py names an entry by everything the bytes depend on — the photo's and
the profile's content (sha256), the frame, the crop and the resolution limits, and the
versions of Pillow, LittleCMS, the JPEG library and images.py itself — so a recalled entry
is the conversion, byte for byte. The entry repeats its full name, which is checked, and
only a conversion that succeeded is kept (a damaged or refused photo is refused every time).

Entries are a JSON header line and the JPEG bytes (nothing is unpickled). The folder is the
user's cache folder (paths.cache_folder: BULLETIN_PDF_CACHE=0 turns it off) under photos/;
it keeps at most MAX_ENTRIES entries and MAX_BYTES bytes, the least recently used going
first. Anything unexpected (a read-only home, a full disk, a damaged entry) means the photo
is converted as usual: the cache can make a build faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from bulletin_pdf import paths

MAX_ENTRIES = 2000
MAX_BYTES = 256 * 1024 * 1024


def _folder() -> Path | None:
    folder = paths.cache_folder()
    return None if folder is None else folder / "photos"


def _entry(folder: Path, name: str) -> Path:
    return folder / (hashlib.sha256(name.encode()).hexdigest()[:40] + ".entry")


def recall(name: str) -> tuple[dict, bytes] | None:
    """The header and bytes kept under `name`, or None."""
    folder = _folder()
    if folder is None:
        return None
    entry = _entry(folder, name)
    try:
        with entry.open("rb") as f:
            blob = f.read()
        head, _, data = blob.partition(b"\n")
        header = json.loads(head)
        if header.get("name") != name or header.get("length") != len(data):
            return None  # another name with the same hash, or a cut-off file: convert
        os.utime(entry)  # recently used: pruned last
    except (OSError, ValueError):
        return None
    return header, data


def keep(name: str, header: dict, data: bytes) -> None:
    """Store `data` with `header` (JSON-able) under `name`; then prune the folder."""
    folder = _folder()
    if folder is None:
        return
    head = json.dumps({**header, "name": name, "length": len(data)}, ensure_ascii=False)
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".photo-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(head.encode() + b"\n" + data)
        os.replace(tmp, _entry(folder, name))
        tmp = None
        _prune(folder)
    except OSError:  # no cache today: builds go on
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _prune(folder: Path) -> None:
    """Remove the least recently used entries beyond MAX_ENTRIES or MAX_BYTES."""
    entries = []
    for p in folder.glob("*.entry"):
        try:
            st = p.stat()
        except OSError:
            continue  # removed meanwhile by another process
        entries.append((st.st_mtime_ns, st.st_size, p))
    total = sum(size for _, size, _ in entries)
    if len(entries) <= MAX_ENTRIES and total <= MAX_BYTES:
        return
    entries.sort()
    count = len(entries)
    for _, size, p in entries:
        if count <= MAX_ENTRIES and total <= MAX_BYTES:
            break
        try:
            p.unlink()
        except OSError:
            pass
        count -= 1
        total -= size

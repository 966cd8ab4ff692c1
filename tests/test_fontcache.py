"""The font parse cache makes builds faster, never different."""

from __future__ import annotations

from conftest import ROOT
from reportlab.pdfbase.ttfonts import TTFont

from bulletin_pdf.text import fontcache

FONT = ROOT / "fonts" / "NotoSerifSC-Regular.ttf"


def _same_face(a, b) -> None:
    for attr in (
        "charToGlyph",
        "charWidths",
        "glyphPos",
        "hmetrics",
        "unitsPerEm",
        "ascent",
        "descent",
        "bbox",
        "name",
        "_ttf_data",
    ):
        assert getattr(a.face, attr) == getattr(b.face, attr), attr
    assert a.face._pdfScale(500) == b.face._pdfScale(500)


def test_cached_parse_equals_a_fresh_one(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_PDF_CACHE", str(tmp_path))
    fresh = TTFont("fresh", str(FONT), shapable=False)
    first = fontcache.load_ttfont("a", FONT, 0)  # parses and stores
    assert len(list(tmp_path.glob("font-*.pickle"))) == 1
    second = fontcache.load_ttfont("b", FONT, 0)  # restored from the cache
    _same_face(fresh, first)
    _same_face(fresh, second)
    assert second.fontName == "b" and not second.shapable


def test_a_damaged_cache_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_PDF_CACHE", str(tmp_path))
    fontcache.load_ttfont("a", FONT, 0)
    for entry in tmp_path.glob("font-*.pickle"):
        entry.write_bytes(b"not a pickle")
    _same_face(TTFont("fresh", str(FONT), shapable=False), fontcache.load_ttfont("b", FONT, 0))


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_PDF_CACHE", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fontcache.load_ttfont("a", FONT, 0)
    assert not any(tmp_path.rglob("*.pickle"))


def test_the_key_follows_the_content_not_the_date(tmp_path, monkeypatch):
    """A font replaced by another of the same size and modification time (an archive, a
    copy with -p, a checkout) must not be read from the old entry."""
    import os
    import shutil

    monkeypatch.setenv("BULLETIN_PDF_CACHE", str(tmp_path / "cache"))
    font = tmp_path / "Face.ttf"
    shutil.copy(FONT, font)
    first = fontcache.load_ttfont("a", font, 0)
    stamp = os.stat(font).st_mtime_ns
    data = bytearray(font.read_bytes())
    # change one table's checksum in the directory, as a rebuilt font would: same size, same date
    data[12 + 4] ^= 0xFF
    font.write_bytes(bytes(data))
    os.utime(font, ns=(stamp, stamp))
    assert fontcache._key(font, 0) != fontcache._key(FONT, 0)
    fontcache.load_ttfont("b", font, 0)
    assert len(list((tmp_path / "cache").glob("font-*.pickle"))) == 2
    assert first.face.charWidths

"""A TrueType font cut to one subset of 256 characters: the bytes ReportLab's
TTFontFile.makeSubset gives, made without its per-subset costs.

ReportLab copies the whole glyf table (3–9 MB for a CJK face) and every other table it
keeps out of the font file for each subset, and reads each glyph's header through its
seek-and-unpack parser; a 4-page issue asks for some ten subsets. Here the tables that are
the same for every subset are taken once per face, and glyphs are read in place through a
memoryview. The output is byte for byte ReportLab's (tests/test_subset.py compares the
two); the table assembly and checksums are ReportLab's own TTFontMaker.
"""

from __future__ import annotations

from struct import pack, unpack_from

from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    TTFontMaker,
)

_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")  # kept as they are (the last 3 optional)


class _Face:
    """What every subset of one face takes from the font file, read once."""

    def __init__(self, face):
        data = face._ttf_data
        self.char_to_glyph = face.charToGlyph
        self.glyph_pos = face.glyphPos
        self.hmetrics = face.hmetrics
        start, length = face.get_table_pos("glyf")
        self.glyf = memoryview(data)[start : start + length]
        self.copied = []
        for tag in _COPIED:
            try:
                self.copied.append((tag, face.get_table(tag)))
            except KeyError:
                pass
        self.post = b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16
        self.hhea = face.get_table("hhea")
        self.maxp = face.get_table("maxp")
        self.head = face.get_table("head")


def _components(glyph, at: int):
    """(offset of the glyph index, flags) of each component of a composite glyph."""
    pos = at + 10
    flags = GF_MORE_COMPONENTS
    while flags & GF_MORE_COMPONENTS:
        (flags,) = unpack_from(">H", glyph, pos)
        yield pos + 2, flags
        pos += 4 + (4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2)
        if flags & GF_WE_HAVE_A_SCALE:
            pos += 2
        elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
            pos += 4
        elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
            pos += 8


def _with_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + pack(">H", value) + data[offset + 2 :]


class Subsetter:
    """make(subset) -> the TrueType file of that subset, as face.makeSubset(subset) is."""

    def __init__(self, face):
        self._face = face
        self._read: _Face | None = None  # read at the first subset

    def make(self, subset) -> bytes:
        f = self._read
        if f is None:
            f = self._read = _Face(self._face)
        glyf, glyph_pos = f.glyf, f.glyph_pos
        # new glyph index -> old, old -> new; code 0 -> glyph 0, "missing character"
        glyph_map = [0]
        glyph_set = {0: 0}
        code_to_glyph = {}
        char_to_glyph = f.char_to_glyph
        for code in subset:
            old = char_to_glyph.get(code, 0)
            if old not in glyph_set:
                glyph_set[old] = len(glyph_map)
                glyph_map.append(old)
            code_to_glyph[code] = glyph_set[old]
        # the glyphs that composite glyphs are made of come along
        n = 0
        while n < len(glyph_map):
            at = glyph_pos[glyph_map[n]]
            n += 1
            if glyph_pos[glyph_map[n - 1] + 1] == at:
                continue
            if unpack_from(">h", glyf, at)[0] < 0:
                for pos, _flags in _components(glyf, at):
                    (part,) = unpack_from(">H", glyf, pos)
                    if part not in glyph_set:
                        glyph_set[part] = len(glyph_map)
                        glyph_map.append(part)

        output = TTFontMaker()
        for tag, table in f.copied:
            output.add(tag, table)
        output.add("post", f.post)
        num_glyphs = len(glyph_map)

        hmetrics = f.hmetrics
        hmtx = []
        for old in glyph_map:
            aw, lsb = hmetrics[old]
            hmtx.append(int(aw))
            hmtx.append(int(lsb))
        # trailing glyphs with the last advance are written with their lsb only
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        hmtx = hmtx[:n] + hmtx[n + 1 :: 2]
        output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _with_ushort(f.hhea, 34, n >> 1))
        output.add("maxp", _with_ushort(f.maxp, 4, num_glyphs))

        count = len(subset)
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + count * 2, 0, 0, count]
        cmap += [code_to_glyph[code] for code in subset]
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))

        offsets = []
        pieces = []
        pos = 0
        for old in glyph_map:
            offsets.append(pos)
            at = glyph_pos[old]
            length = glyph_pos[old + 1] - at
            data = glyf[at : at + length]
            if length > 2 and unpack_from(">h", data)[0] < 0:
                original = data = bytes(data)  # a composite: its parts renumbered
                for part_at, _flags in _components(original, 0):
                    (part,) = unpack_from(">H", original, part_at)
                    data = _with_ushort(data, part_at, glyph_set[part])
            pieces.append(data)
            pos += length
            if pos % 4:
                pieces.append(b"\0" * (4 - pos % 4))
                pos += 4 - pos % 4
        offsets.append(pos)
        output.add("glyf", b"".join(pieces))

        if (pos + 1) >> 1 > 0xFFFF:
            long_offsets = 1
            loca = pack(f">{len(offsets)}L", *offsets)
        else:
            long_offsets = 0
            loca = pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
        output.add("loca", loca)
        output.add("head", _with_ushort(f.head, 50, long_offsets))
        return output.makeStream()

"""The committed fonts and fonts.py: coverage, the glyph fixes ReportLab needs, lookup and
metrics. Reads the fonts in fonts/ as built by scripts/prepare_fonts.py (never re-runs it)."""

from __future__ import annotations

import bz2
import hashlib
import re
import shutil
from functools import cache, lru_cache
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from bulletin_pdf.errors import InputError, Where
from bulletin_pdf.text import fonts
from bulletin_pdf.text.fonts import FontSet, find_font

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
LAYOUT_FONTS = {
    "song": "NotoSerifSC-Regular.ttf",
    "song_bold": "NotoSerifSC-Bold.ttf",
    "hei": "NotoSansSC-Bold.ttf",
    "kai": "BulletinWenKai-Regular.ttf",
}
FILES = list(LAYOUT_FONTS.values())
NOTO = [f for f in FILES if f.startswith("Noto")]
UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
# 通用规范汉字表 characters the source fonts lack (Noto CJK 2.001/2.004, LXGW WenKai 1.250
# cover all 8105). A change here means the sources or the coverage changed: look before
# updating the number.
TONGYONG_MISSING = {
    "NotoSerifSC-Regular.ttf": 0,
    "NotoSerifSC-Bold.ttf": 0,
    "NotoSansSC-Bold.ttf": 0,
    "BulletinWenKai-Regular.ttf": 0,
}
CENTRE_EM = 0.38  # centre of the ideographic em box (OS/2 typo 880/−120)


@cache
def font(name: str) -> TTFont:
    return TTFont(FONTS / name, lazy=True)


@cache
def cmap(name: str) -> dict[int, str]:
    return font(name).getBestCmap()


def advance(name: str, ch: str) -> int:
    return font(name)["hmtx"][cmap(name)[ord(ch)]][0]


def ink(name: str, ch: str) -> tuple[float, float, float, float]:
    glyph_set = font(name).getGlyphSet()
    pen = BoundsPen(glyph_set)
    glyph_set[cmap(name)[ord(ch)]].draw(pen)
    return pen.bounds


def centre_y_em(name: str, ch: str) -> float:
    _x0, y0, _x1, y1 = ink(name, ch)
    return (y0 + y1) / 2 / font(name)["head"].unitsPerEm


@lru_cache(maxsize=1)
def gb2312() -> frozenset[str]:
    found = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(found)


# ---------------------------------------------------------------- the files


@pytest.mark.parametrize("name", FILES)
def test_font_is_truetype_with_upem_1000(name):
    f = font(name)
    assert f.sfntVersion == "\x00\x01\x00\x00"
    assert "glyf" in f and "loca" in f and "CFF " not in f
    assert f["head"].unitsPerEm == 1000
    # lean glyph set: a start-up cost every build pays
    assert 9000 < f["maxp"].numGlyphs < 10000


@pytest.mark.parametrize("name", FILES)
def test_full_width_glyphs_sit_last_so_reportlab_parses_fast(name):
    assert font(name)["hhea"].numberOfHMetrics < 1000


def test_fonts_match_their_recorded_provenance():
    text = (FONTS / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in FILES:
        section = text.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        recorded = re.search(r"Output sha256: `([0-9a-f]{64})`", section).group(1)
        assert hashlib.sha256((FONTS / name).read_bytes()).hexdigest() == recorded, (
            f"{name} differs from PROVENANCE.md: rerun scripts/prepare_fonts.py and commit both"
        )
    for licence in ("LICENSE-NotoCJK.txt", "LICENSE-LXGWWenKai.txt"):
        assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / licence).read_text(encoding="utf-8")


def test_wenkai_subset_does_not_carry_the_reserved_font_name():
    names = font("BulletinWenKai-Regular.ttf")["name"]
    for name_id in (1, 4, 6, 16):
        value = names.getDebugName(name_id) or ""
        assert "LXGW" not in value and "霞鹜" not in value


# ---------------------------------------------------------------- coverage


@pytest.mark.parametrize("name", FILES)
def test_gb2312_fully_covered(name):
    missing = sorted(ch for ch in gb2312() if ord(ch) not in cmap(name))
    assert missing == []


@lru_cache(maxsize=1)
def tongyong() -> frozenset[int]:
    """通用规范汉字表: the code points with a Unihan kTGH entry."""
    found = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as lines:
        for line in lines:
            parts = line.split("\t")
            if len(parts) > 1 and parts[1] == "kTGH":
                found.add(int(parts[0][2:], 16))
    return frozenset(found)


@pytest.mark.skipif(not UNIHAN.exists(), reason="unicode-data (Unihan) not installed")
@pytest.mark.parametrize("name", FILES)
def test_tongyong_guifan_covered_where_the_source_has_it(name):
    assert len(tongyong()) == 8105
    missing = sorted(cp for cp in tongyong() if cp not in cmap(name))
    print(
        name,
        "lacks",
        " ".join(f"U+{cp:04X} {chr(cp)}" for cp in missing) or "none of 通用规范汉字表",
    )
    assert len(missing) == TONGYONG_MISSING[name]


@pytest.mark.parametrize("name", FILES)
def test_newsletter_marks_covered(name):
    for ch in "，。、；：？！“”‘’（）《》〈〉【】「」『』——……·◆★※①⑩⑳№℃":
        assert ord(ch) in cmap(name), f"{name} lacks {ch} U+{ord(ch):04X}"


def test_extra_chars_reach_the_fonts_or_are_reported_absent():
    wanted = set()
    for line in (FONTS / "extra-chars.txt").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        for token in line.split():
            if re.fullmatch(r"[Uu]\+[0-9A-Fa-f]{4,6}", token):
                wanted.add(int(token[2:], 16))
            else:
                wanted.update(ord(ch) for ch in token)
    assert ord("龍") in wanted and 0x2121 in wanted
    provenance = (FONTS / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in FILES:
        section = provenance.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        listed = re.search(r"^  - fonts/extra-chars\.txt: (.*)$", section, re.M)
        reported = (
            {int(cp, 16) for cp in re.findall(r"U\+([0-9A-F]{4,6})", listed.group(1))}
            if listed
            else set()
        )
        assert {cp for cp in wanted if cp not in cmap(name)} == reported, name


# ---------------------------------------------------------------- glyph fixes (TYPOGRAPHY.md §4)


@pytest.mark.parametrize("name", FILES)
def test_em_dash_is_full_width_centred_and_spans_the_em(name):
    assert advance(name, "—") == 1000
    x0, y0, x1, y1 = ink(name, "—")
    assert abs(centre_y_em(name, "—") - CENTRE_EM) <= 0.05
    assert x0 <= 0 and x1 >= 1000, "two dashes in a row must touch: ——"
    assert y1 - y0 < 100  # a rule, not a Latin dash glyph moved about
    assert cmap(name)[0x2015] == cmap(name)[0x2014]


@pytest.mark.parametrize("name", FILES)
def test_two_em_dash_spans_both_ems(name):
    assert advance(name, "\u2e3a") == 2000
    x0, _, x1, _ = ink(name, "\u2e3a")
    assert x0 <= 0 and x1 >= 2000
    assert abs(centre_y_em(name, "\u2e3a") - CENTRE_EM) <= 0.05


@pytest.mark.parametrize("name", FILES)
def test_middle_dot_is_half_em_and_centred(name):
    assert advance(name, "·") == 500
    x0, _, x1, _ = ink(name, "·")
    assert abs((x0 + x1) / 2 - 250) <= 1
    assert abs(centre_y_em(name, "·") - CENTRE_EM) <= 0.05


@pytest.mark.parametrize("name", FILES)
def test_quotes_are_full_width_in_sc_positions(name):
    for ch in "“‘":
        assert advance(name, ch) == 1000
        assert ink(name, ch)[0] >= 500, f"opening {ch} must stand against the text it opens"
    for ch in "”’":
        assert advance(name, ch) == 1000
        assert ink(name, ch)[2] <= 500, f"closing {ch} must stand against the text it closes"


@pytest.mark.parametrize("name", NOTO)
def test_the_sc_face_was_used_not_jp(name):
    # face 0 of the collections is JP, where “ is proportional (374 units), not 1000
    assert " SC" in font(name)["name"].getDebugName(4)
    assert advance(name, "“") == 1000
    assert advance(name, "，") == 1000
    assert ink(name, "，")[2] < 500  # SC comma sits in the left half, low


@pytest.mark.parametrize("name", FILES)
def test_ellipsis_is_one_em_and_centred(name):
    assert advance(name, "…") == 1000
    x0, _, x1, _ = ink(name, "…")
    assert abs((x0 + x1) / 2 - 500) <= 20
    assert abs(centre_y_em(name, "…") - CENTRE_EM) <= 0.05


# ---------------------------------------------------------------- FontSet


@pytest.fixture(scope="module")
def fontset() -> FontSet:
    return FontSet(LAYOUT_FONTS, FONTS)


def test_metrics_in_em_from_the_font(fontset):
    song = fontset.metrics("song")
    assert song.advance("一") == 1.0
    assert song.advance("—") == 1.0
    assert song.advance("·") == 0.5
    assert song.advance("“") == 1.0
    assert song.ascent == pytest.approx(0.88) and song.descent == pytest.approx(-0.12)
    for ch in "Ag1,.( ":
        assert song.advance(ch) == advance("NotoSerifSC-Regular.ttf", ch) / 1000
    assert 0.2 < song.advance("A") < 0.9
    assert song.advances["A"] == song.advance("A")


def test_missing_character_measures_one_em_and_is_not_covered(fontset):
    kai = fontset.metrics("kai")
    assert not kai.covers("\U00030ede")
    assert kai.advance("\U00030ede") == 1.0
    assert kai.covers("楷")


def test_missing_lists_uncovered_characters_once_in_order(fontset):
    text = "𰻞𰻞面 好吃\n𠮷野家𰻞"
    for key in LAYOUT_FONTS:
        found = fontset.missing(text, key)
        assert "\U00030ede" in found
        assert found == [ch for ch in dict.fromkeys(text) if ch in found]
        assert " " not in found and "\n" not in found and "面" not in found
    assert fontset.missing("天平街道——“新春贺词”·①", "song") == []


def test_parsing_is_lazy_and_shared(tmp_path):
    shutil.copy(FONTS / "NotoSansSC-Bold.ttf", tmp_path / "Lazy.ttf")
    key = (str((tmp_path / "Lazy.ttf").resolve()), 0)
    first = FontSet({"hei": "Lazy.ttf"}, tmp_path)
    assert key not in fonts._LOADED
    metrics = first.metrics("hei")
    assert key in fonts._LOADED
    second = FontSet({"other": "Lazy.ttf"}, tmp_path)
    assert second.metrics("other") is metrics


def test_reportlab_name_registers_once(fontset):
    from reportlab.pdfbase import pdfmetrics

    name = fontset.reportlab_name("kai")
    assert name in pdfmetrics.getRegisteredFontNames()
    assert fontset.reportlab_name("kai") == name
    assert FontSet({"k": "BulletinWenKai-Regular.ttf"}, FONTS).reportlab_name("k") == name
    assert pdfmetrics.getFont(name).face.charWidths[ord("·")] == 500
    assert len({fontset.reportlab_name(k) for k in LAYOUT_FONTS}) == 4


def test_unknown_role_is_an_input_error(fontset):
    with pytest.raises(InputError) as caught:
        fontset.metrics("yuan")
    assert "yuan" in str(caught.value) and caught.value.fix


# ---------------------------------------------------------------- find_font


def test_find_font_prefers_project_fonts(tmp_path):
    (tmp_path / "NotoSerifCJK-Regular.ttc").write_bytes(b"stand-in")
    assert find_font("NotoSerifCJK-Regular.ttc", tmp_path) == tmp_path / "NotoSerifCJK-Regular.ttc"
    assert find_font("NotoSerifSC-Regular.ttf", FONTS) == FONTS / "NotoSerifSC-Regular.ttf"


@pytest.mark.skipif(
    not Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists(),
    reason="fonts-noto-cjk not installed",
)
def test_find_font_falls_back_to_system_fonts(tmp_path):
    found = find_font("NotoSerifCJK-Regular.ttc", tmp_path)
    assert found == Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def test_find_font_takes_absolute_paths_as_given(tmp_path):
    path = FONTS / "NotoSansSC-Bold.ttf"
    assert find_font(str(path), tmp_path) == path
    with pytest.raises(InputError) as caught:
        find_font(str(tmp_path / "gone.ttf"), FONTS)
    assert "gone.ttf" in str(caught.value)


def test_missing_font_error_names_font_and_fix(tmp_path):
    where = Where("layouts/tabloid-4k.yaml", 31, "fonts.song")
    with pytest.raises(InputError) as caught:
        find_font("FZShuSong-Z01.ttf", tmp_path, where)
    error = caught.value
    assert "FZShuSong-Z01.ttf" in error.what
    assert "prepare_fonts.py" in error.fix and "fonts:" in error.fix
    assert error.where == where
    with pytest.raises(InputError) as caught:
        FontSet({"song": "FZShuSong-Z01.ttf"}, tmp_path)
    assert "song" in caught.value.what and "prepare_fonts.py" in caught.value.fix


@pytest.mark.skipif(
    not Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists(),
    reason="fonts-noto-cjk not installed",
)
def test_collection_needs_a_face_and_cff_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        FontSet({"song": "NotoSerifCJK-Regular.ttc"}, tmp_path)
    assert "#N" in caught.value.fix and "2 = Noto Serif CJK SC" in caught.value.fix
    cff = FontSet({"song": "NotoSerifCJK-Regular.ttc#2"}, tmp_path)
    with pytest.raises(InputError) as caught:
        cff.metrics("song")
    assert "CFF" in caught.value.what and "TrueType" in caught.value.fix


def test_damaged_font_is_an_input_error(tmp_path):
    (tmp_path / "Broken.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 64)
    broken = FontSet({"song": "Broken.ttf"}, tmp_path)
    with pytest.raises(InputError) as caught:
        broken.metrics("song")
    assert "Broken.ttf" in caught.value.what

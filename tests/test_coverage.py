"""Every ideograph of the two main blocks, the traditional forms and the composer's marks,
in every face: directly, from the face's extension file, or from a declared fallback whose
font the PDF then names."""

from __future__ import annotations

import bz2
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from bulletin_pdf.text import charclass
from bulletin_pdf.text.fonts import FontSet
from bulletin_pdf.text.typeset import compose

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
FACES = {
    "song": "NotoSerifSC-Regular.ttf",
    "song_bold": "NotoSerifSC-Bold.ttf",
    "hei": "NotoSansSC-Bold.ttf",
    "kai": "BulletinWenKai-Regular.ttf",
}
UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")


@pytest.fixture(scope="module")
def fontset() -> FontSet:
    return FontSet(FACES, FONTS)


@lru_cache(maxsize=1)
def big5() -> str:
    found = []
    for lead in range(0xA1, 0xFA):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                found.append(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return "".join(found)


def marks() -> str:
    return "".join(
        dict.fromkeys(
            charclass.NO_LINE_START_STRICT
            + charclass.NO_LINE_END_GB
            + charclass.LONG
            + charclass.NUM_PREFIX
            + charclass.NUM_SUFFIX
        )
    )


@pytest.mark.parametrize("key", FACES)
def test_every_face_covers_the_blocks_the_traditional_forms_and_the_marks(fontset, key):
    wanted = (
        "".join(map(chr, range(0x4E00, 0xA000)))
        + "".join(map(chr, range(0x3400, 0x4DC0)))
        + big5()
        + marks()
    )
    assert fontset.missing(wanted, key) == []


@pytest.mark.skipif(not UNIHAN.exists(), reason="unicode-data not installed")
@pytest.mark.parametrize("key", FACES)
def test_every_face_covers_tongyong_guifan_hanzi(fontset, key):
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as lines:
        tgh = "".join(
            chr(int(p[0][2:], 16))
            for p in (line.split("\t") for line in lines)
            if len(p) >= 2 and p[1] == "kTGH"
        )
    assert len(tgh) == 8105 and fontset.missing(tgh, key) == []


def test_a_character_the_core_lacks_is_placed_with_its_fallback_font(fontset):
    kai = fontset.metrics("kai")
    line = compose("林㦤王龑", 100, font="kai", size=10, metrics=kai, indent=0).lines[0]
    fonts = {g.text: g.font for g in line.glyphs}
    assert fonts["王"] is None and fonts["龑"] == "BulletinWenKai-Regular-Ext.ttf"
    assert fonts["㦤"] == "NotoSerifSC-Regular-Ext.ttf"  # Kai lacks most of Ext A: Song
    song = compose(
        "㦤龑\u9fff€⋯", 100, font="song", size=10, metrics=fontset.metrics("song"), indent=0
    )
    placed = {g.text: g.font for g in song.lines[0].glyphs}
    assert placed["\u9fff"] == "BulletinWenKai-Regular-Ext.ttf"  # Unicode 14: only WenKai has it
    assert placed["㦤"] == placed["龑"] == placed["€"] == "NotoSerifSC-Regular-Ext.ttf"


def test_fallback_fonts_are_parsed_only_when_needed(tmp_path):
    from bulletin_pdf.text import fonts

    for name in ("NotoSansSC-Bold.ttf", "NotoSansSC-Bold-Ext.ttf", "fallbacks.txt"):
        shutil.copy(FONTS / name, tmp_path / name)
    lazy = FontSet({"hei": "NotoSansSC-Bold.ttf"}, tmp_path)
    ext = (str((tmp_path / "NotoSansSC-Bold-Ext.ttf").resolve()), 0)
    assert lazy.missing("天平街道", "hei") == [] and ext not in fonts._LOADED
    assert lazy.missing("龑", "hei") == [] and ext in fonts._LOADED


def test_an_apostrophe_inside_a_latin_word_is_proportional(fontset):
    line = compose(
        "Children’s Day", 200, font="song", size=10, metrics=fontset.metrics("song"), indent=0
    ).lines[0]
    apostrophe = next(g for g in line.glyphs if g.text == "’")
    assert apostrophe.font == "NotoSerifSC-Regular-Ext.ttf" and apostrophe.advance < 3.0
    quote = compose(
        "他说“好”", 200, font="song", size=10, metrics=fontset.metrics("song"), indent=0
    ).lines[0]
    assert all(g.font is None for g in quote.glyphs)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_the_proof_issue_builds_and_the_pdf_names_each_glyphs_font(tmp_path):
    out = tmp_path / "proof.pdf"
    subprocess.run(
        ["bulletin-pdf", "build", str(ROOT / "issues" / "2026-12-typography"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    listed = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    for face in (
        "NotoSerifCJKsc-Regular",
        "NotoSerifCJKsc-Bold",
        "NotoSansCJKsc-Bold",
        "BulletinWenKai-Regular",
    ):
        assert face in listed
    assert listed.count("yes yes") >= 6  # every font embedded as a subset, with ToUnicode
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    copied = text.replace("\n", "")
    for word in (
        "王龑",
        "刘䶮",
        "林㦤",
        "李頔",
        "聯合報",
        "€15",
        "⋯⋯",
        "internationalization",
        "Children’s",
        # a hyphen the composer added copies out as nothing; an address keeps its own
        "International Volunteer Association",
        "https://www.example.org/community-services/calligraphy-registration",
        "volunteer-team@tianping-community.example.org",
    ):
        assert word in copied, word
    lines = text.splitlines()
    assert any(line.endswith("-") for line in lines if "Inter" in line) is False

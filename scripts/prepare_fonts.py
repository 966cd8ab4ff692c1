#!/usr/bin/env python3
"""Build the project's four subset TrueType fonts from installed Debian font packages.

ReportLab embeds TrueType (glyf) outlines only and applies no OpenType features, so this
script, run once by a maintainer (a few minutes), makes fonts it can use as they are:

- subsets each source to the coverage below (GB 2312, 通用规范汉字表, Latin-1, punctuation,
  newsletter symbols, fonts/extra-chars.txt) so ReportLab parses it quickly;
- converts Noto CJK's CFF outlines to quadratic TrueType;
- fixes in the glyphs what a shaper would otherwise fix (docs: TYPOGRAPHY.md §4): a centred,
  full-width em dash whose ink spans the em so —— joins; · centred in ½ em; full-width
  quotes; a centred 1-em ellipsis;
- writes fonts/PROVENANCE.md and the licence texts.

Same inputs give the same bytes. Usage:
    python3 scripts/prepare_fonts.py            # build into fonts/
    python3 scripts/prepare_fonts.py --check    # rebuild in a temp dir, compare with fonts/
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
FONTS_DIR = ROOT / "fonts"
EXTRA_CHARS = FONTS_DIR / "extra-chars.txt"
UNIHAN_MAPPINGS = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")

# Ink centre of the ideographic em box: OS/2 typo 880/-120 → 0.38 em above the baseline.
CJK_CENTRE_EM = 0.38
CENTRE_TOLERANCE_EM = 0.05
CU2QU_MAX_ERR = 1.0  # font units: 0.001 em, far below anything a press can show


@dataclass(frozen=True)
class Source:
    output: str  # file name in fonts/
    role: str
    path: Path
    face: int  # index in a collection; 2 is the SC face of Noto CJK (0 is JP)
    licence: str  # licence file name in fonts/
    rename: tuple[str, str] | None = None  # (family, PostScript name) for a Reserved Font Name
    # The face's extension: every character of EXTENSION_RULES the core file does not carry.
    # A build parses it only when its text needs one of them (text/fonts.py: fallbacks).
    ext_output: str = ""
    # Where a character the face has in neither file is taken from, in order (fonts/fallbacks.txt).
    fallbacks: tuple[str, ...] = ()


# Noto CJK 2.001/2.004 lacks 31 ideographs of the blocks (U+9FEB–9FFF and U+4DB6–4DBF, added
# in Unicode 11–14) and ‱; LXGW WenKai has them all. WenKai lacks most of Ext A and ⸻, which
# the Song files have. So each face falls back to the other style for those few characters,
# and the PDF names the font each glyph really comes from.
_KAI_FALLBACK = ("BulletinWenKai-Regular.ttf", "BulletinWenKai-Regular-Ext.ttf")
SOURCES = [
    Source(
        "NotoSerifSC-Regular.ttf",
        "宋 Song: body text",
        NOTO_DIR / "NotoSerifCJK-Regular.ttc",
        2,
        "LICENSE-NotoCJK.txt",
        ext_output="NotoSerifSC-Regular-Ext.ttf",
        fallbacks=_KAI_FALLBACK,
    ),
    Source(
        "NotoSerifSC-Bold.ttf",
        "宋 Song heavy: headlines",
        NOTO_DIR / "NotoSerifCJK-Bold.ttc",
        2,
        "LICENSE-NotoCJK.txt",
        ext_output="NotoSerifSC-Bold-Ext.ttf",
        fallbacks=_KAI_FALLBACK,
    ),
    Source(
        "NotoSansSC-Bold.ttf",
        "黑 Hei: kickers, box titles, masthead details",
        NOTO_DIR / "NotoSansCJK-Bold.ttc",
        2,
        "LICENSE-NotoCJK.txt",
        ext_output="NotoSansSC-Bold-Ext.ttf",
        fallbacks=_KAI_FALLBACK,
    ),
    # "LXGW" and "霞鹜" are Reserved Font Names (OFL §3): a modified version must not be
    # presented under them, so the subset carries its own family name.
    Source(
        "BulletinWenKai-Regular.ttf",
        "楷 Kai: captions, bylines, greeting",
        WENKAI,
        0,
        "LICENSE-LXGWWenKai.txt",
        rename=("Bulletin WenKai", "BulletinWenKai-Regular"),
        ext_output="BulletinWenKai-Regular-Ext.ttf",
        fallbacks=("NotoSerifSC-Regular.ttf", "NotoSerifSC-Regular-Ext.ttf"),
    ),
]
FALLBACKS_FILE = "fallbacks.txt"

# ---------------------------------------------------------------- coverage

SYMBOLS = "◆◇■□▲△▼▽▶◀●○◎◉★☆※→←↑↓↔⇒⇐√×÷±≤≥≠≈∞∵∴°℃℉‰§№•‧▪▫♀♂☎✓♪♫☀☁☂☃♠♥♣♦"
NUMBERED = [
    (0x2460, 0x2473, "circled numbers ①–⑳"),
    (0x2474, 0x2487, "parenthesised numbers ⑴–⒇"),
    (0x2488, 0x249B, "numbers with full stop ⒈–⒛"),
    (0x3220, 0x3229, "parenthesised ideographs ㈠–㈩"),
    (0x2160, 0x216B, "Roman numerals Ⅰ–Ⅻ"),
    (0x2170, 0x217B, "small Roman numerals ⅰ–ⅻ"),
]


def gb2312_chars() -> set[int]:
    """Every character the GB 2312 codec can decode (7445: 6763 hanzi plus symbols)."""
    found = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return found


def tongyong_chars() -> set[int]:
    """The 8105 characters of 通用规范汉字表 (2013), Unihan field kTGH."""
    found = set()
    with bz2.open(UNIHAN_MAPPINGS, "rt", encoding="utf-8") as lines:
        for line in lines:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] == "kTGH":
                found.add(int(parts[0][2:], 16))
    return found


def extra_chars(path: Path) -> set[int]:
    """Characters in fonts/extra-chars.txt: every non-space character of a non-comment line;
    a token written U+XXXX stands for that code point (for marks hard to type or see)."""
    found = set()
    if not path.exists():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        for token in line.split():
            if re.fullmatch(r"[Uu]\+[0-9A-Fa-f]{4,6}", token):
                found.add(int(token[2:], 16))
            else:
                found.update(ord(ch) for ch in token)
    return found


def coverage_rules() -> list[tuple[str, set[int]]]:
    """The named sets whose union each output font covers (where the source has them)."""
    rules = [
        ("GB 2312 (every character its codec decodes)", gb2312_chars()),
        ("通用规范汉字表 (Unihan kTGH, 8105)", tongyong_chars()),
        (
            "ASCII and Latin-1 (U+0020–007E, U+00A0–00FF)",
            set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)),
        ),
        ("General punctuation U+2010–205F", set(range(0x2010, 0x2060))),
        ("Two- and three-em dashes U+2E3A, U+2E3B", {0x2E3A, 0x2E3B}),
        ("CJK symbols and punctuation U+3000–303F", set(range(0x3000, 0x3040))),
        (
            "Fullwidth forms U+FF01–FF5E, U+FFE0–FFE6",
            set(range(0xFF01, 0xFF5F)) | set(range(0xFFE0, 0xFFE7)),
        ),
        ("Newsletter symbols " + SYMBOLS, {ord(c) for c in SYMBOLS}),
    ]
    for first, last, label in NUMBERED:
        rules.append((label, set(range(first, last + 1))))
    rules.append(("fonts/extra-chars.txt", extra_chars(EXTRA_CHARS)))
    return rules


def big5_chars() -> set[int]:
    """Every character the Big5 codec decodes: the common traditional forms (13,000 hanzi)."""
    found = set()
    for lead in range(0xA1, 0xFA):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                found.add(ord(bytes((lead, trail)).decode("big5")))
            except UnicodeDecodeError:
                pass
    return found


def composer_marks() -> set[int]:
    """Every mark the composer's class tables name (src/bulletin_pdf/text/charclass.py)."""
    sys.path.insert(0, str(ROOT / "src"))
    from bulletin_pdf.text import charclass

    tables = (
        charclass.NO_LINE_START_STRICT
        + charclass.NO_LINE_END_GB
        + charclass.OPENING
        + charclass.LONG
        + charclass.NUM_PREFIX
        + charclass.NUM_SUFFIX
    )
    return {ord(ch) for ch in tables}


def extension_rules() -> list[tuple[str, set[int]]]:
    """What the extension files add to the core: the whole of the two ideograph blocks, the
    traditional forms, and the composer's marks (less what the core already asks for)."""
    return [
        ("CJK Unified Ideographs U+4E00–9FFF", set(range(0x4E00, 0xA000))),
        ("CJK Unified Ideographs Extension A U+3400–4DBF", set(range(0x3400, 0x4DC0))),
        ("Big5 (every character its codec decodes)", big5_chars()),
        ("Marks of the composer's tables (text/charclass.py)", composer_marks()),
    ]


# Proportional forms of the quotes that Chinese and Latin text share (TYPOGRAPHY.md §4.3):
# the extension file maps ‘ ’ to them, for an apostrophe inside a Latin word (Children’s).
LATIN_FORMS = (0x2018, 0x2019)


# ---------------------------------------------------------------- glyph helpers


def ink_bounds(font: TTFont, glyph_name: str):
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[glyph_name].draw(pen)
    return pen.bounds  # (xMin, yMin, xMax, yMax) or None for an empty glyph


def single_substitutions(
    font: TTFont, feature: str, script: str = "hani", lang: str = "ZHS "
) -> dict[str, str]:
    """The glyph → glyph map of a GSUB feature's single substitutions for script/language."""
    if "GSUB" not in font:
        return {}
    gsub = font["GSUB"].table
    lookups: list[int] = []
    for record in gsub.ScriptList.ScriptRecord:
        if record.ScriptTag != script:
            continue
        langsys = next(
            (r.LangSys for r in record.Script.LangSysRecord if r.LangSysTag == lang),
            record.Script.DefaultLangSys,
        )
        for index in langsys.FeatureIndex:
            feature_record = gsub.FeatureList.FeatureRecord[index]
            if feature_record.FeatureTag == feature:
                lookups.extend(feature_record.Feature.LookupListIndex)
    mapping: dict[str, str] = {}
    for index in lookups:
        lookup = gsub.LookupList.Lookup[index]
        for table in lookup.SubTable:
            if lookup.LookupType == 7:
                table = table.ExtSubTable
            if getattr(table, "LookupType", lookup.LookupType) == 1:
                for source, target in table.mapping.items():
                    mapping.setdefault(source, target)
    return mapping


def cjk_form(font: TTFont, cp: int) -> str | None:
    """The glyph a Chinese shaper shows for cp: locl(ZHS), else fwid, else the cmap glyph."""
    name = font.getBestCmap().get(cp)
    if name is None:
        return None
    for feature in ("locl", "fwid"):
        target = single_substitutions(font, feature).get(name)
        if target:
            return target
    return name


def redraw(
    font: TTFont, source: str, new_name: str, advance: int, scale_x: float, shift_x: float
) -> None:
    """Add glyph new_name to a glyf font: source's outline with x → x*scale_x + shift_x."""
    glyf = font["glyf"]
    pen = TTGlyphPen(None)
    glyf[source].draw(TransformPen(pen, (scale_x, 0, 0, 1, shift_x, 0)), glyf)
    glyph = pen.glyph()
    glyph.recalcBounds(glyf)
    if new_name not in glyf:
        order = [*font.getGlyphOrder(), new_name]
        font.setGlyphOrder(order)
        glyf.glyphOrder = order
    glyf[new_name] = glyph
    font["hmtx"][new_name] = (advance, glyph.xMin if glyph.numberOfContours else 0)


def point_cmap(font: TTFont, cp: int, glyph_name: str) -> None:
    for table in font["cmap"].tables:
        if table.format == 14 or not table.isUnicode():
            continue  # variation sequences map nothing we change
        if cp <= 0xFFFF or table.format in (12, 13):
            table.cmap[cp] = glyph_name


def centre_em(bounds, upem: int) -> float:
    return (bounds[1] + bounds[3]) / 2 / upem


# ---------------------------------------------------------------- conversion


def cff_to_glyf(font: TTFont) -> None:
    """Replace CFF outlines with quadratic TrueType ones (glyf/loca, maxp 1.0)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType's clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, CU2QU_MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    for name in order:
        glyph = glyf.glyphs[name]
        glyph.recalcBounds(glyf)
        advance = font["hmtx"][name][0]
        font["hmtx"][name] = (advance, glyph.xMin if glyph.numberOfContours else 0)
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    for attr in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours"):
        setattr(maxp, attr, 0)  # recomputed from glyf when the font is compiled
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


# ---------------------------------------------------------------- glyph fixes


@dataclass
class FixLog:
    lines: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.lines.append(text)


def fix_dashes(font: TTFont, shaped: dict[int, str], log: FixLog) -> None:
    """U+2014 (and U+2015), U+2E3A, U+2E3B: the centred full-width form, its ink widened to
    span every em it occupies so consecutive dashes touch (—— joins without a gap)."""
    upem = font["head"].unitsPerEm
    new_names = {1: "uni2014.zhs", 2: "uni2E3A.zhs", 3: "uni2E3B.zhs"}
    for ems, cps in ((1, (0x2014, 0x2015)), (2, (0x2E3A,)), (3, (0x2E3B,))):
        source = shaped.get(cps[0])
        if source is None or source not in font["glyf"]:
            log.add(f"U+{cps[0]:04X}: not in the source font; left absent")
            continue
        advance = font["hmtx"][source][0]
        bounds = ink_bounds(font, source)
        if (
            advance != ems * upem
            or bounds is None
            or abs(centre_em(bounds, upem) - CJK_CENTRE_EM) > CENTRE_TOLERANCE_EM
        ):
            if ems == 1:
                raise SystemExit(
                    f"{font['name'].getDebugName(4)}: no centred full-width em dash "
                    f"(glyph {source}, advance {advance}, ink {bounds}); cannot fix U+2014"
                )
            log.add(
                f"U+{cps[0]:04X}: source form {source} is not a centred {ems}-em dash "
                f"(advance {advance}, ink {bounds}); left as the font has it"
            )
            continue
        x_min, _, x_max, _ = bounds
        scale = ems * upem / (x_max - x_min)
        name = new_names[ems]
        redraw(font, source, name, ems * upem, scale, -x_min * scale)
        new_bounds = ink_bounds(font, name)
        for cp in cps:
            if cp in font.getBestCmap():
                point_cmap(font, cp, name)
        shown = ", ".join(f"U+{cp:04X}" for cp in cps if cp in font.getBestCmap())
        log.add(
            f"{shown}: source glyph {source} (advance {advance}, ink x {x_min:g}–{x_max:g}, "
            f"y {bounds[1]:g}–{bounds[3]:g}) widened to ink x {new_bounds[0]:g}–{new_bounds[2]:g}, "
            f"advance {ems * upem}"
        )


def fix_middle_dot(font: TTFont, shaped: dict[int, str], log: FixLog) -> None:
    """U+00B7 间隔号: the CJK dot (the full-width form's ink) centred in ½ em."""
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    if 0xB7 not in cmap:
        log.add("U+00B7: not in the source font; left absent")
        return
    source = shaped[0xB7]
    old_advance = font["hmtx"][cmap[0xB7]][0]
    if font["hmtx"][source][0] != upem and 0x30FB in cmap and font["hmtx"][cmap[0x30FB]][0] == upem:
        source = cmap[0x30FB]  # the katakana middle dot is the same centred CJK dot
    bounds = ink_bounds(font, source)
    half = upem // 2
    shift = half / 2 - (bounds[0] + bounds[2]) / 2
    redraw(font, source, "uni00B7.half", half, 1.0, round(shift))
    point_cmap(font, 0xB7, "uni00B7.half")
    new_bounds = ink_bounds(font, "uni00B7.half")
    log.add(
        f"U+00B7: dot of {source} (advance {font['hmtx'][source][0]}, ink x {bounds[0]:g}–{bounds[2]:g}, "
        f"y {bounds[1]:g}–{bounds[3]:g}) centred in advance {half}: ink x {new_bounds[0]:g}–{new_bounds[2]:g} "
        f"(was advance {old_advance})"
    )


def fix_quotes(font: TTFont, log: FixLog) -> None:
    """“”‘’ must be full width. SC faces already are; a proportional quote gets a 1-em
    advance with its ink where the SC forms keep it: an opening quote against the right edge
    (next to the text it opens), a closing quote against the left."""
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    for cp, opening in ((0x201C, True), (0x201D, False), (0x2018, True), (0x2019, False)):
        if cp not in cmap:
            log.add(f"U+{cp:04X}: not in the source font; left absent")
            continue
        name = cmap[cp]
        advance = font["hmtx"][name][0]
        if advance == upem:
            log.add(f"U+{cp:04X}: already full width ({name}, advance {advance}); kept")
            continue
        bounds = ink_bounds(font, name)
        # Mirror the ink's place in its proportional box onto the em: the side bearing that
        # faced the text stays the same.
        shift = (upem - advance) if opening else 0
        new_name = f"uni{cp:04X}.fw"
        redraw(font, name, new_name, upem, 1.0, shift)
        point_cmap(font, cp, new_name)
        new_bounds = ink_bounds(font, new_name)
        log.add(
            f"U+{cp:04X}: proportional {name} (advance {advance}, ink x {bounds[0]:g}–{bounds[2]:g}) "
            f"set full width: advance {upem}, ink x {new_bounds[0]:g}–{new_bounds[2]:g}"
        )


def fix_ellipsis(font: TTFont, log: FixLog) -> None:
    """U+2026 must be 1 em with its dots centred on the em box; fixed like the dash if not."""
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    if 0x2026 not in cmap:
        log.add("U+2026: not in the source font; left absent")
        return
    name = cmap[0x2026]
    advance = font["hmtx"][name][0]
    bounds = ink_bounds(font, name)
    centred_x = abs((bounds[0] + bounds[2]) / 2 - advance / 2) <= 0.02 * upem
    centred_y = abs(centre_em(bounds, upem) - CJK_CENTRE_EM) <= CENTRE_TOLERANCE_EM
    if advance == upem and centred_x and centred_y:
        log.add(
            f"U+2026: already 1 em ({name}), ink x {bounds[0]:g}–{bounds[2]:g}, centre "
            f"{centre_em(bounds, upem):.3f} em; kept"
        )
        return
    if not centred_y:
        raise SystemExit(
            f"{font['name'].getDebugName(4)}: U+2026 ink centre {centre_em(bounds, upem):.3f} em "
            "is off the em box centre; no vertical fix is implemented"
        )
    shift = upem / 2 - (bounds[0] + bounds[2]) / 2
    redraw(font, name, "uni2026.fw", upem, 1.0, round(shift))
    point_cmap(font, 0x2026, "uni2026.fw")
    log.add(f"U+2026: {name} (advance {advance}) centred in advance {upem}")


# ---------------------------------------------------------------- one font


def put_full_width_last(font: TTFont) -> None:
    """Order glyphs so the 1-em ones (nearly all: the ideographs) come last. hmtx then stores
    their shared advance once (numberOfHMetrics drops from ~9200 to a few hundred), which
    makes ReportLab's parse of the font about a quarter faster at every start-up."""
    font.ensureDecompiled()
    upem = font["head"].unitsPerEm
    order = font.getGlyphOrder()
    advance = font["hmtx"].metrics
    new_order = (
        order[:1]
        + [g for g in order[1:] if advance[g][0] != upem]
        + [g for g in order[1:] if advance[g][0] == upem]
    )
    font.setGlyphOrder(new_order)
    font["glyf"].setGlyphOrder(new_order)


def subset_options(glyph_names: bool) -> subset.Options:
    options = subset.Options()
    options.layout_features = []  # ReportLab shapes nothing: no GSUB closure
    options.drop_tables += [
        "GSUB",
        "GPOS",
        "GDEF",
        "BASE",
        "VORG",
        "vhea",
        "vmtx",
        "kern",
        "JSTF",
        "MATH",
        "gasp",
        "hdmx",
        "VDMX",
        "LTSH",
    ]
    options.hinting = False
    options.notdef_outline = True  # a missing character shows as a box, not nothing
    options.name_IDs = ["*"]  # keep copyright, licence and credits
    options.glyph_names = glyph_names
    options.recalc_timestamp = False
    return options


def rename(font: TTFont, family: str, ps_name: str, note: str) -> None:
    name = font["name"]
    style = name.getDebugName(2) or "Regular"
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    name.setName(family, 1, 3, 1, 0x409)
    name.setName(f"{family} {style}" if style != "Regular" else family, 4, 3, 1, 0x409)
    name.setName(ps_name, 6, 3, 1, 0x409)
    name.setName(f"{ps_name};bulletin-pdf", 3, 3, 1, 0x409)
    name.setName(note, 10, 3, 1, 0x409)


def latin_forms(font: TTFont) -> dict[int, str]:
    """cp -> the proportional glyph of ‘ ’: the cmap glyph when it is not full width (WenKai),
    else the font's pwid substitute (Noto CJK)."""
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    pwid = single_substitutions(font, "pwid")
    found = {}
    for cp in LATIN_FORMS:
        name = cmap.get(cp)
        if name is not None and font["hmtx"][name][0] == upem:
            name = pwid.get(name)
        if name is not None and font["hmtx"][name][0] < upem:
            found[cp] = name
    return found


def build_one(source: Source, out_dir: Path, wanted: set[int], extension: bool = False) -> dict:
    """The core file of a face (extension=False) or its extension: `wanted` less what the core
    asks for, plus the Latin forms of ‘ ’."""
    started = time.monotonic()
    font = TTFont(
        source.path,
        fontNumber=source.face if source.path.suffix == ".ttc" else -1,
        recalcTimestamp=False,
    )
    stamp = font["head"].modified
    cmap = font.getBestCmap()
    present = wanted & set(cmap)
    if extension:
        shaped = latin_forms(font)
    else:
        shaped = {cp: cjk_form(font, cp) for cp in (0x2014, 0x2E3A, 0x2E3B, 0x00B7) if cp in cmap}
    source_name = font["name"].getDebugName(4)
    source_version = font["name"].getDebugName(5)

    subsetter = subset.Subsetter(subset_options(glyph_names=True))
    subsetter.populate(unicodes=sorted(present), glyphs=sorted(set(shaped.values())))
    subsetter.subset(font)
    if "CFF " in font:
        cff_to_glyf(font)

    log = FixLog()
    if extension:
        for cp, name in sorted(shaped.items()):
            point_cmap(font, cp, name)
            log.add(
                f"U+{cp:04X}: mapped to the proportional form {name} (advance {font['hmtx'][name][0]}), "
                "for an apostrophe or quote inside Latin text"
            )
    else:
        fix_dashes(font, shaped, log)
        fix_middle_dot(font, shaped, log)
        fix_quotes(font, log)
        fix_ellipsis(font, log)

    # Drop the glyphs the fixes left without a character (the low Latin dash, etc.).
    prune = subset.Subsetter(subset_options(glyph_names=False))
    prune.populate(unicodes=sorted(font.getBestCmap()))
    prune.subset(font)
    put_full_width_last(font)
    font["post"].formatType = 3.0

    note = (
        f"Subset of {source_name} ({source_version}) for bulletin-pdf: TrueType outlines, "
        "glyphs fixed for unshaped Chinese text (see fonts/PROVENANCE.md)."
    )
    if source.rename:
        rename(font, *source.rename, note)
    else:
        font["name"].setName(note, 10, 3, 1, 0x409)
        font["name"].setName(f"{font['name'].getDebugName(6)};bulletin-pdf", 3, 3, 1, 0x409)
    font["head"].created = stamp
    font["head"].modified = stamp
    font.recalcTimestamp = False
    out = out_dir / (source.ext_output if extension else source.output)
    font.save(out, reorderTables=True)

    final = TTFont(out)
    missing = wanted - set(final.getBestCmap())
    if extension:
        verify_extension(final, out)
    else:
        verify(final, out)
    return {
        "output": out.name,
        "glyphs": final["maxp"].numGlyphs,
        "characters": len(final.getBestCmap()),
        "missing": missing,
        "fixes": log.lines,
        "source_name": source_name,
        "source_version": source_version,
        "stamp": stamp,
        "seconds": time.monotonic() - started,
    }


def verify(font: TTFont, path: Path) -> None:
    """Refuse to ship a font whose fixed glyphs are not as ReportLab will need them."""
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    problems = []
    if "glyf" not in font or "CFF " in font:
        problems.append("outlines are not TrueType")
    dash = ink_bounds(font, cmap[0x2014])
    if hmtx[cmap[0x2014]][0] != upem or dash[0] > 0 or dash[2] < upem:
        problems.append(f"U+2014 advance {hmtx[cmap[0x2014]][0]}, ink {dash}")
    if abs(centre_em(dash, upem) - CJK_CENTRE_EM) > CENTRE_TOLERANCE_EM:
        problems.append(f"U+2014 ink centre {centre_em(dash, upem):.3f} em")
    dot = ink_bounds(font, cmap[0xB7])
    if hmtx[cmap[0xB7]][0] != upem // 2 or abs((dot[0] + dot[2]) / 2 - upem / 4) > 1:
        problems.append(f"U+00B7 advance {hmtx[cmap[0xB7]][0]}, ink {dot}")
    for cp in (0x201C, 0x201D, 0x2018, 0x2019, 0x2026):
        if hmtx[cmap[cp]][0] != upem:
            problems.append(f"U+{cp:04X} advance {hmtx[cmap[cp]][0]}")
    if problems:
        raise SystemExit(f"{path.name}: " + "; ".join(problems))
    from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

    ReportLabFont("check", str(path))  # ReportLab must accept it as it is


def verify_extension(font: TTFont, path: Path) -> None:
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    problems = []
    if "glyf" not in font or "CFF " in font:
        problems.append("outlines are not TrueType")
    for cp in LATIN_FORMS:
        if cp in cmap and font["hmtx"][cmap[cp]][0] >= upem:
            problems.append(f"U+{cp:04X} is not proportional")
    if problems:
        raise SystemExit(f"{path.name}: " + "; ".join(problems))
    from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

    ReportLabFont("check", str(path))


# ---------------------------------------------------------------- provenance


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def debian_package(path: Path) -> tuple[str, str]:
    owner = subprocess.run(
        ["dpkg-query", "-S", str(path)], capture_output=True, text=True, check=True
    )
    package = owner.stdout.split(":", 1)[0].strip()
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True
    ).stdout.strip()
    return package, version


def write_licence(package: str, version: str, sources: list[Source], target: Path) -> None:
    """The OFL text from the package's copyright file, headed by the fonts' own notices."""
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    text = copyright_file.read_text(encoding="utf-8")
    stanza = re.search(r"^License: (?:SIL-1\.1|OFL-1\.1)\n((?: .*\n?)+)", text, re.M)
    if stanza is None:
        raise SystemExit(f"{copyright_file}: no OFL licence stanza found")
    body = "\n".join(
        "" if line.strip() == "." else line[1:] for line in stanza.group(1).splitlines()
    )
    comments = re.findall(r"^Comment:\n((?: .*\n)+)", text, re.M)
    reserved = [" ".join(c.split()) for c in comments if "Reserved Font Name" in c]
    header = [f"Fonts in this folder derived from Debian package {package} {version}:"]
    for source in sources:
        font = TTFont(
            source.path, fontNumber=source.face if source.path.suffix == ".ttc" else -1, lazy=True
        )
        notice = font["name"].getDebugName(0).replace("\r\n", "\n")
        header += [
            "",
            f"{source.output}, from {source.path.name}; copyright notice in the source font:",
            notice,
        ]
    if reserved:
        header += ["", "From the package's copyright file:", *reserved]
    header += ["", f"Licence text from {copyright_file}:", "", ""]
    target.write_text("\n".join(header) + body.rstrip() + "\n", encoding="utf-8")


def printable(cp: int) -> bool:
    """False for controls, format marks (bidi overrides!) and spaces, which are listed by code only."""
    return unicodedata.category(chr(cp))[0] not in "CZ"


def _section(source: Source, result: dict, rules, out_dir: Path, extension: bool) -> list[str]:
    package, version = debian_package(source.path)
    out = out_dir / result["output"]
    lines = [
        "",
        f"## {result['output']}",
        "",
        f"- Role: {source.role}"
        + (f" (extension of {source.output}: parsed only when text needs it)" if extension else ""),
        f"- Debian package: {package} {version}",
        f"- Source: `{source.path}`"
        + (f", face index {source.face}" if source.path.suffix == ".ttc" else ""),
        f"- Source font: {result['source_name']}, {result['source_version']}",
        f"- Source sha256: `{sha256(source.path)}`",
        f"- Output sha256: `{sha256(out)}` ({out.stat().st_size:,} bytes)",
        f"- Glyphs: {result['glyphs']}; characters mapped: {result['characters']}",
        f"- Licence: {source.licence}",
    ]
    if source.rename:
        lines.append(
            f'- Renamed to family "{source.rename[0]}" (PostScript {source.rename[1]}): '
            "the source's names are Reserved Font Names under the OFL"
        )
    missing = result["missing"]
    absent = [(label, sorted(chars & missing)) for label, chars in rules if chars & missing]
    if absent:
        lines.append(
            "- Requested but not in the source font"
            + (f" (set from the fallbacks: {', '.join(source.fallbacks)})" if extension else "")
            + ":"
        )
        for label, cps in absent:
            shown = " ".join(
                f"U+{cp:04X}" + (f" {chr(cp)}" if printable(cp) else "") for cp in cps[:40]
            )
            more = f" … ({len(cps)} in all)" if len(cps) > 40 else ""
            lines.append(f"  - {label.split(' (')[0]}: {shown}{more}")
    else:
        lines.append("- Every requested character is present")
    lines.append("- Glyph changes:" if extension else "- Glyph fixes:")
    lines += [f"  - {fix}" for fix in result["fixes"]]
    return lines


def write_provenance(
    results: list[dict], ext_results: list[dict], rules, ext_rules, out_dir: Path
) -> None:
    unicode_pkg, unicode_version = debian_package(UNIHAN_MAPPINGS)
    lines = [
        "# Where the fonts come from",
        "",
        "Written by `scripts/prepare_fonts.py`; do not edit by hand. Rebuild: "
        "`python3 scripts/prepare_fonts.py` (check: `--check`).",
        "",
        f"- fontTools {fontTools.version}",
        f"- Coverage data: `{UNIHAN_MAPPINGS}` ({unicode_pkg} {unicode_version}) and Python's `gb2312` "
        "and `big5` codecs",
        f"- CFF → TrueType: fontTools.subset, then Cu2QuPen (max error {CU2QU_MAX_ERR:g} unit, "
        "contours reversed) into TTGlyphPen; glyf/loca, maxp 1.0, post format 3",
        "- Dropped: GSUB, GPOS, GDEF, BASE, VORG, vhea, vmtx, kern, hinting (ReportLab uses none of them)",
        "- head.created and head.modified are the source font's head.modified, so a rebuild is byte-identical",
        "",
        "## Coverage of the core files (union, where the source font has the character)",
        "",
    ]
    for label, chars in rules:
        lines.append(f"- {label}: {len(chars)} characters")
    core = set().union(*(c for _, c in rules))
    lines.append(f"- union: {len(core)} characters")
    lines += [
        "",
        "## Coverage of the extension files (`*-Ext.ttf`: what the core lacks of these)",
        "",
    ]
    for label, chars in ext_rules:
        lines.append(f"- {label}: {len(chars)} characters, {len(chars - core)} beyond the core")
    lines.append(
        f"- union beyond the core: {len(set().union(*(c for _, c in ext_rules)) - core)} characters"
    )
    lines += [
        "",
        "## Fallbacks (fonts/fallbacks.txt)",
        "",
        "A character a face has in neither its core nor its extension file is set from the first "
        "of its fallbacks that has it; the PDF names that font for the glyph.",
        "",
    ]
    for source in SOURCES:
        lines.append(f"- {source.output}: {source.ext_output}, then {', '.join(source.fallbacks)}")
    for source, result in zip(SOURCES, results):
        lines += _section(source, result, rules, out_dir, extension=False)
    for source, result in zip(SOURCES, ext_results):
        lines += _section(source, result, ext_rules, out_dir, extension=True)
    (out_dir / "PROVENANCE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_fallbacks(out_dir: Path) -> None:
    lines = [
        "# Each face's extension and fallbacks, in the order they are tried (written by",
        "# scripts/prepare_fonts.py; read by src/bulletin_pdf/text/fonts.py).",
        "# face: extension fallback ...",
    ]
    for source in SOURCES:
        lines.append(f"{source.output}: {source.ext_output} {' '.join(source.fallbacks)}")
    (out_dir / FALLBACKS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main


def build_all(out_dir: Path, jobs: int) -> list[dict]:
    rules = coverage_rules()
    wanted = set().union(*(chars for _, chars in rules))
    ext_rules = extension_rules()
    ext_wanted = set().union(*(chars for _, chars in ext_rules)) - wanted
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # the big extension files first, so the pool stays busy to the end
        ext_futures = [
            pool.submit(build_one, source, out_dir, ext_wanted, True) for source in SOURCES
        ]
        futures = [pool.submit(build_one, source, out_dir, wanted) for source in SOURCES]
        results = [future.result() for future in futures]
        ext_results = [future.result() for future in ext_futures]
    for licence in sorted({source.licence for source in SOURCES}):
        sharing = [source for source in SOURCES if source.licence == licence]
        package, version = debian_package(sharing[0].path)
        write_licence(package, version, sharing, out_dir / licence)
    write_provenance(results, ext_results, rules, ext_rules, out_dir)
    write_fallbacks(out_dir)
    return results + ext_results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in a temporary folder and compare with fonts/ byte for byte",
    )
    parser.add_argument(
        "--jobs", type=int, default=len(SOURCES), help="parallel processes (default 4)"
    )
    args = parser.parse_args(argv)
    for source in SOURCES:
        if not source.path.exists():
            print(
                f"missing {source.path}: apt-get install fonts-noto-cjk fonts-lxgw-wenkai",
                file=sys.stderr,
            )
            return 2
    if not UNIHAN_MAPPINGS.exists():
        print(f"missing {UNIHAN_MAPPINGS}: apt-get install unicode-data", file=sys.stderr)
        return 2

    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_dir = Path(tmp)
            build_all(tmp_dir, args.jobs)
            names = (
                [s.output for s in SOURCES]
                + [s.ext_output for s in SOURCES]
                + sorted({s.licence for s in SOURCES})
                + ["PROVENANCE.md", FALLBACKS_FILE]
            )
            differ = [
                n
                for n in names
                if not (FONTS_DIR / n).exists()
                or (tmp_dir / n).read_bytes() != (FONTS_DIR / n).read_bytes()
            ]
        if differ:
            print("differ from a fresh build: " + ", ".join(differ), file=sys.stderr)
            return 1
        print("fonts/ matches a fresh build byte for byte")
        return 0

    FONTS_DIR.mkdir(exist_ok=True)
    for result in build_all(FONTS_DIR, args.jobs):
        print(
            f"{result['output']}: {result['glyphs']} glyphs, {len(result['missing'])} requested "
            f"characters absent from the source, {result['seconds']:.0f} s"
        )
    print(f"wrote {FONTS_DIR / 'PROVENANCE.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

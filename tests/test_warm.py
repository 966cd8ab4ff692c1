"""A warm rebuild (serve, --watch) gives the bytes a cold build gives: the caches may make
it faster, never different."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from golden_builds import BUILDS, SAMPLE, recorded, version_drift

from bulletin_pdf.commands.build import make, render_made
from bulletin_pdf.commands.warm import WarmCache

PARAGRAPH = "1月10日，天平街道第五届社区代表会议第二次会议顺利召开。"


def edit(folder, old: str, new: str) -> None:
    yaml_file = folder / "issue.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert old in text
    yaml_file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def sample_copy(tmp_path):
    folder = tmp_path / "issues" / SAMPLE.name
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.pdf"))
    for name in ("layouts", "fonts"):
        (tmp_path / name).symlink_to(SAMPLE.parents[1] / name)
    return folder


def options(name: str) -> dict:
    return {k: v for k, v in BUILDS[name].items()}


def test_a_warm_rebuild_after_edits_gives_the_cold_bytes(sample_copy):
    warm = WarmCache()
    make(sample_copy, warm=warm)
    first = sample_copy / "issue.yaml"
    original = first.read_text(encoding="utf-8")
    edit(sample_copy, "顺利召开", "胜利召开")  # a paragraph composed again …
    make(sample_copy, warm=warm)
    first.write_text(original, encoding="utf-8")  # … and back, from the memo
    kept = dict(warm.shapes)
    warm_made = make(sample_copy, warm=warm)
    assert warm.compose.hits > 0
    assert kept and warm.shapes == kept  # every article's shapes came from the memo
    cold_made = make(sample_copy)
    drift = version_drift()
    for name in ("plain", "proof", "final"):
        warm_pdf = render_made(warm_made, **options(name))
        assert warm_pdf == render_made(cold_made, **options(name)), name
        if not drift:
            assert hashlib.sha256(warm_pdf).hexdigest() == recorded()[name], name


def test_a_warm_rebuild_of_an_edited_issue_gives_its_cold_bytes(sample_copy):
    warm = WarmCache()
    before = make(sample_copy, warm=warm)
    edit(sample_copy, "顺利召开", "隆重召开，历时一天")
    after = make(sample_copy, warm=warm)
    assert after.makeup.pages != before.makeup.pages  # the edit shows
    assert render_made(after, proof=True) == render_made(make(sample_copy), proof=True)


def test_a_box_kept_from_the_last_build_and_one_edited_give_the_cold_bytes(sample_copy):
    """A briefs box's, a list's and a greeting's shapes are kept too (the block as written
    decides them); an edited box is measured again."""
    warm = WarmCache()
    make(sample_copy, warm=warm)
    kept = {k for k in warm.shapes if k[0] == "kind"}
    assert len(kept) >= 3  # the list, the briefs box, the greeting
    again = make(sample_copy, warm=warm)
    assert {k for k in warm.shapes if k[0] == "kind"} == kept  # all from the memo
    assert render_made(again) == render_made(make(sample_copy))
    edit(sample_copy, "区长方世忠到乌鲁木齐南路66号", "区长方世忠到乌鲁木齐南路66号和68号")
    edited = make(sample_copy, warm=warm)
    assert len({k for k in warm.shapes if k[0] == "kind"} - kept) == 1  # the briefs box
    assert render_made(edited, proof=True) == render_made(make(sample_copy), proof=True)


def test_a_saved_photo_is_read_again(sample_copy):
    """The photo sizes are kept per version of the file: a replaced photo is measured anew."""
    from PIL import Image

    warm = WarmCache()
    photo = sample_copy / "images" / "p2-longhua-visit.jpg"
    make(sample_copy, warm=warm)
    with Image.open(photo) as im:
        im.crop((0, 0, im.width, im.height // 2)).save(
            photo, quality=90
        )  # now twice as wide as tall
    again = make(sample_copy, warm=warm)
    assert render_made(again) == render_made(make(sample_copy))


def test_a_changed_fonts_table_gets_its_own_font_set(sample_copy):
    from dataclasses import replace

    warm = WarmCache()
    made = make(sample_copy, warm=warm)
    assert warm.fonts(made.layout, made.root) is made.fonts  # kept
    body = made.layout.body.font
    other = replace(
        made.layout,
        fonts={**made.layout.fonts, body: made.layout.fonts[made.layout.styles["title"].font]},
    )
    assert warm.fonts(other, made.root) is not made.fonts  # a new table: a new set


def test_the_memo_hands_out_copies_and_forgets_the_oldest(sample_copy):
    from bulletin_pdf.text.memo import ComposeMemo

    memo = ComposeMemo(size=2)
    made = make(sample_copy)
    font = made.layout.body.font
    metrics = made.fonts.metrics(font)
    a = memo(PARAGRAPH, 200.0, font=font, size=10.0, metrics=metrics)
    b = memo(PARAGRAPH, 200.0, font=font, size=10.0, metrics=metrics)
    assert a == b and a.lines is not b.lines and memo.hits == 1
    b.lines.pop()  # a caller changing its copy …
    assert memo(PARAGRAPH, 200.0, font=font, size=10.0, metrics=metrics) == a  # … changes no other
    memo(PARAGRAPH, 150.0, font=font, size=10.0, metrics=metrics)
    memo(PARAGRAPH, 100.0, font=font, size=10.0, metrics=metrics)  # the 200 pt answer goes
    memo(PARAGRAPH, 200.0, font=font, size=10.0, metrics=metrics)
    assert memo.misses == 4


def test_a_second_render_reuses_every_subset_and_stream_and_gives_the_same_bytes(monkeypatch):
    import zlib

    from reportlab.pdfbase import pdfdoc, ttfonts

    made = make(SAMPLE)
    first = render_made(made)
    subsets, streams = [], []
    make_subset, compress = ttfonts.TTFontFile.makeSubset, zlib.compress
    monkeypatch.setattr(
        ttfonts.TTFontFile, "makeSubset", lambda self, s: subsets.append(s) or make_subset(self, s)
    )
    monkeypatch.setattr(pdfdoc.zlib, "compress", lambda d, *a: streams.append(d) or compress(d, *a))
    second = render_made(made)
    assert second == first
    assert not subsets and not streams  # all remembered (render/reuse.py)
    if not version_drift():
        assert hashlib.sha256(second).hexdigest() == recorded()["plain"]

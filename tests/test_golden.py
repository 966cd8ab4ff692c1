"""Every restructuring proves it changed no output: the sample's PDFs keep their sha256
(tests/golden/sample.json), as long as the libraries are the locked versions."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from golden_builds import BUILDS, SAMPLE, build_hash, recorded, version_drift

from bulletin_pdf.commands.build import build, make


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_sample_pdf_bytes_are_the_recorded_ones(name, tmp_path):
    drift = version_drift()
    if drift:
        pytest.skip("libraries differ from requirements-lock.txt: " + ", ".join(drift))
    assert build_hash(name, tmp_path) == recorded()[name], (
        f"the sample's {name} PDF changed; if that is intended, run scripts/update_golden.py "
        "and say in the commit which output changed and why"
    )


def test_the_sample_pinned_to_the_archived_layout_reprints_its_bytes(tmp_path):
    """The sample pins layout_version: 1, which is now layouts/archive/tabloid-4k-v1.yaml,
    written before quotes and notices and lacking their styles: it still loads and builds
    the bytes recorded for it. Unpinned, the current layout (version 3, which only adds the
    new kinds' styles and a headline for 1-column stories, which the sample has none of)
    gives the same bytes too."""
    drift = version_drift()
    if drift:
        pytest.skip("libraries differ from requirements-lock.txt: " + ", ".join(drift))
    assert make(SAMPLE).layout.version == 1
    assert build_hash("plain", tmp_path) == recorded()["plain"]
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project / "issues" / "unpinned")
    for folder in ("layouts", "fonts"):
        (project / folder).symlink_to(SAMPLE.parents[1] / folder)
    file = project / "issues" / "unpinned" / "issue.yaml"
    text = file.read_text(encoding="utf-8")
    assert "\nlayout_version: 1 " in text
    file.write_text(
        text.replace("\nlayout_version: 1 ", "\n# layout_version: 1 "), encoding="utf-8"
    )
    assert make(file).layout.version == 3
    build(file, tmp_path / "v3.pdf")
    assert hashlib.sha256((tmp_path / "v3.pdf").read_bytes()).hexdigest() == recorded()["plain"]


def test_the_sample_prints_its_bytes_after_an_issue_with_its_own_copy_of_the_fonts(tmp_path):
    """A process that has built an issue whose project keeps a copy of the fonts (batch,
    serve) loads the same font files from two folders: the sample must still get its
    fonts' own names, and so its recorded bytes, as in a fresh process."""
    drift = version_drift()
    if drift:
        pytest.skip("libraries differ from requirements-lock.txt: " + ", ".join(drift))
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project / "issues" / "copy")
    shutil.copytree(SAMPLE.parents[1] / "fonts", project / "fonts")  # copied, not linked
    (project / "layouts").symlink_to(SAMPLE.parents[1] / "layouts")
    build(project / "issues" / "copy", tmp_path / "copy.pdf")
    assert build_hash("plain", tmp_path) == recorded()["plain"]

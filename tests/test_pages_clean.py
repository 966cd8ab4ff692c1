"""Issue 10's measure, kept: every page of the real-text test issues made up with no hole
and no collision, read from the PDF (scripts/measure_pages.py: a blank run longer than 2½
body lines in a column between its first line and the folio is a hole; glyphs over glyphs,
a glyph on a photo, or anything in the folio's and imprint's rows is a collision)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT

TEST_ISSUES = sorted(
    path
    for path in (ROOT / "tests" / "issues").iterdir()
    if path.name[:1] == "t" and path.name[1:3].isdigit()
)
REAL_TEXT = [*TEST_ISSUES, ROOT / "issues" / "2020-01-tianping"]


def _measure_pages():
    module = sys.modules.get("measure_pages")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            "measure_pages", ROOT / "scripts" / "measure_pages.py"
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["measure_pages"] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return module


def test_the_real_text_issues_are_all_there():
    assert len(REAL_TEXT) >= 12  # the sample and 11 issues of published news (SOURCES.md)
    assert all((folder / "SOURCES.md").is_file() for folder in TEST_ISSUES)


@pytest.mark.parametrize("folder", REAL_TEXT, ids=lambda p: p.name)
def test_every_page_has_no_hole_and_no_collision(folder, tmp_path):
    measure_pages = _measure_pages()
    pdf, display = measure_pages.build_proof(folder, tmp_path)
    assert pdf is not None, display
    pages = measure_pages.measure(pdf, folder, display)
    assert pages
    unclean = {p.page: p.holes + p.collisions for p in pages if not p.clean}
    assert not unclean, unclean

"""Preflight on its planted-fault corpus (tests/preflight_corpus.py): every fault is caught
with a finding that names its rule, and the good PDFs — the tool's own finals, rotated
pages, other tools' correct PDF/X files — raise no error."""

from __future__ import annotations

import shutil

import pytest
from preflight_corpus import available, cases

from bulletin_pdf.preflight.checks import format_report, preflight

CASES = cases()
FAULTS = [c for c in CASES if c.rule]
GOOD = [c for c in CASES if not c.rule]
HAS_GS = shutil.which("gs") is not None


def test_the_corpus_is_large_enough():
    assert len(FAULTS) >= 60 and len(GOOD) >= 10
    assert len({c.name for c in CASES}) == len(CASES)


def _check(case, tmp_path):
    if not available(case):
        pytest.skip(f"needs {', '.join(case.needs)}")
    if case.ink and not HAS_GS:
        pytest.skip("needs Ghostscript")
    path = case.make(tmp_path / f"{case.name}.pdf")
    return preflight(path, ink=case.ink, **case.options)


@pytest.mark.parametrize("case", FAULTS, ids=[c.name for c in FAULTS])
def test_every_planted_fault_is_caught_by_its_rule(case, tmp_path):
    report = _check(case, tmp_path)
    caught = [f for f in report.findings if f.rule == case.rule and f.severity == case.severity]
    assert caught, f"{case.name}: no {case.severity} under {case.rule}\n" + format_report(report)
    assert all(f.page or not f.pages for f in caught)


@pytest.mark.parametrize("case", GOOD, ids=[c.name for c in GOOD])
def test_good_pdfs_raise_no_error(case, tmp_path):
    report = _check(case, tmp_path)
    assert report.ok, format_report(report)

"""Every restructuring proves it changed no output: the sample's PDFs keep their sha256
(tests/golden/sample.json), as long as the libraries are the locked versions."""

from __future__ import annotations

import pytest
from golden_builds import BUILDS, build_hash, recorded, version_drift


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_sample_pdf_bytes_are_the_recorded_ones(name, tmp_path):
    drift = version_drift()
    if drift:
        pytest.skip("libraries differ from requirements-lock.txt: " + ", ".join(drift))
    assert build_hash(name, tmp_path) == recorded()[name], (
        f"the sample's {name} PDF changed; if that is intended, run scripts/update_golden.py "
        "and say in the commit which output changed and why"
    )

"""Shared test helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"
# the real issue's text, in the read-only shared/ folder that lies beside the checkout
SEED = ROOT.parent / "shared" / "seed" / "tianping-2020-01.txt"


def copy_sample(tmp_path: Path, edit=None, name: str = "issue") -> Path:
    """A copy of the sample issue (without its PDFs) in tmp_path/name, its issue.yaml
    passed through `edit(text)` when given (which must change it)."""
    folder = tmp_path / name
    shutil.copytree(
        ROOT / "issues" / "2020-01-tianping", folder, ignore=shutil.ignore_patterns("*.pdf")
    )
    if edit:
        file = folder / "issue.yaml"
        text = file.read_text(encoding="utf-8")
        new = edit(text)
        assert new != text, "the edit did not apply"
        file.write_text(new, encoding="utf-8")
    return folder


def registered_test_font(prefix: str) -> str:
    """A TrueType font registered with ReportLab for hand-made test PDFs: DejaVu if the
    machine has it, else one of the project's own fonts (ReportLab embeds TTFs only)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in [
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        *sorted((ROOT / "fonts").glob("*.ttf")),
    ]:
        if path.exists():
            name = f"{prefix}-{path.stem}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            return name
    pytest.skip("no TrueType font on this machine")


@pytest.fixture
def project(tmp_path):
    """A throwaway project folder with the real layouts/ and fonts/ linked in; returns a
    function writing an issue folder (YAML text, plus optional images copied from the sample)."""
    (tmp_path / "layouts").symlink_to(ROOT / "layouts")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")

    def write_issue(name: str, yaml_text: str, images: tuple[str, ...] = ()) -> Path:
        folder = tmp_path / "issues" / name
        (folder / "images").mkdir(parents=True)
        (folder / "issue.yaml").write_text(yaml_text, encoding="utf-8")
        for image in images:
            (folder / "images" / image).write_bytes((SAMPLE / "images" / image).read_bytes())
        return folder

    return write_issue

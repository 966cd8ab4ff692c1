"""Writes tests/fixtures/manuscripts/: the test manuscript of tests/manuscripts.py (made with
python-docx) saved again by LibreOffice, as an editor's office software writes Word files.

    python scripts/make_manuscript_fixtures.py      (needs Debian's libreoffice-writer)

lo-via-odt.docx: python-docx → LibreOffice .odt → LibreOffice .docx
lo-via-rtf.docx: python-docx → LibreOffice .rtf → LibreOffice .docx
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from manuscripts import make_word_manuscript  # noqa: E402 (after the path is set)

OUT = ROOT / "tests" / "fixtures" / "manuscripts"


def convert(source: Path, to: str, folder: Path, profile: Path) -> Path:
    """One LibreOffice conversion, headless, with a profile of its own (so it neither
    reads nor disturbs the user's)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.{to.split(':')[0]}"


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: apt-get install libreoffice-writer")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        profile = work / "profile"
        source = make_word_manuscript(work / "manuscript.docx")
        for via in ("odt", "rtf"):
            step = work / via
            step.mkdir()
            middle = convert(source, via, step, profile)
            back = step / "back"
            back.mkdir()
            docx = convert(middle, 'docx:"MS Word 2007 XML"'.replace('"', ""), back, profile)
            shutil.copy(docx, OUT / f"lo-via-{via}.docx")
            print(f"wrote {OUT / f'lo-via-{via}.docx'} ({docx.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

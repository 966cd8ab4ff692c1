"""The sample issue's golden builds: which PDFs are pinned by sha256, and how each is made.
Shared by tests/test_golden.py and scripts/update_golden.py."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"
GOLDEN = Path(__file__).parent / "golden" / "sample.json"
LOCK = ROOT / "requirements-lock.txt"

# name → build options
BUILDS: dict[str, dict] = {
    "plain": {},
    "proof": {"proof": True},
    "proof-grid": {"proof": True, "grid": True},
    "final": {"final": True},
    "final-x4": {"final": True, "pdfx": "X-4"},
}


def version_drift() -> list[str]:
    """The locked libraries whose installed version differs from requirements-lock.txt."""
    drift = []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if not found:
            continue
        name, want = found.groups()
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = "missing"
        if have != want:
            drift.append(f"{name} {have} (locked {want})")
    return drift


def build_hash(name: str, folder: Path) -> str:
    from bulletin_pdf.commands.build import build

    out = folder / f"{name}.pdf"
    build(SAMPLE, out, **BUILDS[name])
    return hashlib.sha256(out.read_bytes()).hexdigest()


def recorded() -> dict[str, str]:
    return {
        k: v
        for k, v in json.loads(GOLDEN.read_text(encoding="utf-8")).items()
        if not k.startswith("_")
    }

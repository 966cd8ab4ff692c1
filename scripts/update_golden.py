"""Record the sample's PDF hashes in tests/golden/sample.json after an intended output change.

    python scripts/update_golden.py

Refuses to run when the installed libraries differ from requirements-lock.txt (the hashes
would then pin another library's bytes)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from golden_builds import BUILDS, GOLDEN, build_hash, version_drift


def main() -> int:
    drift = version_drift()
    if drift:
        print("install requirements-lock.txt first: " + ", ".join(drift), file=sys.stderr)
        return 2
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        for name in sorted(BUILDS):
            new = build_hash(name, Path(folder))
            print(f"{name:11} {'same   ' if data.get(name) == new else 'CHANGED'} {new}")
            data[name] = new
    GOLDEN.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

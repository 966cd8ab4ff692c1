"""Write preflight's planted-fault corpus (tests/preflight_corpus.py) into a folder, check
every file, and print what was caught, by which rule, and how long each check took.

    python scripts/preflight_corpus.py [OUT_DIR] [--no-ink]

The corpus is made on the fly and never stored; OUT_DIR (default: a temporary folder) keeps
the PDFs for a look with other tools."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from preflight_corpus import available, cases

from bulletin_pdf.preflight.checks import preflight


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", help="folder for the PDFs (default: temporary)")
    ap.add_argument("--no-ink", action="store_true", help="skip the Ghostscript ink cases' render")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.out or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        caught = faults = good_ok = goods = 0
        seconds = []
        for case in cases():
            if not available(case):
                print(f"{'skipped':8} {case.name} (needs {', '.join(case.needs)})")
                continue
            path = case.make(folder / f"{case.name}.pdf")
            started = time.perf_counter()
            report = preflight(path, ink=case.ink and not args.no_ink, **case.options)
            took = time.perf_counter() - started
            seconds.append(took)
            if case.rule:
                faults += 1
                hit = any(
                    f.rule == case.rule and f.severity == case.severity for f in report.findings
                )
                caught += hit
                state = "caught" if hit else "MISSED"
                print(f"{state:8} {case.name:40} {case.rule:28} {took:6.2f} s")
            else:
                goods += 1
                good_ok += report.ok
                state = "clean" if report.ok else "ERROR"
                print(f"{state:8} {case.name:40} {'(good)':28} {took:6.2f} s")
        print(
            f"\n{caught}/{faults} faults caught by their rule; {good_ok}/{goods} good PDFs without error; "
            f"preflight {sum(seconds):.1f} s in all, median {sorted(seconds)[len(seconds) // 2]:.2f} s, "
            f"slowest {max(seconds):.2f} s"
        )
    return 0 if caught == faults and good_ok == goods else 1


if __name__ == "__main__":
    raise SystemExit(main())

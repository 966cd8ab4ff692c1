#!/usr/bin/env python3
"""Times make-up alone (kinds' shapes, the planner's search, setting and placing every
block) of issues, in this process, after one warm-up run; loading, fonts and rendering are
not counted. Prints the median of N runs per issue.

    python bench/bench_makeup.py [ISSUE ...] [-n 5]
    (default: the sample issue and the 4-page test issues in tests/issues/)
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from bulletin_pdf.commands.build import make
    from bulletin_pdf.errors import Report
    from bulletin_pdf.makeup.place import make_up
    from bulletin_pdf.photos.images import image_info

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("issues", nargs="*", type=Path)
    ap.add_argument("-n", type=int, default=5)
    args = ap.parse_args()
    issues = args.issues or [
        ROOT / "issues" / "2020-01-tianping",
        *sorted(
            p
            for p in (ROOT / "tests" / "issues").glob("t*")
            if "4p" in p.name or "lead" in p.name or "no-hints" in p.name
        ),
    ]
    for folder in issues:
        made = make(folder)  # loads fonts and photo sizes once
        times = []
        for _ in range(args.n + 1):
            t = time.perf_counter()
            make_up(made.issue, made.layout, made.fonts, Report(), image_info)
            times.append(time.perf_counter() - t)
        print(
            f"{folder.name}: {len(made.issue.pages)} pages, make-up {statistics.median(times[1:]) * 1000:.0f} ms "
            f"(median of {args.n})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Generate N realistic test issues from the sample issue's sentences.

    python scripts/generate_issues.py 100 /tmp/issues --seed 1 [--sample issues/2020-01-tianping]

Each issue goes to OUTDIR/gen-<seed>-<number>/issue.yaml with copies of the sample's stand-in
photos; the same seed always writes the same files. Every issue is fitted to its pages (no
overset) unless --no-fit is given. See src/bulletin_pdf/generate.py.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bulletin_pdf.commands.generate import generate_issues


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("count", type=int, help="how many issues")
    ap.add_argument("outdir", type=Path, help="folder to write them into")
    ap.add_argument("--seed", type=int, default=0, help="the series: same seed, same issues")
    ap.add_argument(
        "--sample",
        type=Path,
        help="the issue whose text is recombined (default: issues/2020-01-tianping)",
    )
    ap.add_argument(
        "--no-fit", action="store_true", help="skip the make-up check for overset (faster)"
    )
    args = ap.parse_args()
    if args.count < 1:
        ap.error("count must be at least 1")
    t0 = time.perf_counter()
    files = generate_issues(
        args.count, args.outdir, seed=args.seed, sample=args.sample, fit=not args.no_fit
    )
    print(f"wrote {len(files)} issues to {args.outdir} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Batch reprint benchmark: 100 generated sample-sized issues through `bulletin-pdf batch`.

    python bench/bench_batch.py [-n 100] [-j 2] [--seed 1] [--final] [--keep DIR]

Generates N issues (scripts/generate_issues.py: the sample's sentences recombined, fitted to
their pages), takes a snapshot of the tool (src/, layouts/, fonts/) so that edits made to the
checkout meanwhile cannot change it between runs, then times three runs of
`bulletin-pdf batch -j J` as separate processes:
  1. the cold build of every issue,
  2. a second run with nothing changed (every issue must be skipped),
  3. --verify (everything rebuilt in memory and compared byte for byte with the first run).
It reports wall time, issues per second and peak memory per worker, against the targets:
10 issues/s or more, < 300 MB per worker, the unchanged run < 3 s.
"""

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# issue 16's targets: 10 issues a second on 2 cores, an unchanged rebuild under 3 s; and the
# memory each worker may take
TARGET_RATE, TARGET_MB, TARGET_SKIP_SECONDS = 10.0, 300.0, 3.0


def snapshot_tool(work: Path) -> Path:
    """A copy of the package with the layouts and fonts it finds beside it (load.py falls back
    to the folder above src/ for layouts/); returns the copy's src/ folder. The copy is
    compiled to bytecode, as an installed package is: where PYTHONDONTWRITEBYTECODE is set,
    every worker would otherwise compile each module anew (some 200 ms of CPU a process)."""
    tool = work / "tool"
    if tool.exists():
        shutil.rmtree(tool)
    shutil.copytree(
        ROOT / "src", tool / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    compileall.compile_dir(tool / "src", quiet=1)
    shutil.copytree(ROOT / "layouts", tool / "layouts")
    # copied, not linked: a font reached through a link out of the font folders is refused
    shutil.copytree(ROOT / "fonts", tool / "fonts")
    return tool / "src"


def run_batch(
    src: Path, issues: Path, dist: Path, jobs: int, *extra: str
) -> tuple[float, float, str, int]:
    """(wall seconds, peak RSS of the batch and its workers in MB, stdout, exit code)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [
        sys.executable,
        "-m",
        "bulletin_pdf.commands.cli",
        "batch",
        str(issues),
        "-o",
        str(dist),
        "-j",
        str(jobs),
        *extra,
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    out = proc.stdout.read()
    # wait4's usage covers the batch process and the workers it waited for; the batch itself
    # reports each worker's own peak, which is the figure the target is about.
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, out, os.waitstatus_to_exitcode(status)


def worker_peak(out: str) -> float | None:
    match = re.search(r"peak memory per worker: (\d+) MB", out)
    return float(match.group(1)) if match else None


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("-n", type=int, default=100, help="issues to generate")
    ap.add_argument("-j", type=int, default=2, help="batch workers")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--final", action="store_true", help="build print-shop PDF/X output")
    ap.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (default: a temp folder)"
    )
    args = ap.parse_args()

    from bulletin_pdf.commands.generate import generate_issues

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = args.keep or Path(tmp)
        issues, dist = work / "issues", work / "dist"
        t0 = time.perf_counter()
        if not (issues.is_dir() and len(list(issues.glob("*/issue.yaml"))) == args.n):
            generate_issues(args.n, issues, seed=args.seed)
        print(f"generated {args.n} issues (seed {args.seed}) in {time.perf_counter() - t0:.1f} s")
        src = snapshot_tool(work)
        extra = ["--final"] if args.final else []

        wall, rss, out, code = run_batch(src, issues, dist, args.j, *extra)
        if code != 0:
            print(out)
            return 1
        pages = sum(int(m.group(1)) for m in re.finditer(r"^\S+\s+built\s+(\d+)", out, re.M))
        peak = worker_peak(out)
        print(
            f"cold batch: {args.n} issues, {pages} pages in {wall:.1f} s with -j {args.j} "
            f"({args.n / wall:.2f} issues/s, {pages / wall:.1f} pages/s); "
            f"peak memory per worker {peak:.0f} MB (batch + workers: {rss:.0f} MB)"
        )

        wall2, _, out2, code2 = run_batch(src, issues, dist, args.j, *extra)
        skipped = len(re.findall(r"^\S+\s+skipped\s+\d+", out2, re.M))
        print(f"unchanged:  {skipped}/{args.n} skipped in {wall2:.2f} s")

        wall3, _, out3, code3 = run_batch(src, issues, dist, args.j, "--verify", *extra)
        verified = len(re.findall(r"^\S+\s+verified\s+\d+", out3, re.M))
        print(f"verify:     {verified}/{args.n} byte-identical in {wall3:.1f} s")

        ok = (
            args.n / wall >= TARGET_RATE
            and (peak or rss) < TARGET_MB
            and wall2 < TARGET_SKIP_SECONDS
            and skipped == args.n
            and verified == args.n
            and code2 == 0
            and code3 == 0
        )
        print(
            f"targets ({TARGET_RATE:.0f} issues/s or more, < {TARGET_MB:.0f} MB per worker, "
            f"unchanged < {TARGET_SKIP_SECONDS:.0f} s, all verified): {'met' if ok else 'NOT met'}"
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

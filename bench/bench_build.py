#!/usr/bin/env python3
"""Cold build of the sample issue: wall time (median of N fresh processes) and peak memory.

    python bench/bench_build.py [-n 10] [--final] [ISSUE]

Each run is a new `bulletin-pdf build` process, so imports and font parsing are counted,
as an editor pressing "build" sees them. Peak memory is the largest resident set of a run.
Measure an installed package (`pip install .`): an editable install with
PYTHONDONTWRITEBYTECODE set compiles every module again on every run.
Compare against Typst with the reference in ../shared/bench/typst-reference/ if you have it.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def one_run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    pid_start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - pid_start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed:\n{stderr}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("issue", nargs="?", default=os.path.join(ROOT, "issues", "2020-01-tianping"))
    ap.add_argument("-n", type=int, default=10, help="timed runs after one warm-up")
    ap.add_argument("--final", action="store_true", help="time the print-shop (PDF/X) build")
    a = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(prefix="bulletin-bench-"), "out.pdf")
    cmd = [sys.executable, "-m", "bulletin_pdf.commands.cli", "build", a.issue, "-o", out]
    if a.final:
        cmd.append("--final")
    one_run(cmd)  # warm the OS file cache, as an editor's second build would
    walls, peaks = [], []
    for _ in range(a.n):
        w, p = one_run(cmd)
        walls.append(w)
        peaks.append(p)
    print(
        f"build {'--final ' if a.final else ''}{os.path.relpath(a.issue)}: "
        f"wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f}), "
        f"peak memory {max(peaks):.0f} MB, {a.n} runs"
    )


if __name__ == "__main__":
    main()

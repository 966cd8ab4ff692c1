#!/usr/bin/env python3
"""Warm builds in one process, against Typst compiling the same content in one process.

    python bench/bench_warm.py [-n 15] [--rounds 5] [ISSUE]

A warm build is a build in a process that has built before. Two kinds are timed:
  cli         `bulletin-pdf build` run again through the command line in the same process:
              imports done, fonts parsed, layouts read and texts normalised once per
              process; every paragraph is composed and every page made up again
  warm        a rebuild with a WarmCache, as serve, --watch and every batch worker make it:
              composed paragraphs, the font set and photo sizes kept as well
and, when the Typst reference's venv exists (`../shared/bench/typst-reference/vs_typst.py`
makes it on first use), Typst setting the same content (doc.typ) in one process:
  typst       typst.compile again (it reads its fonts again each time)
  typst-warm  one typst.Compiler compiling again, nothing changed (Typst's memo answers)
  typst-edit  one typst.Compiler compiling again after an edit every paragraph feels (its
              letter spacing moved by 10^-6 pt): fonts loaded, the layout done anew
Each kind runs in a child process of its own: two builds to warm up, then N timed. The
children alternate over the rounds, so that drift on a shared machine cancels; the figures
are medians over all rounds of each round's median, with the ratios to Typst per round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# ../shared beside the checkout (or beside the folder of a worktree)
TYPST_REF = next(
    (
        path
        for up in ("..", os.path.join("..", ".."))
        if os.path.isdir(path := os.path.join(ROOT, up, "shared", "bench", "typst-reference"))
    ),
    os.path.join(ROOT, "..", "shared", "bench", "typst-reference"),
)
TYPST_VENV = "/tmp/typst-ref-venv"
TYPST_FONTS = "/tmp/typst-ref-fonts"

CHILD = r"""
import json, os, sys, time
kind, issue, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if kind == "cli":
    from bulletin_pdf.commands.cli import main
    def run():
        with open(os.devnull, "w") as null:
            saved = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = null
            try:
                code = main(["build", issue, "-o", out])
            finally:
                sys.stdout, sys.stderr = saved
        if code:
            sys.exit(f"build failed with exit status {code}")
elif kind == "warm":
    from pathlib import Path
    from bulletin_pdf.commands.build import make, render_made, write_atomic
    from bulletin_pdf.commands.warm import WarmCache
    cache = WarmCache()
    def run():
        write_atomic(Path(out), render_made(make(Path(issue), warm=cache)))
else:
    import typst
    doc, fonts = issue.split(os.pathsep)
    if kind == "typst":
        def run():
            typst.compile(doc, output=out, font_paths=[fonts])
    elif kind == "typst-warm":
        compiler = typst.Compiler(doc, font_paths=[fonts])
        def run():
            compiler.compile(output=out)
    else:
        edited = os.path.join(os.path.dirname(out), "edited.typ")
        with open(doc, encoding="utf-8") as f:
            source = f.read()
        edits = iter(range(1, 10**6))
        def edit():
            with open(edited, "w", encoding="utf-8") as f:
                f.write(f"#set text(tracking: {next(edits)}e-6pt)\n" + source)
        edit()
        compiler = typst.Compiler(edited, font_paths=[fonts])
        def run():
            edit()
            compiler.compile(output=out)
run(); run()
times = []
for _ in range(n):
    t = time.perf_counter()
    run()
    times.append(time.perf_counter() - t)
print(json.dumps(times))
"""


def child(kind: str, issue: str, out: str, n: int) -> float:
    """Median seconds per build of `kind`, in a fresh process."""
    if kind.startswith("typst"):
        python = os.path.join(TYPST_VENV, "bin", "python")
        target = os.pathsep.join([os.path.join(TYPST_REF, "doc.typ"), TYPST_FONTS])
    else:
        python, target = sys.executable, issue
    proc = subprocess.run(
        [python, "-c", CHILD, kind, target, out, str(n)], capture_output=True, text=True
    )
    if proc.returncode:
        sys.exit(f"{kind} failed:\n{proc.stderr[-2000:]}")
    return statistics.median(json.loads(proc.stdout))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("issue", nargs="?", default=os.path.join(ROOT, "issues", "2020-01-tianping"))
    ap.add_argument("-n", type=int, default=15, help="timed builds per child")
    ap.add_argument("--rounds", type=int, default=5, help="alternated rounds of all children")
    a = ap.parse_args()
    kinds = ["cli", "warm"]
    if os.path.exists(os.path.join(TYPST_VENV, "bin", "python")) and os.path.isdir(TYPST_FONTS):
        kinds += ["typst", "typst-warm", "typst-edit"]
    else:
        print("(no Typst reference venv: run ../shared/bench/typst-reference/vs_typst.py once)")
    out = os.path.join(tempfile.mkdtemp(prefix="bulletin-warm-"), "out.pdf")
    rounds: list[dict[str, float]] = []
    for _ in range(a.rounds):
        rounds.append({kind: child(kind, a.issue, out, a.n) for kind in kinds})
    print(
        f"warm builds of {os.path.relpath(a.issue)} in one process: {a.rounds} alternated "
        f"rounds of {a.n} builds (median ms per build)"
    )
    for kind in kinds:
        values = [r[kind] for r in rounds]
        line = f"  {kind:<11} {statistics.median(values) * 1000:7.1f}"
        line += f"   (rounds: {', '.join(f'{v * 1000:.0f}' for v in values)})"
        print(line)
    for ref in ("typst", "typst-warm", "typst-edit"):
        if ref not in kinds:
            continue
        for kind in ("cli", "warm"):
            ratio = statistics.median(r[kind] / r[ref] for r in rounds)
            print(f"  ratio {kind}/{ref}: {ratio:.2f} (median of the rounds' ratios)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Where a build's time goes, by stage: a cold build (a fresh process) and a warm one (the
same process building again), as medians of many runs, and which modules a build imports.

    python bench/profile_build.py [-n 15] [-w 15] [--final] [ISSUE]

Each cold run is a new process running `bulletin-pdf build ISSUE -o …` through the CLI;
the warm runs are one more process that builds the issue 1 + W times and keeps the last W.
Inside the process every stage's entry function is wrapped with a clock as its module is
imported (nothing is imported that the build itself would not import), and the time is
split *exclusively*: composing inside make-up counts as composing, an import inside render
as imports. The stages:

  start-up    interpreter and site start, before the first line of the program
  imports     every `import` statement that ran (builtins.__import__), wherever it stood
  load        reading and validating the YAML (issue and layout), normalising the text
  fonts       parsing the font files (or reading their cache) when first used
  composing   setting paragraphs into lines (text.typeset.compose)
  make-up     placing blocks on the pages, page furniture, page filling
  photos      opening and checking photos (during make-up and the photo stage)
  render      drawing the display lists into the PDF
  subset      font subsetting (ReportLab's makeSubset, inside render)
  pdfx        the PDF/X keys of a final build (pikepdf)
  write       writing the PDF to disk
  other       the CLI and the glue between stages

The machine this runs on is often shared: read medians, and compare counts (modules
imported) and ratios measured alternately (the Typst reference's vs_typst.py) rather than
absolute times between days. Import costs are listed from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

STAGES = (
    "start-up",
    "imports",
    "load",
    "fonts",
    "composing",
    "make-up",
    "photos",
    "render",
    "subset",
    "pdfx",
    "write",
    "other",
)

# (module, attribute path, stage): wrapped as soon as the module has been imported. A target
# that does not exist (the code moved) is reported, not silently skipped.
TARGETS = (
    ("bulletin_pdf.source.load", "load", "load"),
    ("bulletin_pdf.commands.build", "_normalize_issue", "load"),
    ("bulletin_pdf.text.fonts", "_load", "fonts"),
    ("bulletin_pdf.text.typeset", "compose", "composing"),
    ("bulletin_pdf.makeup.place", "make_up", "make-up"),
    ("bulletin_pdf.photos.images", "image_info", "photos"),
    ("bulletin_pdf.photos.stage", "resolve_photos", "photos"),
    ("bulletin_pdf.render.pdf", "render", "render"),
    ("reportlab.pdfbase.ttfonts", "TTFontFile.makeSubset", "subset"),
    ("bulletin_pdf.render.pdfx", "make_pdfx", "pdfx"),
    ("bulletin_pdf.commands.build", "write_atomic", "write"),
)

# Modules a plain build should never need (tests/test_startup.py holds the build to it).
HEAVY = ("pikepdf", "pypdfium2", "tqdm", "fontTools", "docx", "simplejpeg", "numpy", "PIL")


# ---- the child: one process, instrumented -----------------------------------------------


class _Clock:
    """Exclusive time per stage: entering a stage pauses the one it was entered from."""

    def __init__(self, now: float):
        self.totals: dict[str, float] = {}
        self.stack: list[list] = [["other", now]]

    def reset(self) -> None:
        self.totals = {}
        self.stack = [["other", time.perf_counter()]]

    def enter(self, stage: str) -> None:
        now = time.perf_counter()
        top = self.stack[-1]
        self.totals[top[0]] = self.totals.get(top[0], 0.0) + now - top[1]
        self.stack.append([stage, now])

    def leave(self) -> None:
        now = time.perf_counter()
        stage, since = self.stack.pop()
        self.totals[stage] = self.totals.get(stage, 0.0) + now - since
        self.stack[-1][1] = now

    def current(self) -> str:
        return self.stack[-1][0]

    def snapshot(self) -> dict[str, float]:
        self.enter("other")  # closes the running interval
        self.leave()
        return dict(self.totals)


def _timed(clock: _Clock, stage: str, fn):
    def wrapper(*args, **kwargs):
        if clock.current() == stage:  # recursion, or a stage calling itself: no new interval
            return fn(*args, **kwargs)
        clock.enter(stage)
        try:
            return fn(*args, **kwargs)
        finally:
            clock.leave()

    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


def _install(clock: _Clock, found: set[str]) -> None:
    import builtins
    import importlib.abc
    import importlib.machinery

    real_import = builtins.__import__
    builtins.__import__ = _timed(clock, "imports", real_import)

    by_module: dict[str, list[tuple[str, str]]] = {}
    for module, attr, stage in TARGETS:
        by_module.setdefault(module, []).append((attr, stage))

    def patch(module) -> None:
        for attr, stage in by_module.get(module.__name__, []):
            owner, *path = attr.split(".")
            holder = module
            for name in [owner, *path][:-1]:
                holder = getattr(holder, name, None)
            last = ([owner, *path])[-1]
            if holder is not None and hasattr(holder, last):
                setattr(holder, last, _timed(clock, stage, getattr(holder, last)))
                found.add(f"{module.__name__}.{attr}")

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name not in by_module:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or spec.loader is None:
                return spec
            exec_module = spec.loader.exec_module

            def exec_and_patch(module):
                exec_module(module)
                patch(module)

            spec.loader.exec_module = exec_and_patch  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def child(issue: str, out: str, final: bool, builds: int, result_file: str) -> None:
    start = time.perf_counter()
    clock = _Clock(start)
    found: set[str] = set()
    _install(clock, found)
    from bulletin_pdf.commands.cli import main

    argv = ["build", issue, "-o", out] + (["--final"] if final else [])
    runs = []
    for i in range(builds):
        if i:
            clock.reset()
        t = time.perf_counter() if i else start
        with open(os.devnull, "w") as null:
            saved, sys.stdout = sys.stdout, null
            try:
                code = main(argv)
            finally:
                sys.stdout = saved
        if code:
            sys.exit(f"build failed with exit status {code}")
        stages = clock.snapshot()
        stages["total"] = time.perf_counter() - t
        runs.append(stages)
    missing = sorted(
        f"{m}.{a}"
        for m, a, _ in TARGETS
        if f"{m}.{a}" not in found and m in sys.modules and "pdfx" not in m
    )
    heavy = sorted(name for name in HEAVY if name in sys.modules)
    with open(result_file, "w") as f:
        json.dump(
            {
                "start": start,
                "runs": runs,
                "modules": len(sys.modules),
                "heavy": heavy,
                "unwrapped": missing,
            },
            f,
        )


# ---- the parent: runs, medians, the table -------------------------------------------------


def _run_child(issue: str, out: str, final: bool, builds: int, extra: list[str] = ()) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_file = f.name
    cmd = [sys.executable, *extra, __file__, "--child", str(builds), result_file, issue, out]
    if final:
        cmd.append("--final")
    before = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - before
    if proc.returncode:
        sys.exit(f"profiled build failed:\n{proc.stderr[-3000:]}")
    with open(result_file) as f:
        data = json.load(f)
    os.unlink(result_file)
    data["wall"] = wall
    # perf_counter is the system's monotonic clock: the child's first line minus our spawn
    data["runs"][0]["start-up"] = data["start"] - before
    data["stderr"] = proc.stderr
    return data


def import_table(issue: str, out: str, final: bool, top: int) -> tuple[list[str], int]:
    """The costliest top-level imports of one build (python -X importtime), and the count."""
    cmd = [sys.executable, "-X", "importtime", "-m", "bulletin_pdf", "build", issue, "-o", out]
    if final:
        cmd.append("--final")
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    entries = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line[len("import time:") :].split("|")
        entries.append((int(cumulative), name.strip()))
    # each top-level package once, with the cumulative time of its own import (its
    # dependencies imported first by it included)
    roots: dict[str, int] = {}
    for cumulative, name in entries:
        root = name.split(".")[0]
        if name == root:
            roots[root] = max(roots.get(root, 0), cumulative)
    for root, cumulative in sorted(roots.items(), key=lambda kv: -kv[1])[:top]:
        rows.append(f"  {root:<22} {cumulative / 1000:7.1f} ms")
    return rows, len(entries)


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f}" if values else f"{'-':>8}"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        builds, result_file, issue, out = sys.argv[2:6]
        child(issue, out, "--final" in sys.argv[6:], int(builds), result_file)
        return
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("issue", nargs="?", default=os.path.join(ROOT, "issues", "2020-01-tianping"))
    ap.add_argument("-n", type=int, default=15, help="cold runs (fresh processes)")
    ap.add_argument("-w", type=int, default=15, help="warm builds (one process, after one)")
    ap.add_argument("--final", action="store_true", help="profile the print-shop (PDF/X) build")
    ap.add_argument("--imports", type=int, default=12, help="top-level imports to list")
    a = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(prefix="bulletin-profile-"), "out.pdf")

    _run_child(a.issue, out, a.final, 1)  # the OS file cache warmed, as for an editor's build
    cold, walls = [], []
    for _ in range(a.n):
        data = _run_child(a.issue, out, a.final, 1)
        cold.append(data["runs"][0])
        walls.append(data["wall"])
    warm_data = _run_child(a.issue, out, a.final, 1 + a.w)
    warm = warm_data["runs"][1:]

    print(
        f"{'build --final' if a.final else 'build'} {os.path.relpath(a.issue)}: "
        f"{a.n} cold processes, {a.w} warm builds in one process (median ms, exclusive)"
    )
    print(f"  {'stage':<10} {'cold':>8} {'warm':>8}")
    for stage in STAGES:
        c = [r.get(stage, 0.0) for r in cold]
        w = [r.get(stage, 0.0) for r in warm] if stage != "start-up" else []
        if not any(c) and not any(w):
            continue
        print(f"  {stage:<10} {_ms(c)} {_ms(w)}")
    print(
        f"  {'in-process':<10} {_ms([r['total'] for r in cold])} {_ms([r['total'] for r in warm])}"
    )
    print(f"  {'wall':<10} {_ms(walls)}   (cold: the whole process, as the shell sees it)")
    print(
        f"modules loaded by a build: {data['modules']}; heavy ones: {', '.join(data['heavy']) or 'none'}"
    )
    if data["unwrapped"]:
        print(f"NOTE: not found to time (moved?): {', '.join(data['unwrapped'])}")
    rows, count = import_table(a.issue, out, a.final, a.imports)
    print(f"top-level packages by import time (-X importtime, one run, {count} imports):")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

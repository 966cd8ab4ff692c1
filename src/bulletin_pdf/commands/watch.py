"""`--watch`: rebuild whenever an input changes, in one warm process.

Polls the versions (modification time, size, inode) of the issue's inputs
(inputs.issue_inputs: the YAML, photos, layout, fonts) — no file-system notification
library needed, and it works the same on network drives. The commands hand their rebuilds
a warm.WarmCache, so fonts, composed paragraphs and photo sizes stay in memory and a
rebuild composes only the paragraphs that changed. `serve` runs the same loop.
A failed rebuild prints its error and keeps watching; Ctrl-C ends cleanly.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_pdf.errors import EXIT_OK, BulletinError
from bulletin_pdf.source.inputs import mtimes

POLL_SECONDS = 0.5
SETTLE_SECONDS = 0.15  # an editor's save may touch several files; let it finish


@dataclass
class Outcome:
    """What one rebuild produced: the files to watch next, its warnings, a one-line summary."""

    inputs: list[Path]
    warnings: list[str] = field(default_factory=list)
    summary: str = ""


def watch(
    rebuild: Callable[[], Outcome],
    first_inputs: list[Path],
    *,
    interval: float = POLL_SECONDS,
    settle: float = SETTLE_SECONDS,
    out=None,
    should_stop: Callable[[], bool] | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> int:
    """Build once, then rebuild on every change until Ctrl-C (or `should_stop()`).

    Only warnings not seen in the previous build are printed, so an editor sees what their
    last change caused. `first_inputs` is watched when even the first build fails.
    A save is never missed: the files' versions are read *before* each build, so a save
    that lands while a build runs (after it read the file) differs from them and brings
    another build.
    """
    out = out or sys.stderr
    watched = list(first_inputs)
    seen: set[str] = set()
    try:
        before = mtimes(watched)
        watched, seen = _run(rebuild, watched, seen, out, first=True)
        state = _versions_read(before, watched)
        print(f"watching {len(watched)} files; Ctrl-C to stop", file=out, flush=True)
        while not (should_stop and should_stop()):
            sleep(interval)
            now = mtimes(watched)
            if now == state:
                continue
            sleep(settle)
            before = mtimes(watched)  # what the build about to run will read
            changed = [p.name for p in watched if before.get(p) != state.get(p)]
            if not changed:
                continue
            print(
                f"changed: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}",
                file=out,
                flush=True,
            )
            watched, seen = _run(rebuild, watched, seen, out, first=False)
            state = _versions_read(before, watched)
    except KeyboardInterrupt:
        print("\nstopped watching", file=out, flush=True)
    return EXIT_OK


def _versions_read(before: dict, watched: list[Path]) -> dict:
    """The versions a build saw: those read before it, and for files it newly depends on
    (a photo just added) their versions now."""
    new = [p for p in watched if p not in before]
    return {**{p: before[p] for p in watched if p in before}, **mtimes(new)}


def _run(rebuild, watched, seen, out, first: bool):
    t0 = time.perf_counter()
    stamp = time.strftime("%H:%M:%S")
    try:
        outcome = rebuild()
    except BulletinError as e:
        print(f"[{stamp}] build failed: {e.message()}", file=out, flush=True)
        return watched, seen
    seconds = time.perf_counter() - t0
    print(
        f"[{stamp}] {'built' if first else 'rebuilt'} in {seconds:.2f} s: {outcome.summary}",
        file=out,
        flush=True,
    )
    new = [w for w in outcome.warnings if w not in seen]
    for w in new:
        kind, text = ("note", w[len("note: ") :]) if w.startswith("note: ") else ("warning", w)
        print(f"  {'' if first else 'new '}{kind}: {text}", file=out, flush=True)
    return (outcome.inputs or watched), set(outcome.warnings)

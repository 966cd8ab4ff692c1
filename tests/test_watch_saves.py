"""The watch loop never misses a save: one that lands while a rebuild runs brings another."""

from __future__ import annotations

import io
from pathlib import Path

from bulletin_pdf.commands.watch import Outcome, watch


def save(path: Path, text: str) -> None:
    """An editor's save: new content (so the size changes) written in place."""
    path.write_text(text, encoding="utf-8")


def test_a_save_during_a_rebuild_brings_another_rebuild(tmp_path):
    issue = tmp_path / "issue.yaml"
    save(issue, "v1")
    seen: list[str] = []

    def rebuild():
        seen.append(issue.read_text(encoding="utf-8"))  # the build reads the file …
        if seen[-1] == "v2":
            save(issue, "v3 saved while v2 was being built")  # … and the editor saves again
        return Outcome([issue], [], f"built {seen[-1]}")

    polls = {"n": 0}

    def sleep(seconds):
        polls["n"] += 1
        if polls["n"] == 2:
            save(issue, "v2")

    out = io.StringIO()
    watch(rebuild, [issue], out=out, sleep=sleep, should_stop=lambda: polls["n"] >= 12)
    # v1 at the start, v2 after the first save, and v3 — saved during v2's build — after it
    assert seen == ["v1", "v2", "v3 saved while v2 was being built"]


def test_no_change_means_no_rebuild(tmp_path):
    issue = tmp_path / "issue.yaml"
    save(issue, "v1")
    builds = []

    def rebuild():
        builds.append(1)
        return Outcome([issue], [], "built")

    polls = {"n": 0}

    def sleep(seconds):
        polls["n"] += 1

    watch(rebuild, [issue], out=io.StringIO(), sleep=sleep, should_stop=lambda: polls["n"] >= 10)
    assert len(builds) == 1


def test_a_save_within_one_clock_tick_is_seen(tmp_path):
    """Two saves in the same file-system clock tick differ by size or inode, not by time."""
    import os

    issue = tmp_path / "issue.yaml"
    save(issue, "v1")
    stamp = issue.stat().st_mtime_ns
    seen: list[str] = []

    def rebuild():
        seen.append(issue.read_text(encoding="utf-8"))
        return Outcome([issue], [], "built")

    polls = {"n": 0}

    def sleep(seconds):
        polls["n"] += 1
        if polls["n"] == 2:
            replacement = tmp_path / "new.yaml"
            save(replacement, "v2 longer")
            os.utime(replacement, ns=(stamp, stamp))  # the same modification time as before
            os.replace(replacement, issue)

    watch(rebuild, [issue], out=io.StringIO(), sleep=sleep, should_stop=lambda: polls["n"] >= 8)
    assert seen == ["v1", "v2 longer"]

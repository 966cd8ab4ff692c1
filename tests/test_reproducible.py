"""The final PDF's bytes do not depend on the build's environment: SOURCE_DATE_EPOCH (which
every reproducible-build system sets), the time zone, the locale, the folder or the user."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE


def _project(where: Path) -> Path:
    """A copy of the sample issue in its own project folder (layouts and fonts linked in)."""
    where.mkdir(parents=True)
    (where / "layouts").symlink_to(ROOT / "layouts")
    (where / "fonts").symlink_to(ROOT / "fonts")
    issue = where / "issues" / SAMPLE.name
    shutil.copytree(SAMPLE, issue, ignore=shutil.ignore_patterns("*.pdf"))
    return issue


def _cli(env_changes: dict[str, str], cwd: Path, *args) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SOURCE_DATE_EPOCH", "TZ", "LC_ALL", "LANG")
    }
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "bulletin_pdf.commands.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


ENVIRONMENTS = [
    {"SOURCE_DATE_EPOCH": "1577836800", "TZ": "Asia/Shanghai", "LC_ALL": "C.UTF-8"},
    {
        "SOURCE_DATE_EPOCH": "1767225600",
        "TZ": "America/Los_Angeles",
        "LC_ALL": "C",
        "USER": "printer",
    },
    {"TZ": "UTC", "LANG": "POSIX"},
]


def test_final_bytes_are_the_same_in_any_folder_zone_locale_and_epoch(tmp_path):
    hashes = set()
    for n, env in enumerate(ENVIRONMENTS):
        issue = _project(tmp_path / f"site-{n}" / ("深 folder" if n == 1 else "plain"))
        out = issue.parent.parent / "out.pdf"
        r = _cli(env, issue.parent, "build", issue, "--final", "-o", out)
        assert r.returncode == 0, r.stderr
        hashes.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(hashes) == 1, hashes


def test_batch_verify_agrees_when_the_reprint_runs_under_another_epoch_and_zone(tmp_path):
    issue = _project(tmp_path / "archive")
    issues, dist = issue.parent, tmp_path / "dist"
    first = _cli({"TZ": "UTC"}, tmp_path, "batch", issues, "-o", dist, "--final", "-j", "1")
    assert first.returncode == 0, first.stdout + first.stderr
    again = _cli(
        ENVIRONMENTS[1], tmp_path, "batch", issues, "-o", dist, "--final", "-j", "1", "--verify"
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "differ" not in again.stdout.lower(), again.stdout

"""`bulletin-pdf batch` on generated issues plus a broken one, and the generator itself."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from bulletin_pdf.commands import cli
from bulletin_pdf.commands.batch import (
    BUILT,
    DIFFERS,
    FAILED,
    SKIPPED,
    VERIFIED,
    find_issues,
    parse_shard,
    run_batch,
    shard,
)
from bulletin_pdf.commands.generate import generate_issue, issue_plan, load_seed
from bulletin_pdf.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_WARNINGS, InputError

BROKEN = """newsletter:
  name: 天平
number: 2
date: 2020-02-20
layout: tabloid-4k
pages:
  - section: 要闻
    blocks:
      - type: article
        title: 缺了正文
"""


@pytest.fixture(scope="module")
def seed():
    return load_seed()


@pytest.fixture(scope="module")
def issues(tmp_path_factory, seed):
    """Three generated issues (fitted to their pages) and one broken one."""
    folder = tmp_path_factory.mktemp("issues")
    for index in range(3):
        generate_issue(seed, 7, index, folder / f"2020-{index + 1:02d}")
    (folder / "2020-09-broken").mkdir()
    (folder / "2020-09-broken" / "issue.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def first_run(issues, tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    outcome = run_batch(issues, dist, jobs=2, progress=False)
    return dist, outcome


def by_name(outcome) -> dict[str, str]:
    return {Path(r.issue).parent.name: r.status for r in outcome.results}


def test_failing_issue_is_reported_and_the_others_built(first_run):
    dist, outcome = first_run
    assert by_name(outcome) == {
        "2020-01": BUILT,
        "2020-02": BUILT,
        "2020-03": BUILT,
        "2020-09-broken": FAILED,
    }
    assert outcome.exit_code() == EXIT_BAD_INPUT
    broken = next(r for r in outcome.results if r.status == FAILED)
    assert "body" in broken.detail and "issue.yaml:9" in broken.detail  # the editor's line
    for name in ("2020-01", "2020-02", "2020-03"):
        pdf = dist / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == ["2020-01.pdf", "2020-02.pdf", "2020-03.pdf"]
    entry = manifest["outputs"]["2020-01.pdf"]
    assert entry["files"][0].endswith("2020-01/issue.yaml")
    assert any(f.endswith(".ttf") for f in entry["files"]) and any(
        f.endswith(".yaml") and "layouts" in f for f in entry["files"]
    )
    assert not list(dist.glob("2020-09*"))  # no PDF for the broken issue


def test_summary_table_names_every_issue(issues, first_run, capsys):
    dist, _ = first_run
    code = cli.main(["batch", str(issues), "-o", str(dist), "-j", "1"])
    out = capsys.readouterr().out
    assert code == EXIT_BAD_INPUT
    lines = out.splitlines()
    assert lines[0].split() == ["issue", "status", "pages", "seconds", "message"]
    assert any(line.startswith("2020-09-broken") and "FAILED" in line for line in lines)
    assert "3 skipped, 1 FAILED" in out


def test_second_run_skips_all_built_issues(issues, first_run):
    dist, first = first_run
    again = run_batch(issues, dist, jobs=2, progress=False)
    statuses = by_name(again)
    assert [statuses[n] for n in ("2020-01", "2020-02", "2020-03")] == [SKIPPED] * 3
    pages = {r.key: r.pages for r in first.results if r.status == BUILT}
    assert {r.key: r.pages for r in again.results if r.status == SKIPPED} == pages


def test_a_changed_input_or_output_rebuilds_just_that_issue(issues, tmp_path):
    work = tmp_path / "issues"
    shutil.copytree(issues, work, ignore=shutil.ignore_patterns("2020-09-broken"))
    dist = tmp_path / "dist"
    run_batch(work, dist, jobs=1, progress=False)
    yaml_file = work / "2020-02" / "issue.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("copies: 8000", "copies: 9000"),
        encoding="utf-8",
    )
    (dist / "2020-03.pdf").write_bytes(b"%PDF-1.4 damaged")
    statuses = by_name(run_batch(work, dist, jobs=1, progress=False))
    assert statuses == {"2020-01": SKIPPED, "2020-02": BUILT, "2020-03": BUILT}
    photo = next((work / "2020-01" / "images").iterdir())
    photo.write_bytes(photo.read_bytes() + b"\0")  # a photo counts only if the issue uses it
    uses = photo.name in (work / "2020-01" / "issue.yaml").read_text(encoding="utf-8")
    statuses = by_name(run_batch(work, dist, jobs=1, progress=False))
    assert statuses["2020-01"] == (BUILT if uses else SKIPPED)


def test_shards_are_disjoint_and_cover_everything(issues, tmp_path):
    assert shard(list(range(10)), 1, 3) == [0, 3, 6, 9]
    assert shard(list(range(10)), 3, 3) == [2, 5, 8]
    for bad in ("0/2", "3/2", "x", "1/0", "1"):
        with pytest.raises(InputError):
            parse_shard(bad)
    seen = []
    for i in (1, 2):
        outcome = run_batch(issues, tmp_path / "dist", jobs=1, shard_spec=f"{i}/2", progress=False)
        seen.append({Path(r.issue).parent.name for r in outcome.results})
    assert not seen[0] & seen[1]
    assert seen[0] | seen[1] == {p.parent.name for p in find_issues(issues)}


def test_verify_passes_for_faithful_reprints_and_catches_a_difference(issues, tmp_path):
    work = tmp_path / "issues"
    shutil.copytree(issues, work, ignore=shutil.ignore_patterns("2020-09-broken"))
    dist = tmp_path / "dist"
    assert run_batch(work, dist, jobs=2, progress=False).exit_code() == EXIT_OK
    before = {p.name: p.stat().st_mtime_ns for p in dist.glob("*.pdf")}
    verified = run_batch(work, dist, jobs=2, verify=True, progress=False)
    assert set(by_name(verified).values()) == {VERIFIED} and verified.exit_code() == EXIT_OK
    assert {
        p.name: p.stat().st_mtime_ns for p in dist.glob("*.pdf")
    } == before  # verify writes nothing

    manifest_file = dist / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["outputs"]["2020-02.pdf"]["sha256"] = "0" * 64  # as if the first build had differed
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    outcome = run_batch(work, dist, jobs=1, verify=True, progress=False)
    assert by_name(outcome)["2020-02"] == DIFFERS and outcome.exit_code() == EXIT_WARNINGS


def test_batch_through_the_command_line(issues, tmp_path):
    import subprocess
    import sys

    work = tmp_path / "issues"
    shutil.copytree(issues, work, ignore=shutil.ignore_patterns("2020-0[23]"))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "bulletin_pdf.commands.cli",
            "batch",
            str(work),
            "-o",
            str(tmp_path / "dist"),
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == EXIT_BAD_INPUT, r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert "1 built, 1 FAILED" in r.stdout
    assert "peak memory per worker" in r.stdout


# ---- the generator -----------------------------------------------------------------------------


def test_generator_is_deterministic(seed, tmp_path):
    a = generate_issue(seed, 11, 4, tmp_path / "a", fit=True)
    b = generate_issue(seed, 11, 4, tmp_path / "b", fit=True)
    assert a.read_bytes() == b.read_bytes()
    c = generate_issue(seed, 12, 4, tmp_path / "c", fit=False)
    assert c.read_bytes() != a.read_bytes()


def test_generated_issues_vary(seed):
    plans = [issue_plan(seed, random.Random(f"3:{i}"), i) for i in range(40)]
    assert {len(pages) for _, pages in plans} == {1, 2, 3, 4}
    photo_counts = {sum(len(b.photos) for _, blocks in pages for b in blocks) for _, pages in plans}
    assert len(photo_counts) >= 3
    list_lengths = {
        len(b.paragraphs)
        for _, pages in plans
        for _, blocks in pages
        for b in blocks
        if b.kind == "list"
    }
    assert len(list_lengths) >= 3
    article_sizes = {
        sum(map(len, b.paragraphs)) // 200
        for _, pages in plans
        for _, blocks in pages
        for b in blocks
        if b.kind == "article"
    }
    assert len(article_sizes) >= 5
    numbers = [head["number"] for head, _ in plans]
    assert numbers == sorted(set(numbers))


def test_generated_issue_keeps_photos_inside_its_folder(issues):
    from bulletin_pdf.source.load import load_issue

    for folder in sorted(issues.glob("2020-0[123]")):
        issue = load_issue(folder)
        for page in issue.pages:
            for blk in page.blocks:
                for photo in getattr(blk, "photos", []):
                    assert Path(photo.file).resolve().is_relative_to(folder.resolve())

"""`bulletin-pdf batch`: build every issue under a folder — the archive reprint.

Each issue.yaml found is built in a process pool; one failing issue is reported and the
rest go on. An output is skipped when it is up to date: dist/manifest.json records, for
every output, the sha256 of its inputs (inputs.py: the YAML, its photos, the layout, the
fonts, and the tool itself) and of the PDF written; the same inputs hash and an unchanged
PDF on disk mean there is nothing to do. `--verify` rebuilds everything in memory and
compares the bytes with the record: a faithful reprint gives the same PDF, byte for byte.
Workers keep their warm state from one issue to the next: fonts parsed (fonts.py caches per
process), the font set, composed paragraphs and photo sizes (commands/warm.py) — the issues
of one newsletter share their furniture, headlines and much of their text — with the bytes
a cold build gives. By default there is one worker per core this process may run on.

Exit status: 0 when every issue was built, skipped or verified; 1 when --verify found a
difference (or nothing recorded to compare with); 2 when an issue failed to build.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_pdf import limits, paths, safefiles
from bulletin_pdf.errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_WARNINGS,
    BulletinError,
    InputError,
    Where,
)
from bulletin_pdf.source.inputs import FileHasher, tool_hash

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1

BUILT, SKIPPED, FAILED = "built", "skipped", "FAILED"
VERIFIED, DIFFERS, UNRECORDED, CHANGED = "verified", "DIFFERS", "not recorded", "inputs changed"


@dataclass
class Job:
    issue: str  # the issue.yaml
    output: str  # the PDF to write
    key: str  # the output's path relative to the manifest folder
    final: bool = False
    manifest_dir: str = "."
    verify: bool = False  # rebuild in memory and compare with the record, write nothing
    recorded_sha256: str = ""  # with verify: the recorded PDF's sha256 ("" = no record)
    recorded_inputs: str = ""  # with verify: the recorded inputs hash ("" = the tool changed)


@dataclass
class JobResult:
    issue: str
    key: str
    status: str
    pages: int = 0
    seconds: float = 0.0
    message: str = ""  # one line for the table
    detail: str = ""  # the whole message, printed under the table
    inputs: str = ""  # inputs hash
    files: list[str] = field(default_factory=list)
    sha256: str = ""
    peak_rss_mb: float = 0.0  # the worker's peak memory so far
    worker: int = 0


@dataclass
class BatchOutcome:
    results: list[JobResult]
    seconds: float
    workers: int

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def exit_code(self) -> int:
        if self.count(FAILED):
            return EXIT_BAD_INPUT
        if any(r.status in (DIFFERS, UNRECORDED, CHANGED) for r in self.results):
            return EXIT_WARNINGS
        return EXIT_OK


# ---- finding and sharding ---------------------------------------------------------------


def find_issues(folder: Path) -> list[Path]:
    """Every issue.yaml under `folder`, in a stable order (hidden folders are passed over)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            f"{folder} is not a folder",
            Where(str(folder)),
            "give the folder that holds the issues, e.g. issues/",
        )
    found = [
        p
        for p in folder.rglob("issue.yaml")
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' → (2, 4): the second of four shards."""
    try:
        i, n = (int(v) for v in text.split("/"))
    except ValueError:
        i = n = 0
    if not (n >= 1 and 1 <= i <= n):
        raise InputError(
            f"--shard {text!r} is not i/n with 1 ≤ i ≤ n",
            None,
            "write e.g. --shard 1/4 … --shard 4/4 on four machines",
        )
    return i, n


def shard(items: list, i: int, n: int) -> list:
    """The items whose index in the list is ≡ i−1 (mod n): shards are disjoint and together
    cover the list, and each gets a spread of old and new issues."""
    return [item for k, item in enumerate(items) if k % n == i - 1]


def output_for(issue: Path, source: Path, out_dir: Path, final: bool) -> Path:
    """dist/<the issue folder's path under the source folder>[-final].pdf"""
    folder = issue.parent.relative_to(source)
    name = folder.name or source.resolve().name
    return out_dir / folder.parent / f"{name}{'-final' if final else ''}.pdf"


# ---- the manifest -----------------------------------------------------------------------


class Manifest:
    """dist/manifest.json: output (relative path) → what it was built from and its sha256.

    Updated after every build under a lock, re-read before each write, so several shards
    writing into one dist/ at the same time keep each other's entries."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / MANIFEST
        self.entries: dict[str, dict] = self._read()

    def _read(self) -> dict[str, dict]:
        fix = "delete it; the next batch rebuilds every issue and writes it anew"
        if not os.path.lexists(self.path):
            return {}
        raw = safefiles.read_bytes(
            self.path,
            "batch manifest",
            Where(str(self.path)),
            limits.MAX_MANIFEST_BYTES,
            "MAX_MANIFEST_BYTES",
        )
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as err:
            raise InputError(
                f"the batch manifest {self.path} is damaged: {' '.join(str(err).split())[:120]}",
                Where(str(self.path)),
                fix,
            ) from None
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return {}
        outputs = data.get("outputs", {})
        bad = _bad_entry(outputs)
        if bad:
            raise InputError(
                f"the batch manifest {self.path} is damaged: {bad}", Where(str(self.path)), fix
            )
        return dict(outputs)

    def record(self, results: list[JobResult]) -> None:
        from bulletin_pdf.commands.build import write_atomic

        if not results:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with _locked(self.folder / ".manifest.lock"):
            self.entries = self._read()
            for r in results:
                self.entries[r.key] = {
                    "issue": _rel(r.issue, self.folder),
                    "inputs": r.inputs,
                    "tool": tool_hash(),
                    "files": r.files,
                    "sha256": r.sha256,
                    "pages": r.pages,
                }
            text = (
                json.dumps(
                    {"format": MANIFEST_FORMAT, "outputs": dict(sorted(self.entries.items()))},
                    ensure_ascii=False,
                    indent=1,
                )
                + "\n"
            )
            write_atomic(self.path, text.encode("utf-8"))


_ENTRY_TYPES = {
    "issue": str,
    "inputs": str,
    "tool": str,
    "files": list,
    "sha256": str,
    "pages": int,
}


def _bad_entry(outputs) -> str:
    """What is wrong with the manifest's outputs table, or '' when every entry is as written."""
    if not isinstance(outputs, dict):
        return "'outputs' is not a table of output → entry"
    for key, entry in outputs.items():
        if not isinstance(entry, dict):
            return f"the entry of {key!r} is not a table"
        for name, kind in _ENTRY_TYPES.items():
            if name in entry and not isinstance(entry[name], kind):
                return f"{key!r}: {name} is not {kind.__name__}"
        if not all(isinstance(f, str) for f in entry.get("files", [])):
            return f"{key!r}: files holds something that is not a path"
    return ""


@contextlib.contextmanager
def _locked(path: Path):
    """The manifest locked against the other shards' writers (fcntl on POSIX, msvcrt's
    byte lock on Windows), imported here: each exists on one platform only."""
    with open(path, "a") as f:
        if sys.platform == "win32":
            import msvcrt

            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                f.seek(0)
                msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)


def _rel(path, base: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), Path(base).resolve())).as_posix()


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _extra(final: bool) -> str:
    return f"final={final}"


def up_to_date(
    entry: dict | None,
    output: Path,
    manifest_dir: Path,
    final: bool,
    hasher: FileHasher,
    allowed: list[Path] | None = None,
) -> bool:
    """True when the recorded inputs are unchanged (same tool, same options) and the PDF on
    disk is the one recorded. The recorded file list is trusted because the issue YAML is in
    it: any edit that could change the list changes the YAML's hash first — but only files
    inside `allowed` folders (the project, the font folders) are read: a manifest edited to
    name other files gets a rebuild, never a read of them."""
    if (
        not entry
        or entry.get("tool") != tool_hash()
        or not output.is_file()
        or os.path.islink(output)
    ):
        return False
    files = [manifest_dir / f for f in entry.get("files", [])]
    if allowed is not None and not all(
        any(safefiles.inside(f, folder) for folder in allowed)
        and (not os.path.lexists(f) or os.path.isfile(f))
        for f in files
    ):
        return False
    if not files or hasher.combined(files, manifest_dir, _extra(final)) != entry.get("inputs"):
        return False
    return _sha256_file(output) == entry.get("sha256")


# ---- the worker ------------------------------------------------------------------------

_HASHER = FileHasher()  # per process: the fonts are hashed once per worker
_WARM = None  # per process: this worker's WarmCache, made at its first issue


def _warm():
    global _WARM
    if _WARM is None:
        from bulletin_pdf.commands.warm import WarmCache

        _WARM = WarmCache()
    return _WARM


def default_workers() -> int:
    """One worker per core this process may run on (a container or `taskset` may allow
    fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def build_one(job: Job) -> JobResult:
    """Build one issue (with job.verify: rebuild in memory and compare). Never raises:
    a failure becomes a FAILED result with the message an editor needs."""
    from bulletin_pdf.commands.build import (
        check_output_early,
        check_output_made,
        make,
        overset_error,
        refuse_unprintable,
        render_made,
        write_atomic,
    )
    from bulletin_pdf.source.inputs import issue_inputs

    t0 = time.perf_counter()
    result = JobResult(job.issue, job.key, FAILED, worker=os.getpid())
    try:
        if not job.verify:
            check_output_early(Path(job.issue), Path(job.output))
        made = make(Path(job.issue), warm=_warm())
        if not job.verify:
            check_output_made(made, Path(job.output))
        if job.final:
            refuse_unprintable(made)
        if made.makeup.overset:
            raise overset_error(made.makeup.overset)
        pdf = render_made(made, final=job.final)
        base = Path(job.manifest_dir)
        files = issue_inputs(made)
        result.files = [_rel(f, base) for f in files]
        result.inputs = _HASHER.combined(files, base, _extra(job.final))
        result.sha256 = hashlib.sha256(pdf).hexdigest()
        result.pages = len(made.makeup.pages)
        if job.verify:
            result.status, result.message = _compare(job, result)
        else:
            write_atomic(Path(job.output), pdf)
            result.status = BUILT
            if made.report.warnings:
                result.message = f"{len(made.report.warnings)} warnings"
    except BulletinError as e:
        result.detail = e.message()
        result.message = e.message().splitlines()[0]
    except Exception as e:  # a bug must not stop the other issues; say where it was
        result.detail = "internal error (please report it):\n" + traceback.format_exc()
        result.message = f"internal error: {type(e).__name__}: {e}"
    _settle()
    result.seconds = time.perf_counter() - t0
    result.peak_rss_mb = _peak_rss_mb()
    return result


def _settle() -> None:
    """After each issue: collect its garbage, then freeze what is left for the collector.

    What survives an issue is the worker's warm state (imports, fonts, the WarmCache), some
    10^5 objects that live as long as the worker; Python's collector scanned them all again
    every few issues (a full collection took some 100 ms, 20–30 ms an issue). Frozen, they
    are still freed when no longer referenced; collecting first means nothing is frozen
    that is already garbage."""
    gc.collect()
    gc.freeze()


def _peak_rss_mb() -> float:
    """This process's peak memory; 0 where the platform does not say (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _compare(job: Job, result: JobResult) -> tuple[str, str]:
    if not job.recorded_sha256:
        return UNRECORDED, "no build recorded in the manifest to compare with"
    if result.inputs != job.recorded_inputs:
        return (
            CHANGED,
            "the inputs or the tool changed since the recorded build; rebuild without --verify",
        )
    if result.sha256 != job.recorded_sha256:
        return DIFFERS, (
            f"same inputs, different PDF: sha256 {result.sha256[:12]}… "
            f"vs recorded {job.recorded_sha256[:12]}…"
        )
    return VERIFIED, "same bytes as recorded"


# ---- the run -----------------------------------------------------------------------------


def run_batch(
    source: Path,
    out_dir: Path,
    *,
    jobs: int | None = None,
    final: bool = False,
    shard_spec: str | None = None,
    verify: bool = False,
    progress: bool = True,
) -> BatchOutcome:
    """Build (or verify) every issue under `source` into `out_dir`; see the module docstring."""
    t0 = time.perf_counter()
    source, out_dir = Path(source), Path(out_dir)
    issues = find_issues(source)
    allowed = _readable_folders(source)
    safefiles.output_folder(out_dir, input_dirs=allowed[2:4], what="batch output folder")
    if shard_spec:
        issues = shard(issues, *parse_shard(shard_spec))
    manifest = Manifest(out_dir)
    hasher = FileHasher()
    results: list[JobResult] = []
    todo: list[Job] = []
    for issue in issues:
        output = output_for(issue, source, out_dir, final)
        key = _rel(output, out_dir)
        entry = manifest.entries.get(key)
        job = Job(str(issue), str(output), key, final, manifest_dir=str(out_dir), verify=verify)
        if verify:
            job.recorded_sha256 = (entry or {}).get("sha256", "")
            if entry and entry.get("tool") == tool_hash():
                job.recorded_inputs = entry.get("inputs", "")
        elif up_to_date(entry, output, out_dir, final, hasher, allowed):
            results.append(
                JobResult(
                    str(issue),
                    key,
                    SKIPPED,
                    pages=(entry or {}).get("pages", 0),
                    message="up to date",
                )
            )
            continue
        todo.append(job)
    workers = max(1, min(jobs or default_workers(), len(todo) or 1))
    results += _run_jobs(todo, workers, manifest, progress and bool(todo))
    order = {str(p): k for k, p in enumerate(issues)}
    results.sort(key=lambda r: order.get(r.issue, 0))
    return BatchOutcome(results, time.perf_counter() - t0, workers)


def _readable_folders(source: Path) -> list[Path]:
    """Where a batch may read inputs: the source folder, its project, the project's fonts/ and
    layouts/, the tool's own fonts and the system font folders."""
    from bulletin_pdf.text.fonts import SYSTEM_FONT_DIRS

    try:
        root = paths.find_project_root(source)
    except InputError:
        root = Path(os.path.abspath(source))
    own = paths.checkout_folder("fonts")
    return [
        Path(os.path.abspath(source)),
        root,
        paths.fonts_folder(root),
        paths.layouts_folder(root),
        *([own] if own else []),
        *SYSTEM_FONT_DIRS,
    ]


class _NoBar:
    """What the batch asks of a progress bar, where none is drawn (no terminal: a log, a
    pipe, CI): tqdm is imported only to draw one."""

    def update(self, n: int) -> None:
        pass

    def write(self, line: str, file=None) -> None:
        print(line, file=file or sys.stderr)

    def close(self) -> None:
        pass


def _progress_bar(total: int, progress: bool):
    if not (progress and sys.stderr.isatty()):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="issue", file=sys.stderr, leave=False)


def _run_jobs(todo: list[Job], workers: int, manifest: Manifest, progress: bool) -> list[JobResult]:
    results: list[JobResult] = []
    if not todo:
        return results
    if workers == 1:
        bar = _progress_bar(len(todo), progress)
        for job in todo:
            results.append(_done(build_one(job), manifest, bar))
        bar.close()
        return results
    # Submit everything before the bar starts its thread: the pool forks its workers at the
    # first submit, and a fork should not copy a process that runs other threads.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(build_one, job): job for job in todo}
        bar = _progress_bar(len(todo), progress)
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except Exception as e:  # the worker died (killed, out of memory)
                result = JobResult(
                    job.issue,
                    job.key,
                    FAILED,
                    message=f"the worker building it died: {type(e).__name__}: {e}",
                    detail=f"the worker process ended abnormally ({e}); "
                    "build this issue alone to see why",
                )
            results.append(_done(result, manifest, bar))
        bar.close()
    return results


def _done(result: JobResult, manifest: Manifest, bar) -> JobResult:
    if result.status == BUILT:
        manifest.record([result])
    bar.update(1)
    if result.status == FAILED:
        bar.write(f"FAILED {result.issue}: {result.message}", file=sys.stderr)
    return result


# ---- the report -------------------------------------------------------------------------


def format_summary(outcome: BatchOutcome, source: Path | None = None) -> str:
    rows = [("issue", "status", "pages", "seconds", "message")]
    for r in outcome.results:
        shown = _rel(Path(r.issue).parent, source) if source else str(Path(r.issue).parent)
        seconds = f"{r.seconds:.2f}" if r.status != SKIPPED else "-"
        rows.append((shown, r.status, str(r.pages or "-"), seconds, r.message))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(
            [
                row[0].ljust(widths[0]),
                row[1].ljust(widths[1]),
                row[2].rjust(widths[2]),
                row[3].rjust(widths[3]),
                row[4],
            ]
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  -------")
    counts = {
        s: outcome.count(s)
        for s in (BUILT, SKIPPED, FAILED, VERIFIED, DIFFERS, UNRECORDED, CHANGED)
    }
    total = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no issues found"
    n = len(outcome.results)
    rate = f" ({n / outcome.seconds:.1f} issues/s)" if outcome.seconds > 0 and n else ""
    lines.append(
        f"{total} — {n} issues in {outcome.seconds:.1f} s{rate}, {outcome.workers} worker(s)"
    )
    peaks = [r.peak_rss_mb for r in outcome.results if r.peak_rss_mb]
    if peaks:
        lines.append(f"peak memory per worker: {max(peaks):.0f} MB")
    for r in outcome.results:
        if r.status == FAILED and r.detail:
            lines.append("")
            lines.append(f"{r.status} {r.issue}:")
            lines += ["  " + line for line in r.detail.splitlines()]
    return "\n".join(lines)

#!/usr/bin/env python3
"""The proof desk's rebuilds: how long a save takes to reach the page.

    python bench/bench_serve.py [-n 9] [ISSUE]

On a copy of the issue (the sample by default) one warm `ProofSession` is rebuilt after
each kind of change an editor makes — one paragraph edited, one photo saved again, one
layout setting changed — and each is timed against a full rebuild (a new session: every
paragraph composed, every page drawn). A rebuild is make-up (with the warm caches), the
rest of `check`, and the page images of the pages that changed (render → pypdfium2 → PNG).
Last, the whole path through the server: a save, the watch loop's poll, the rebuild and
the server-sent event a browser would act on. Medians of wall and CPU time; the machine's
load average is printed, because on a shared machine wall time is mostly waiting.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def project_copy(issue: Path) -> Path:
    """The issue in a throwaway project: its own layouts/ (to edit), the fonts linked in."""
    tmp = Path(tempfile.mkdtemp(prefix="bulletin-bench-serve-"))
    folder = tmp / "issues" / issue.name
    shutil.copytree(issue, folder, ignore=shutil.ignore_patterns("*.pdf"))
    shutil.copytree(ROOT / "layouts", tmp / "layouts")
    (tmp / "fonts").symlink_to(ROOT / "fonts")
    return folder


def timed(rebuild) -> tuple[float, float, object]:
    w, c = time.perf_counter(), time.process_time()
    snapshot = rebuild()
    return time.perf_counter() - w, time.process_time() - c, snapshot


def swap(path: Path, a: str, b: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(a, b, 1) if a in text else text.replace(b, a, 1), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("issue", nargs="?", default=str(ROOT / "issues" / "2020-01-tianping"))
    ap.add_argument("-n", type=int, default=9, help="timed rebuilds of each kind")
    a = ap.parse_args()

    from PIL import Image

    from bulletin_pdf.commands.session import ProofSession

    folder = project_copy(Path(a.issue))
    yaml_file = folder / "issue.yaml"
    # unpinned, so that the layout file edited below is the one the issue uses
    text = "".join(
        line
        for line in yaml_file.read_text(encoding="utf-8").splitlines(True)
        if not line.startswith("layout_version:")
    )
    yaml_file.write_text(text, encoding="utf-8")
    layout_file = folder.parents[1] / "layouts" / f"{_layout_name(text)}.yaml"
    photo = sorted((folder / "images").glob("*.jpg"))[-1]
    paragraph = _a_paragraph(text)

    def edit_paragraph():
        swap(yaml_file, paragraph, paragraph[:-1] + "，历时一天" + paragraph[-1])

    def save_photo():
        with Image.open(photo) as im:
            im = im.convert("RGB")
        # a retouch: the picture one pixel lighter or back, as an editor's program saves it
        im = im.point(lambda v: min(255, v + 1)) if not photo.with_suffix(".bak").exists() else im
        im.save(photo, quality=92)
        photo.with_suffix(".bak").touch() if not photo.with_suffix(
            ".bak"
        ).exists() else photo.with_suffix(".bak").unlink()

    def change_layout():
        # the caption style a half point larger (or back): every caption composed again
        swap(
            layout_file,
            "caption:        {font: kai,       size: 8,",
            "caption:        {font: kai,       size: 8.5,",
        )

    session = ProofSession(folder)
    first = timed(session.rebuild)
    print(
        f"{os.path.relpath(a.issue)}: {len(first[2].pages)} pages; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"first build in a fresh process: {first[0]:.3f} s wall, {first[1]:.3f} s CPU")
    rows = []

    def full():
        return ProofSession(folder).rebuild()

    kinds = [("full rebuild (new session)", None, full)]
    if "caption:        {font: kai,       size: 8," in layout_file.read_text(encoding="utf-8"):
        kinds.append(("one layout setting", change_layout, session.rebuild))
    kinds[1:1] = [
        ("one paragraph", edit_paragraph, session.rebuild),
        ("one photo", save_photo, session.rebuild),
    ]
    for name, change, rebuild in kinds:
        walls, cpus, parts, drawn = [], [], [], set()
        for _ in range(a.n):
            if change:
                change()
            wall, cpu, snapshot = timed(rebuild)
            walls.append(wall)
            cpus.append(cpu)
            parts.append(snapshot.timings)
            drawn.add(snapshot.rendered)
        split = {k: statistics.median(p[k] for p in parts) for k in ("make", "check", "pages")}
        rows.append((name, statistics.median(walls), statistics.median(cpus), split, sorted(drawn)))
    print(f"{'change':28} {'wall':>7} {'CPU':>7}   make-up  check  pages   pages drawn")
    for name, wall, cpu, split, drawn in rows:
        print(
            f"{name:28} {wall:6.3f}s {cpu:6.3f}s   {split['make']:6.3f} {split['check']:6.3f} "
            f"{split['pages']:6.3f}   {' / '.join(','.join(map(str, d)) or '-' for d in drawn)}"
        )
    print(
        f"edit to page event through the server: {_through_the_server(folder, edit_paragraph, a.n):.3f} s median"
    )


def _through_the_server(folder: Path, edit, n: int) -> float:
    import http.client

    from bulletin_pdf.commands.serve import shutdown, start

    server, _ = start(folder, port=0, out=io.StringIO())
    try:
        while server.session.snapshot.generation < 1:
            time.sleep(0.05)
        conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
        conn.request("GET", "/events")
        stream = conn.getresponse()
        _next_event(stream)
        seconds = []
        for _ in range(n):
            t0 = time.perf_counter()
            edit()
            _next_event(stream)
            seconds.append(time.perf_counter() - t0)
            time.sleep(0.2)
        conn.close()
        return statistics.median(seconds)
    finally:
        shutdown(server)


def _next_event(stream) -> None:
    while stream.readline() != b"\n":
        pass


def _layout_name(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("layout:"):
            return line.split(":", 1)[1].split("#")[0].strip()
    sys.exit("the issue names no layout")


def _a_paragraph(text: str) -> str:
    """The first paragraph of the first article's body, as it stands in the YAML."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "body: |")
    return next(line.strip() for line in lines[start + 1 :] if line.strip())


if __name__ == "__main__":
    main()

"""A proof desk's state: the issue made up again after every save, warm.

`ProofSession.rebuild()` makes the issue with a `WarmCache` (fonts, composed paragraphs
and photo sizes stay in memory), runs `check` on that same make-up, and renders to a screen
image only the pages whose display list, layout or photos changed since the last build.
The result is a `Snapshot` that the web page reads as it is. A build that fails (a YAML
saved half-way, a layout with a typo) keeps the last good pages and carries the error.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from bulletin_pdf.commands.pageimage import (
    SCREEN_DPI,
    BlockBox,
    ScreenPhotos,
    block_boxes,
    render_page_png,
)
from bulletin_pdf.commands.warm import WarmCache
from bulletin_pdf.errors import BulletinError, Where
from bulletin_pdf.model import issue as m
from bulletin_pdf.source.inputs import file_version

_BLOCK_FIELD = re.compile(r"pages\[(\d+)\]\.blocks\[(\d+)\]")


@dataclass(frozen=True)
class PageView:
    number: int
    version: int  # the generation that last drew it: the image's cache key
    png: bytes = field(repr=False)
    width: float  # trim, pt
    height: float
    boxes: tuple[BlockBox, ...]


@dataclass(frozen=True)
class Snapshot:
    generation: int
    title: str = ""
    pages: tuple[PageView, ...] = ()
    findings: tuple[dict, ...] = ()
    blocks: dict = field(default_factory=dict)  # block id -> where it is written, what it is
    grid: dict = field(default_factory=dict)
    error: str = ""  # the last build's error; the pages are then the last good ones
    seconds: float = 0.0  # how long the last build took
    rendered: tuple[int, ...] = ()  # pages drawn again by the last build
    timings: dict = field(default_factory=dict)  # seconds: make-up, the rest of check, page images

    def page(self, number: int) -> PageView | None:
        return next((p for p in self.pages if p.number == number), None)


class ProofSession:
    """One issue, made up again on demand. Thread-safe: one rebuild at a time."""

    def __init__(self, issue: Path, dpi: float = SCREEN_DPI):
        from bulletin_pdf.source.load import issue_file

        self.issue = Path(issue)
        self.file = issue_file(self.issue)
        self.dpi = dpi
        self.warm = WarmCache()
        self.photos = ScreenPhotos(dpi)
        self.made = None  # the last good make-up
        self.snapshot = Snapshot(0)
        self._drawn: dict[
            int, tuple[object, PageView]
        ] = {}  # page number -> (what it was drawn from, view)
        self.lock = threading.Lock()  # one rebuild or render at a time (ReportLab's font state)

    def rebuild(self) -> Snapshot:
        """Make the issue again; returns (and keeps) the new snapshot. Raises the build's
        BulletinError after recording it, so a watch loop can print it."""
        from bulletin_pdf.commands.build import make

        with self.lock:
            t0 = time.perf_counter()
            generation = self.snapshot.generation + 1
            made_now = []

            make_seconds = [0.0]

            def make_issue(file):
                t = time.perf_counter()
                try:
                    made_now.append(make(file, allow_missing=True, warm=self.warm))
                finally:
                    make_seconds[0] = time.perf_counter() - t
                return made_now[-1]

            from bulletin_pdf.commands.check import check_issue

            result = check_issue(self.file, make_issue=make_issue)
            findings = tuple(_finding_dict(f, self.file) for f in result.findings)
            if not made_now:
                error = next(
                    (f.message() for f in result.findings if f.level == "error"),
                    "the issue did not load",
                )
                self.snapshot = replace(
                    self.snapshot,
                    generation=generation,
                    findings=findings,
                    error=error,
                    seconds=time.perf_counter() - t0,
                    rendered=(),
                )
                raise BulletinError(error)
            made = self.made = made_now[-1]
            t_pages = time.perf_counter()
            pages, rendered = self._pages(made, generation)
            t_end = time.perf_counter()
            timings = {
                "make": make_seconds[0],
                "check": t_pages - t0 - make_seconds[0],
                "pages": t_end - t_pages,
            }
            self.snapshot = Snapshot(
                generation,
                result.title,
                pages,
                _with_blocks(findings, made),
                _blocks(made, self.file),
                _grid(made),
                "",
                t_end - t0,
                tuple(rendered),
                timings,
            )
            return self.snapshot

    def inputs(self) -> list[Path]:
        """The files whose saving should trigger a rebuild."""
        from bulletin_pdf.source.inputs import issue_inputs

        return issue_inputs(self.made) if self.made is not None else [self.file]

    def _pages(self, made, generation: int):
        pages, rendered = [], []
        keep: dict[int, tuple[object, PageView]] = {}
        for page in made.makeup.pages:
            photos = tuple(
                (str(i.path), file_version(i.path)) for i in page.items if hasattr(i, "path")
            )
            source = (page, made.layout, photos, id(made.fonts))
            drawn = self._drawn.get(page.number)
            if drawn is not None and drawn[0] == source:
                view = drawn[1]
            else:
                view = PageView(
                    page.number,
                    generation,
                    render_page_png(page, made, self.photos, self.dpi),
                    page.width,
                    page.height,
                    tuple(block_boxes(page, made.fonts)),
                )
                rendered.append(page.number)
            keep[page.number] = (source, view)
            pages.append(view)
        self._drawn = keep
        return tuple(pages), rendered


# ---- what the page is told --------------------------------------------------------------


def block_of_field(field_path: str) -> str | None:
    """pages[0].blocks[2].body[1] → p1.b2, the id make-up gives the block's items."""
    match = _BLOCK_FIELD.match(field_path or "")
    return f"p{int(match.group(1)) + 1}.b{match.group(2)}" if match else None


def _finding_dict(f, file: Path) -> dict:
    where = f.where
    return {
        "level": f.level,
        "kind": f.kind,
        "what": f.what,
        "fix": f.fix,
        "page": f.page,
        "file": _shown_file(where.file, file) if where else "",
        "line": where.line if where else 0,
        "field": where.field if where else "",
        "block": block_of_field(where.field) if where else None,
    }


def _with_blocks(findings: tuple[dict, ...], made) -> tuple[dict, ...]:
    """A finding with a line but no block path (a composition rule, a photo) goes to the
    block whose YAML holds that line."""
    starts = sorted(
        (blk.where.line, f"p{p}.b{b}")
        for p, page in enumerate(made.issue.pages, 1)
        for b, blk in enumerate(page.blocks)
        if getattr(blk, "where", None) and blk.where.line
    )
    out = []
    for f in findings:
        if f["block"] is None and f["line"]:
            before = [block for line, block in starts if line <= f["line"]]
            if before and _same_page(before[-1], f["page"]):
                f = {**f, "block": before[-1]}
        out.append(f)
    return tuple(out)


def _same_page(block: str, page: int | None) -> bool:
    return page is None or block.startswith(f"p{page}.")


def _blocks(made, file: Path) -> dict:
    out = {}
    for p, page in enumerate(made.issue.pages, 1):
        for b, blk in enumerate(page.blocks):
            where: Where | None = getattr(blk, "where", None)
            out[f"p{p}.b{b}"] = {
                "label": _label(blk),
                "file": _shown_file(where.file, file) if where else "",
                "line": where.line if where else 0,
                "field": where.field if where else "",
            }
    return out


def _label(blk) -> str:
    kind = {
        m.Article: "article",
        m.Briefs: "briefs",
        m.NumberedList: "list",
        m.Greeting: "greeting",
        m.PhotoBlock: "photo",
        m.Continuation: "continuation",
    }.get(type(blk), "block")
    title = getattr(blk, "title", None)
    if title is not None:
        return f"{kind} “{title.value[:30]}”"
    if isinstance(blk, m.PhotoBlock):
        return f"photo {blk.photo.file.name}"
    if isinstance(blk, m.Continuation):
        return f"continuation of {blk.article_id}"
    return kind


def _shown_file(name: str, issue_file: Path) -> str:
    """A file as the editor knows it: relative to the issue's folder when inside it."""
    try:
        return str(Path(name).resolve().relative_to(issue_file.resolve().parent))
    except (ValueError, OSError):
        return str(name)


def _grid(made) -> dict:
    """The column and baseline grid in points, for the page's overlay."""
    layout = made.layout
    body = made.fonts.metrics(layout.body.font)
    row_base = layout.row_baseline(body.ascent, body.descent)
    return {
        "columns": [[layout.column_x(c), layout.column_width] for c in range(layout.columns)],
        "baselines": [layout.baseline_y(r, row_base) for r in range(layout.lines)],
        "top": layout.margin_top,
        "height": layout.type_height,
    }

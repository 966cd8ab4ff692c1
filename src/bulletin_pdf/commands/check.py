"""`bulletin-pdf check`: everything an editor must look at before a proof, without a PDF.

Runs the same pipeline as `build` (load, validate, normalise, make-up) and gathers, page by
page: overset text, unused space, photos below print resolution, characters no font has,
composition rules the composer had to break, text left from a `bulletin-pdf new` skeleton,
and for an internal newsletter the rules of PRINT.md §1.6 (准印证, imprint items, the
title's form, words it may not use). The §1.6 rules and the skeleton check read the YAML
itself, so they are reported with their line even when the issue does not load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, SequenceNode

from bulletin_pdf.errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_WARNINGS,
    BulletinError,
    Where,
    format_message,
)
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.issue import PLACEHOLDER
from bulletin_pdf.source import internal
from bulletin_pdf.source.internal import mapping, text_scalars, word_places
from bulletin_pdf.source.yamlsrc import line_of, read_yaml_source

ERROR, WARNING, NOTE = "error", "warning", "note"


@dataclass
class Finding:
    level: str  # error | warning | note
    what: str
    where: Where | None = None
    fix: str = ""
    kind: str = ""  # the Report warning's kind, or the check that found it
    page: int | None = None  # 1-based; None = the issue as a whole
    # make-up's figures: overset lines and the characters to cut; unused space's lines, its
    # columns (1-based, first and last) and the characters its fix asks for
    lines: int | None = None
    columns: tuple[int, int] | None = None
    chars: int | None = None

    def message(self) -> str:
        return format_message(self.what, self.where, self.fix, indent="    ")


@dataclass
class CheckResult:
    file: Path
    title: str = ""
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)

    def exit_code(self, strict: bool = False) -> int:
        if self.count(ERROR):
            return EXIT_BAD_INPUT
        if strict and self.count(WARNING):
            return EXIT_WARNINGS
        return EXIT_OK


def issue_file(path: Path) -> Path:
    """The issue.yaml of a folder, or the path itself; never raises (reading it reports)."""
    path = Path(path)
    return path / "issue.yaml" if path.is_dir() else path


def check_issue(path: Path, *, final: bool = False, make_issue=None) -> CheckResult:
    """Check one issue (its folder or its issue.yaml); never raises for the editor's input.
    With `final`, judge it as `build --final` would: §1.6 wording is then an error.
    `make_issue(file)` makes it up (default: build.make with allow_missing); `serve` passes
    its warm make-up so that the check and the pages it shows are one make-up."""
    file = issue_file(path)
    result = CheckResult(file)
    try:
        root, source = read_yaml_source(file)
    except BulletinError as e:
        result.findings.append(_from_error(e, "yaml"))
        return result
    page_lines = _page_start_lines(root)
    raw = list(scan_source(root, source, str(file), final=final))
    for finding in raw:
        finding.page = _page_of(finding.where, page_lines)
    result.findings += raw
    result.findings += _made_findings(file, result, page_lines, raw, make_issue)
    result.findings.sort(
        key=lambda f: (f.page or 0, _LEVELS.index(f.level), f.where.line if f.where else 0)
    )
    return result


_LEVELS = (ERROR, WARNING, NOTE)


def _made_findings(
    file: Path, result: CheckResult, page_lines: list[int], raw: list[Finding], make_issue=None
):
    from bulletin_pdf.commands.build import (
        MISSING_GLYPH_FIX,
        OVERSET_FIX,
        describe_missing,
        describe_overset,
        make,
    )

    try:
        made = make_issue(file) if make_issue else make(file, allow_missing=True)
    except BulletinError as e:
        found = _from_error(e, "input")
        found.page = _page_of(e.where, page_lines)
        # The loader stops at the first §1.6 rule an internal newsletter breaks (the same
        # rule, the same words); the scan of the YAML above has already reported each.
        said = any(f.kind == internal.KIND and f.what == e.what for f in raw)
        if not said:
            yield found
        yield Finding(
            NOTE,
            "the pages were not made up because of the error(s) above; "
            "check again after fixing them",
        )
        return
    issue = made.issue
    result.title = f"{issue.newsletter.name.value} 第{issue.number}期 {issue.date.isoformat()}"
    result.pages = len(made.makeup.pages)
    for chars, where, font_file in made.makeup.missing:
        yield Finding(
            ERROR,
            describe_missing(chars, font_file),
            where,
            MISSING_GLYPH_FIX,
            kind="missing glyph",
            page=_page_of(where, page_lines),
        )
    for o in made.makeup.overset:
        yield Finding(
            ERROR,
            describe_overset(o),
            o.where,
            OVERSET_FIX,
            kind="overset",
            page=o.page,
            lines=o.lines,
            chars=o.cut_chars or o.chars,
        )
    yield from _unused_findings(made)
    photo_findings = list(_photo_findings(made))
    for w in made.report.warnings:
        if w.kind == internal.KIND:
            continue  # the loader's §1.6 wording warnings: the YAML scan above reported them
        yield Finding(
            WARNING, w.what, w.where, w.fix, kind=w.kind, page=_page_of(w.where, page_lines)
        )
    yield from photo_findings
    for note in made.report.notes:
        yield Finding(NOTE, note)


UNUSED_FIX = "fill the space: lengthen a text, enlarge a photo, or give a block more columns"


def _unused_findings(made):
    """Each page's unused space: the holes the plan left between blocks (with what would
    fill them), then the white inside blocks. make-up lists a page's holes first, in the
    plan's order (row, then column), then the white inside blocks."""
    for pno, (page, plan) in enumerate(zip(made.makeup.pages, made.makeup.plans), 1):
        holes = sorted(plan.empty, key=lambda r: (r.row, r.col))
        for index, line in enumerate(page.unused):
            match = re.match(r"page (\d+):\s*(.*)", line)
            what = match.group(2) if match else line
            if index < len(holes):
                rect = holes[index]
                fix, chars = _hole_fix(made, pno, rect)
                yield Finding(
                    WARNING,
                    what,
                    None,
                    fix,
                    kind="unused space",
                    page=pno,
                    lines=rect.rows,
                    columns=(rect.col + 1, rect.right),
                    chars=chars,
                )
            else:
                yield _white_inside(made, pno, what)


def _hole_fix(made, pno: int, hole) -> tuple[str, int | None]:
    """What fills a hole: more text in the story standing right over it, or a filler of the
    hole's size; with the characters asked for (None when no story stands over it).

    A story lengthened by `n` rows fills the hole when its headline (or box padding) then
    takes up what is left: make-up sets a headline up to three lines deeper and a box up to
    four lines taller, and may already have for the story's present shape. So the rows to add
    lie between the hole's rows plus the story's present deepening less that most, and the
    hole's rows plus its present deepening; the middle is asked for. Rows become characters
    at the story's own characters per row as set (across its columns or a box's inner
    columns; paragraph ends, compressed punctuation and half-width digits counted as they
    fall)."""
    from bulletin_pdf.makeup.place import BOX_PADDING, DEEPER_HEAD

    layout = made.layout
    filler = "or put in a filler (filler: true) of the size said"
    plan = made.makeup.plans[pno - 1]
    blocks = made.issue.pages[pno - 1].blocks
    for block_id, rect in made.makeup.rects[pno - 1].items():
        if rect.bottom != hole.row or rect.col != hole.col or rect.span != hole.span:
            continue
        blk = blocks[int(block_id.rsplit(".b", 1)[1])]
        if isinstance(blk, m.Briefs):
            most = BOX_PADDING[-1]
        elif isinstance(blk, (m.Article, m.Greeting, m.Continuation, m.NumberedList)):
            most = DEEPER_HEAD[-1]
        else:
            continue  # a photo or a box that does not grow with its text
        choice: tuple = next((p.shape.choice for p in plan.placements if p.rect == rect), ())
        # make-up records a deeper headline or a taller box as ("+", lines) in the shape
        deepened = choice[-1] if len(choice) >= 2 and choice[-2] == "+" else 0
        rows = max(hole.rows + deepened - (most + 1) // 2, 1)
        density = _text_density(made.makeup.pages[pno - 1], block_id)
        per_row = density[1] if density else hole.span * layout.column_chars
        chars = round(rows * per_row / 10) * 10 or 10
        return (
            f"lengthen {_block_name(blk)} above it by about {chars} characters (text for "
            f"{rows} more row{'s' * (rows != 1)}; make-up takes up the rest), {filler}, or "
            "enlarge a photo"
        ), chars
    return f"{UNUSED_FIX}, {filler}", None


_WHITE = re.compile(r"(\d+) empty lines? \(rows (\d+)–(\d+)\) in column (\d+)")


def _white_inside(made, pno: int, what: str) -> Finding:
    """White inside a block (a column its text leaves short of the block's foot), with its
    fix: the characters that fill that column, at the block's own characters per line, or
    for a story beside a photo that photo cropped wider, to stand no deeper than the text."""
    found = Finding(WARNING, what, None, UNUSED_FIX, kind="unused space", page=pno)
    match = _WHITE.search(what)
    if not match:
        return found
    lines, first, column = int(match.group(1)), int(match.group(2)), int(match.group(4))
    found.lines, found.columns = lines, (column, column)
    for block_id, rect in made.makeup.rects[pno - 1].items():
        if rect.col < column <= rect.right and rect.row < first <= rect.bottom:
            blk = made.issue.pages[pno - 1].blocks[int(block_id.rsplit(".b", 1)[1])]
            density = _text_density(made.makeup.pages[pno - 1], block_id)
            if not density:
                return found
            chars = round(lines * density[0] / 10) * 10 or 10
            found.chars = chars
            found.fix = f"lengthen {_block_name(blk)} by about {chars} characters for this column"
            photo = _photo_beside(made, pno, block_id, column, lines)
            if photo:
                found.fix += (
                    f", or crop {photo[0]} wider (ratio: {photo[1]}), so that it stands no "
                    "deeper than the text beside it"
                )
            return found
    return found


def _photo_beside(made, pno: int, block_id: str, column: int, lines: int):
    """The block's photo that stands deepest beside a column left `lines` short, and the
    width/height ratio (rounded up) that makes it that many lines shorter: (file, ratio)."""
    import math

    from bulletin_pdf.model.display import ImageItem

    layout = made.layout
    left = layout.column_x(column - 1)
    photos = [
        it
        for it in made.makeup.pages[pno - 1].items
        if isinstance(it, ImageItem)
        and it.block == block_id
        and not (it.x <= left + 1 < it.x + it.width)  # beside the column, not over it
    ]
    if not photos:
        return None
    deepest = max(photos, key=lambda it: it.y + it.height)
    height = deepest.height - lines * layout.pitch
    if height <= layout.pitch:
        return None
    return deepest.path.name, math.ceil(deepest.width / height * 100) / 100


# the roles of text set at body size on the baseline grid, which grows a block line by line
_TEXT_ROLES = frozenset({"body", "brief", "list", "greeting", "notice"})


def _text_density(page, block_id: str) -> tuple[float, float] | None:
    """A block's text as set: characters per line, and per row of its text columns (its
    columns, or a box's inner columns), or None when it has no lines of text."""
    from bulletin_pdf.model.display import TextItem

    lines = [
        it
        for it in page.items
        if isinstance(it, TextItem) and it.block == block_id and it.role in _TEXT_ROLES
    ]
    if not lines:
        return None
    per_line = sum(len(re.sub(r"\s", "", it.line.text)) for it in lines) / len(lines)
    # a row below the block's photos holds a line in each of its text columns
    columns = len({round(it.x) for it in lines})
    return per_line, per_line * columns


def _block_name(blk) -> str:
    if isinstance(blk, m.Continuation):
        return f"the continuation of '{blk.article_id}'"
    title = getattr(blk, "title", None)
    return f"{blk.TYPE} “{title.value[:24]}”" if title else blk.TYPE


def _photo_findings(made):
    """The photo stage run as `build` runs it for a proof (photos/stage.py), nothing drawn:
    photos below print resolution are warnings, files that are damaged or too large are
    errors, each on its page."""
    from bulletin_pdf.commands.build import photo_places
    from bulletin_pdf.errors import Report
    from bulletin_pdf.model.display import PageList
    from bulletin_pdf.photos.stage import resolve_photos

    places = photo_places(made.issue)
    for page in made.makeup.pages:
        report = Report()
        errors: list[tuple[PageList, BulletinError]] = []
        resolve_photos(
            [page],
            made.layout,
            final=False,
            report=report,
            base=made.root,
            places=places,
            on_error=lambda page, e: errors.append((page, e)),  # noqa: B023 (used at once)
        )
        for _, e in errors:
            found = _from_error(e, "image")
            found.page = page.number
            yield found
        for w in report.warnings:
            yield Finding(WARNING, w.what, w.where, w.fix, kind=w.kind, page=page.number)


def _from_error(e: BulletinError, kind: str) -> Finding:
    return Finding(ERROR, e.what, e.where, e.fix, kind=kind)


# ---- the YAML itself ------------------------------------------------------------------------


def scan_source(root: Node | None, source: str, file: str, *, final: bool = False):
    """Findings that need only the YAML: skeleton text left unfilled, and PRINT.md §1.6 for
    an internal newsletter. `source` is the file's text, for exact lines inside block text."""
    if not isinstance(root, MappingNode):
        return
    yield from _placeholders(file, list(text_scalars(root)), source)
    for breach in internal.breaches(root, source, file):
        level = ERROR if breach.is_error(final) else WARNING
        yield Finding(level, breach.what, breach.where, breach.fix, kind=internal.KIND)


def _placeholders(file: str, texts, source: str):
    """Skeleton text from `bulletin-pdf new` left unfilled: one finding per block, at the
    first placeholder's line, naming the fields still to write."""
    by_block: dict[str, list[tuple[str, int]]] = {}
    for path, node in texts:
        for line, _ in word_places(node, source, PLACEHOLDER):
            block = re.match(r"pages\[\d+\]\.blocks\[\d+\]|[^.\[]*", path).group(0)  # type: ignore[union-attr]  # the second branch matches anything
            by_block.setdefault(block, []).append((path[len(block) :].lstrip(".") or path, line))
    for block, fields in by_block.items():
        names = list(dict.fromkeys(name for name, _ in fields))
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        yield Finding(
            ERROR,
            f"{PLACEHOLDER} left from `bulletin-pdf new` in {shown}",
            Where(file, fields[0][1], block),
            "write the text, or delete the block",
            kind="skeleton",
        )


def _page_start_lines(root: Node | None) -> list[int]:
    """First line of each page's entry under pages:, to tell which page a line is on."""
    if not isinstance(root, MappingNode):
        return []
    pages = mapping(root).get("pages")
    if not isinstance(pages, SequenceNode):
        return []
    return [line_of(p) for p in pages.value]


def _page_of(where: Where | None, page_lines: list[int]) -> int | None:
    if where is None or not where.line or not page_lines:
        return None
    page = None
    for number, first in enumerate(page_lines, 1):
        if where.line >= first:
            page = number
    return page


# ---- the report ---------------------------------------------------------------------------


def format_result(result: CheckResult) -> str:
    """The report an editor reads: the issue, then each page, then a one-line total."""
    head = f"check {result.file}"
    if result.title:
        head += f" — {result.title}, {result.pages} pages"
    lines = [head]
    issue_level = [f for f in result.findings if f.page is None]
    if issue_level:
        lines.append("issue:")
        lines += [_line(f) for f in issue_level]
    for page in range(1, max([result.pages] + [f.page or 0 for f in result.findings]) + 1):
        on_page = [f for f in result.findings if f.page == page]
        if not on_page:
            lines.append(f"page {page}: clean")
            continue
        lines.append(f"page {page}:")
        lines += [_line(f) for f in on_page]
    errors, warnings, notes = (result.count(level) for level in _LEVELS)
    total = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if notes:
        total += f", {notes} note{'s' * (notes != 1)}"
    lines.append(total if errors or warnings else f"clean: {total}")
    return "\n".join(lines)


def _line(f: Finding) -> str:
    kind = f" [{f.kind}]" if f.kind and f.level != NOTE else ""
    return f"  {f.level}{kind}: {f.message()}"

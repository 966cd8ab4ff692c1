"""The pipeline, stage after stage: load → normalise → make up → render → (PDF/X) → write.

Every command (build, check, proof, preview, batch) goes through `make` or `build`, so they
cannot disagree about what an issue looks like.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin_pdf import paths, safefiles
from bulletin_pdf.errors import InputError, OversetError, Report, Where, doing
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.issue import PLACEHOLDER
from bulletin_pdf.model.keys import photos_in
from bulletin_pdf.model.layout import Layout

if TYPE_CHECKING:  # imported where used at run time: `check` and `new` load lighter
    from bulletin_pdf.makeup.place import MakeupResult
    from bulletin_pdf.text.fonts import FontSet


@dataclass
class Made:
    """An issue made up and ready to render."""

    issue: m.Issue
    layout: Layout
    fonts: FontSet
    makeup: MakeupResult
    report: Report
    root: Path


@dataclass
class BuildResult:
    output: Path | None
    pages: int
    report: Report
    unused: list[str] = field(default_factory=list)
    overset: list = field(default_factory=list)


def default_output(issue: m.Issue, suffix: str = "") -> Path:
    return issue.folder / f"{issue.folder.name}{suffix}.pdf"


# Headline fields: a line break the editor typed there is kept (the other fields fold it).
_LINE_FIELDS = frozenset({"title", "kicker", "subtitle"})


def _normalize_issue(obj, report: Report, keep_lines: bool = False):
    """Every Text of the issue, normalised for setting (full-width marks, no zero-width
    characters); what was removed or replaced becomes a warning at the field it came from."""
    from bulletin_pdf.text.normalize import normalize

    if isinstance(obj, m.Text):
        value, notes = normalize(obj.value, keep_lines=keep_lines)
        if not value.strip() and obj.value.strip():
            codes = ", ".join(
                dict.fromkeys(f"U+{ord(c):04X}" for c in obj.value if not c.isspace())
            )
            field = (obj.where.field if obj.where else "").rsplit(".", 1)[-1] or "text"
            raise InputError(
                f"the {field} holds only invisible characters ({codes}): nothing would be printed",
                obj.where,
                "write the text (a title, a caption, …) or remove the line",
            )
        for note in notes:
            report.warn(
                note,
                obj.where,
                "retype the text if the change was not meant",
                kind="normalised",
            )
        return m.Text(value, obj.where) if value != obj.value else obj
    if isinstance(obj, list):
        return [_normalize_issue(x, report, keep_lines) for x in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            if isinstance(v, (m.Text, list)) or (
                dataclasses.is_dataclass(v) and not isinstance(v, type)
            ):
                nv = _normalize_issue(v, report, f.name in _LINE_FIELDS)
                if nv is not v:
                    changes[f.name] = nv
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj


def make(issue_path: Path, *, allow_missing: bool = False, warm=None) -> Made:
    """Load, validate and make up an issue; raises InputError for anything an editor must fix.
    With `allow_missing`, characters no font has are left in `made.makeup.missing` for the
    caller to report (`check` lists them beside everything else) instead of stopping here.
    `warm` (warm.WarmCache) keeps fonts, composed paragraphs and photo sizes between the
    make-ups of a long-running process; the result is the same without it."""
    from bulletin_pdf.makeup.place import make_up
    from bulletin_pdf.photos.images import image_info
    from bulletin_pdf.source.load import load
    from bulletin_pdf.text.fonts import FontSet

    report = Report()
    with doing("reading the issue and its layout"):
        issue, layout = load(Path(issue_path), report)
        root = paths.find_project_root(issue.folder)
    with doing("normalising the text"):
        issue = _normalize_issue(issue, report)
    with doing("finding the fonts"):
        fonts = (
            FontSet(layout.fonts, paths.fonts_folder(root))
            if warm is None
            else warm.fonts(layout, root)
        )
    with doing("making up the pages"):
        if warm is None:
            result = make_up(issue, layout, fonts, report, image_info)
        else:
            result = make_up(
                issue,
                layout,
                fonts,
                report,
                warm.image_info,
                compose=warm.compose,
                shapes_memo=warm.shapes,
            )
    if result.missing and not allow_missing:
        raise _missing_glyphs_error(result.missing)
    return Made(issue, layout, fonts, result, report, root)


MISSING_GLYPH_FIX = (
    "replace it with a common character, or add it to fonts/extra-chars.txt and "
    "run scripts/prepare_fonts.py with a source font that has it"
)


def describe_missing(chars: str, font_file: str) -> str:
    """“𰻞 (U+30EDE) not in BulletinWenKai-Regular.ttf”, each character once."""
    shown = "、".join(f"{c} (U+{ord(c):04X})" for c in dict.fromkeys(chars))
    return f"{shown} not in {font_file}"


def _missing_glyphs_error(missing) -> InputError:
    lines = [
        f"{where or 'issue'}: {describe_missing(chars, font_file)}"
        for chars, where, font_file in missing
    ]
    return InputError("characters no font has:\n  " + "\n  ".join(lines), None, MISSING_GLYPH_FIX)


OVERSET_FIX = (
    "shorten the text, give the block more columns, make its photos smaller, "
    "move a block to another page, or continue the article (continued: true)"
)


def describe_overset(o) -> str:
    """The cut list of one overset story, as a composing room says it: 《…》超 37 字 (3
    lines, from “…”): cut 37 characters, or drop photo X (frees 9 lines), or give it to
    page 3 (40 empty lines there). Make-up offers a photo when dropping it frees lines
    enough for all of its page's overset, a page when its holes could take this story's."""
    cut = o.cut_chars or o.chars
    ways = [f"cut {cut} characters"]
    ways += [f"drop photo {name} (frees {n} lines)" for name, n in o.photos]
    ways += [f"give it to page {p} ({n} empty lines there)" for p, n in o.pages]
    cuts = "; or ".join(ways)
    title = o.title or o.block
    return f"《{title}》超 {cut} 字 ({o.lines} lines, from “{o.text[:12]}…”): {cuts}"


def overset_error(oversets) -> OversetError:
    lines = [f"page {o.page}: {describe_overset(o)}" for o in oversets]
    return OversetError(
        "text does not fit (超版):\n  " + "\n  ".join(lines), oversets[0].where, OVERSET_FIX
    )


def photo_places(issue: m.Issue) -> dict[Path, Where]:
    """Where the issue names each photo file (the first place, if it is used twice)."""
    places: dict[Path, Where] = {}
    for page in issue.pages:
        for block in page.blocks:
            for photo in photos_in(block):
                if photo.where is not None:
                    places.setdefault(Path(photo.file), photo.where)
    return places


def document_meta(issue: m.Issue):
    """The PDF's title, subject, author and slug, from the issue."""
    from bulletin_pdf.makeup.furniture import chinese_date
    from bulletin_pdf.render.pdf import DocMeta

    name = issue.newsletter.name.value
    return DocMeta(
        title=issue.title or f"{name} 第{issue.number}期",
        subject=f"{name} {chinese_date(issue.date)} 第{issue.number}期",
        author=issue.newsletter.publisher.value if issue.newsletter.publisher else name,
        keywords=name,
        date=issue.date,
        slug=f"{name} 第{issue.number}期 {issue.date.isoformat()}",
    )


def render_made(
    made: Made,
    *,
    final: bool = False,
    proof: bool = False,
    grid: bool = False,
    proof_stamp: str = "",
    pdfx: str | None = None,
) -> bytes:
    """The PDF of a made-up issue. `final` adds bleed, marks, CMYK photos and the PDF/X keys
    (`pdfx`: "X-1a:2003" or "X-4"; None = the layout's choice, X-1a:2003 by default)."""
    from bulletin_pdf.makeup.finish import bleed_pages, with_grid, with_watermark
    from bulletin_pdf.photos.stage import resolve_photos
    from bulletin_pdf.render.pdf import RenderOptions, render

    issue = made.issue
    meta = document_meta(issue)
    overset: dict[int, list[str]] = {}
    for o in made.makeup.overset:
        overset.setdefault(o.page, []).append(f"{o.block} {o.lines} 行")
    sheets_of = made.makeup.overset_sheets
    if proof:
        sheets_of = {n: with_watermark(s, made.layout, made.fonts) for n, s in sheets_of.items()}
    options = RenderOptions(
        final=final,
        proof=proof,
        proof_stamp=proof_stamp,
        overset=overset,
        overset_sheets=sheets_of,
    )
    pages = made.makeup.pages
    if final:
        pages = bleed_pages(pages, made.layout)
    if proof:
        pages = with_watermark(pages, made.layout, made.fonts)
    if grid:
        body = made.fonts.metrics(made.layout.body.font)
        pages = with_grid(pages, made.layout, made.layout.row_baseline(body.ascent, body.descent))
    sheets = [sheet for page in options.overset_sheets.values() for sheet in page] if proof else []
    with doing("preparing the photos"):
        photos = resolve_photos(
            [*pages, *sheets],
            made.layout,
            final=final,
            report=made.report,
            base=made.root,
            places=photo_places(issue),
        )
    with doing("drawing the pages"):
        pdf = render(pages, made.layout, made.fonts, meta, options, photos)
    if final:
        from bulletin_pdf.render.pdfx import make_pdfx, profile_for

        with doing("making the PDF/X file"):
            profile, condition = profile_for(made.layout, made.root)
            pdf = make_pdfx(
                pdf,
                title=meta.title,
                created=issue.date,
                standard=pdfx,
                profile=profile,
                output_condition=condition,
                layout=made.layout,
            )
    return pdf


def write_atomic(path: Path, data: bytes) -> None:
    """Write next to the target and rename: a failed build never leaves half a PDF, and an
    earlier good PDF stays untouched until the new one is complete. The temporary file is
    named after this process, so that the next run removes one a killed run left behind
    (and never one a build running at the same time is still writing)."""
    path = Path(path)
    with doing(f"writing {path}"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(path)
            fd, tmp = tempfile.mkstemp(
                prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent
            )
        except OSError as err:
            raise safefiles.write_error(err, path) from None
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a PDF is for sharing
            os.replace(tmp, path)
        except BaseException as err:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            if isinstance(err, OSError):
                raise safefiles.write_error(err, path) from None
            raise


def _tmp_pattern(path: Path):
    import re

    return re.compile(rf"\.{re.escape(path.name)}\.(\d+)-[A-Za-z0-9_]+\.tmp")


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the hidden temporary files of `path` that runs killed before their rename left
    (their process no longer exists); returns what was removed."""
    pattern = _tmp_pattern(path)
    removed: list[Path] = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if not match or _alive(int(match.group(1))):
            continue
        leftover = path.parent / name
        if os.path.islink(leftover) or not leftover.is_file():
            continue
        try:
            leftover.unlink()
            removed.append(leftover)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def input_dirs(folder: Path, root: Path | None) -> list[Path]:
    """The folders that hold an issue's inputs and no output may lie in: its images/, and
    the project's fonts/ and layouts/."""
    dirs = [Path(folder) / "images"]
    if root is not None:
        dirs += [paths.fonts_folder(Path(root)), paths.layouts_folder(Path(root))]
    return dirs


def check_output_early(issue_path: Path, output: Path | None, *, folder: bool = False) -> None:
    """Before any work: the output is not a folder, a device, a pipe or a link, its folder may
    be written, and it is not the issue file nor inside the issue's or project's input
    folders (the photos, fonts and layouts the issue names are checked once they are known,
    by `check_output_made`)."""
    from bulletin_pdf.source.load import issue_file

    file = issue_file(Path(issue_path))
    if output is None:
        return
    try:
        root = paths.find_project_root(file.parent)
    except InputError:
        root = None
    check = safefiles.output_folder if folder else safefiles.output_file
    check(Path(output), inputs=[file], input_dirs=input_dirs(file.parent, root))


def check_output_made(made: Made, output: Path, *, folder: bool = False) -> None:
    """Once the issue is loaded: the output is none of its inputs (the YAML, photos, logo,
    layout, fonts) and lies in none of their folders."""
    from bulletin_pdf.source.inputs import issue_inputs

    check = safefiles.output_folder if folder else safefiles.output_file
    check(
        Path(output), inputs=issue_inputs(made), input_dirs=input_dirs(made.issue.folder, made.root)
    )


def _texts(obj):
    """Every Text of the issue, in order."""
    if isinstance(obj, m.Text):
        yield obj
    elif isinstance(obj, list):
        for x in obj:
            yield from _texts(x)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _texts(getattr(obj, f.name))


def _refuse_placeholders(issue: m.Issue) -> None:
    """`bulletin-pdf new` scaffolds with 【待填】 placeholders; they may be proofed, never printed."""

    for text in _texts(issue):
        if PLACEHOLDER in text.value:
            raise InputError(
                f"{PLACEHOLDER} is still in the text: this issue is not filled in yet",
                text.where,
                f"write the text in place of {PLACEHOLDER}, then build --final again",
            )


def refuse_unprintable(made: Made) -> None:
    """What a proof may carry and final output may not: 【待填】 placeholders, §1.6 wording."""
    _refuse_placeholders(made.issue)
    _refuse_internal_wording(made.report)


def _refuse_internal_wording(report: Report) -> None:
    """PRINT.md §1.6 words (本报, 记者 …) are a proof's warning and a final output's error:
    what goes to the printer must not carry them (source/internal.py)."""
    from bulletin_pdf.source import internal

    found = [w for w in report.warnings if w.kind == internal.KIND]
    if found:
        lines = [f"{w.where or 'issue'}: {w.what}" for w in found]
        raise InputError(
            "final output of an internal newsletter with words it may not print:\n  "
            + "\n  ".join(lines),
            found[0].where,
            found[0].fix + ("; reword the others likewise" if len(found) > 1 else ""),
        )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build(
    issue_path: Path,
    output: Path | None = None,
    *,
    final: bool = False,
    proof: bool = False,
    grid: bool = False,
    proof_stamp: str = "",
    pdfx: str | None = None,
) -> BuildResult:
    check_output_early(issue_path, output)
    made = make(issue_path)
    out = (
        Path(output)
        if output
        else default_output(made.issue, "-proof" if proof else ("-final" if final else ""))
    )
    check_output_made(made, out)
    if final:
        refuse_unprintable(made)
    if made.makeup.overset and not proof:
        raise overset_error(made.makeup.overset)
    pdf = render_made(made, final=final, proof=proof, grid=grid, proof_stamp=proof_stamp, pdfx=pdfx)
    write_atomic(out, pdf)
    return BuildResult(
        out, len(made.makeup.pages), made.report, made.makeup.unused, made.makeup.overset
    )

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

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin_pdf.errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_WARNINGS,
    BulletinError,
    Where,
    format_message,
)
from bulletin_pdf.model.issue import PLACEHOLDER
from bulletin_pdf.source.yamlsrc import BOOL, STR, line_of, read_yaml

# PRINT.md §1.6: an internal newsletter may not call itself a paper or a periodical.
FORBIDDEN_WORDS = ("本报", "本刊", "记者", "刊号", "期刊社", "杂志社")
# Ordinary words that merely contain a forbidden one ("本报告" is "this report").
INNOCENT_WORDS = {"本报": ("本报告", "本报表", "本报销", "本报名", "本报送", "本报批", "本报考")}
TITLE_FORM = re.compile(r".+(报|刊|杂志)$")
IMPRINT_ITEMS = {  # key under imprint: → what it is called on the page
    "editor": "编印单位",
    "audience": "发送对象",
    "printer": "印刷单位",
    "print_date": "印刷日期",
    "copies": "印数",
}
# Keys whose values are names or settings, never text printed as written.
NOT_TEXT_KEYS = {
    "type",
    "file",
    "logo",
    "layout",
    "id",
    "article",
    "place",
    "byline_position",
    "url",
    "ratio",
}
# What `bulletin-pdf new` writes where the editor's text goes (see newissue.py).

ERROR, WARNING, NOTE = "error", "warning", "note"


@dataclass
class Finding:
    level: str  # error | warning | note
    what: str
    where: Where | None = None
    fix: str = ""
    kind: str = ""  # the Report warning's kind, or the check that found it
    page: int | None = None  # 1-based; None = the issue as a whole

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


def check_issue(path: Path) -> CheckResult:
    """Check one issue (its folder or its issue.yaml); never raises for the editor's input."""
    file = issue_file(path)
    result = CheckResult(file)
    try:
        root = read_yaml(file)
    except BulletinError as e:
        result.findings.append(_from_error(e, "yaml"))
        return result
    page_lines = _page_start_lines(root)
    source = file.read_text(encoding="utf-8-sig")
    raw = list(scan_source(root, source, str(file)))
    for finding in raw:
        finding.page = _page_of(finding.where, page_lines)
    result.findings += raw
    result.findings += _made_findings(file, result, page_lines, raw)
    result.findings.sort(
        key=lambda f: (f.page or 0, _LEVELS.index(f.level), f.where.line if f.where else 0)
    )
    return result


_LEVELS = (ERROR, WARNING, NOTE)


def _made_findings(file: Path, result: CheckResult, page_lines: list[int], raw: list[Finding]):
    from bulletin_pdf.commands.build import (
        MISSING_GLYPH_FIX,
        OVERSET_FIX,
        describe_missing,
        describe_overset,
        make,
    )

    try:
        made = make(file, allow_missing=True)
    except BulletinError as e:
        found = _from_error(e, "input")
        found.page = _page_of(e.where, page_lines)
        # The loader stops at the first §1.6 rule an internal newsletter breaks; the scan of
        # the YAML above has already reported each of them with its line.
        said = (
            any(f.kind == "§1.6" and f.level == ERROR for f in raw)
            and "internal newsletter" in e.what
        )
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
        yield Finding(ERROR, describe_overset(o), o.where, OVERSET_FIX, kind="overset", page=o.page)
    for line in made.makeup.unused:
        match = re.match(r"page (\d+):\s*(.*)", line)
        page = int(match.group(1)) if match else None
        yield Finding(
            WARNING,
            match.group(2) if match else line,
            None,
            "fill the space: lengthen a text, enlarge a photo, or give a block more columns",
            kind="unused space",
            page=page,
        )
    photo_findings = list(_photo_findings(made))
    for w in made.report.warnings:
        if w.kind == "internal":
            continue  # the loader's §1.6 wording warnings: the YAML scan reports them, line-exact
        yield Finding(
            WARNING, w.what, w.where, w.fix, kind=w.kind, page=_page_of(w.where, page_lines)
        )
    yield from photo_findings
    for note in made.report.notes:
        yield Finding(NOTE, note)


def _photo_findings(made):
    """Each placed photo drawn exactly as `build` draws it (onto a scratch canvas), so the
    images module's warnings (below print resolution, …) and errors (a file that fails to
    decode) come out here, per page."""
    import io

    from reportlab.pdfgen import canvas as rl_canvas

    from bulletin_pdf.commands import build
    from bulletin_pdf.errors import Report
    from bulletin_pdf.model.display import ImageItem
    from bulletin_pdf.photos.images import drawer

    places = build.photo_places(made.issue) if hasattr(build, "photo_places") else None
    # A real canvas that is never saved: the images module may use any of its methods.
    scratch = rl_canvas.Canvas(
        io.BytesIO(), pagesize=(made.layout.trim_width, made.layout.trim_height)
    )
    for page in made.makeup.pages:
        report = Report()
        draw = drawer(made.layout, final=False, report=report, places=places)
        for item in page.items:
            if not isinstance(item, ImageItem):
                continue
            try:
                draw(scratch, item, 0.0, 0.0)
            except BulletinError as e:
                found = _from_error(e, "image")
                found.page = page.number
                yield found
        for w in report.warnings:
            yield Finding(WARNING, w.what, w.where, w.fix, kind=w.kind, page=page.number)


def _from_error(e: BulletinError, kind: str) -> Finding:
    return Finding(ERROR, e.what, e.where, e.fix, kind=kind)


# ---- the YAML itself ------------------------------------------------------------------------


def scan_source(root: Node | None, source: str, file: str):
    """Findings that need only the YAML: skeleton text left unfilled, and PRINT.md §1.6 for
    an internal newsletter. `source` is the file's text, for exact lines inside block text."""
    if not isinstance(root, MappingNode):
        return
    top = _mapping(root)
    texts = list(_text_scalars(root, ""))
    yield from _placeholders(file, texts, source)
    newsletter = top.get("newsletter")
    if not isinstance(newsletter, MappingNode):
        return
    nl = _mapping(newsletter)
    internal = nl.get("internal")
    if not (
        isinstance(internal, ScalarNode)
        and internal.tag == BOOL
        and internal.value.lower() in ("true", "yes", "on")
    ):
        return
    yield from _internal_rules(file, _key_lines(root), nl, top, texts, source)


def _placeholders(file: str, texts, source: str):
    """Skeleton text from `bulletin-pdf new` left unfilled: one finding per block, at the
    first placeholder's line, naming the fields still to write."""
    by_block: dict[str, list[tuple[str, int]]] = {}
    for path, node in texts:
        for line in _occurrences(node, source, PLACEHOLDER):
            block = re.match(r"pages\[\d+\]\.blocks\[\d+\]|[^.\[]*", path).group(0)
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


def _internal_rules(file, key_lines, nl, top, texts, source):
    rule = "an internal newsletter (内部资料, PRINT.md §1.6)"
    if _blank(nl.get("permit")):
        yield Finding(
            ERROR,
            f"{rule} must print its 准印证 number, and newsletter.permit is missing",
            Where(file, key_lines["newsletter"], "newsletter.permit"),
            "add `permit: <the number exactly as issued>` under newsletter:",
            kind="§1.6",
        )
    name = nl.get("name")
    if isinstance(name, ScalarNode) and TITLE_FORM.fullmatch(name.value.strip()):
        yield Finding(
            ERROR,
            f"{rule} may not be called …报, …刊 or …杂志: “{name.value.strip()}”",
            Where(file, line_of(name), "newsletter.name"),
            "use the name without 报/刊/杂志, e.g. 天平 instead of 天平社区报",
            kind="§1.6",
        )
    imprint = top.get("imprint")
    if not isinstance(imprint, MappingNode):
        yield Finding(
            ERROR,
            f"{rule} must print an imprint (编印单位, 发送对象, 印刷单位, 印刷日期, 印数), "
            "and the imprint block is missing",
            Where(file, 0, "imprint"),
            "add an imprint: block with editor, audience, printer, print_date and copies",
            kind="§1.6",
        )
    else:
        items = _mapping(imprint)
        for key, label in IMPRINT_ITEMS.items():
            if _blank(items.get(key)):
                yield Finding(
                    ERROR,
                    f"{rule} must print its {label}, and imprint.{key} is missing",
                    Where(file, key_lines["imprint"], f"imprint.{key}"),
                    f"add `{key}: …` ({label}) under imprint:",
                    kind="§1.6",
                )
    for path, node in texts:
        for word in FORBIDDEN_WORDS:
            for line, paragraph in _places(node, source, word, INNOCENT_WORDS.get(word, ())):
                field = path if paragraph is None else f"{path}[{paragraph}]"
                yield Finding(
                    ERROR,
                    f"{rule} may not use “{word}” in its text ({_name(field)})",
                    Where(file, line, field),
                    _WORD_FIXES[word],
                    kind="§1.6",
                )


_WORD_FIXES = {
    "本报": "write the newsletter's name or 本期 instead of 本报",
    "本刊": "write the newsletter's name or 本期 instead of 本刊",
    "记者": "credit the writer as 通讯员 XXX or XXX 文, the photographer as XXX 摄",
    "刊号": "remove the 刊号; an internal newsletter prints its 准印证 number instead",
    "期刊社": "name the 编印单位 instead",
    "杂志社": "name the 编印单位 instead",
}


def _occurrences(node: ScalarNode, source: str, word: str, innocent=()) -> list[int]:
    """File lines (1-based) where `word` stands in the scalar's text. The raw slice of the file
    is searched so a line inside a block text is exact; a word hidden by YAML escapes or line
    folding is still found in the value and reported at the scalar's first line."""
    return [line for line, _ in _places(node, source, word, innocent)]


def _places(node: ScalarNode, source: str, word: str, innocent=()) -> list[tuple[int, int | None]]:
    """(line, paragraph) of each occurrence; the paragraph index (as in body[2]) only for
    a literal block, whose paragraphs are separated by blank lines."""
    raw = source[node.start_mark.index : node.end_mark.index]
    places = []
    for match in re.finditer(re.escape(word), raw):
        if any(raw.startswith(w, match.start()) for w in innocent):
            continue
        line = node.start_mark.line + 1 + raw.count("\n", 0, match.start())
        paragraph = None
        if node.style == "|":
            before = raw[raw.find("\n") + 1 : match.start()] + word  # the word closes the last gap
            paragraph = len(re.findall(r"\n[ \t]*\n(?=[ \t]*\S)", before))
        places.append((line, paragraph))
    if not places:
        value = node.value
        for w in innocent:
            value = value.replace(w, "")
        if word in value:
            places.append((line_of(node), None))
    return places


def _text_scalars(node: Node, path: str):
    """(key path, node) of every text value, paths written as the loader writes them
    (pages[0].blocks[2].title); keys that hold names or settings are skipped."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            if name in NOT_TEXT_KEYS:
                continue
            yield from _text_scalars(value, f"{path}.{name}" if path else name)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _text_scalars(item, f"{path}[{i}]")
    elif isinstance(node, ScalarNode) and node.tag == STR and node.value.strip():
        yield path, node


def _mapping(node: MappingNode) -> dict[str, Node]:
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}


def _key_lines(node: MappingNode) -> dict[str, int]:
    """Line of each key of a mapping ('newsletter:'), where a missing item belongs."""
    return {k.value: line_of(k) for k, _ in node.value if isinstance(k, ScalarNode)}


def _blank(node: Node | None) -> bool:
    return node is None or (
        isinstance(node, ScalarNode) and (node.value.strip() in ("", "~", "null"))
    )


def _name(path: str) -> str:
    return path.rsplit(".", 1)[-1] if path else "the file"


def _page_start_lines(root: Node | None) -> list[int]:
    """First line of each page's entry under pages:, to tell which page a line is on."""
    if not isinstance(root, MappingNode):
        return []
    pages = _mapping(root).get("pages")
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

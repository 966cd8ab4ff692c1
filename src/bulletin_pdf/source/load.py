"""Issue and layout files → model.Issue and layoutspec.Layout, validated.

Everything an editor can get wrong is caught here, with file, line, key path and a fix;
no later stage re-checks input. The keys each block may have are declared in schema.py
(the same declaration writes the JSON Schema); this module adds the checks that need more
than one value or the disk: spans against the layout's grid, photo files, continued
articles, internal-newsletter rules, size limits.

Layout versions: once an issue used a layout, the layout file is never edited in place.
A change is a new `version:`, and the old file is kept as
layouts/archive/<name>-v<N>.yaml. An issue that pins `layout_version: N` gets that file
when the current one has another version.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import math
import os
import re
import stat
from pathlib import Path, PurePosixPath

from bulletin_pdf import limits, paths, safefiles
from bulletin_pdf.errors import InputError, LimitError, Report, Where
from bulletin_pdf.model.issue import (
    Article,
    Block,
    Continuation,
    Imprint,
    Issue,
    Newsletter,
    Page,
    Photo,
    Text,
)
from bulletin_pdf.model.keys import key_of
from bulletin_pdf.model.kinds import BY_TYPE
from bulletin_pdf.model.kinds.article import subhead_text
from bulletin_pdf.model.layout import MM, Layout, Style
from bulletin_pdf.paths import find_project_root
from bulletin_pdf.source import internal
from bulletin_pdf.source.schema import (
    ISSUE,
    LAYOUT,
    ROLES,
    At,
    Checked,
    fallback_of,
    is_null,
    suggest,
)
from bulletin_pdf.source.yamlsrc import read_yaml, read_yaml_source

ISSUE_FILE_NAME = "issue.yaml"
_LAYOUT_NAME = re.compile(r"[\w-]+")


# ---- finding files ----------------------------------------------------------------------


def issue_file(path: Path) -> Path:
    """The issue.yaml for `path`: the file itself, or issue.yaml inside a folder. Symbolic
    links are followed, and the file they lead to must lie inside the issue's project (the
    folder above it that holds layouts/); a device, a pipe or a dangling link is refused."""
    path = Path(path)
    fix = "check the path; give the issue's folder or its issue.yaml"
    safefiles.resolve(path, "issue", Where(str(path)), fix)  # NUL bytes, long names, loops
    try:
        is_dir = path.is_dir()
    except OSError as err:
        raise InputError(
            f"the issue path {path} {safefiles.os_problem(err)}", Where(str(path)), fix
        ) from None
    if is_dir:
        file = path / ISSUE_FILE_NAME
        if not os.path.lexists(file):
            yamls = sorted(p.name for p in path.glob("*.y*ml"))
            hint = f" (the folder has {', '.join(yamls)})" if yamls else ""
            raise InputError(
                f"the folder {path} has no {ISSUE_FILE_NAME}{hint}",
                Where(str(path)),
                f"name the issue file {ISSUE_FILE_NAME}, or give the path of the YAML file itself",
            )
    elif os.path.lexists(path):
        file = path
    else:
        raise InputError(f"no issue file or folder at {path}", Where(str(path)), fix)
    return _inside_project(file)


def _inside_project(file: Path) -> Path:
    """`file` when it is a regular file (after its links) inside the project of its folder."""
    here = file.parent
    try:
        root = find_project_root(here)
    except InputError:
        root = Path(os.path.abspath(here))  # no project: the file's own folder bounds it
    boundaries = [root, Path(os.path.abspath(here))]
    safefiles.input_file(
        file,
        "issue file",
        Where(str(file)),
        boundaries=boundaries,
        boundary_name=f"the project {root}",
        max_bytes=limits.MAX_YAML_BYTES,
        limit_name="MAX_YAML_BYTES",
        fix_outside="copy the issue file into the issue's folder instead of "
        "linking to a file elsewhere",
        fix_missing="check the path; give the issue's folder or its issue.yaml",
    )
    return file


def _shown(path: Path) -> Path:
    """`path` relative to the working folder when it lies inside it (shorter messages)."""
    try:
        return Path(os.path.relpath(path)) if path.is_relative_to(Path.cwd()) else path
    except ValueError:
        return path


def available_layouts(folder: Path) -> list[str]:
    return sorted(p.stem for p in Path(folder).glob("*.yaml"))


# ---- issue ------------------------------------------------------------------------------


def load(path: Path, report: Report | None = None) -> tuple[Issue, Layout]:
    """Read and validate an issue (its folder or its issue.yaml) and the layout it names.

    Warnings (e.g. wording an internal newsletter should avoid) go to `report` if given.
    """
    file = issue_file(Path(path))
    node, source = read_yaml_source(file, "issue file", report)
    if is_null(node):
        raise InputError(
            "the issue file is empty",
            Where(str(file), 1),
            "start from the example in docs/issue-format.md or copy "
            "issues/2020-01-tianping/issue.yaml",
        )
    checked = ISSUE.check(node, At(str(file)))
    layout = load_layout(
        checked["layout"].value, file.parent, checked["layout_version"], checked.where("layout")
    )
    breaches = internal.breaches(node, source, str(file))
    issue = _IssueBuilder(file, layout, report, breaches).build(checked)
    return issue, layout


def load_issue(path: Path) -> Issue:
    """The validated Issue at `path` (its folder or its issue.yaml)."""
    return load(path)[0]


class _IssueBuilder:
    def __init__(
        self, file: Path, layout: Layout, report: Report | None, breaches: list[internal.Breach]
    ):
        self.file = file
        self.breaches = breaches  # PRINT.md §1.6, read from the YAML by internal.py
        self.folder = file.parent
        self.layout = layout
        self.report = report
        self.root = find_project_root(self.folder)
        self.articles: dict[str, tuple[int, Article]] = {}  # id → (page index, article)
        self.continued: dict[str, Continuation] = {}

    def build(self, c: Checked) -> Issue:
        newsletter = self.newsletter(c["newsletter"])
        imprint = self.imprint(c["imprint"]) if c["imprint"] else None
        pages = [self.page(i, p) for i, p in enumerate(c["pages"])]
        self.check_continuations()
        number, date = c["number"], c["date"]
        if c["total_number"] is not None and c["total_number"] < number:
            raise c.error(
                "total_number",
                f"total_number {c['total_number']} is smaller than number {number}",
                "总期号 counts every issue since the first; check both numbers",
            )
        for breach in self.breaches:  # the first rule that stops every command
            if breach.is_error(final=False):
                raise InputError(breach.what, breach.where, breach.fix)
        title = (
            c["title"].value if c["title"] else f"{newsletter.name.value} {date.year}年第{number}期"
        )
        issue = Issue(
            newsletter=newsletter,
            number=number,
            date=date,
            layout=c["layout"].value,
            pages=pages,
            total_number=c["total_number"],
            imprint=imprint,
            title=title,
            folder=self.folder,
            file=self.file,
            layout_version=c["layout_version"],
        )
        if self.report is not None:
            for breach in self.breaches:  # wording: the editor rewords it before --final
                self.report.warn(breach.what, breach.where, breach.fix, kind=internal.KIND)
        return issue

    # -- masthead and imprint --

    def newsletter(self, c: Checked) -> Newsletter:
        logo = None
        if c["logo"]:
            logo = self.existing_file(c["logo"], "logo", boundary=self.root)
        return Newsletter(
            name=c["name"],
            publisher=c["publisher"],
            permit=c["permit"],
            internal=c["internal"],
            logo=logo,
            url=c["url"],
        )

    @staticmethod
    def imprint(c: Checked) -> Imprint:
        return Imprint(
            editor=c["editor"],
            audience=c["audience"],
            printer=c["printer"],
            print_date=c["print_date"],
            copies=c["copies"],
            address=c["address"],
            where=c.where(),
        )

    # -- pages and blocks --

    def page(self, index: int, c: Checked) -> Page:
        blocks = [self.block(index, kind, bc) for kind, bc in c["blocks"]]
        return Page(section=c["section"], blocks=blocks, where=c.where())

    def block(self, page: int, kind: str, c: Checked) -> Block:
        self.check_span(c, self.layout.columns)
        block = self.model(BY_TYPE[kind], c)
        # the rules that tie a continued article to its continuation on a later page
        if isinstance(block, Article):
            self.register_article(page, block, c)
        elif isinstance(block, Continuation):
            self.register_continuation(page, block, c)
        return block

    def model(self, model: type, c: Checked):
        """The model a kind declared (model/kinds/), built from its checked keys: each value
        as its Key says — photo files found, marks the style sets dropped, the size of the
        text checked."""
        values = {}
        for f in dataclasses.fields(model):
            spec = key_of(f)
            if spec is None:
                continue
            name = spec.name or f.name
            if spec.value == "photo":  # the photo's keys stand in the block
                values[f.name] = self.photo(c, span_limit=self.layout.columns)
                continue
            value = c[name]
            if spec.value == "photos":
                span = c.values.get("columns") or self.layout.columns
                value = [self.photo(pc, span_limit=span) for pc in value]
            elif spec.value == "file":
                value = self.existing_file(value, "photo", boundary=self.folder, at=c.at.key(name))
            elif spec.value == "ident":
                value = value.value if value is not None else None
            elif spec.value == "point":
                value = tuple(value)
            elif spec.value in ("lines", "items", "paragraphs") and value is not None:
                value = list(value)
                if spec.strip:
                    value = [
                        _strip_mark(t, spec.strip.replace("{n}", str(i + 1)), c, i)
                        for i, t in enumerate(value)
                    ]
            if spec.limit:
                title = c.values.get("title")
                self.check_length(
                    c,
                    name,
                    value,
                    spec.limit.format(title=title.value if title is not None else ""),
                )
            values[f.name] = value
        return model(**values, where=c.where())

    def register_article(self, page: int, article: Article, c: Checked) -> None:
        for paragraph in article.body:
            if subhead_text(paragraph.value) == "":
                raise InputError(
                    "a subhead mark '##' with no subhead after it",
                    paragraph.where,
                    "write the subhead after '## ' (e.g. '## 一、守住底线'), or remove the line",
                )
        if article.continued and article.id is None:
            raise c.error(
                "continued",
                f"article '{article.title.value}' is continued but has no id",
                "add 'id: …' (a short name such as lead) and use the same "
                "id in the continuation block on the later page",
            )
        if article.id is not None:
            if article.id in self.articles:
                first = self.articles[article.id][1]
                raise c.error(
                    "id",
                    f"id '{article.id}' is already used by the article "
                    f"'{first.title.value}' ({first.where})",
                    "give each article its own id",
                )
            self.articles[article.id] = (page, article)

    def register_continuation(self, page: int, block: Continuation, c: Checked) -> None:
        article_id = block.article_id
        found = self.articles.get(article_id)
        continued_ids = [i for i, (_, a) in self.articles.items() if a.continued]
        if found is None:
            raise c.error(
                "article",
                f"continuation of '{article_id}', but no article on an earlier page has that id",
                f"{suggest(article_id, continued_ids)}"
                + (
                    f"continued articles so far: {', '.join(continued_ids)}"
                    if continued_ids
                    else "set 'id: …' and 'continued: true' on the article on an earlier page"
                ),
            )
        found_page, article = found
        if found_page == page:
            raise c.error(
                "article",
                f"article '{article_id}' continues on the page it starts on",
                "move the continuation block to a later page",
            )
        if not article.continued:
            raise c.error(
                "article",
                f"article '{article_id}' is not marked continued",
                f"add 'continued: true' to that article ({article.where})",
            )
        if article_id in self.continued:
            raise c.error(
                "article",
                f"article '{article_id}' already continues at {self.continued[article_id].where}",
                "keep one continuation block per article",
            )
        self.continued[article_id] = block

    def check_continuations(self) -> None:
        for article_id, (_, article) in self.articles.items():
            if article.continued and article_id not in self.continued:
                raise InputError(
                    f"article '{article.title.value}' is marked continued, but no later page has "
                    f"a continuation block for '{article_id}'",
                    article.where,
                    f"add '- {{type: continuation, article: {article_id}}}' to a later page's "
                    "blocks, or remove 'continued: true'",
                )

    # -- spans, photos, sizes --

    def check_span(self, c: Checked, limit: int, what: str = "the page's grid") -> None:
        columns, column = c.values.get("columns"), c.values.get("column")
        grid = self.layout.columns
        if columns is not None and columns > limit:
            raise c.error(
                "columns",
                f"columns: {columns} is wider than {what} ({limit} columns)",
                f"write a number from 1 to {limit}",
            )
        if column is not None:
            span = columns or 1
            if column + span - 1 > grid:
                raise c.error(
                    "column",
                    f"a block of {span} column(s) starting in column "
                    f"{column} runs past the last of the layout's {grid} columns",
                    f"start it in column {grid - span + 1} or earlier",
                )

    def photo(self, c: Checked, span_limit: int) -> Photo:
        if c["columns"] is not None and c["columns"] > span_limit:
            raise c.error(
                "columns",
                f"the photo spans {c['columns']} columns but its article spans only {span_limit}",
                f"write a number from 1 to {span_limit}",
            )
        return self.model(Photo, c)

    def existing_file(self, text: Text, what: str, boundary: Path, at: At | None = None) -> Path:
        """`text` as a file inside `boundary`, that exists and is not too large."""
        where = text.where
        raw = text.value
        inside = "the issue folder" if boundary == self.folder else "the project"
        fix_home = (
            f"copy the file into {self.folder / 'images'} and write its path from the "
            "issue folder, e.g. images/photo.jpg"
        )
        if "\\" in raw:
            raise InputError(
                f"{what} path '{raw}' uses '\\'",
                where,
                f"write paths with '/', e.g. {raw.replace(chr(92), '/')}",
            )
        if PurePosixPath(raw).is_absolute() or re.match(r"[A-Za-z]:", raw) or raw.startswith("~"):
            raise InputError(
                f"{what} path '{raw}' is absolute; files must lie inside {inside}", where, fix_home
            )
        target = self.folder / raw
        resolved = safefiles.resolve(target, what, where, fix_home)  # NUL, long names
        if not resolved.is_relative_to(boundary.resolve()):
            raise InputError(f"{what} path '{raw}' leads outside {inside}", where, fix_home)
        if not os.path.exists(target) and not safefiles.is_loop(target):
            if safefiles.dangling(target):
                raise InputError(
                    f"{what} file '{raw}' is a symbolic link to {resolved}, which does "
                    "not exist (a dangling link)",
                    where,
                    "point the link at the real file, or copy the file there instead",
                )
            raise InputError(
                f"{what} file '{raw}' does not exist (looked for {target})",
                where,
                _similar_files(raw, self.folder),
            )
        try:
            st = os.stat(target)
        except OSError as err:
            raise InputError(
                f"{what} path '{raw}' {safefiles.os_problem(err)}",
                where,
                "replace the link by the file itself"
                if safefiles.is_loop(target)
                else "check the file and the folders above it",
            ) from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(
                f"{what} path '{raw}' is a folder, not a file",
                where,
                "write the path of the image file inside it",
            )
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                f"{what} path '{raw}' is {safefiles.kind_of(st.st_mode)}, not a file",
                where,
                "give the path of an image file (JPEG, PNG or TIFF)",
            )
        if st.st_size > limits.MAX_IMAGE_BYTES:
            raise LimitError(
                f"{what} file '{raw}' is {st.st_size / 1024 / 1024:.0f} MB; the limit is "
                f"{limits.MAX_IMAGE_BYTES // 1024 // 1024} MB "
                "(limits.MAX_IMAGE_BYTES)",
                where,
                "save a smaller copy (a 300 ppi JPEG of the placed size is plenty)",
            )
        return resolved

    @staticmethod
    def check_length(c: Checked, key: str, texts: list[Text], what: str) -> None:
        chars = sum(len(t.value) for t in texts)
        if chars > limits.MAX_TEXT_CHARS_PER_BLOCK:
            raise c.error(
                key,
                f"the {what} has {chars} characters of text; the limit is "
                f"{limits.MAX_TEXT_CHARS_PER_BLOCK} per block "
                "(limits.MAX_TEXT_CHARS_PER_BLOCK)",
                "cut the text, or split it into several blocks",
                cls=LimitError,
            )


def _strip_mark(text: Text, mark: str, c: Checked, index: int) -> Text:
    """An item without the bullet or number the style sets itself."""
    value = re.sub(rf"^{mark}", "", text.value).strip()
    if not value:
        raise InputError(
            f"items[{index}] has only its mark '{text.value}' and no text",
            text.where,
            "write the item's text, or remove the entry",
        )
    return text if value == text.value else Text(value, text.where)


def _similar_files(raw: str, folder: Path) -> str:
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != ISSUE_FILE_NAME:
            files.append(path.relative_to(folder).as_posix())
        if len(files) >= 2000:
            break
    wanted = raw.lower()
    close = [f for f in files if f.lower() == wanted]
    close += difflib.get_close_matches(raw, files, n=3, cutoff=0.5)
    names = {PurePosixPath(f).name: f for f in files}
    close += [
        names[n] for n in difflib.get_close_matches(PurePosixPath(raw).name, names, n=3, cutoff=0.5)
    ]
    close = list(dict.fromkeys(close))[:3]
    if close:
        return f"similar files in the issue folder: {', '.join(close)}; check the name"
    return (
        f"put the file into {folder / 'images'} and write its path from the issue folder, "
        "e.g. images/photo.jpg"
    )


# ---- layout -----------------------------------------------------------------------------


def load_layout(
    name: str, search_from: Path, version: int | None = None, where: Where | None = None
) -> Layout:
    """The layout `name` from the project's layouts/ folder (found from `search_from`).

    With `version`, a layout file of another version is passed over for
    layouts/archive/<name>-v<version>.yaml. `where` is the issue's `layout:` line, named in
    the message when the layout cannot be found.
    """
    root = find_project_root(Path(search_from))
    folder = _shown(paths.layouts_folder(root))
    place = where or Where(str(folder))
    if not _LAYOUT_NAME.fullmatch(name):
        raise InputError(
            f"layout name '{name}' is not a plain name",
            place,
            f"write the name of a file in {folder} without .yaml, e.g. "
            f"{', '.join(available_layouts(folder)) or 'tabloid-4k'}",
        )
    file = folder / f"{name}.yaml"
    if not os.path.lexists(file):
        names = available_layouts(folder)
        raise InputError(
            f"unknown layout '{name}'",
            place,
            f"{suggest(name, names)}layouts available in {folder}: {', '.join(names) or '(none)'}",
        )
    _inside_layouts(file, root, place)
    layout = _read_layout(file, name, root)
    if version is None or layout.version == version:
        return layout
    archived = _shown(paths.layout_file(root, name, version))
    if not os.path.lexists(archived):
        raise InputError(
            f"the issue was made with {name} version {version}, but {file} is version "
            f"{layout.version} and {archived} does not exist",
            place,
            f"restore layouts/archive/{name}-v{version}.yaml (layouts are never edited in place: "
            f"the old version is in version control), or set layout_version: {layout.version} "
            "and check the pages again",
        )
    _inside_layouts(archived, root, place)
    old = _read_layout(archived, name, root)
    if old.version != version:
        raise InputError(
            f"{archived} says version {old.version}, but its name promises version {version}",
            Where(str(archived)),
            "an archived layout must keep the version it had when issues used it",
        )
    return old


def _inside_layouts(file: Path, root: Path, where: Where) -> None:
    """A layout file (after its symbolic links) is a regular file inside the project."""
    safefiles.input_file(
        file,
        "layout file",
        where,
        boundaries=[root, paths.layouts_folder(root)],
        boundary_name=f"the project {root}",
        max_bytes=limits.MAX_LAYOUT_BYTES,
        limit_name="MAX_LAYOUT_BYTES",
        fix_outside="keep the layout file itself in the project's layouts/ folder",
    )


def _icc_profile(c: Checked, root: Path) -> str | None:
    """The layout's icc_profile, checked: a regular file inside the project (relative paths
    are from the project folder) of at most limits.MAX_ICC_BYTES."""
    if not c["icc_profile"]:
        return None
    raw = c["icc_profile"].value
    path = Path(raw) if Path(raw).is_absolute() else root / raw
    safefiles.input_file(
        path,
        "CMYK profile",
        c.where("icc_profile"),
        boundaries=[root],
        boundary_name=f"the project {root}",
        max_bytes=limits.MAX_ICC_BYTES,
        limit_name="MAX_ICC_BYTES",
        fix_outside="copy the printer's .icc file into the project (e.g. "
        "layouts/profiles/) and name it from the project folder",
        fix_missing="put the printer's .icc file there, or remove icc_profile "
        "to use the shipped newsprint profile",
    )
    return raw


# A layout read and checked, by its file as named (messages name it so), the working folder
# that name is relative to, and the file's content: a batch worker or a watching proof
# checks one layout for every issue instead of parsing it again each time (nearly half of
# loading an issue). Layout is frozen; an edited file is read anew. A layout naming an
# icc_profile is not kept: that file's checks (it exists, inside the project) are made anew.
_LAYOUTS: dict[tuple, Layout] = {}


def _read_layout(file: Path, name: str, root: Path) -> Layout:
    try:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        key: tuple | None = (str(file), os.getcwd(), name, str(root), digest)
    except OSError:
        key = None  # read_yaml reports the problem
    layout = _LAYOUTS.get(key) if key is not None else None
    if layout is None:
        layout = _parse_layout(file, name, root)
        if key is not None and layout.icc_profile is None:
            if len(_LAYOUTS) > 32:
                _LAYOUTS.clear()
            _LAYOUTS[key] = layout
    return layout


def _parse_layout(file: Path, name: str, root: Path) -> Layout:
    node = read_yaml(file, "layout file")
    if is_null(node):
        raise InputError(
            "the layout file is empty",
            Where(str(file), 1),
            "copy layouts/tabloid-4k.yaml as a starting point",
        )
    c = LAYOUT.check(node, At(str(file)))
    page, grid = c["page"], c["grid"]
    fonts = {key: text.value for key, text in c["fonts"].items()}
    styles = {role: _style(role, sc, fonts) for role, sc in c["styles"].items()}
    # in the documented order; a role the layout leaves out takes its fallback's style, so
    # a layout written before a kind existed still loads and prints as it did
    styles = {role: styles[fallback_of(role, styles)] for role in ROLES}
    body = styles["body"]
    if body.leading < body.size:
        raise c["styles"]["body"].error(
            "leading",
            f"body leading {body.leading:g} pt is less than the body size {body.size:g} pt",
            "body leading is baseline to baseline: 1.5–1.75 × the size, e.g. 14.5 for 9 pt",
        )

    if (grid["lines"] is None) == (grid["type_height"] is None):
        raise grid.error(
            None,
            "the grid needs exactly one of 'lines' and 'type_height'",
            "write 'lines: 69' or 'type_height: 355' (mm), not both",
        )
    lines = grid["lines"] or math.floor(grid["type_height"] / body.leading + 1e-9)
    if lines < 1:
        raise grid.error(
            "type_height",
            "type_height is less than one body line",
            "write the height of the type area in mm, e.g. 355",
        )

    trim_width, trim_height = page["trim_width"], page["trim_height"]
    column_width = grid["column_chars"] * body.size
    type_width = grid["columns"] * column_width + (grid["columns"] - 1) * grid["gutter"]
    margin_inner = page["margin_inner"]
    if margin_inner == "center":
        margin_inner = (trim_width - type_width) / 2
    if margin_inner < 0 or trim_width - margin_inner - type_width < -1e-6:
        raise grid.error(
            "column_chars",
            f"the type area ({grid['columns']} columns × "
            f"{grid['column_chars']} characters at {body.size:g} pt, with gutters: "
            f"{type_width / MM:.1f} mm) does not fit the trim width "
            f"{trim_width / MM:.1f} mm with margin_inner {margin_inner / MM:.1f} mm",
            "use fewer columns or characters, a smaller gutter or margin",
        )
    if page["margin_top"] + lines * body.leading > trim_height + 1e-6:
        raise grid.error(
            "lines" if grid["lines"] else "type_height",
            f"{lines} lines of {body.leading:g} pt ({lines * body.leading / MM:.1f} mm) "
            f"below a top margin of {page['margin_top'] / MM:.1f} mm do not fit the "
            f"trim height {trim_height / MM:.1f} mm",
            "use fewer lines",
        )
    if c["min_image_ppi"] > c["max_image_ppi"]:
        raise c.error(
            "min_image_ppi",
            "min_image_ppi is above max_image_ppi",
            "e.g. min_image_ppi: 200 and max_image_ppi: 400",
        )
    return Layout(
        name=name,
        version=c["version"],
        trim_width=trim_width,
        trim_height=trim_height,
        bleed=page["bleed"],
        margin_top=page["margin_top"],
        margin_inner=margin_inner,
        columns=grid["columns"],
        column_chars=grid["column_chars"],
        gutter=grid["gutter"],
        lines=lines,
        fonts=fonts,
        styles=styles,
        punctuation=c["punctuation"],
        prohibition=c["prohibition"],
        column_rules=c["column_rules"],
        rule_width=c["rule_width"],
        tint=tuple(c["tint"]),
        min_image_ppi=c["min_image_ppi"],
        max_image_ppi=c["max_image_ppi"],
        icc_profile=_icc_profile(c, root),
        crop_marks=c["crop_marks"],
        registration_marks=c["registration_marks"],
        photo_fill=c["photo_fill"],
        list_box=c["list_box"],
        extra=c["extra"] or {},
    )


def _style(role: str, c: Checked, fonts: dict[str, str]) -> Style:
    font = c["font"].value
    if font not in fonts:
        raise c.error(
            "font",
            f"style '{role}' uses the font '{font}', which is not in the fonts table",
            f"{suggest(font, fonts)}fonts in this layout: {', '.join(fonts)}",
        )
    return Style(
        font=font,
        size=c["size"],
        leading=c["leading"],
        align=c["align"],
        indent=c["indent"],
        color=tuple(c["color"]),
    )

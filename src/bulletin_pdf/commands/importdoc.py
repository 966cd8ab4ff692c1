"""`bulletin-pdf import FILE --into ISSUE [--page N]`: a manuscript becomes an article block
of the issue. The pictures are saved to the issue's images/, the article is inserted into
issue.yaml as text (comments and layout of the file untouched), and the result is loaded
and validated before it replaces the file: a failed import leaves the issue as it was and
no new picture behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_pdf.commands.manuscript.article import (
    SUBHEAD_MARK,
    ImportedArticle,
    shape_article,
)
from bulletin_pdf.errors import BulletinError, InputError, Report, Where
from bulletin_pdf.source.yamledit import insert_block, mapping_lines

READABLE = {".docx": "Word", ".txt": "text", ".md": "Markdown", ".markdown": "Markdown"}
_SAVE_AS = {
    ".doc": "Word 97–2003",
    ".wps": "WPS",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".pages": "Pages",
    ".pdf": "PDF",
}


@dataclass
class Imported:
    article: ImportedArticle
    issue_file: Path | None
    page: int | None
    photo_files: list[str]
    report: Report
    text: str = ""  # the block as YAML (for --dry-run)
    new_files: list[Path] = field(default_factory=list)

    @property
    def subheads(self) -> int:
        return sum(p.startswith(SUBHEAD_MARK) for p in self.article.body)


def read_manuscript(source: Path, report: Report) -> ImportedArticle:
    suffix = source.suffix.lower()
    if not source.is_file():
        raise InputError(f"no manuscript at {source}", Where(str(source)), "check the path")
    if suffix in _SAVE_AS:
        raise InputError(
            f"{source.name} is a {_SAVE_AS[suffix]} file, which import does not read",
            Where(str(source)),
            "open it in Word, WPS or LibreOffice and save it as "
            ".docx (Word document), then import that",
        )
    if suffix not in READABLE:
        raise InputError(
            f"{source.name}: import reads .docx, .txt and .md manuscripts",
            Where(str(source)),
            "save the manuscript as .docx (Word document) or as plain text (.txt, UTF-8)",
        )
    if suffix == ".docx":
        from bulletin_pdf.commands.manuscript.docx import read_docx

        pieces = read_docx(source, report)
    elif suffix == ".txt":
        from bulletin_pdf.commands.manuscript.plain import read_txt

        pieces = read_txt(source, report)
    else:
        from bulletin_pdf.commands.manuscript.plain import read_md

        pieces = read_md(source, report)
    article = shape_article(pieces, styled=suffix != ".txt")
    if not article.body:
        raise InputError(
            f"{source.name} holds no text for an article body",
            Where(str(source)),
            "check that it is the manuscript (a title alone is not an article)",
        )
    return article


def import_manuscript(
    source: Path, issue: Path, page: int | None = None, dry_run: bool = False
) -> Imported:
    from bulletin_pdf.source.load import issue_file, load

    source = Path(source)
    report = Report()
    article = read_manuscript(source, report)
    file = issue_file(Path(issue))
    folder = file.parent
    planned = _plan_pictures(article, folder, _slug(source.stem))
    block = _block_lines(article, [name for name, _ in planned], source.name)
    text, page_no = insert_block(file, block, page)
    result = Imported(
        article, file, page_no, [name for name, _ in planned], report, text="\n".join(block)
    )
    if dry_run:
        return result
    created: list[Path] = []
    tmp = None
    try:
        for name, data in planned:
            target = folder / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                created.append(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.import.", suffix=".yaml", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        checked = Report()
        try:
            load(Path(tmp), checked)
        except BulletinError as err:
            raise InputError(
                f"the imported article does not fit the issue: {err.what}",
                _at_issue(err.where, tmp, file),
                err.fix,
            ) from None
        for w in checked.warnings:
            report.warn(w.what, _at_issue(w.where, tmp, file), w.fix, w.kind)
        os.chmod(tmp, file.stat().st_mode & 0o777)
        os.replace(tmp, file)
        tmp = None
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    result.new_files = created
    return result


def _at_issue(where: Where | None, tmp: str, file: Path) -> Where | None:
    """A place in the file being checked, named as the issue file it will become."""
    if where is not None and Path(where.file).name == Path(tmp).name:
        return Where(str(file), where.line, where.field)
    return where


def _slug(stem: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", stem).strip("-_")[:40]
    return slug or "import"


def _plan_pictures(article: ImportedArticle, folder: Path, stem: str) -> list[tuple[str, bytes]]:
    """images/<manuscript>-<n>.<ext> for each photo; a picture already in images/ with the
    same bytes is used again, an other file of that name is never overwritten."""
    planned: list[tuple[str, bytes]] = []
    by_hash: dict[str, str] = {}
    n = 0
    for photo in article.photos:
        data = photo.picture.data
        digest = hashlib.sha256(data).hexdigest()
        if digest in by_hash:
            planned.append((by_hash[digest], data))
            continue
        while True:
            n += 1
            name = f"images/{stem}-{n}.{photo.picture.ext}"
            target = folder / name
            if not target.exists() or target.read_bytes() == data:
                break
        by_hash[digest] = name
        planned.append((name, data))
    return planned


def _block_lines(article: ImportedArticle, files: list[str], source: str) -> list[str]:
    """The article block as YAML lines, its first line saying where it came from."""
    photos = [
        {"file": name, "caption": photo.caption, "credit": photo.credit}
        for name, photo in zip(files, article.photos, strict=True)
    ]
    lines = mapping_lines(
        [
            ("type", "article"),
            ("kicker", article.kicker),
            ("title", article.title),
            ("subtitle", article.subtitle),
            ("byline", article.byline),
            ("photos", [{k: v for k, v in p.items() if v is not None} for p in photos] or None),
            ("body", ("|", article.body)),
        ],
        "",
    )
    lines[0] += f"                # imported from {source.replace(chr(10), ' ')}"
    return lines

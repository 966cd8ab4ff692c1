"""`bulletin-pdf new`: the next issue's folder, scaffolded from the previous one.

Carried over as written (comments included): the newsletter block (masthead), the imprint,
the layout and layout_version. Counted on: number + 1, total_number + 1, the date (given,
or one month after the previous one; the imprint's 印刷日期 keeps its distance to it).
The pages keep their sections and the shape of their blocks — types, spans, placement
hints, ids of continued articles, the standing titles of briefs boxes — with 【待填】
wherever the editor's text goes. The file loads and even builds (the skeleton can be
proofed to see the page plan), but `bulletin-pdf check` refuses it while any 【待填】 is
left. Photos cannot be placeholders (the file must exist), so each photo of the previous
issue becomes a commented-out entry to fill in; a photo standing on its own becomes a
commented-out block.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import itertools
import os
import shutil
import tempfile
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin_pdf import safefiles
from bulletin_pdf.errors import InputError, Where
from bulletin_pdf.makeup.kinds import BY_TYPE
from bulletin_pdf.model.issue import PLACEHOLDER
from bulletin_pdf.source.load import issue_file, load_issue
from bulletin_pdf.source.yamlsrc import read_yaml

KEEP_AS_WRITTEN = ("newsletter", "layout", "layout_version", "imprint")
INDENT = "  "


def add_months(d: _dt.date, months: int) -> _dt.date:
    """The same day `months` later, or the month's last day when it is shorter (1-31 → 2-29)."""
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


def new_issue(previous: Path, folder: Path, date: _dt.date | None = None) -> Path:
    """Scaffold the issue after `previous` (a folder or its issue.yaml) in `folder`, which must
    not exist yet; returns the new issue.yaml."""
    folder = Path(folder)
    if safefiles.path_problem(folder) == "" and os.path.lexists(folder):
        raise InputError(
            f"{folder} already exists; `new` never writes over an issue",
            Where(str(folder)),
            "give the new issue a folder name that is not taken",
        )
    prev_file = issue_file(Path(previous))
    safefiles.output_folder(
        folder,
        inputs=[prev_file],
        input_dirs=[prev_file.parent / "images"],
        what="new issue folder",
    )
    prev = load_issue(prev_file)  # the previous issue must be valid to be a model
    root = read_yaml(prev_file)
    assert isinstance(root, MappingNode)  # load_issue above has read it as an issue
    source = prev_file.read_text(encoding="utf-8-sig")
    top = {k.value: (k, v) for k, v in root.value}
    try:
        new_date = date or add_months(prev.date, 1)
    except (ValueError, OverflowError):
        raise InputError(
            f"one month after the previous issue's date {prev.date} is past the year "
            "9999, the last a date can have",
            Where(str(prev_file), _line(top["date"][1]), "date"),
            "give the new issue's date with --date YYYY-MM-DD",
        ) from None
    if new_date <= prev.date:
        raise InputError(
            f"the new issue's date {new_date} is not after the previous issue's {prev.date}",
            Where(str(prev_file), _line(top["date"][1]), "date"),
            "give a later --date",
        )

    out = [_header(prev, prev_file, folder, new_date)]
    for key, (knode, vnode) in top.items():
        if key in KEEP_AS_WRITTEN:
            out.append(
                _as_written(source, knode, vnode, prev_file.parent, folder, prev.date, new_date)
            )
        elif key == "number":
            out.append(f"number: {prev.number + 1}")
        elif key == "total_number":
            out.append(f"total_number: {(prev.total_number or 0) + 1}")
        elif key == "date":
            out.append(f"date: {new_date.isoformat()}")
        elif key == "title":
            out.append(
                "# title: (the previous issue's title named its number; the default is "
                "the name, year and number)"
            )
        elif key == "pages":
            out.append(_pages(vnode))
    text = _join(out)

    folder.parent.mkdir(parents=True, exist_ok=True)
    # a staging folder of this run's own (never one that was there before), renamed at the end
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=folder.parent))
    try:
        (staging / "images").mkdir()
        _copy_local_logo(prev, prev_file.parent, staging)
        (staging / "issue.yaml").write_text(text, encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes 0700; an issue folder is shared
        os.rename(staging, folder)  # the folder appears complete, or not at all
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder / "issue.yaml"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _join(parts: list[str]) -> str:
    """Top-level entries one per line, with a blank line around multi-line ones."""
    text = parts[0]
    for before, part in itertools.pairwise(parts):
        text += (
            "\n\n"
            if "\n" in before or "\n" in part or part.startswith(("number", "layout:"))
            else "\n"
        ) + part
    return text.rstrip() + "\n"


def _header(prev, prev_file: Path, folder: Path, new_date: _dt.date) -> str:
    name = prev.newsletter.name.value
    total = f" (总第{prev.total_number + 1}期)" if prev.total_number else ""
    return "\n".join(
        [
            f"# {name} 第{prev.number + 1}期{total}, {new_date.isoformat()}",
            f"# Scaffolded by `bulletin-pdf new` from {prev_file}.",
            f"# Write the text wherever it says {PLACEHOLDER}; `bulletin-pdf check {folder}` refuses",
            "# the issue until none is left. Put photos under images/ and uncomment their entries;",
            "# delete the blocks this issue does not need.",
        ]
    )


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _as_written(
    source: str,
    knode: Node,
    vnode: Node,
    old_folder: Path,
    new_folder: Path,
    old_date: _dt.date,
    new_date: _dt.date,
) -> str:
    """A top-level entry copied from the previous file, with the few values that must move
    rewritten in place: a logo path outside the folder, and the imprint's print_date (as
    many days before the new date as it was before the old one)."""
    start = source.rfind("\n", 0, knode.start_mark.index) + 1
    end = vnode.end_mark.index
    edits: list[tuple[int, int, str]] = []
    if isinstance(vnode, MappingNode):
        for k, v in vnode.value:
            if not isinstance(v, ScalarNode):
                continue
            if knode.value == "newsletter" and k.value == "logo":
                moved = _logo_from(new_folder, old_folder, v.value)
                if moved != v.value:
                    edits.append((v.start_mark.index, v.end_mark.index, _quoted(moved)))
            if knode.value == "imprint" and k.value == "print_date":
                try:
                    printed = _dt.date.fromisoformat(v.value.strip())
                except ValueError:
                    continue
                edits.append(
                    (
                        v.start_mark.index,
                        v.end_mark.index,
                        (new_date - (old_date - printed)).isoformat(),
                    )
                )
    text = source[start:end]
    for s, e, new in sorted(edits, reverse=True):
        text = text[: s - start] + new + text[e - start :]
    return text.rstrip()


def _logo_from(new_folder: Path, old_folder: Path, raw: str) -> str:
    """The logo's path as the new issue must write it: unchanged when the logo lies inside
    the old issue folder (it is copied along), else re-aimed from the new folder."""
    target = (old_folder / raw).resolve()
    if target.is_relative_to(old_folder.resolve()):
        return raw
    return Path(os.path.relpath(target, new_folder.resolve())).as_posix()


def _copy_local_logo(prev, old_folder: Path, staging: Path) -> None:
    logo = prev.newsletter.logo
    if logo and Path(logo).resolve().is_relative_to(old_folder.resolve()):
        rel = Path(logo).resolve().relative_to(old_folder.resolve())
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(logo, staging / rel)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---- the page skeleton ------------------------------------------------------------------------


def _pages(pages: SequenceNode) -> str:
    lines = ["pages:"]
    for page in pages.value:
        p = _plain(page)
        first = True
        if p.get("section"):
            lines.append(f"{INDENT}- section: {_quoted(p['section'])}")
            first = False
        lines.append(f"{INDENT}{'- ' if first else '  '}blocks:")
        block_lines: list[str] = []
        live = 0
        for block in p.get("blocks", []):
            entry, is_live = _block(block)
            block_lines += entry
            live += is_live
        if not live:  # a page holds at least one block to load
            block_lines = _block({"type": "article"})[0] + block_lines
        lines += [INDENT * 3 + line if line else "" for line in block_lines]
    return "\n".join(lines)


def _block(b: dict) -> tuple[list[str], bool]:
    """The skeleton of one block as YAML lines (relative to the list's indent), and whether it
    is live YAML (False when the whole block had to be commented out): its kind's scaffold."""
    return BY_TYPE[b.get("type") or "article"].scaffold(b)


def _plain(node: Node):
    """A node tree as plain data with every scalar as its written text (no YAML typing)."""
    if isinstance(node, MappingNode):
        return {k.value: _plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [_plain(v) for v in node.value]
    value = node.value
    if node.tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on")
    if node.tag.endswith(":null"):
        return None
    return value

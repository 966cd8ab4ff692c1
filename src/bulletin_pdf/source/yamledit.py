"""Adding a block to an issue file without touching anything else in it.

The editor's file is hers: its comments, blank lines, key order and quoting stay exactly as
they are. So the file is not loaded and dumped again; the new block is written as text and
inserted after the last line of the chosen page's blocks, found from the line numbers PyYAML
gives every node. Values are quoted only where YAML would misread them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin_pdf.errors import InputError, Where
from bulletin_pdf.source.yamlsrc import read_yaml


def scalar(value: str) -> str:
    """`value` as a YAML scalar on one line: plain where YAML reads it back as this very
    text, else in double quotes."""
    if value and value == value.strip() and "\n" not in value:
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def literal(paragraphs: list[str], indent: str) -> list[str]:
    """Paragraphs as the lines of a `|` block, a blank line between two paragraphs."""
    lines = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines.append("")
        lines.append(indent + paragraph)
    return lines


def mapping_lines(items: list[tuple[str, object]], indent: str) -> list[str]:
    """`key: value` lines; a value may be a str, a list of dicts (written as a block list)
    or a ("|", paragraphs) pair for a literal block."""
    out = []
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, tuple) and value[0] == "|":
            out.append(f"{indent}{key}: |")
            out.extend(literal(value[1], indent + "  "))
        elif isinstance(value, list):
            out.append(f"{indent}{key}:")
            for entry in value:
                entry_lines = mapping_lines(list(entry.items()), indent + "    ")
                out.append(indent + "  - " + entry_lines[0].lstrip())
                out.extend(entry_lines[1:])
        else:
            out.append(f"{indent}{key}: {scalar(str(value))}")
    return out


def insert_block(file: Path, block: list[str], page: int | None) -> tuple[str, int]:
    """The text of the issue file at `file` with `block` (the lines of a mapping, at no
    indent, e.g. from `mapping_lines`) appended to the blocks of page
    `page` (1-based; None = the last page; one past the last adds a page), and that page's
    number."""
    text = file.read_text(encoding="utf-8-sig")
    root = read_yaml(file)
    pages = _pages_node(root, file)
    count = len(pages.value)
    number = count if page is None else page
    if not 1 <= number <= count + 1:
        raise InputError(
            f"--page {number}: the issue has {count} page{'s' if count > 1 else ''}",
            Where(str(file), pages.start_mark.line + 1, "pages"),
            f"give a page from 1 to {count}, or {count + 1} to start a new page",
        )
    lines = text.split("\n")
    if number == count + 1:
        last = pages.value[-1]
        dash = _dash_column(lines, last)
        at = _end_of_item(lines, last.start_mark.line, dash)
        new = [" " * dash + "- blocks:", *_item_lines(block, dash + 4)]
    else:
        blocks = _blocks_node(pages.value[number - 1], file, number)
        last = blocks.value[-1]
        dash = _dash_column(lines, last)
        at = _end_of_item(lines, last.start_mark.line, dash)
        new = _item_lines(block, dash)
    lines[at:at] = ["", *new]
    return "\n".join(lines), number


def _item_lines(block: list[str], dash: int) -> list[str]:
    indent = " " * (dash + 2)
    return [" " * dash + "- " + block[0]] + [indent + line if line else "" for line in block[1:]]


def _pages_node(root: Node | None, file: Path) -> SequenceNode:
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value == "pages":
                if isinstance(value, SequenceNode) and value.value and value.flow_style is False:
                    return value
                raise InputError(
                    "the issue's pages are not a list written one entry a line",
                    Where(str(file), key.start_mark.line + 1, "pages"),
                    "write pages as a list ('- section: …' entries on their own "
                    "lines), as in the sample issue",
                )
    raise InputError(
        "the issue file has no 'pages' list",
        Where(str(file), 1),
        "start from the sample issue, which has one",
    )


def _blocks_node(page: Node, file: Path, number: int) -> SequenceNode:
    if isinstance(page, MappingNode):
        for key, value in page.value:
            if isinstance(key, ScalarNode) and key.value == "blocks":
                if isinstance(value, SequenceNode) and value.value and value.flow_style is False:
                    return value
                break
    raise InputError(
        f"page {number} has no list of blocks written one entry a line",
        Where(str(file), page.start_mark.line + 1, f"pages[{number - 1}]"),
        "write the page's blocks as a list of '- type: …' entries",
    )


def _dash_column(lines: list[str], item: Node) -> int:
    """The column of the '- ' that starts a list item (the node starts after it)."""
    line = lines[item.start_mark.line]
    column = item.start_mark.column
    dash = line.rfind("-", 0, column)
    if dash < 0:
        raise AssertionError("a block list item without its dash")
    return dash


_BLOCK_SCALAR = re.compile(r"(?::|^\s*-)\s*[|>][+-]?\d*\s*(#.*)?$")


def _end_of_item(lines: list[str], start: int, dash: int) -> int:
    """The index of the line after the list item starting on line `start`: the first line
    indented no deeper than its dash that is not blank or a comment; blank lines and
    comments just before that stay with what follows (a '# ---- 第2版' rule). Inside a
    block scalar every line belongs to the item, whatever it holds."""
    end = start + 1
    last_content = start
    scalar_indent: int | None = None
    while end < len(lines):
        line = lines[end]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if scalar_indent is not None and (not stripped or indent > scalar_indent):
            if stripped:
                last_content = end
            end += 1
            continue
        scalar_indent = None
        if not stripped or stripped.startswith("#"):
            if stripped and indent > dash:  # a comment inside the item is the item's
                last_content = end
            end += 1
            continue
        if indent <= dash:
            break
        last_content = end
        if _BLOCK_SCALAR.search(line.split(" #")[0] if " #" in line else line):
            scalar_indent = indent
        end += 1
    return last_content + 1

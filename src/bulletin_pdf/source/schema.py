"""What an issue file and a layout file may contain, declared once.

Each block of a file is a `Struct`: key → `Field(kind, doc, required, default)`. The
structs of the page's blocks are not written here: each block kind declares its keys once,
on its model (model/kinds/, model/keys.py), and `block_struct` derives its Struct. The same
declaration does two jobs:

- `Kind.check(node, at)` walks the PyYAML node tree (see yamlsrc.py) and returns plain
  values (text comes back as `model.Text` with its file, line and key path), raising an
  `InputError` that names file, line, key path, what is wrong and the fix;
- `Kind.json(defs)` writes the JSON Schema (draft 2020-12) that editors use for
  completion and squiggles: `issue_schema()`, `layout_schema()`.

Checks that need more than one value (continuations, spans against the layout's grid,
photo files on disk, internal-newsletter rules) live in load.py.

`python -m bulletin_pdf.source.schema DIR` writes issue.schema.json and layout.schema.json.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import json
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin_pdf import limits
from bulletin_pdf.errors import InputError, LimitError, Where
from bulletin_pdf.model.keys import BlockModel, Key, Role, key_of
from bulletin_pdf.model.kinds import BLOCK_MODELS
from bulletin_pdf.model.kinds.photo import Photo
from bulletin_pdf.model.layout import MM
from bulletin_pdf.model.text import Text as TextValue
from bulletin_pdf.source.yamlsrc import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    TIMESTAMP,
    describe,
    line_of,
    plain_value,
    scalar_value,
)

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# ---- where we are ------------------------------------------------------------------------


@dataclass(frozen=True)
class At:
    """The file and key path being checked, e.g. pages[0].blocks[2].title."""

    file: str
    path: str = ""

    def key(self, name: str) -> At:
        return At(self.file, f"{self.path}.{name}" if self.path else name)

    def index(self, i: int) -> At:
        return At(self.file, f"{self.path}[{i}]")

    @property
    def name(self) -> str:
        """The last key of the path ('title', 'items[3]'), for messages."""
        return self.path.rsplit(".", 1)[-1] if self.path else "the file"

    def where(self, node: Node | None = None, line: int = 0) -> Where:
        return Where(self.file, line_of(node) if node is not None else line, self.path)

    def error(self, node: Node | None, what: str, fix: str = "") -> InputError:
        return InputError(what, self.where(node), fix)


def suggest(word: str, choices) -> str:
    """'did you mean …?' for a mistyped key or name, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if str(c).lower() == str(word).lower()]
    return f"did you mean '{close[0]}'? " if close else ""


def _first_sentence(doc: str) -> str:
    return re.split(r"(?<!e\.g)\.(?:\s|$)", doc, maxsplit=1)[0]


def is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL)


# ---- kinds of value -----------------------------------------------------------------------


class Kind:
    """One kind of value: knows how to check a node and how to describe itself in JSON Schema."""

    @property
    def label(self) -> str:  # "must be {label}"
        return "a value"

    def check(self, node: Node, at: At) -> Any:
        raise NotImplementedError

    def json(self, defs: dict) -> dict:
        raise NotImplementedError

    def wrong(self, node: Node, at: At, fix: str = "") -> InputError:
        return at.error(node, f"{at.name} must be {self.label}, got {describe(node)}", fix)


def _raw(node: Node) -> str:
    return node.value if isinstance(node, ScalarNode) else ""


def _quote_fix(at: At, node: Node) -> str:
    return f'put it in quotes: {at.name.split("[")[0]}: "{_raw(node)}"'


class Text(Kind):
    """A piece of editor text → model.Text. Surrounding blanks are dropped."""

    label = "text"

    def __init__(
        self,
        nonempty: bool = True,
        pattern: str | None = None,
        pattern_hint: str = "",
        max_chars: int | None = None,
        limit: str = "MAX_FIELD_CHARS",
    ):
        self.nonempty = nonempty
        self.pattern = pattern
        self.pattern_hint = pattern_hint
        self.max_chars = max_chars
        self.limit = limit

    def check(self, node: Node, at: At) -> TextValue:
        if not isinstance(node, ScalarNode):
            fix = (
                "text that contains ': ' must be in quotes"
                if isinstance(node, MappingNode)
                else "write it as one piece of text"
            )
            raise self.wrong(node, at, fix)
        if node.tag != STR:
            raise self.wrong(node, at, _quote_fix(at, node))
        value = node.value.strip()
        most = self.max_chars if self.max_chars is not None else limits.MAX_FIELD_CHARS
        if len(value) > most:
            raise LimitError(
                f"{at.name} has {len(value)} characters; the limit is {most} (limits.{self.limit})",
                at.where(node),
                f"shorten the {at.name}; long text belongs in an article's body",
            )
        if self.nonempty and not value:
            raise at.error(node, f"{at.name} is empty", f"write the {at.name} or remove the line")
        if self.pattern and value and not re.fullmatch(self.pattern, value):
            raise at.error(
                node,
                f"{at.name} '{value}' is not allowed here: {self.pattern_hint}",
                f"write the {at.name} as {self.pattern_hint}",
            )
        return TextValue(value, at.where(node))

    def json(self, defs: dict) -> dict:
        out: dict = {"type": "string"}
        if self.nonempty:
            out["minLength"] = 1
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern})$"
        return out


class Paragraphs(Kind):
    """Body text → list of model.Text, one per paragraph.

    In a literal block (`body: |`) paragraphs are separated by blank lines and a single line
    break inside a paragraph is kept (the composer normalises it). In a folded or plain
    scalar YAML has already joined the lines, and each remaining line break (a blank line
    in the file) separates paragraphs. A list of texts gives one paragraph per entry.
    """

    label = "text (paragraphs separated by blank lines) or a list of paragraphs"

    def check(self, node: Node, at: At) -> list[TextValue]:
        if isinstance(node, SequenceNode):
            paragraph = Text(
                max_chars=limits.MAX_TEXT_CHARS_PER_BLOCK, limit="MAX_TEXT_CHARS_PER_BLOCK"
            )
            paragraphs = [paragraph.check(item, at.index(i)) for i, item in enumerate(node.value)]
        elif isinstance(node, ScalarNode) and node.tag == STR:
            paragraphs = self._split(node, at)
        else:
            fix = (
                _quote_fix(at, node)
                if isinstance(node, ScalarNode)
                else "write the text after 'body: |' on the following lines, indented"
            )
            raise self.wrong(node, at, fix)
        if not paragraphs:
            raise at.error(
                node, f"{at.name} is empty", f"write the text of the {at.name}, or remove the block"
            )
        return paragraphs

    @staticmethod
    def _split(node: ScalarNode, at: At) -> list[TextValue]:
        value = node.value
        if node.style == "|":
            # Content starts on the line after the '|' indicator, one value line per file line.
            first_line = line_of(node) + 1
            pieces = re.split(r"\n[ \t]*\n", value)
            paragraphs, offset = [], 0
            for piece in pieces:
                start = value.index(piece, offset)
                offset = start + len(piece)
                text = piece.strip()
                if text:
                    leading = len(piece) - len(piece.lstrip())
                    line = first_line + value.count("\n", 0, start + leading)
                    paragraphs.append((text, line))
        else:
            line = line_of(node)
            paragraphs = [(p.strip(), line) for p in value.split("\n") if p.strip()]
        return [
            TextValue(text, Where(at.file, line, f"{at.path}[{i}]"))
            for i, (text, line) in enumerate(paragraphs)
        ]

    def json(self, defs: dict) -> dict:
        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ]
        }


class Lines(Kind):
    """A list of short texts, or one text for a single line (e.g. a signature)."""

    label = "a list of lines (or one line of text)"

    def check(self, node: Node, at: At) -> list[TextValue]:
        if isinstance(node, ScalarNode) and node.tag == STR:
            return [Text().check(node, at.index(0))]
        if isinstance(node, SequenceNode):
            return [Text().check(item, at.index(i)) for i, item in enumerate(node.value)]
        raise self.wrong(node, at, "write each line on its own line starting with '- '")

    def json(self, defs: dict) -> dict:
        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ]
        }


def _too_long_number(raw: str, node: Node, at: At) -> None:
    """A number written with more characters than limits.MAX_NUMBER_CHARS: refused before it
    is converted (Python refuses to convert a 5000-digit integer, and 1e400 is infinite)."""
    if len(raw.strip()) > limits.MAX_NUMBER_CHARS:
        raise LimitError(
            f"{at.name} is a number written with {len(raw.strip())} characters; the "
            f"limit is {limits.MAX_NUMBER_CHARS} (limits.MAX_NUMBER_CHARS)",
            at.where(node),
            f"write {at.name} as a plain number, e.g. 2 or 14.5",
        )


def _number_guard(node: ScalarNode, at: At) -> None:
    """YAML 1.1 reads 4:3 as 243 (base 60) and 010 as 8 (octal); an editor never means that."""
    # (a plain scalar has style None from the pure-Python loader and "" from libyaml)
    raw = node.value
    _too_long_number(raw, node, at)
    if not node.style and node.tag in (INT, FLOAT):
        if ":" in raw:
            raise at.error(
                node,
                f"{at.name}: '{raw}' is read by YAML as a base-60 number",
                'write a plain number (for a ratio write it in quotes, e.g. "4:3")',
            )
        if re.fullmatch(r"[-+]?0[0-9_]+", raw):
            raise at.error(
                node,
                f"{at.name}: '{raw}' has a leading zero, which YAML reads as an octal number",
                f"write it without the leading zero: {int(raw)}",
            )


class Integer(Kind):
    label = "a whole number"

    def __init__(self, minimum: int | None = None, maximum: int | None = None):
        self.minimum = minimum
        self.maximum = maximum

    def check(self, node: Node, at: At) -> int:
        if not (isinstance(node, ScalarNode) and node.tag == INT):
            fix = (
                "remove the quotes"
                if isinstance(node, ScalarNode)
                and node.tag == STR
                and re.fullmatch(r"\s*\d+\s*", node.value)
                else "write a whole number, e.g. 2"
            )
            raise self.wrong(node, at, fix)
        _number_guard(node, at)
        value = scalar_value(node)
        _range(value, self.minimum, self.maximum, node, at)
        return value

    def json(self, defs: dict) -> dict:
        return _with_range({"type": "integer"}, self.minimum, self.maximum)


class Number(Kind):
    label = "a number"

    def __init__(
        self, minimum: float | None = None, maximum: float | None = None, positive: bool = False
    ):
        self.minimum = minimum
        self.maximum = maximum
        self.positive = positive

    def check(self, node: Node, at: At) -> float:
        if not (isinstance(node, ScalarNode) and node.tag in (INT, FLOAT)):
            fix = (
                "remove the quotes"
                if isinstance(node, ScalarNode)
                and node.tag == STR
                and re.fullmatch(r"\s*[-+]?\d+(\.\d+)?\s*", node.value)
                else "write a number, e.g. 9 or 14.5"
            )
            raise self.wrong(node, at, fix)
        _number_guard(node, at)
        value = float(scalar_value(node))
        if value != value or value in (float("inf"), float("-inf")):
            raise at.error(node, f"{at.name} must be a finite number", "write a number, e.g. 9")
        if self.positive and value <= 0:
            raise at.error(
                node, f"{at.name} must be more than 0, got {_raw(node)}", "write a positive number"
            )
        _range(value, self.minimum, self.maximum, node, at)
        return value

    def json(self, defs: dict) -> dict:
        out = _with_range({"type": "number"}, self.minimum, self.maximum)
        if self.positive:
            out["exclusiveMinimum"] = 0
        return out


def _range(value, minimum, maximum, node: Node, at: At) -> None:
    if minimum is not None and value < minimum:
        raise at.error(
            node,
            f"{at.name} must be at least {minimum}, got {_raw(node)}",
            f"write a value from {minimum}" + (f" to {maximum}" if maximum is not None else " up"),
        )
    if maximum is not None and value > maximum:
        raise at.error(
            node,
            f"{at.name} must be at most {maximum}, got {_raw(node)}",
            f"write a value up to {maximum}",
        )


def _with_range(out: dict, minimum, maximum) -> dict:
    if minimum is not None:
        out["minimum"] = minimum
    if maximum is not None:
        out["maximum"] = maximum
    return out


class Boolean(Kind):
    label = "true or false"

    def check(self, node: Node, at: At) -> bool:
        if not (isinstance(node, ScalarNode) and node.tag == BOOL):
            raise self.wrong(node, at, "write true or false (without quotes)")
        return scalar_value(node)

    def json(self, defs: dict) -> dict:
        return {"type": "boolean"}


class Date(Kind):
    """A date written 2020-01-20 (YAML reads it as a date), quoted or not."""

    label = "a date like 2020-01-20"

    def check(self, node: Node, at: At) -> _dt.date:
        fix = "write the date as year-month-day, e.g. 2020-01-20"
        if not isinstance(node, ScalarNode) or node.tag not in (TIMESTAMP, STR):
            raise self.wrong(node, at, fix)
        raw = node.value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise self.wrong(
                node, at, fix + " (a time of day is not needed)" if node.tag == TIMESTAMP else fix
            )
        try:
            return _dt.date.fromisoformat(raw)
        except ValueError:
            raise at.error(node, f"{at.name}: {raw} is not a real date", fix) from None

    def json(self, defs: dict) -> dict:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class Choice(Kind):
    """One word from a fixed set; `values` maps each word to what it means."""

    def __init__(self, values: dict[str, str]):
        self.values = values

    @property
    def label(self) -> str:
        return "one of " + ", ".join(self.values)

    def check(self, node: Node, at: At) -> str:
        if not (isinstance(node, ScalarNode) and node.tag == STR):
            raise self.wrong(node, at, f"write one of: {', '.join(self.values)}")
        value = node.value.strip()
        if value not in self.values:
            raise at.error(
                node,
                f"{at.name} '{value}' is not known",
                f"{suggest(value, self.values)}write one of: {', '.join(self.values)}",
            )
        return value

    def json(self, defs: dict) -> dict:
        return {
            "enum": list(self.values),
            "description": "; ".join(f"{k}: {v}" for k, v in self.values.items()),
        }


class Length(Kind):
    """A length → pt. A bare number is in `unit` (mm for page geometry); '12.5pt' or
    '4.4mm' name their unit. `keywords` are words allowed instead (returned as text)."""

    PATTERN = r"\s*(\d+(?:\.\d+)?)\s*(mm|pt)\s*"

    def __init__(self, unit: str = "mm", keywords: tuple[str, ...] = ()):
        self.unit = unit
        self.keywords = keywords

    @property
    def label(self) -> str:
        extra = "".join(f" or '{k}'" for k in self.keywords)
        return f"a length (a number in {self.unit}, or e.g. '12.5pt' / '4.4mm'){extra}"

    def check(self, node: Node, at: At) -> float | str:
        if isinstance(node, ScalarNode) and node.tag in (INT, FLOAT):
            return Number(minimum=0).check(node, at) * (MM if self.unit == "mm" else 1.0)
        if isinstance(node, ScalarNode) and node.tag == STR:
            if node.value.strip() in self.keywords:
                return node.value.strip()
            match = re.fullmatch(self.PATTERN, node.value)
            if match:
                _too_long_number(match[1], node, at)
                return float(match[1]) * (MM if match[2] == "mm" else 1.0)
        raise self.wrong(node, at, f"write e.g. 15 (meaning {self.unit}), '15mm' or '42.5pt'")

    def json(self, defs: dict) -> dict:
        options: list[dict] = [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": f"^{self.PATTERN}$"},
        ]
        if self.keywords:
            options.append({"enum": list(self.keywords)})
        return {"anyOf": options}


class Fractions(Kind):
    """A fixed number of numbers from 0 to 1: CMYK colours, a focus point."""

    def __init__(self, count: int, names: str):
        self.count = count
        self.names = names

    @property
    def label(self) -> str:
        return f"a list of {self.count} numbers from 0 to 1 ({self.names})"

    def check(self, node: Node, at: At) -> tuple[float, ...]:
        if not isinstance(node, SequenceNode) or len(node.value) != self.count:
            raise self.wrong(node, at, f"write [{', '.join(['0.5'] * self.count)}] ({self.names})")
        return tuple(Number(0.0, 1.0).check(item, at.index(i)) for i, item in enumerate(node.value))

    def json(self, defs: dict) -> dict:
        return {
            "type": "array",
            "items": {"type": "number", "minimum": 0, "maximum": 1},
            "minItems": self.count,
            "maxItems": self.count,
        }


class Ratio(Kind):
    """Width / height: a number (1.5) or "W:H" in quotes ("3:2")."""

    label = 'a width/height ratio such as 1.5 or "3:2"'
    PATTERN = r"\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*"

    def check(self, node: Node, at: At) -> float:
        if isinstance(node, ScalarNode):
            match = re.fullmatch(self.PATTERN, node.value)
            if match:
                _too_long_number(match[1], node, at)
                _too_long_number(match[2], node, at)
            if match and float(match[1]) > 0 and float(match[2]) > 0:
                return float(match[1]) / float(match[2])
            if node.tag in (INT, FLOAT):
                return Number(positive=True).check(node, at)
        raise self.wrong(node, at, 'write e.g. ratio: 1.5 or ratio: "3:2"')

    def json(self, defs: dict) -> dict:
        return {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "pattern": f"^{self.PATTERN}$"},
            ]
        }


def _numbers_not_too_long(node: Node, at: At) -> None:
    """limits.MAX_NUMBER_CHARS for every number in a free-form value, before it is converted."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ScalarNode):
            if item.tag in (INT, FLOAT):
                _too_long_number(item.value, item, at)
        elif isinstance(item, SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, MappingNode):
            stack.extend(v for pair in item.value for v in pair)


class FreeMapping(Kind):
    """Settings passed through as they are (layout `extra:`), except the keys in `known`,
    which some stage reads and which are checked like any other field."""

    label = "a block of 'key: value' lines"

    def __init__(self, known: dict[str, Field] | None = None):
        self.known = known or {}

    def check(self, node: Node, at: At) -> dict:
        if not isinstance(node, MappingNode):
            raise self.wrong(node, at)
        out = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            field = self.known.get(key) if isinstance(key, str) else None
            if field is not None and isinstance(key, str):
                value = field.kind.check(value_node, at.key(key))
                out[key] = value.value if isinstance(value, TextValue) else value
                continue
            try:
                _numbers_not_too_long(value_node, at.key(str(key)))
                out[plain_value(key_node)] = plain_value(value_node)
            except (ValueError, TypeError) as err:
                raise at.error(
                    value_node,
                    f"{at.name} holds a value that cannot be read: {err}",
                    "use plain text, numbers, lists and 'key: value' lines",
                ) from None
        return out

    def json(self, defs: dict) -> dict:
        if not self.known:
            return {"type": "object"}
        return {
            "type": "object",
            "properties": {
                key: {**field.kind.json(defs), "description": field.doc}
                for key, field in self.known.items()
            },
        }


class ListOf(Kind):
    def __init__(
        self, item: Kind, min_items: int = 0, max_items: int | None = None, limit: str = ""
    ):
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.limit = limit  # name in limits.py: exceeding max_items is a LimitError

    label = "a list"

    def check(self, node: Node, at: At) -> list:
        if is_null(node):
            items = []
        elif isinstance(node, SequenceNode):
            items = node.value
        else:
            raise self.wrong(
                node,
                at,
                f"write each entry on its own line starting with '- ', e.g.\n"
                f"    {at.name}:\n      - first\n      - second",
            )
        if len(items) < self.min_items:
            raise at.error(
                node,
                f"{at.name} is empty"
                if not items
                else f"{at.name} needs at least {self.min_items} entries",
                f"add entries to {at.name}, each on its own line starting with '- '",
            )
        if self.max_items is not None and len(items) > self.max_items:
            error = LimitError if self.limit else InputError
            raise error(
                f"{at.name} has {len(items)} entries; the limit is {self.max_items}"
                + (f" (limits.{self.limit})" if self.limit else ""),
                at.where(node),
                f"split it: at most {self.max_items} {at.name} in one file",
            )
        return [self.item.check(item, at.index(i)) for i, item in enumerate(items)]

    def json(self, defs: dict) -> dict:
        out: dict[str, Any] = {"type": "array", "items": self.item.json(defs)}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return out


@dataclass(frozen=True)
class Field:
    kind: Kind
    doc: str
    required: bool = False
    default: Any = None
    example: str = ""  # shown in 'add …' fixes: the value part of 'key: value'


@dataclass
class Checked:
    """The checked values of one YAML mapping, with the place of each key."""

    values: dict[str, Any]
    nodes: dict[str, Node]  # the value node of each key the editor wrote
    at: At
    node: Node

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def given(self, key: str) -> bool:
        return key in self.nodes and not is_null(self.nodes[key])

    def where(self, key: str | None = None) -> Where:
        """Where `key` is (or, when it was not written, where its block starts)."""
        if key is None:
            return self.at.where(self.node)
        return self.at.key(key).where(self.nodes.get(key) or self.node)

    def error(self, key: str | None, what: str, fix: str = "", cls=InputError) -> InputError:
        return cls(what, self.where(key), fix)


def _mapping_pairs(node: MappingNode, at: At, what: str):
    """(key text, key node, value node) of a mapping; keys are text and appear once."""
    seen: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
            raise at.error(
                key_node,
                f"a key in {what} is {describe(key_node)} ('{_raw(key_node)}'); keys are words",
                "check the spelling of the key",
            )
        key = key_node.value
        if key in seen:
            raise at.key(key).error(
                key_node,
                f"'{key}' is given twice in {what} (lines "
                f"{line_of(seen[key])} and {line_of(key_node)})",
                "keep one of them",
            )
        seen[key] = key_node
        yield key, key_node, value_node


def _not_a_mapping(node: Node, at: At, what: str) -> InputError:
    fix = "write it as 'key: value' lines indented under it"
    if isinstance(node, ScalarNode) and node.tag == STR:
        if "：" in node.value:
            fix = (
                "a key must be followed by the ASCII colon ':' and a space, not the full-width '：'"
            )
        elif re.search(r"^[A-Za-z_]+:\S", node.value):
            fix = "put a space after the ':' that follows a key"
    if not at.path:
        return at.error(
            node,
            f"the file must consist of 'key: value' lines ({what}), got {describe(node)}",
            "start from the example in docs/issue-format.md",
        )
    return at.error(
        node, f"{at.path} must be {what} ('key: value' lines), got {describe(node)}", fix
    )


class Struct(Kind):
    """A YAML mapping with known keys: `fields` maps each key to its Field."""

    def __init__(self, name: str, what: str, doc: str, fields: dict[str, Field]):
        self.name = name  # $defs name
        self.what = what  # "an article block", for messages
        self.doc = doc
        self.fields = fields

    @property
    def label(self) -> str:
        return self.what

    def check(self, node: Node, at: At) -> Checked:
        if not isinstance(node, MappingNode):
            raise _not_a_mapping(node, at, self.what)
        nodes: dict[str, Node] = {}
        for key, key_node, value_node in _mapping_pairs(node, at, self.what):
            if key not in self.fields:
                raise at.key(key).error(
                    key_node,
                    f"unknown key '{key}' in {self.what}",
                    f"{suggest(key, self.fields)}valid keys here: {', '.join(self.fields)}",
                )
            nodes[key] = value_node
        values: dict[str, Any] = {}
        for key, field in self.fields.items():
            value_node = nodes.get(key)
            if is_null(value_node):
                if field.required:
                    raise self._missing(key, field, node, value_node, at)
                values[key] = field.default
            else:
                values[key] = field.kind.check(value_node, at.key(key))
        return Checked(values, nodes, at, node)

    def _missing(self, key: str, field: Field, node: Node, value_node: Node | None, at: At):
        example = field.example or "…"
        if value_node is not None:  # written, but with nothing after the colon
            return at.key(key).error(
                value_node,
                f"{key} is empty",
                f"write the {key} after '{key}:', e.g. {key}: {example}",
            )
        return at.key(key).error(
            node,
            f"{self.what} has no '{key}' ({_first_sentence(field.doc)})",
            f"add a line '{key}: {example}'",
        )

    def json(self, defs: dict) -> dict:
        if self.name not in defs:
            defs[self.name] = {}  # placeholder: allows recursion
            properties = {}
            for key, field in self.fields.items():
                schema = dict(field.kind.json(defs))
                description = field.doc
                if "description" in schema and "$ref" not in schema:
                    description = f"{field.doc} ({schema.pop('description')})"
                schema["description"] = description
                if field.default is not None:
                    schema["default"] = (
                        list(field.default) if isinstance(field.default, tuple) else field.default
                    )
                properties[key] = schema
            defs[self.name] = {
                "type": "object",
                "description": self.doc,
                "properties": properties,
                "required": [k for k, f in self.fields.items() if f.required],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{self.name}"}


class Tagged(Kind):
    """A mapping whose `type:` key picks which Struct applies (the blocks of a page)."""

    def __init__(
        self, name: str, what: str, doc: str, variants: dict[str, Struct], tag: str = "type"
    ):
        self.name = name
        self.what = what
        self.doc = doc
        self.variants = variants
        self.tag = tag

    @property
    def label(self) -> str:
        return self.what

    def check(self, node: Node, at: At) -> tuple[str, Checked]:
        if not isinstance(node, MappingNode):
            raise _not_a_mapping(node, at, self.what)
        kinds = ", ".join(self.variants)
        tag_node = None
        for key, _key_node, value_node in _mapping_pairs(node, at, self.what):
            if key == self.tag:
                tag_node = value_node
        if is_null(tag_node):
            raise at.key(self.tag).error(
                tag_node or node,
                f"{self.what} has no '{self.tag}'",
                f"add a line '{self.tag}: …' with one of: {kinds}",
            )
        if not (isinstance(tag_node, ScalarNode) and tag_node.tag == STR):
            raise at.key(self.tag).error(
                tag_node,
                f"{self.tag} must be one of {kinds}, got {describe(tag_node)}",
                f"write one of: {kinds}",
            )
        kind = tag_node.value.strip()
        if kind not in self.variants:
            raise at.key(self.tag).error(
                tag_node,
                f"unknown block type '{kind}'",
                f"{suggest(kind, self.variants)}valid types: {kinds}",
            )
        return kind, self.variants[kind].check(node, at)

    def json(self, defs: dict) -> dict:
        if self.name not in defs:
            defs[self.name] = {}
            branches = [
                {
                    "if": {"properties": {self.tag: {"const": kind}}, "required": [self.tag]},
                    "then": struct.json(defs),
                }
                for kind, struct in self.variants.items()
            ]
            defs[self.name] = {
                "type": "object",
                "description": self.doc,
                "required": [self.tag],
                "properties": {
                    self.tag: {
                        "enum": list(self.variants),
                        "description": "What kind of block this is.",
                    }
                },
                "allOf": branches,
            }
        return {"$ref": f"#/$defs/{self.name}"}


class MapOf(Kind):
    """A mapping from names to values of one kind: the fonts table, the styles by role.

    With `known`, the names are fixed (name → doc) and all of `required` must be present.
    """

    def __init__(
        self,
        what: str,
        value: Kind,
        known: dict[str, str] | None = None,
        required: tuple[str, ...] = (),
        min_items: int = 0,
    ):
        self.what = what
        self.value = value
        self.known = known
        self.required = required
        self.min_items = min_items

    @property
    def label(self) -> str:
        return self.what

    def check(self, node: Node, at: At) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise _not_a_mapping(node, at, self.what)
        out: dict[str, Any] = {}
        for key, key_node, value_node in _mapping_pairs(node, at, self.what):
            if self.known is not None and key not in self.known:
                raise at.key(key).error(
                    key_node,
                    f"unknown name '{key}' in {self.what}",
                    f"{suggest(key, self.known)}known names: {', '.join(self.known)}",
                )
            if is_null(value_node):
                raise at.key(key).error(
                    value_node, f"{key} is empty", f"give {key} a value or remove the line"
                )
            out[key] = self.value.check(value_node, at.key(key))
        missing = [k for k in self.required if k not in out]
        if missing:
            raise at.error(
                node,
                f"{self.what} lacks {', '.join(missing)}",
                f"add an entry for each of: {', '.join(missing)}",
            )
        if len(out) < self.min_items:
            raise at.error(node, f"{self.what} is empty", f"add at least one entry to {at.name}")
        return out

    def json(self, defs: dict) -> dict:
        value = self.value.json(defs)
        out: dict = {"type": "object"}
        if self.known is not None:
            out["properties"] = {k: {**value, "description": doc} for k, doc in self.known.items()}
            out["additionalProperties"] = False
        else:
            out["additionalProperties"] = value
        if self.required:
            out["required"] = list(self.required)
        if self.min_items:
            out["minProperties"] = self.min_items
        return out


# ---- the issue file ---------------------------------------------------------------------

_IDENT = r"[\w-]+"


def kind_of(spec: Key) -> Kind:
    """The check for a key a block kind declared (model/keys.py)."""
    match spec.value:
        case "text" | "file":
            return Text()
        case "ident":
            return Text(pattern=_IDENT, pattern_hint=spec.hint)
        case "paragraphs":
            return Paragraphs()
        case "lines":
            return Lines()
        case "items":
            return ListOf(Text(), min_items=1)
        case "whole":
            return Integer(spec.minimum, spec.maximum)
        case "flag":
            return Boolean()
        case "choice":
            return Choice(dict(spec.choices or {}))
        case "ratio":
            return Ratio()
        case "point":
            return Fractions(2, "x, y")
        case "photos":
            return ListOf(PHOTO_IN_ARTICLE)
    raise AssertionError(f"no check for a key of value {spec.value!r}")


def fields_of(model: type) -> dict[str, Field]:
    """The schema Fields of a model's declared keys, in the order they are declared. A
    `photo` key stands for the photo's own keys, written in the block itself (those the
    block declares again, `columns`, are the block's)."""
    own = {spec.name or f.name for f in dataclasses.fields(model) if (spec := key_of(f))}
    out: dict[str, Field] = {}
    for f in dataclasses.fields(model):
        spec = key_of(f)
        if spec is None:
            continue
        if spec.value == "photo":
            out.update((k, v) for k, v in fields_of(Photo).items() if k not in own)
        else:
            out[spec.name or f.name] = Field(
                kind_of(spec), spec.doc, spec.required, spec.default, spec.example
            )
    return out


def _type(kind: str, doc: str) -> Field:
    return Field(Choice({kind: doc}), "What kind of block this is.", required=True, example=kind)


def block_struct(model: type[BlockModel]) -> Struct:
    """A block kind's Struct: its `type` and the keys its model declares."""
    return Struct(
        model.NAME,
        model.WHAT,
        model.DOC,
        {"type": _type(model.TYPE, model.TYPE_DOC), **fields_of(model)},
    )


PHOTO_IN_ARTICLE = Struct(Photo.NAME, Photo.WHAT, Photo.DOC, fields_of(Photo))

BLOCK_TYPES = {model.TYPE: block_struct(model) for model in BLOCK_MODELS}

BLOCK = Tagged("block", "a block", "One piece of a page; 'type' says which.", BLOCK_TYPES)

PAGE = Struct(
    "page",
    "a page",
    "One page of the issue, its blocks in reading order.",
    {
        "section": Field(Text(), "版名, printed in the running head, e.g. 要闻.", example="要闻"),
        "blocks": Field(
            ListOf(BLOCK, min_items=1),
            "The page's blocks, in reading order.",
            required=True,
            example="[…]",
        ),
    },
)

NEWSLETTER = Struct(
    "newsletter",
    "the newsletter block",
    "The publication itself: what the masthead prints.",
    {
        "name": Field(
            Text(),
            "The name printed in the masthead (报头), e.g. "
            "天平. An internal newsletter may not be called …报, …刊 "
            "or …杂志.",
            required=True,
            example="天平",
        ),
        "publisher": Field(
            Text(),
            "主办 / 编印单位, printed in the masthead.",
            example="天平路街道党工委 天平路街道办事处",
        ),
        "internal": Field(
            Boolean(),
            "true for a 连续性内部资料 with a 准印证: "
            "the masthead prints the permit and 内部资料 免费交流, "
            "and the imprint is required.",
            default=False,
            example="true",
        ),
        "permit": Field(
            Text(),
            "准印证 number, exactly as issued; required when internal is true.",
            example="(沪)准印证字…",
        ),
        "logo": Field(
            Text(),
            "Masthead artwork (PNG or JPEG), relative to "
            "the issue folder; it may lie elsewhere in the project.",
            example="../../assets/logo.png",
        ),
        "url": Field(Text(), "Web address or account printed in the masthead."),
    },
)

IMPRINT = Struct(
    "imprint",
    "the imprint block",
    "版权栏: what an internal newsletter must "
    "print (编印单位, 发送对象, 印刷单位, 印刷日期, 印数).",
    {
        "editor": Field(Text(), "编印单位.", example="天平路街道办事处"),
        "audience": Field(Text(), "发送对象.", example="本街道居民、区域单位"),
        "printer": Field(Text(), "印刷单位 (a licensed printer).", example="上海某某印刷有限公司"),
        "print_date": Field(Date(), "印刷日期.", example="2020-01-18"),
        "copies": Field(Integer(1), "印数.", example="8000"),
        "address": Field(Text(), "地址 / 电话, optional."),
    },
)

ISSUE = Struct(
    "issue",
    "an issue file",
    "One issue of a newsletter for bulletin-pdf.",
    {
        "newsletter": Field(
            NEWSLETTER,
            "The publication: name, publisher, permit.",
            required=True,
            example="{name: 天平}",
        ),
        "number": Field(Integer(1), "期号: the issue's number.", required=True, example="1"),
        "total_number": Field(Integer(1), "总期号 (总第N期), optional.", example="150"),
        "date": Field(Date(), "Publication date.", required=True, example="2020-01-20"),
        "layout": Field(
            Text(pattern=_IDENT, pattern_hint="a name from layouts/ without .yaml"),
            "The layout: a file name in layouts/ without .yaml.",
            required=True,
            example="tabloid-4k",
        ),
        "layout_version": Field(
            Integer(1),
            "The layout version the issue was made with; an older "
            "version is read from layouts/archive/<layout>-v<N>.yaml.",
            example="1",
        ),
        "title": Field(
            Text(), "Title in the PDF's document properties (default: the name, year and number)."
        ),
        "imprint": Field(
            IMPRINT, "版权栏; required when newsletter.internal is true.", example="{editor: …}"
        ),
        "pages": Field(
            ListOf(PAGE, min_items=1, max_items=limits.MAX_PAGES, limit="MAX_PAGES"),
            "The pages, in order.",
            required=True,
            example="[…]",
        ),
    },
)


# ---- the layout file --------------------------------------------------------------------

# The roles of the page itself; each block kind adds its own (BlockModel.ROLES).
PAGE_ROLES: dict[str, Role] = {
    "body": Role("正文: article text; its leading is the baseline-grid pitch"),
}
FURNITURE_ROLES: dict[str, Role] = {
    "masthead": Role("the newsletter's name in the masthead"),
    "masthead_info": Role("publisher, permit, number and date beside the masthead"),
    "running_head": Role("报眉 of inner pages"),
    "folio": Role("page number"),
    "imprint": Role("版权栏 lines"),
    "jump": Role("转第N版 / 上接第N版 lines"),
}
ALL_ROLES: dict[str, Role] = {
    **PAGE_ROLES,
    **{r: role for model in BLOCK_MODELS for r, role in model.ROLES.items()},
    **FURNITURE_ROLES,
}
ROLES: dict[str, str] = {
    name: role.doc + (f" (when a layout has none: as {role.fallback})" if role.fallback else "")
    for name, role in ALL_ROLES.items()
}
# A layout must style these; every other role falls back to a role it names.
REQUIRED_ROLES: tuple[str, ...] = tuple(r for r, role in ALL_ROLES.items() if role.fallback is None)


def fallback_of(role: str, styled: Collection[str] | None = None) -> str:
    """The first role on `role`'s chain of fallbacks (itself, its fallback, that one's …)
    that is in `styled`, the roles a layout styles; without `styled`, the chain's end."""
    chain = [role]
    while (styled is None or chain[-1] not in styled) and ALL_ROLES[chain[-1]].fallback:
        fallback = ALL_ROLES[chain[-1]].fallback
        if fallback not in ALL_ROLES or fallback in chain:
            raise AssertionError(
                f"style role {role} falls back to {' → '.join(chain)} → {fallback}"
            )
        chain.append(fallback)
    return chain[-1]


for _role in ALL_ROLES:  # a kind naming a fallback that is no role is a mistake in the code
    fallback_of(_role)

STYLE = Struct(
    "style",
    "a style",
    "How one role is set: font, size, leading, alignment.",
    {
        "font": Field(Text(), "A name from the fonts table.", required=True, example="song"),
        "size": Field(
            Number(positive=True, maximum=400),
            "Type size in pt (小五 = 9, 五号 = 10.5, "
            "小四 = 12, 四号 = 14, 三号 = 16, 二号 = 22, 一号 = 26, 初号 = 42).",
            required=True,
            example="9",
        ),
        "leading": Field(
            Number(positive=True, maximum=600),
            "Baseline to baseline in pt.",
            required=True,
            example="14.5",
        ),
        "align": Field(
            Choice(
                {
                    "justify": "both edges flush",
                    "left": "flush left",
                    "center": "centred",
                    "right": "flush right",
                }
            ),
            "Alignment.",
            default="justify",
            example="justify",
        ),
        "indent": Field(
            Number(minimum=0, maximum=10), "First-line indent in em.", default=0.0, example="2"
        ),
        "color": Field(
            Fractions(4, "C, M, Y, K"),
            "Colour as CMYK, each 0..1.",
            default=(0.0, 0.0, 0.0, 1.0),
            example="[0, 0, 0, 1]",
        ),
    },
)

PAGE_GEOMETRY = Struct(
    "page_geometry",
    "the page block",
    "Trim, bleed and margins; numbers are mm.",
    {
        "trim_width": Field(Length(), "Trimmed page width.", required=True, example="270"),
        "trim_height": Field(Length(), "Trimmed page height.", required=True, example="390"),
        "bleed": Field(
            Length(), "Bleed on each side (0 for coldset web presses).", default=3 * MM, example="3"
        ),
        "margin_top": Field(
            Length(),
            "From the top trim edge to the top of the type area.",
            required=True,
            example="17",
        ),
        "margin_inner": Field(
            Length(keywords=("center",)),
            "Left margin of odd pages; 'center' centres the type area.",
            default="center",
            example="center",
        ),
    },
)

GRID = Struct(
    "grid",
    "the grid block",
    "The column and baseline grid.",
    {
        "columns": Field(
            Integer(1, 12), "Columns of the base grid (基本栏).", required=True, example="5"
        ),
        "column_chars": Field(
            Integer(4, 60), "Body characters per column line.", required=True, example="14"
        ),
        "gutter": Field(Length(), "Space between columns.", required=True, example='"12.5pt"'),
        "lines": Field(
            Integer(1, 400), "Body lines per column; give this or type_height.", example="69"
        ),
        "type_height": Field(
            Length(),
            "Height the type area may take; the lines are as many "
            "whole body-leading pitches as fit.",
            example="355",
        ),
    },
)

LAYOUT = Struct(
    "layout",
    "a layout file",
    "A page layout for bulletin-pdf.",
    {
        "version": Field(
            Integer(1),
            "Layout version. A layout is never edited in place once an "
            "issue used it: a change is a new version, and the old file goes to "
            "layouts/archive/<name>-v<N>.yaml.",
            required=True,
            example="1",
        ),
        "description": Field(Text(), "What the layout is for (not printed)."),
        "page": Field(PAGE_GEOMETRY, "Page geometry in mm.", required=True, example="{…}"),
        "grid": Field(GRID, "Columns and baseline grid.", required=True, example="{…}"),
        "fonts": Field(
            MapOf("the fonts table", Text(), min_items=1),
            "Font name → file in fonts/ (or in a system font folder).",
            required=True,
            example="{song: …}",
        ),
        "styles": Field(
            MapOf("the styles table", STYLE, known=ROLES, required=REQUIRED_ROLES),
            "How each role is set; a role a layout leaves out is set as the role it falls back to.",
            required=True,
            example="{body: …}",
        ),
        "punctuation": Field(
            Choice(
                {
                    "quanjiao": "全角: every mark a full em, compressed in pairs",
                    "kaiming": "开明: only 。？！ full width",
                }
            ),
            "Punctuation style.",
            default="quanjiao",
            example="quanjiao",
        ),
        "prohibition": Field(
            Choice(
                {
                    "basic": "基本处理: clreq's recommended line-start/line-end rules",
                    "gb": "GB法: basic, and a solidus / ends no line",
                    "strict": "严格处理: GB, and —— …… start no line (but a paragraph)",
                }
            ),
            "Line-breaking prohibition level (clreq §3.1.4).",
            default="basic",
            example="basic",
        ),
        "column_rules": Field(
            Boolean(), "Thin rules (栏线) between columns of text.", default=True
        ),
        "rule_width": Field(
            Number(positive=True, maximum=10), "Width of every rule and box line, pt.", default=0.5
        ),
        "tint": Field(
            Fractions(4, "C, M, Y, K"),
            "Background of boxes, CMYK 0..1.",
            default=(0.0, 0.0, 0.0, 0.12),
        ),
        "min_image_ppi": Field(
            Number(positive=True), "Lowest effective resolution of a placed photo.", default=200.0
        ),
        "max_image_ppi": Field(
            Number(positive=True), "Photos above this are downsampled.", default=400.0
        ),
        "icc_profile": Field(
            Text(), "CMYK output profile file (default: the shipped newsprint profile)."
        ),
        "crop_marks": Field(Boolean(), "Crop marks in final output.", default=True),
        "registration_marks": Field(
            Boolean(), "Registration targets beside the crop marks in final output.", default=True
        ),
        "list_box": Field(
            Boolean(), "Set numbered lists (e.g. 十大实事项目) in a ruled box.", default=False
        ),
        "photo_fill": Field(
            Boolean(),
            "Let photos grow (cropped taller, never below 60 % of their width) "
            "into empty lines at the foot of a page.",
            default=True,
        ),
        "extra": Field(
            FreeMapping(
                known={
                    "masthead_rows": Field(
                        Integer(3, 20), "Grid rows the masthead takes on page 1 (default 7)."
                    ),
                    "output_condition": Field(
                        Text(), "Output condition identifier of the printer's profile, e.g. IFRA26."
                    ),
                    "pdfx": Field(
                        Choice({"X-1a:2003": "PDF/X-1a:2003", "X-4": "PDF/X-4"}),
                        "The PDF/X standard of final output.",
                    ),
                }
            ),
            "Layout-specific settings, passed through as they are (the keys listed here are "
            "checked).",
            default=None,
        ),
    },
)


# ---- JSON Schema ------------------------------------------------------------------------


def _document(root: Struct, schema_id: str, title: str) -> dict:
    defs: dict = {}
    ref = root.json(defs)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_id,
        "title": title,
        "description": root.doc,
        **ref,
        "$defs": dict(sorted(defs.items())),
    }


def issue_schema() -> dict:
    """JSON Schema (draft 2020-12) of an issue.yaml, generated from ISSUE."""
    return _document(
        ISSUE, "https://bulletin-pdf.invalid/schema/issue.schema.json", "bulletin-pdf issue"
    )


def layout_schema() -> dict:
    """JSON Schema (draft 2020-12) of a layouts/<name>.yaml, generated from LAYOUT."""
    return _document(
        LAYOUT, "https://bulletin-pdf.invalid/schema/layout.schema.json", "bulletin-pdf layout"
    )


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("docs/schema")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "issue.schema.json").write_text(schema_text(issue_schema()), encoding="utf-8")
    (folder / "layout.schema.json").write_text(schema_text(layout_schema()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

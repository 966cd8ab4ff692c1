"""Reads a YAML file into PyYAML nodes that keep their line numbers.

Built on `yaml.compose` with the safe loader: nodes carry `start_mark`, so every later
message can name the editor's line. What a newsletter never needs is refused here:
aliases (they are how "billion laughs" bombs work), more than `MAX_YAML_NODES` nodes,
files over `MAX_YAML_BYTES`, and text that is not UTF-8. PyYAML's own syntax errors are
translated into one sentence with line, column and a fix.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin_pdf import limits, safefiles
from bulletin_pdf.errors import InputError, LimitError, Report, Where

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Refused(Exception):
    """Raised inside the composer; turned into an InputError/LimitError with the file name."""

    def __init__(self, kind: str, mark, detail: str = ""):
        super().__init__(kind)
        self.kind = kind
        self.mark = mark
        self.detail = detail


class _GuardedLoader(yaml.SafeLoader):
    """The safe loader, refusing aliases and counting nodes as it composes them."""

    def __init__(self, stream):
        super().__init__(stream)
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused("alias", event.start_mark, event.anchor or "")
        self.node_count += 1
        if self.node_count > limits.MAX_YAML_NODES:
            raise _Refused("nodes", self.peek_event().start_mark)
        self.depth += 1
        try:
            if self.depth > limits.MAX_YAML_DEPTH:
                raise _Refused("depth", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_CLoader: Any = getattr(yaml, "CSafeLoader", None)
_COUNTED_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_OPENING_EVENTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _compose_fast(text: str) -> Node | None:
    """The same guards with libyaml, which composes ~10× faster than the pure-Python loader
    (it is most of the load time of an issue): one pass over the events refuses aliases and
    counts nodes, then libyaml composes the checked text."""
    loader = _CLoader(text)
    try:
        count = depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise _Refused("alias", event.start_mark, event.anchor or "")
            if isinstance(event, _COUNTED_EVENTS):
                count += 1
                if count > limits.MAX_YAML_NODES:
                    raise _Refused("nodes", event.start_mark)
            if isinstance(event, _OPENING_EVENTS):
                depth += 1
                if depth > limits.MAX_YAML_DEPTH:
                    raise _Refused("depth", event.start_mark)
            elif isinstance(event, _CLOSING_EVENTS):
                depth -= 1
    finally:
        loader.dispose()
    loader = _CLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def line_of(node: Node) -> int:
    """1-based line where a node starts."""
    return node.start_mark.line + 1


def read_yaml(path: Path, kind: str = "issue file", report: Report | None = None) -> Node | None:
    """The root node of the YAML file at `path`, or None if the file holds no document.

    `kind` names the file in messages ("issue file", "layout file"). With a `report`,
    control characters pasted into the file (Word's manual line break U+000B, a bell from
    a PDF) are removed, each with a warning at its line; without one they are an error.
    """
    return read_yaml_source(path, kind, report)[0]


def read_yaml_source(
    path: Path, kind: str = "issue file", report: Report | None = None
) -> tuple[Node | None, str]:
    """`read_yaml`, and the text the nodes' marks index into (to find a word's exact line)."""
    file = str(path)
    max_bytes, limit = (
        (limits.MAX_LAYOUT_BYTES, "MAX_LAYOUT_BYTES")
        if kind == "layout file"
        else (limits.MAX_YAML_BYTES, "MAX_YAML_BYTES")
    )
    data = safefiles.read_bytes(
        Path(path),
        kind,
        Where(file),
        max_bytes,
        limit,
        "an issue file holds text only: keep photos as separate files and check that nothing "
        "was pasted in by mistake"
        if kind == "issue file"
        else "a layout is a page of settings: check that nothing was pasted into it by mistake",
    )
    text = decode_utf8(data, file, kind)
    if report is not None:
        text = _strip_controls(text, file, report)
    text = _strip_line_separators(text, file, report)
    loader = None
    try:
        if _CLoader is not None:
            return _compose_fast(text), text
        loader = _GuardedLoader(text)  # the reader already checks every character
        return loader.get_single_node(), text
    except _Refused as refused:
        raise _refusal_error(refused, file) from None
    except yaml.reader.ReaderError as err:
        raise _reader_error(err, text, file) from None
    except yaml.MarkedYAMLError as err:
        raise translate_yaml_error(err, text, file) from None
    finally:
        if loader is not None:
            loader.dispose()


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _strip_controls(text: str, file: str, report: Report) -> str:
    if not _CONTROLS.search(text):
        return text
    for match in _CONTROLS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        report.warn(
            f"removed the invisible control character U+{ord(match.group()):04X}",
            Where(file, line),
            "nothing to do, unless a line break was meant there: "
            "then start a new paragraph with a blank line",
            kind="normalised",
        )
    return _CONTROLS.sub("", text)


_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")


def _strip_line_separators(text: str, file: str, report: Report | None) -> str:
    """U+2028/U+2029 (and NEL) pasted from a web page or Word: YAML counts them as line breaks
    (every later line number would be off, and a block of text would end there), while an
    editor sees none. They are removed, with a warning at the line an editor sees them on."""
    if not _LINE_SEPARATORS.search(text):
        return text
    for match in _LINE_SEPARATORS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        code = f"U+{ord(match.group()):04X}"
        if report is None:
            raise InputError(
                f"the file contains the invisible line separator {code}, which YAML "
                "reads as a line break",
                Where(file, line),
                "delete it (it comes from copying out of a web page or a word "
                "processor); start a new line with Enter instead",
            )
        report.warn(
            f"removed the invisible line separator {code}",
            Where(file, line),
            "nothing to do, unless a new paragraph was meant there: then leave a blank line",
            kind="normalised",
        )
    return _LINE_SEPARATORS.sub("", text)


def _utf16_without_bom(data: bytes) -> str:
    """'UTF-16LE'/'UTF-16BE' when the bytes look like UTF-16 saved without a byte order mark
    (every other byte of ASCII text is 0), else ''."""
    sample = data[:4096]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "UTF-16LE"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "UTF-16BE"
    return ""


def decode_utf8(data: bytes, file: str, kind: str = "issue file") -> str:
    """The file's text. A UTF-8 byte order mark is accepted and dropped."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise InputError(
                f"the {kind} is saved as {name}, not UTF-8",
                Where(file, 1),
                "save the file as UTF-8 (in the editor: Save As → Encoding: UTF-8)",
            )
    utf16 = _utf16_without_bom(data)
    if utf16:
        raise InputError(
            f"the {kind} is saved as {utf16} (UTF-16 without a byte order mark), not UTF-8",
            Where(file, 1),
            "save the file as UTF-8 (in the editor: Save As → Encoding: UTF-8)",
        )
    skipped = 0
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        skipped = len(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        offset = err.start + skipped
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start : err.start + 2].hex(" ").upper()
        guess = ""
        try:
            data.decode("gb18030")
            guess = " (it looks like GBK/GB18030, the old Chinese Windows encoding)"
        except UnicodeDecodeError:
            pass
        raise InputError(
            f"the {kind} is not UTF-8 text{guess}: bytes {bad} at byte offset {offset} "
            f"cannot be read as UTF-8",
            Where(file, line),
            "save the file as UTF-8 (in the editor: Save As → Encoding: UTF-8)",
        ) from None


def _refusal_error(refused: _Refused, file: str) -> InputError:
    where = Where(file, refused.mark.line + 1)
    if refused.kind == "alias":
        return InputError(
            f"YAML aliases (*{refused.detail}) are not allowed in bulletin-pdf files",
            where,
            "write the value out in full where it is needed; anchors (&name) and aliases "
            "(*name) are refused because they can make a small file expand without bound",
        )
    if refused.kind == "depth":
        return LimitError(
            f"the lists and blocks are nested more than {limits.MAX_YAML_DEPTH} levels deep "
            f"(limits.MAX_YAML_DEPTH); an issue needs about 6",
            where,
            "check the indentation and the brackets '[' '{' on this line: an issue's "
            "pages hold blocks, and blocks hold text and photos, nothing deeper",
        )
    return LimitError(
        f"the file has more than {limits.MAX_YAML_NODES} YAML values (limits.MAX_YAML_NODES)",
        where,
        "split the content into several issues",
    )


def _reader_error(err: yaml.reader.ReaderError, text: str, file: str) -> InputError:
    char = (
        chr(err.character) if isinstance(err.character, int) else err.character
    )  # libyaml gives an int
    # The reader stops at the first character it refuses, so its first occurrence is the
    # place. (libyaml's err.position counts UTF-8 bytes, not characters: useless after CJK.)
    found = text.find(char)
    position = found if found >= 0 else (err.position if isinstance(err.position, int) else 0)
    line = text.count("\n", 0, position) + 1
    code = f"U+{ord(char):04X}"
    return InputError(
        f"the file contains the control character {code}, which YAML does not allow",
        Where(file, line),
        "delete the invisible character (it often comes from copying out of a PDF or a "
        "word processor)",
    )


def translate_yaml_error(err: yaml.MarkedYAMLError, text: str, file: str) -> InputError:
    """One message with line and column for a PyYAML syntax error."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    where = Where(file, line)
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    at = f"line {line}, column {column}"
    bad_char = text[mark.index] if mark and 0 <= mark.index < len(text) else ""

    if "invalid Unicode character escape" in problem and mark is not None:
        return _surrogate_error(text, mark.index, at, where)
    feff = _feff_near(text, [m for m in (err.problem_mark, err.context_mark) if m])
    if feff:
        return InputError(
            f"an invisible byte order mark (U+FEFF) at line {feff[0]}, column "
            f"{feff[1]} breaks the YAML",
            Where(file, feff[0]),
            "delete the invisible character at the start of that line (it comes "
            "from joining two files that each began with a byte order mark)",
        )
    if bad_char == "\t" or "'\\t'" in problem:
        return InputError(
            f"a tab character at {at}: YAML does not allow tabs for indentation",
            where,
            "YAML does not allow tabs for indentation; use spaces "
            "(set the editor to insert spaces for the Tab key)",
        )
    fullwidth = _fullwidth_colon_line(text, [m for m in (err.context_mark, err.problem_mark) if m])
    if fullwidth and "quoted scalar" not in context:
        return InputError(
            f"line {fullwidth} writes a key with the full-width colon '：'",
            Where(file, fullwidth),
            "after a key write the ASCII colon ':' and a space, e.g. 'title: 标题'",
        )
    if "quoted scalar" in context:
        opened = err.context_mark.line + 1 if err.context_mark else line
        return InputError(
            f"a quoted text opened on line {opened} is never closed "
            f"(YAML reached {at} looking for the closing quote)",
            Where(file, opened),
            "add the closing quote (\" or ') at the end of the text, or remove the opening one",
        )
    if "flow sequence" in context or "flow mapping" in context:
        opened = err.context_mark.line + 1 if err.context_mark else line
        closing = "]" if "sequence" in context else "}"
        return InputError(
            f"a '{'[' if closing == ']' else '{'}' opened on line {opened} is not "
            f"closed, or its entries are not separated by ',' ({at})",
            Where(file, opened),
            f"close it with '{closing}' and separate the entries with ', '; text "
            "containing ',' '[' ']' '{' '}' inside it must be in quotes",
        )
    if "mapping values are not allowed" in problem:
        return InputError(
            f"unexpected ':' at {at}",
            where,
            "text that contains ': ' or ends with ':' must be in quotes, e.g. "
            'salutation: "居民们、同志们、朋友们:"; otherwise check the indentation',
        )
    if "could not find expected ':'" in problem:
        return InputError(
            f"a key has no ':' after it, or a text runs on over several lines ({at})",
            where,
            "write 'key: value'; long text goes in a block: 'body: |' followed "
            "by the text indented on the next lines",
        )
    if "expected <block end>" in problem or "did not find expected" in problem:
        found = problem.split("found", 1)[-1].strip() if "found" in problem else ""
        return InputError(
            f"the indentation does not fit the lines above ({at}"
            + (f", found {found}" if found else "")
            + ")",
            where,
            "keys of one block must start in the same column, and list entries "
            "('- ') must line up; compare with the lines above",
        )
    if "expected a single document" in context:
        return InputError(
            f"the file holds more than one YAML document ('---' at {at})",
            where,
            "remove the second '---' line; one file is one issue",
        )
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return InputError(f"{problem} at {at}", where, "remove the '*' or put the text in quotes")
    if "expected alphabetic or numeric character" in problem and "anchor" in context:
        return InputError(
            f"a text starting with '&' or '*' at {at}",
            where,
            "put text that starts with '&' or '*' in quotes",
        )
    if "found character" in problem and "cannot start any token" in problem:
        return InputError(
            f"the character {bad_char!r} at {at} cannot start a YAML value",
            where,
            'put the text in quotes, e.g. title: "@天平"',
        )
    detail = "; ".join(part for part in (context, problem) if part)
    return InputError(
        f"the YAML is malformed at {at}: {detail}",
        where,
        "check the syntax on this line and the one above it (indentation, quotes, ':' after keys)",
    )


_SURROGATE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?"
    r"|\\u([dD][c-fC-F][0-9a-fA-F]{2})"
)


def _surrogate_error(text: str, index: int, at: str, where: Where) -> InputError:
    """libyaml refuses an escape of a UTF-16 surrogate (\\ud83d\\ude00, as JSON writes 😀) and
    reports it inside a quoted text; say so and give the escape YAML takes."""
    start = text.rfind("\\", max(0, index - 8), index + 1)
    found = _SURROGATE.match(text, start) if start >= 0 else None
    if found is None:
        return InputError(
            f"an escape at {at} is not a valid character",
            where,
            "write the character itself, or \\U followed by its 8-digit code point",
        )
    if found[1] and found[2]:
        code = 0x10000 + ((int(found[1], 16) - 0xD800) << 10) + (int(found[2], 16) - 0xDC00)
        return InputError(
            f"the escape {found.group()} at {at} writes the character "
            f"{chr(code)} (U+{code:04X}) as a UTF-16 surrogate pair, as JSON does; "
            "YAML does not accept that",
            where,
            f"write the character itself, or the one escape \\U{code:08X}",
        )
    return InputError(
        f"the escape {found.group()} at {at} is half of a UTF-16 surrogate pair, not a character",
        where,
        "write the character itself, or \\U followed by its 8-digit code point",
    )


def _feff_near(text: str, marks) -> tuple[int, int] | None:
    """(line, column) of a U+FEFF on the error's line or the one above, else None."""
    lines = text.split("\n")
    for mark in marks:
        for index in (mark.line, mark.line - 1):
            if 0 <= index < len(lines) and "\ufeff" in lines[index]:
                return index + 1, lines[index].index("\ufeff") + 1
    return None


def _fullwidth_colon_line(text: str, marks) -> int:
    """The 1-based line near the error whose key ends in '：' instead of ':', or 0."""
    lines = text.split("\n")
    for mark in marks:
        for index in (mark.line, mark.line - 1):
            if 0 <= index < len(lines) and re.match(r"\s*(- )?[A-Za-z_]+\s*：", lines[index]):
                return index + 1
    return 0


# ---- scalars ---------------------------------------------------------------------------

_CONSTRUCTOR = SafeConstructor()


def scalar_value(node: ScalarNode):
    """The Python value of a scalar under YAML 1.1 rules (str, int, float, bool, None, date).

    Raises ValueError for a scalar PyYAML resolves but cannot build (e.g. 2020-13-45).
    """
    build = SafeConstructor.yaml_constructors.get(node.tag)
    if build is None:
        raise ValueError(f"unknown tag {node.tag}")
    try:
        return build(_CONSTRUCTOR, node)
    except yaml.constructor.ConstructorError as err:
        raise ValueError(str(err)) from None


def plain_value(node: Node):
    """A node tree as plain Python data (dicts, lists, scalars), for free-form settings."""
    if isinstance(node, ScalarNode):
        return scalar_value(node)
    if isinstance(node, SequenceNode):
        return [plain_value(item) for item in node.value]
    if isinstance(node, MappingNode):
        return {plain_value(key): plain_value(value) for key, value in node.value}
    raise ValueError(f"unexpected node {node!r}")


def describe(node: Node | None) -> str:
    """What an editor wrote, in words: 'a number', 'a list', 'text', ..."""
    if node is None:
        return "nothing"
    if isinstance(node, MappingNode):
        return "a block of 'key: value' lines"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        STR: "text",
        INT: "a number",
        FLOAT: "a number",
        BOOL: "true/false",
        NULL: "nothing",
        TIMESTAMP: "a date",
    }.get(node.tag, f"a value tagged {node.tag}")

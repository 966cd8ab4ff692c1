"""PRINT.md §1.6: what a 连续性内部资料 (internal newsletter) must print and may not print.

The one place these rules live. `load` (so `build`, `proof`, `batch`) and `check` both ask
`breaches()` and give the same verdict on each:

- a missing 准印证, a missing imprint item, a title of the form …报/…刊/…杂志 stop every
  command: the masthead or the imprint would be wrong on every copy (`Breach.wording` False);
- a word the text may not use (本报, 记者, 杂志社 …) is a warning for the editor to reword while
  proofing, and an error in final output (`build --final`, `check --final`): the printer
  checks the 准印证 and the text, and a reworded proof costs nothing while a reprint does.

The rules read the YAML nodes, not the model, so `check` can report every breach with its
exact line (and paragraph) even when the issue does not load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin_pdf.errors import Where
from bulletin_pdf.source.yamlsrc import BOOL, STR, line_of

KIND = "§1.6"  # the kind of every warning and finding these rules give
RULE = "an internal newsletter (内部资料, PRINT.md §1.6)"

# PRINT.md §1.6: an internal newsletter may not call itself a paper or a periodical.
FORBIDDEN_WORDS = {  # word → how to reword it
    "本报": "write the newsletter's name or 本期 instead of 本报",
    "本刊": "write the newsletter's name or 本期 instead of 本刊",
    "记者": "credit the writer as 通讯员 XXX or XXX 文, the photographer as XXX 摄",
    "刊号": "remove the 刊号; an internal newsletter prints its 准印证 number instead",
    "期刊社": "name the 编印单位 instead",
    "杂志社": "name the 编印单位 instead",
}
# Ordinary words that merely contain a forbidden one ("本报告" is "this report").
INNOCENT_WORDS = {"本报": ("本报告", "本报表", "本报销", "本报名", "本报送", "本报批", "本报考")}
TITLE_FORM = re.compile(r".+(报|刊|杂志)")
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


@dataclass(frozen=True)
class Breach:
    """One §1.6 rule an issue breaks."""

    what: str
    where: Where
    fix: str
    wording: bool  # a word in the text: a warning, and an error only in final output

    def is_error(self, final: bool) -> bool:
        return final or not self.wording


def is_internal(root: Node | None) -> bool:
    """Whether the issue says newsletter.internal: true (the rules apply only then)."""
    if not isinstance(root, MappingNode):
        return False
    newsletter = mapping(root).get("newsletter")
    if not isinstance(newsletter, MappingNode):
        return False
    internal = mapping(newsletter).get("internal")
    return (
        isinstance(internal, ScalarNode)
        and internal.tag == BOOL
        and internal.value.lower() in ("true", "yes", "on")
    )


def breaches(root: Node | None, source: str, file: str) -> list[Breach]:
    """Every §1.6 rule the issue whose YAML is `root` breaks, in the file's order of rules:
    permit, title, imprint, then words in the text. `source` is the file's text (for exact
    lines inside block text). Empty for a newsletter that is not internal."""
    if not is_internal(root):
        return []
    assert isinstance(root, MappingNode)
    top = mapping(root)
    nl_node = top["newsletter"]
    assert isinstance(nl_node, MappingNode)
    nl = mapping(nl_node)
    found: list[Breach] = []
    if _blank(nl.get("permit")):
        found.append(
            Breach(
                f"{RULE} must print its 准印证 number, and newsletter.permit is missing",
                Where(file, line_of(nl["internal"]), "newsletter.permit"),
                "add `permit: <the number exactly as issued>` under newsletter:",
                wording=False,
            )
        )
    name = nl.get("name")
    if isinstance(name, ScalarNode) and TITLE_FORM.fullmatch(name.value.strip()):
        title = name.value.strip()
        plain = re.sub(r"(社区)?(报|刊|杂志)$", "", title) or "天平"
        found.append(
            Breach(
                f"{RULE} may not be titled '{title}': names of the form …报, …刊 or …杂志 "
                "are for registered newspapers and periodicals",
                Where(file, line_of(name), "newsletter.name"),
                f"choose a name without 报/刊/杂志 at the end, e.g. '{plain}'",
                wording=False,
            )
        )
    found += _imprint(file, top, key_lines(root))
    for path, node in text_scalars(root):
        for word, fix in FORBIDDEN_WORDS.items():
            for line, paragraph in word_places(node, source, word, INNOCENT_WORDS.get(word, ())):
                field = path if paragraph is None else f"{path}[{paragraph}]"
                found.append(
                    Breach(
                        f"{RULE} may not use “{word}” in its text ({_last(field)})",
                        Where(file, line, field),
                        fix,
                        wording=True,
                    )
                )
    return found


def _imprint(file: str, top: dict[str, Node], lines: dict[str, int]) -> Iterator[Breach]:
    """The 版权栏 items §1.6 requires, each one named when missing."""
    imprint = top.get("imprint")
    if not isinstance(imprint, MappingNode):
        yield Breach(
            f"{RULE} must print an imprint (编印单位, 发送对象, 印刷单位, 印刷日期, 印数), "
            "and the imprint block is missing",
            Where(file, 0, "imprint"),
            "add an imprint: block with editor, audience, printer, print_date and copies",
            wording=False,
        )
        return
    items = mapping(imprint)
    for key, label in IMPRINT_ITEMS.items():
        if _blank(items.get(key)):
            yield Breach(
                f"{RULE} must print its {label}, and imprint.{key} is missing",
                Where(file, lines["imprint"], f"imprint.{key}"),
                f"add `{key}: …` ({label}) under imprint:",
                wording=False,
            )


# ---- reading the YAML nodes (check's skeleton scan uses these too) -------------------------


def text_scalars(node: Node, path: str = "") -> Iterator[tuple[str, ScalarNode]]:
    """(key path, node) of every text value, paths written as the loader writes them
    (pages[0].blocks[2].title); keys that hold names or settings are skipped."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            if name in NOT_TEXT_KEYS:
                continue
            yield from text_scalars(value, f"{path}.{name}" if path else name)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from text_scalars(item, f"{path}[{i}]")
    elif isinstance(node, ScalarNode) and node.tag == STR and node.value.strip():
        yield path, node


def word_places(
    node: ScalarNode, source: str, word: str, innocent: tuple[str, ...] = ()
) -> list[tuple[int, int | None]]:
    """(line, paragraph) of each place `word` stands in the scalar's text, lines 1-based.
    The raw slice of the file is searched so a line inside a block text is exact; the
    paragraph index (as in body[2]) only for a literal block, whose paragraphs are separated
    by blank lines. A word hidden by YAML escapes or line folding is still found in the value
    and reported at the scalar's first line."""
    raw = source[node.start_mark.index : node.end_mark.index]
    places: list[tuple[int, int | None]] = []
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


def mapping(node: MappingNode) -> dict[str, Node]:
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}


def key_lines(node: MappingNode) -> dict[str, int]:
    """Line of each key of a mapping ('newsletter:'), where a missing item belongs."""
    return {k.value: line_of(k) for k, _ in node.value if isinstance(k, ScalarNode)}


def _blank(node: Node | None) -> bool:
    return node is None or (
        isinstance(node, ScalarNode) and (node.value.strip() in ("", "~", "null"))
    )


def _last(path: str) -> str:
    return path.rsplit(".", 1)[-1] if path else "the file"

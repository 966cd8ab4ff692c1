"""Messages in the editor's language: Chinese when the locale is Chinese (LANG=zh_CN.UTF-8,
or `--lang zh`), English otherwise.

The code writes every message in English, as it always has; the translation happens in one
place, where a message is put together for people (errors.format_message). The catalogue is
a gettext .po file (data/messages-zh.po) whose msgids are the English messages with their
variable parts named in braces:

    msgid "photo file '{file}' does not exist (looked for {path})"
    msgstr "照片文件“{file}”不存在（找过 {path}）"

A message is matched against each msgid (the braces match any text); the parts it captured
are translated in turn when they are themselves in the catalogue ("the issue folder" →
"本期文件夹"), and put into the msgstr. A message the catalogue does not know stays English,
so a new message is never lost, only untranslated (tests/test_i18n.py lists every message of
the bad-input corpus and requires a translation of each).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("en", "zh")
_language: str | None = None


def language() -> str:
    """The language messages are given in: set by `--lang`, else from the locale."""
    if _language is not None:
        return _language
    return from_environment(os.environ)


def from_environment(env) -> str:
    """zh when the first locale variable that is set (as gettext reads them) is Chinese."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str | None) -> None:
    """Fix the language (None: back to the locale's)."""
    global _language
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    _language = lang


# ---- the catalogue ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgstr: str
    pattern: re.Pattern
    names: tuple[str, ...]


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_catalogues: dict[str, list[Entry]] = {}


def catalogue_file(lang: str) -> Path:
    return Path(__file__).resolve().parent / "data" / f"messages-{lang}.po"


def read_po(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, the header entry left out."""
    pairs: list[tuple[str, str]] = []
    current: dict[str, str] = {}
    field = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if "msgid" in current and "msgstr" in current:
                pairs.append((current["msgid"], current["msgstr"]))
            if not line:
                current, field = {}, None
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgstr"):
            field = keyword
            current[field] = _unquote(rest)
        elif line.startswith('"') and field:
            current[field] += _unquote(line)
    return [(i, s) for i, s in dict(pairs).items() if i]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted .po string: {text}")
    body = text[1:-1]
    return re.sub(
        r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body
    )


def _compile(msgid: str) -> tuple[re.Pattern, tuple[str, ...]]:
    parts, names, last = [], [], 0
    for m in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[last : m.start()]))
        name = m.group(1)
        if name in names:  # the same part twice: the second must equal the first
            parts.append(f"(?P={name})")
        else:
            parts.append(f"(?P<{name}>.+?)")
            names.append(name)
        last = m.end()
    parts.append(re.escape(msgid[last:]))
    return re.compile("".join(parts), re.S), tuple(names)


def catalogue(lang: str) -> list[Entry]:
    found = _catalogues.get(lang)
    if found is None:
        file = catalogue_file(lang)
        pairs = read_po(file) if file.is_file() else []
        entries = []
        for msgid, msgstr in pairs:
            pattern, names = _compile(msgid)
            entries.append(Entry(msgid, msgstr or msgid, pattern, names))
        # the most specific first: the template with the most fixed text wins
        entries.sort(key=lambda e: -len(_PLACEHOLDER.sub("", e.msgid)))
        found = _catalogues[lang] = entries
    return found


def translate(text: str, lang: str | None = None, depth: int = 0) -> str:
    """`text` in `lang` (default: the current language), or as it is when the catalogue has
    no entry for it."""
    lang = lang or language()
    if lang == "en" or not text or depth > 6:
        return text
    for entry in catalogue(lang):
        m = entry.pattern.fullmatch(text)
        if m is None:
            continue
        values = {name: _translate_part(m.group(name), lang, depth + 1) for name in entry.names}
        return _PLACEHOLDER.sub(lambda p: values[p.group(1)], entry.msgstr)  # noqa: B023
    return text


def _translate_part(part: str, lang: str, depth: int) -> str:
    """A captured part, line by line when it holds several (a list of findings, each line
    a message of its own, keeps its indent)."""
    if "\n" not in part:
        return translate(part, lang, depth)
    out = []
    for line in part.split("\n"):
        body = line.lstrip(" ")
        out.append(line[: len(line) - len(body)] + translate(body, lang, depth))
    return "\n".join(out)


def known(text: str, lang: str = "zh") -> bool:
    """Whether the catalogue of `lang` has an entry that `text` matches."""
    return any(e.pattern.fullmatch(text) for e in catalogue(lang))


# Words around every message (errors.py, the CLI).
LABELS = {
    "zh": {"fix": "改法", "error": "错误", "warning": "警告", "note": "提示"},
}


def label(word: str, lang: str | None = None) -> str:
    return LABELS.get(lang or language(), {}).get(word, word)


def prefix(word: str) -> str:
    """'error: ' / 'warning: ' before a message, in the current language (错误：/警告：)."""
    return f"{word}: " if language() == "en" else f"{label(word)}："

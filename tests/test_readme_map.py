"""The module map in README.md ("How it is built") names every module of the package, and
every file or folder it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "bulletin_pdf"


def _map() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## How it is built") :]
    block = section[section.index("```") + 3 :]
    block = block[: block.index("```")]
    return block.splitlines()


def _named() -> set[str]:
    """Paths relative to the package, read from the map's left column; an indented line
    belongs to the package folder named above it."""
    named: set[str] = set()
    folder = ""
    for line in _map():
        if not line.strip() or line.startswith(" " * 8):  # a description's second line
            continue
        left = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        indented = line.startswith("  ")
        for word in re.findall(r"[\w/]+(?:\.py|/)", left):
            if not indented and word.endswith("/") and word.count("/") == 1:
                folder = word
                named.add(word)
            elif not indented and "/" in word:
                named.add(word)
            else:
                named.add((folder if indented else "") + word)
    return named


def test_every_module_is_in_the_map():
    named = _named()
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.name in ("__init__.py", "__main__.py"):
            continue
        folders = [rel.rsplit("/", n)[0] + "/" for n in range(1, rel.count("/") + 1)]
        if rel not in named and not any(f in named and f.count("/") > 1 for f in folders):
            missing.append(rel)
    assert not missing, f"README's module map lacks {missing}"


def test_every_name_in_the_map_exists():
    absent = [name for name in sorted(_named()) if not (PACKAGE / name).exists()]
    assert not absent, f"README's module map names what is not in the tree: {absent}"

"""The package tree shows the pipeline: each stage imports only the stages below it, and no
module imports itself back through a cycle. Read from the source, so a lazy import inside a
function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "bulletin_pdf"

# Lowest first. The base modules (errors, limits, paths, safefiles) may be imported by every stage.
STAGES = ["base", "model", "source", "photos", "text", "makeup", "render", "preflight", "commands"]
BASE = {"errors", "i18n", "limits", "paths", "safefiles", "__init__", "__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    """bulletin_pdf.text.fonts → text; bulletin_pdf.errors → base; the package's own
    __init__ and __main__ (the entry point) count as commands."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return "commands"
    return "base" if parts[1] in BASE else parts[1]


def imports_of(path: Path) -> set[str]:
    found = set()
    package = (
        module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("bulletin_pdf"):
                for alias in node.names:
                    # `from bulletin_pdf.text import fonts` names a module; `from x import f` a name
                    candidate = f"{target}.{alias.name}"
                    found.add(
                        candidate
                        if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                        else target
                    )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("bulletin_pdf"))
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_is_in_a_known_stage():
    for module in graph():
        assert stage_of(module) in STAGES, f"{module} is in no stage of {STAGES}"


def test_stages_import_only_downward():
    wrong = []
    for module, deps in graph().items():
        here = STAGES.index(stage_of(module))
        for dep in deps:
            there = STAGES.index(stage_of(dep))
            if there > here:
                wrong.append(f"{module} ({stage_of(module)}) imports {dep} ({stage_of(dep)})")
    assert not wrong, "imports against the flow:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    whole = graph()
    g = {m: {d for d in deps if d in whole} for m, deps in whole.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, trail):
        state[node] = 1
        for dep in sorted(g[node]):
            if state.get(dep) == 1:
                cycles.append(
                    " → ".join([*trail[trail.index(dep) :], dep])
                    if dep in trail
                    else f"{node} → {dep}"
                )
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[node] = 2

    for node in sorted(g):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_render_never_imports_makeup():
    wrong = [
        f"{m} imports {d}"
        for m, deps in graph().items()
        if stage_of(m) == "render"
        for d in deps
        if stage_of(d) == "makeup"
    ]
    assert not wrong, "\n".join(wrong)

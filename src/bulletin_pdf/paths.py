"""Where things are: the one module that knows the package's and the checkout's folders.

A project (the folder an editor works in) holds `layouts/`, `fonts/` and `issues/`; the
package may run from a checkout of the repository (which is such a project) or be installed
elsewhere, in which case the issue's own project is found by walking up from the issue."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from bulletin_pdf.errors import InputError, Where

PACKAGE = Path(__file__).resolve().parent
# The repository checkout the package runs from (src/bulletin_pdf → the checkout), if any.
CHECKOUT = PACKAGE.parents[1]


def data_file(name: str) -> Path:
    """A file shipped with the package in bulletin_pdf/data (the ICC profile)."""
    return Path(str(resources.files("bulletin_pdf") / "data" / name))


def checkout_folder(name: str) -> Path | None:
    """`layouts`, `fonts` or `issues` of the checkout the package runs from, when there is one."""
    candidate = CHECKOUT / name
    return candidate if candidate.is_dir() else None


def sample_issue() -> Path:
    """The sample issue shipped in the checkout."""
    return CHECKOUT / "issues" / "2020-01-tianping"


def find_project_root(start: Path) -> Path:
    """The first of `start` and its ancestors that has a layouts/ folder; else the checkout
    this package was installed from, if it has one. An absolute path."""
    start = Path(start)
    here = start if start.is_dir() else start.parent
    for folder in (here.resolve(), *here.resolve().parents):
        if (folder / "layouts").is_dir():
            return folder
    if checkout_folder("layouts") is not None:
        return CHECKOUT
    raise InputError(
        f"no layouts/ folder in {here} or any folder above it",
        Where(str(start)),
        "keep issues inside a bulletin-pdf project (a folder holding layouts/ and "
        "issues/), or create layouts/ there",
    )


def layouts_folder(root: Path) -> Path:
    """A project's layouts/."""
    return Path(root) / "layouts"


def layout_file(root: Path, name: str, version: int | None = None) -> Path:
    """layouts/<name>.yaml, or with `version` its archived copy
    layouts/archive/<name>-v<version>.yaml (layouts are never edited in place)."""
    folder = layouts_folder(root)
    if version is None:
        return folder / f"{name}.yaml"
    return folder / "archive" / f"{name}-v{version}.yaml"


def fonts_folder(root: Path) -> Path:
    """A project's fonts/."""
    return Path(root) / "fonts"


def cache_folder() -> Path | None:
    """Where parsed fonts and the strict check's verdicts on JPEGs are cached:
    $BULLETIN_PDF_CACHE, else the user's cache folder (~/.cache/bulletin-pdf or
    $XDG_CACHE_HOME); None when BULLETIN_PDF_CACHE=0."""
    setting = os.environ.get("BULLETIN_PDF_CACHE")
    if setting == "0":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bulletin-pdf"

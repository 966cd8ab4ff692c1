"""Where things are: the one module that knows the package's and the checkout's folders.

A project (the folder an editor works in) holds `layouts/`, `fonts/` and `issues/`; the
package may run from a checkout of the repository (which is such a project) or be installed
elsewhere, in which case the issue's own project is found by walking up from the issue."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

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

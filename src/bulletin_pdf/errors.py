"""Messages for people: every problem names where it is, what is wrong and how to fix it.

Stages raise `InputError` for input an editor must fix (exit 2) and collect `Warning`s for
things the build survived. The CLI prints them; no stage prints anything itself.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_WARNINGS = 1  # only with --strict
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Where:
    """A place in the input: file, 1-based line (0 = unknown) and the key path inside it."""

    file: str
    line: int = 0
    field: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}"
        if self.field:
            place += f": {self.field}"
        return place


def format_message(what: str, where: Where | None, fix: str = "", indent: str = "  ") -> str:
    """The one shape of every message: "where: what", then the fix on an indented line;
    in the editor's language (i18n.py: Chinese under a Chinese locale or --lang zh)."""
    from bulletin_pdf import i18n

    if i18n.language() != "en":
        what, fix = i18n.translate(what), i18n.translate(fix)
        fix_label = i18n.label("fix") + "："
    else:
        fix_label = "fix: "
    text = f"{where}: {what}" if where else what
    if fix:
        text += f"\n{indent}{fix_label}{fix}"
    return text


class BulletinError(Exception):
    """Base of every error the tool reports to a person (never shown with a traceback)."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, what: str, where: Where | None = None, fix: str = ""):
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.message())

    def message(self) -> str:
        return format_message(self.what, self.where, self.fix)


class InputError(BulletinError):
    """The issue, the layout, a photo or a font is not as the tool needs it."""


class OversetError(BulletinError):
    """Text does not fit its page; nothing is ever dropped silently."""


class LimitError(InputError):
    """A size limit (see limits.py) was exceeded."""


@dataclass(frozen=True)
class Warning:
    """Something the build survived but an editor should see."""

    what: str
    where: Where | None = None
    fix: str = ""
    kind: str = "warning"

    def message(self) -> str:
        return format_message(self.what, self.where, self.fix)


@dataclass
class Report:
    """Warnings and notes gathered along a build, in the order they arose."""

    warnings: list[Warning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def warn(
        self, what: str, where: Where | None = None, fix: str = "", kind: str = "warning"
    ) -> None:
        self.warnings.append(Warning(what, where, fix, kind))

    def note(self, text: str) -> None:
        self.notes.append(text)


# ---- what the tool was doing, for a failure nobody foresaw -------------------------------


@contextlib.contextmanager
def doing(what: str):
    """Name a stage ("making up the pages") so that an unexpected exception leaving it can be
    reported as one message saying what the tool was doing (cli.main)."""
    try:
        yield
    except BulletinError:
        raise
    except Exception as exc:
        if not hasattr(exc, "bulletin_doing"):
            try:
                exc.bulletin_doing = what  # type: ignore[attr-defined]
            except AttributeError:  # an exception type without a __dict__
                pass
        raise


def failed_while(exc: BaseException) -> str:
    """The innermost stage `exc` left, or '' when it was raised outside every stage."""
    return getattr(exc, "bulletin_doing", "")

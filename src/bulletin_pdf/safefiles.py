"""Files the tool reads and writes, checked before any work.

Inputs (the issue file, photos, the logo, fonts, profiles, layouts) are resolved with their
symbolic links and must stay inside a boundary folder (the project, the issue folder, a
font folder); they must be regular files, since a device or a named pipe would be read
without end or block forever, and they are read with a bound on their size.

Outputs never touch inputs: a path that is an input of the issue, lies inside one of the
issue's input folders (images/, fonts/, layouts/), or is a folder, a device, a pipe, a
socket or a symbolic link is refused before anything is written.

Every problem is an InputError (or a LimitError) with the place and the fix, never an
OSError with a traceback: a symlink loop, a NUL byte, a name over 255 bytes and an
unreadable folder each get their sentence.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from bulletin_pdf.errors import InputError, LimitError, Where

NAME_MAX = 255  # bytes in one file name on every file system the tool runs on

_KIND = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
    stat.S_IFLNK: "a symbolic link",
}


def kind_of(mode: int) -> str:
    """'a folder', 'a named pipe (FIFO)', … for a stat mode; 'a file' for a regular file."""
    return _KIND.get(stat.S_IFMT(mode), "a file" if stat.S_ISREG(mode) else "a special file")


def path_problem(path: Path | str) -> str:
    """Why a path cannot even be looked at (NUL byte, over-long name), or ''."""
    text = os.fspath(path)
    if "\0" in text:
        return "contains a NUL byte (an invisible character \\0)"
    for part in Path(text).parts:
        size = len(part.encode("utf-8", "surrogateescape"))
        if size > NAME_MAX:
            return (
                f"has a name of {size} bytes ('{part[:24]}…'); file systems allow at most "
                f"{NAME_MAX} bytes (safefiles.NAME_MAX)"
            )
    return ""


def os_problem(err: OSError) -> str:
    """An OSError in words an editor can act on."""
    if err.errno == errno.ELOOP:
        return "is a loop of symbolic links (a link that leads back to itself)"
    if err.errno == errno.ENAMETOOLONG:
        return "has a name too long for the file system"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "cannot be opened: permission denied (the file or a folder above it is not readable)"
    if err.errno == errno.ENOTDIR:
        return "goes through something that is not a folder"
    if err.errno == errno.ENOSPC:
        return "cannot be written: the disk is full"
    if err.errno == errno.EROFS:
        return "cannot be written: the file system is read-only"
    if err.errno == errno.EDQUOT:
        return "cannot be written: the disk quota is used up"
    return f"cannot be used: {err.strerror or err}"


def resolve(path: Path, what: str, where: Where | None, fix: str) -> Path:
    """`path` with every symbolic link followed (it need not exist), or an InputError for a
    path that cannot be resolved: a NUL byte, a name over 255 bytes, a symlink loop."""
    problem = path_problem(path)
    if problem:
        raise InputError(f"the {what} path {_show(path)} {problem}", where, fix)
    try:
        return Path(os.path.realpath(path, strict=False))
    except (OSError, RuntimeError, ValueError) as err:
        detail = (
            os_problem(err)
            if isinstance(err, OSError)
            else "is a loop of symbolic links (a link that leads back to itself)"
        )
        raise InputError(f"the {what} path {_show(path)} {detail}", where, fix) from None


def _show(path: Path | str) -> str:
    text = os.fspath(path)
    return repr(text) if "\0" in text else f"'{text}'"


def inside(path: Path, boundary: Path) -> bool:
    """True when the resolved `path` lies in the resolved `boundary` (or is it)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(boundary))
    except (OSError, ValueError):
        return False


def input_file(
    path: Path,
    what: str,
    where: Where | None,
    *,
    boundaries: Iterable[Path],
    boundary_name: str,
    max_bytes: int,
    limit_name: str,
    fix_outside: str,
    fix_missing: str = "check the path",
) -> Path:
    """The resolved path of an input file that exists, is a regular file, lies inside one of
    `boundaries` (after following symbolic links) and is at most `max_bytes` long."""
    path = Path(path)
    target = resolve(path, what, where, fix_missing)
    if is_loop(path):
        raise InputError(
            f"the {what} {_show(path)} is a loop of symbolic links (a link that "
            "leads back to itself)",
            where,
            "replace the link by the file itself, or point it at the real file",
        )
    if not os.path.exists(path) and dangling(path):
        raise InputError(
            f"the {what} {_show(path)} is a symbolic link to {target}, which "
            "does not exist (a dangling link)",
            where,
            "point the link at the real file, or replace it with the file itself",
        )
    boundaries = list(boundaries)
    if not any(
        target.is_relative_to(resolve(b, "boundary", where, fix_missing)) for b in boundaries
    ):
        via = " through a symbolic link" if target != Path(os.path.abspath(path)) else ""
        raise InputError(
            f"the {what} {_show(path)} leads{via} outside {boundary_name} (to {target})",
            where,
            fix_outside,
        )
    try:
        st = os.stat(target)
    except OSError as err:
        if err.errno == errno.ENOENT:
            raise InputError(
                f"the {what} {_show(path)} does not exist", where, fix_missing
            ) from None
        raise InputError(
            f"the {what} {_show(path)} {os_problem(err)}", where, fix_missing
        ) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            f"the {what} {_show(path)} is {kind_of(st.st_mode)}, not a file",
            where,
            f"give the path of a regular {what} file",
        )
    if st.st_size > max_bytes:
        raise LimitError(
            f"the {what} {_show(path)} is {_size(st.st_size)}; the limit is "
            f"{_size(max_bytes)} (limits.{limit_name})",
            where,
            f"use a smaller {what} file",
        )
    return target


def is_loop(path: Path) -> bool:
    """True when following the symbolic links of `path` goes round in a circle."""
    try:
        os.stat(path)
    except OSError as err:
        return err.errno == errno.ELOOP
    return False


def dangling(path: Path) -> bool:
    """True when some symbolic link on the way to `path` points nowhere."""
    p = Path(os.path.abspath(path))
    for candidate in (p, *p.parents):
        if os.path.islink(candidate) and not os.path.exists(candidate):
            return True
    return False


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def read_bytes(
    path: Path,
    what: str,
    where: Where | None,
    max_bytes: int,
    limit_name: str,
    fix_size: str = "check that nothing was pasted into the file by mistake",
) -> bytes:
    """The bytes of a regular file, never more than `max_bytes` (a file that grows while it
    is read, or a device that has no size, stops at the bound). A named pipe, a device or a
    folder is refused before it is opened: opening a pipe would block."""
    try:
        st = os.stat(path)
    except OSError as err:
        raise InputError(
            f"the {what} {_show(path)} {os_problem(err)}",
            where,
            "check the path and that the file is readable",
        ) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            f"the {what} {_show(path)} is {kind_of(st.st_mode)}, not a file",
            where,
            f"give the path of the {what} itself",
        )
    too_big = LimitError(
        f"the {what} is {_size(st.st_size)}; the limit is {_size(max_bytes)} (limits.{limit_name})",
        where,
        fix_size,
    )
    if st.st_size > max_bytes:
        raise too_big
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise InputError(
            f"the {what} {_show(path)} {os_problem(err)}", where, "check that the file is readable"
        ) from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped after the check
            raise InputError(
                f"the {what} {_show(path)} is not a regular file",
                where,
                f"give the path of the {what} itself",
            )
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big
    return data


# ---- outputs ------------------------------------------------------------------------------


def output_file(
    path: Path,
    *,
    inputs: Iterable[Path] = (),
    input_dirs: Iterable[Path] = (),
    what: str = "output",
) -> Path:
    """Check that `path` may be written (a new file, or a regular file the tool may replace)
    and that writing it cannot touch an input; returns it. Raises InputError before any work.

    `inputs` are files the output must not be; `input_dirs` are folders it must not lie in
    (an issue's images/, the project's fonts/ and layouts/)."""
    path = Path(path)
    where = Where(str(path))
    fix = f"give another {what} path, e.g. a name ending in .pdf in a folder of its own"
    st = _lstat_or_none(path, f"the {what} path {_show(path)}", where, fix)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise InputError(
            f"the {what} path {_show(path)} is {kind_of(st.st_mode)}; the tool writes "
            "only regular files and never replaces anything else",
            where,
            fix,
        )
    target = resolve(path, what, where, fix)
    for file in inputs:
        if _same(target, Path(file)):
            raise InputError(
                f"the {what} path {_show(path)} is an input of the issue ({file}); "
                "writing it would destroy that input",
                where,
                fix,
            )
    for folder in input_dirs:
        if inside(target, Path(folder)):
            raise InputError(
                f"the {what} path {_show(path)} lies inside {folder}, which holds "
                "the issue's inputs",
                where,
                fix,
            )
    parent = _existing_parent(target)
    try:
        pst = os.stat(parent)
    except OSError as err:
        raise InputError(
            f"the folder {parent} for the {what} {os_problem(err)}", where, fix
        ) from None
    if not stat.S_ISDIR(pst.st_mode):
        raise InputError(
            f"the {what} path {_show(path)} goes through {parent}, which is "
            f"{kind_of(pst.st_mode)}, not a folder",
            where,
            fix,
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"the folder {parent} is read-only: the {what} {_show(path)} cannot be written there",
            where,
            f"give a {what} path in a folder you may write to, or make it writable",
        )
    return path


def output_folder(
    path: Path,
    *,
    inputs: Iterable[Path] = (),
    input_dirs: Iterable[Path] = (),
    what: str = "output folder",
) -> Path:
    """Check a folder the tool writes into: it is a real folder (or does not exist yet), not a
    symbolic link, a file or a device, and holds no input of the issue."""
    path = Path(path)
    where = Where(str(path))
    fix = f"give another {what}, e.g. a new folder of its own"
    st = _lstat_or_none(path, f"the {what} {_show(path)}", where, fix)
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise InputError(
            f"the {what} {_show(path)} is {kind_of(st.st_mode)}, not a folder", where, fix
        )
    target = resolve(path, what, where, fix)
    for file in inputs:
        if inside(Path(file), target):
            raise InputError(
                f"the {what} {_show(path)} holds an input of the issue ({file})", where, fix
            )
    for folder in input_dirs:
        if inside(target, Path(folder)) or inside(Path(folder), target):
            raise InputError(
                f"the {what} {_show(path)} overlaps {folder}, which holds the issue's inputs",
                where,
                fix,
            )
    parent = _existing_parent(target if st is None else target / "x")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"the folder {parent} is read-only: nothing can be written there",
            where,
            f"give a {what} you may write to, or make it writable",
        )
    return path


def _lstat_or_none(path: Path, subject: str, where: Where, fix: str) -> os.stat_result | None:
    """The output path's own status (links not followed), None where nothing is there yet;
    a path that cannot name a file, or cannot be looked at, is an InputError about `subject`."""
    problem = path_problem(path)
    if problem:
        raise InputError(f"{subject} {problem}", where, fix)
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise InputError(f"{subject} {os_problem(err)}", where, fix) from None


def _existing_parent(path: Path) -> Path:
    parent = path.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    return parent


def _same(a: Path, b: Path) -> bool:
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def write_error(err: OSError, path: Path, what: str = "output") -> InputError:
    """An OSError raised while writing, as one message (the earlier file is untouched)."""
    return InputError(
        f"the {what} {_show(path)} {os_problem(err)}; nothing was written and an "
        "earlier file there is unchanged",
        Where(str(path)),
        "free some space or choose a writable folder, then run the command again",
    )

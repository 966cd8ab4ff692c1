"""The command line. Every error an editor can cause ends here as one message and exit 2;
a traceback only with --debug. Modules are imported inside the commands so that
`bulletin-pdf --help` and small commands start fast."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bulletin_pdf.errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    BulletinError,
    Where,
    failed_while,
    format_message,
)
from bulletin_pdf.i18n import prefix, translate


def _print_warnings(report, stream=None, limit: int = 50) -> None:
    stream = stream or sys.stderr  # looked up now: a test (or a caller) may have replaced it
    for w in report.warnings[:limit]:
        print(f"{prefix('warning')}{w.message()}", file=stream)
    if len(report.warnings) > limit:
        print(f"… and {len(report.warnings) - limit} more warnings", file=stream)


def cmd_build(args) -> int:
    from bulletin_pdf.commands.build import build

    t0 = time.perf_counter()
    if args.pdfx and not args.final:
        raise BulletinError("--pdfx goes with --final (proofs are not PDF/X)", None, "add --final")
    result = build(
        Path(args.issue),
        Path(args.output) if args.output else None,
        final=args.final,
        pdfx=args.pdfx,
    )
    _print_warnings(result.report)
    for line in result.unused:
        print(f"{prefix('note')}{translate(line)}", file=sys.stderr)
    kind = f"final, PDF/{args.pdfx or 'X'}" if args.final else "proof-quality"
    print(
        f"wrote {result.output} ({result.pages} pages, {kind}) in {time.perf_counter() - t0:.2f} s"
    )
    return EXIT_OK


def _trim_size(text: str) -> tuple[float, float]:
    """--trim WIDTHxHEIGHT in mm: two finite numbers a press can cut (10 mm to 5 m)."""
    import math

    try:
        w, h = (float(v) for v in text.lower().replace("×", "x").split("x"))
    except ValueError:
        w = h = math.nan
    if not all(math.isfinite(v) and 10 <= v <= 5000 for v in (w, h)):
        raise BulletinError(
            f"--trim {text!r} is not WIDTHxHEIGHT in mm (two numbers from 10 to 5000)",
            None,
            "write e.g. --trim 270x390",
        )
    return (w, h)


def cmd_preflight(args) -> int:
    import math

    from bulletin_pdf.preflight.checks import DEFAULT_BLEED_MM, format_report, preflight

    trim = _trim_size(args.trim) if args.trim else None
    bleed = DEFAULT_BLEED_MM
    if args.layout:
        from bulletin_pdf.model.layout import MM
        from bulletin_pdf.source.load import load_layout

        layout = load_layout(args.layout, Path.cwd())
        trim = trim or (round(layout.trim_width / MM, 2), round(layout.trim_height / MM, 2))
        bleed = layout.bleed / MM
    if args.bleed is not None:
        if not (math.isfinite(args.bleed) and 0 <= args.bleed <= 50):
            raise BulletinError(
                f"--bleed {args.bleed:g} is not a bleed in mm (0 to 50)",
                None,
                "write e.g. --bleed 3",
            )
        bleed = args.bleed
    report = preflight(Path(args.pdf), trim_expected=trim, bleed_mm=bleed)
    print(format_report(report, json=args.json))
    return EXIT_OK if report.ok else 1


def cmd_import(args) -> int:
    from bulletin_pdf.commands.importdoc import import_manuscript

    if args.page is not None and args.page < 1:
        raise BulletinError(f"--page {args.page}: pages count from 1", None, "write e.g. --page 2")
    result = import_manuscript(Path(args.file), Path(args.into), args.page, dry_run=args.dry_run)
    _print_warnings(result.report)
    if args.dry_run:
        print(result.text)
        return EXIT_OK
    article = result.article
    photos = (
        f", {len(result.photo_files)} photo(s) in {', '.join(result.photo_files)}"
        if result.photo_files
        else ""
    )
    print(
        f"imported {args.file} into {result.issue_file}, page {result.page}: "
        f"'{article.title}', {len(article.body) - result.subheads} paragraphs, "
        f"{result.subheads} subheads{photos}"
    )
    return EXIT_OK


def cmd_schema(args) -> int:
    import json

    from bulletin_pdf.source.schema import issue_schema

    text = json.dumps(issue_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        from bulletin_pdf.commands.build import write_atomic

        _check_schema_output(Path(args.output))
        write_atomic(Path(args.output), text.encode("utf-8"))
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _check_schema_output(path: Path) -> None:
    """`schema -o` writes a new file or replaces a schema it wrote before, nothing else (an
    issue.yaml or a layout given by mistake stays as it is)."""
    import json

    from bulletin_pdf import limits, safefiles
    from bulletin_pdf.errors import InputError, Where
    from bulletin_pdf.source.schema import JSON_SCHEMA_DIALECT

    safefiles.output_file(path, what="schema file")
    if not path.exists():
        return
    try:
        data = safefiles.read_bytes(
            path, "schema file", Where(str(path)), limits.MAX_YAML_BYTES, "MAX_YAML_BYTES"
        )
        earlier = json.loads(data.decode("utf-8"))
    except (InputError, UnicodeDecodeError, ValueError):
        earlier = None
    if not (isinstance(earlier, dict) and earlier.get("$schema") == JSON_SCHEMA_DIALECT):
        raise InputError(
            f"{path} exists and is not a JSON Schema written by bulletin-pdf; "
            "`schema -o` never replaces another file",
            Where(str(path)),
            "give a new file name, e.g. issue.schema.json",
        )


class _Parser(argparse.ArgumentParser):
    """argparse, with its complaints in the one shape of every message."""

    def error(self, message: str):
        self.exit(2, f"error: {self.prog}: {message}\n  fix: see `{self.prog} --help`\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="bulletin-pdf",
        description="Typeset a Chinese community newsletter (社区报) into a print-ready PDF.",
    )
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of messages: zh (中文) or en (default: from the locale, e.g. LANG=zh_CN.UTF-8)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser("build", help="build an issue into a PDF")
    b.add_argument("issue", help="issue folder or its issue.yaml")
    b.add_argument("-o", "--output", help="where to write the PDF (default: next to the issue)")
    b.add_argument(
        "--final", action="store_true", help="print-shop output: bleed, crop marks, CMYK, PDF/X-1a"
    )
    b.add_argument(
        "--pdfx",
        choices=("X-1a:2003", "X-4"),
        help="with --final: the PDF/X standard (default: the layout's, else X-1a:2003)",
    )
    b.set_defaults(func=cmd_build)

    pf = sub.add_parser(
        "preflight", help="check any PDF for print: boxes, fonts, colour, images, ink"
    )
    pf.add_argument("pdf")
    pf.add_argument("--json", action="store_true", help="machine-readable report")
    pf.add_argument("--trim", help="expected trim size in mm, e.g. 270x390")
    pf.add_argument(
        "--layout", help="check trim and bleed against this layout of the project (e.g. tabloid-4k)"
    )
    pf.add_argument(
        "--bleed", type=float, help="bleed needed where anything reaches the trim, mm (default 3)"
    )
    pf.set_defaults(func=cmd_preflight)

    im = sub.add_parser(
        "import", help="add a manuscript (.docx, .txt, .md) to an issue as an article"
    )
    im.add_argument(
        "file", help="the manuscript: a Word document (.docx), plain text (.txt) or Markdown (.md)"
    )
    im.add_argument(
        "--into",
        default=".",
        metavar="ISSUE",
        help="the issue folder or its issue.yaml (default: the current folder)",
    )
    im.add_argument(
        "--page",
        type=int,
        metavar="N",
        help="the page to add the article to, from 1 (default: the last page; "
        "one past the last starts a new page)",
    )
    im.add_argument(
        "--dry-run",
        action="store_true",
        help="print the article as it would be added; change nothing",
    )
    im.set_defaults(func=cmd_import)

    sc = sub.add_parser(
        "schema", help="print the JSON Schema of the issue YAML (for editors' autocompletion)"
    )
    sc.add_argument("-o", "--output", help="write it to this file")
    sc.set_defaults(func=cmd_schema)

    from . import workflow  # check, proof, preview, new, batch

    workflow.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.lang:
        from bulletin_pdf import i18n

        i18n.set_language(args.lang)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except BulletinError as e:
        if args.debug:
            raise
        print(f"{prefix('error')}{e.message()}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # every failure ends as one message
        if args.debug:
            raise
        print(f"{prefix('error')}{unexpected_message(e, args)}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unexpected_message(e: BaseException, args) -> str:
    """One message for an exception no stage turned into a BulletinError: the command and its
    input (where), what the tool was doing and what went wrong (what), and what to do (fix)."""
    import errno

    target = (
        getattr(args, "issue", None) or getattr(args, "folder", None) or getattr(args, "pdf", None)
    )
    where = _one_line(f"{args.command} {target}" if target else args.command)
    stage = failed_while(e) or f"running `{args.command}`"
    try:
        text = str(e)
    except Exception:  # an exception whose own message fails
        text = "(its message cannot be shown)"
    detail = _one_line(f"{type(e).__name__}: {text}" if text else type(e).__name__)
    if isinstance(e, MemoryError):
        what = f"ran out of memory while {stage}"
        fix = (
            "close other programs, or check the inputs against the bounds in "
            "src/bulletin_pdf/limits.py (a photo or a text far larger than usual)"
        )
    elif isinstance(e, OSError) and e.errno in (
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
    ):
        name = _one_line(f" {e.filename}") if getattr(e, "filename", None) else ""
        what = f"{detail} while {stage}{name}; an earlier output is unchanged"
        fix = "free some disk space or choose a folder you may write to, then run again"
    else:
        what = f"internal error while {stage}: {detail}"
        fix = (
            "this is a fault in bulletin-pdf, not in your input; run again with --debug "
            "(before the command) to see the traceback, and report it with the issue"
        )
    return format_message(what, Where(where), fix)


def _closed_pipe() -> int:
    """The reader went away (`… | head`): stop quietly, as any Unix tool does. Python would
    complain once more when it flushes stdout at exit, so stdout goes to /dev/null first."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, the status of a tool the pipe stopped


if __name__ == "__main__":
    sys.exit(main())

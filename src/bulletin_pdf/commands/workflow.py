"""The editor's proof loop and batch reprints: the commands check, proof, preview, serve, new
and batch. cli.py calls `add_commands(subparsers)`; each command here only reads its
arguments, calls the module that does the work and prints the outcome. Modules are
imported inside the commands so that `bulletin-pdf --help` stays fast."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import time
from pathlib import Path

from bulletin_pdf.errors import EXIT_OK, InputError
from bulletin_pdf.i18n import prefix

MAX_DPI = 600  # a 270×390 mm page at 600 dpi is already 59 megapixels


def add_commands(sub) -> None:
    """Register the workflow subcommands on cli's argparse subparsers object."""
    c = sub.add_parser(
        "check",
        help="validate an issue and make it up without writing a PDF; "
        "report overset, unused space, photos, fonts, §1.6 rules",
    )
    c.add_argument("issue", help="issue folder or its issue.yaml")
    c.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    c.add_argument(
        "--final",
        action="store_true",
        help="judge it as build --final would: §1.6 wording (本报, 记者 …) is then an error",
    )
    c.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "proof",
        help="build a 校样 proof: watermark, slug with the build time, "
        "overset text printed on 超版 sheets after its page",
    )
    p.add_argument("issue", help="issue folder or its issue.yaml")
    p.add_argument(
        "-o",
        "--output",
        help="where to write the proof (default: <issue>-proof.pdf next to the issue)",
    )
    p.add_argument("--grid", action="store_true", help="overlay the column and baseline grid")
    p.add_argument(
        "--watch",
        action="store_true",
        help="rebuild whenever the issue, a photo, the layout or a font changes",
    )
    p.set_defaults(func=cmd_proof)

    v = sub.add_parser("preview", help="a PNG per page (and thumbnails) for screens and e-mail")
    v.add_argument("issue", help="issue folder or its issue.yaml")
    v.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for page-N.png")
    v.add_argument(
        "--dpi", type=float, default=100, help="resolution of the page images (default 100)"
    )
    v.add_argument("--thumbs", action="store_true", help="also thumb-N.png, 200 px wide")
    v.add_argument("--watch", action="store_true", help="re-render whenever an input changes")
    v.set_defaults(func=cmd_preview)

    n = sub.add_parser("new", help="scaffold the next issue from the previous one")
    n.add_argument("folder", help="the new issue's folder (must not exist), e.g. issues/2020-02")
    n.add_argument(
        "--from",
        dest="previous",
        required=True,
        metavar="ISSUE",
        help="the previous issue (folder or issue.yaml)",
    )
    n.add_argument(
        "--date",
        type=_date,
        help="publication date YYYY-MM-DD (default: one month after the previous issue)",
    )
    n.set_defaults(func=cmd_new)

    s = sub.add_parser(
        "serve",
        help="the proof desk in the browser: pages, findings beside them, updated on every save",
    )
    s.add_argument("issue", help="issue folder or its issue.yaml")
    s.add_argument(
        "--port", type=int, default=8717, help="port to listen on (default 8717; 0 = any free one)"
    )
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; another address "
        "lets anyone who can reach it read the issue)",
    )
    s.set_defaults(func=cmd_serve)

    b = sub.add_parser(
        "batch",
        help="build every issue under a folder, in parallel, skipping those already up to date",
    )
    b.add_argument("folder", help="folder searched for issue.yaml files, e.g. issues/")
    b.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder for the PDFs and manifest.json"
    )
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        help="parallel workers (default: one per core this process may use)",
    )
    b.add_argument("--final", action="store_true", help="print-shop PDFs (PDF/X-1a, bleed, marks)")
    b.add_argument(
        "--shard", metavar="I/N", help="build only every N-th issue, starting with the I-th"
    )
    b.add_argument(
        "--verify",
        action="store_true",
        help="rebuild everything in memory and compare with the recorded PDFs, byte for byte",
    )
    b.set_defaults(func=cmd_batch)


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2020-02-20") from None


# ---- check ------------------------------------------------------------------------------


def cmd_check(args) -> int:
    from bulletin_pdf.commands.check import check_issue, format_result

    result = check_issue(Path(args.issue), final=args.final)
    print(format_result(result))
    return result.exit_code(strict=args.strict)


# ---- proof and preview --------------------------------------------------------------------


def proof_stamp() -> str:
    """The build time printed in a proof's slug: the one place the tool reads the clock."""
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _problems(made) -> list[str]:
    """Everything the editor should see after a build, one string each."""
    from bulletin_pdf.commands.build import describe_overset

    lines = [f"page {o.page}: {describe_overset(o)}" for o in made.makeup.overset]
    lines += [w.message() for w in made.report.warnings]
    lines += [f"note: {u}" for u in made.makeup.unused]
    return lines


def proof_once(issue: Path, output: Path | None, grid: bool, warm=None):
    """Make the issue and write its proof; returns a watch.Outcome. `warm`: a
    warm.WarmCache kept between the rebuilds of --watch."""
    from bulletin_pdf.commands.build import (
        check_output_early,
        check_output_made,
        default_output,
        make,
        render_made,
        write_atomic,
    )
    from bulletin_pdf.commands.watch import Outcome
    from bulletin_pdf.source.inputs import issue_inputs

    check_output_early(issue, output)
    made = make(issue, warm=warm)
    out = Path(output) if output else default_output(made.issue, "-proof")
    check_output_made(made, out)
    pdf = render_made(made, proof=True, grid=grid, proof_stamp=proof_stamp())
    write_atomic(out, pdf)
    overset = f", {len(made.makeup.overset)} blocks overset" if made.makeup.overset else ""
    return Outcome(
        issue_inputs(made),
        _problems(made),
        f"wrote {out} ({len(made.makeup.pages)} pages, proof{overset})",
    )


def preview_once(issue: Path, out_dir: Path, dpi: float, thumbs: bool, warm=None):
    """Make the issue and write its page images; returns a watch.Outcome."""
    from bulletin_pdf.commands.build import check_output_early, check_output_made, make, render_made
    from bulletin_pdf.commands.preview import check_preview_folder, render_previews
    from bulletin_pdf.commands.watch import Outcome
    from bulletin_pdf.source.inputs import issue_inputs

    check_output_early(issue, out_dir, folder=True)
    check_preview_folder(out_dir)
    made = make(issue, warm=warm)
    check_output_made(made, out_dir, folder=True)
    pdf = render_made(made)
    render_previews(pdf, out_dir, dpi=dpi, thumbs=thumbs)
    pages = len(made.makeup.pages)
    extra = f" and {pages} thumbnails" if thumbs else ""
    return Outcome(
        issue_inputs(made),
        _problems(made),
        f"wrote {pages} page images{extra} to {out_dir} at {dpi:g} dpi",
    )


def _warm(watch: bool):
    from bulletin_pdf.commands.warm import WarmCache

    return WarmCache() if watch else None


def _run(once, issue: Path, watch: bool) -> int:
    if watch:
        from bulletin_pdf.commands.watch import watch as watch_loop
        from bulletin_pdf.source.load import issue_file

        return watch_loop(once, [issue_file(issue)])
    t0 = time.perf_counter()
    outcome = once()
    for line in outcome.warnings:
        print(line if line.startswith("note: ") else f"{prefix('warning')}{line}", file=sys.stderr)
    print(f"{outcome.summary} in {time.perf_counter() - t0:.2f} s")
    return EXIT_OK


def cmd_proof(args) -> int:
    issue = Path(args.issue)
    output = Path(args.output) if args.output else None
    warm = _warm(args.watch)
    return _run(lambda: proof_once(issue, output, args.grid, warm), issue, args.watch)


def cmd_preview(args) -> int:
    if not 10 <= args.dpi <= MAX_DPI:
        raise InputError(
            f"--dpi {args.dpi:g} is outside 10–{MAX_DPI}",
            None,
            "100 is right for a screen, 150–200 for a printed check",
        )
    issue, out_dir = Path(args.issue), Path(args.output)
    warm = _warm(args.watch)
    return _run(
        lambda: preview_once(issue, out_dir, args.dpi, args.thumbs, warm), issue, args.watch
    )


# ---- serve ----------------------------------------------------------------------------------


def cmd_serve(args) -> int:
    from bulletin_pdf.commands.serve import serve

    if not 0 <= args.port <= 65535:
        raise InputError(
            f"--port {args.port} is not a port (0–65535)", None, "write e.g. --port 8717"
        )
    return serve(Path(args.issue), host=args.host, port=args.port, proof_stamp=proof_stamp)


# ---- new ----------------------------------------------------------------------------------


def cmd_new(args) -> int:
    from bulletin_pdf.commands.newissue import new_issue
    from bulletin_pdf.source.load import load_issue

    file = new_issue(Path(args.previous), Path(args.folder), args.date)
    issue = load_issue(file)
    print(
        f"wrote {file}: {issue.newsletter.name.value} 第{issue.number}期, {issue.date.isoformat()}, "
        f"{len(issue.pages)} pages"
    )
    print(
        f"fill every 【待填】, put photos in {Path(args.folder) / 'images'}, then run "
        f"`bulletin-pdf check {args.folder}`"
    )
    return EXIT_OK


# ---- batch --------------------------------------------------------------------------------


def cmd_batch(args) -> int:
    from bulletin_pdf.commands.batch import format_summary, run_batch

    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"-j {args.jobs}: at least one worker is needed", None, "write e.g. -j 2")
    outcome = run_batch(
        Path(args.folder),
        Path(args.output),
        jobs=args.jobs,
        final=args.final,
        shard_spec=args.shard,
        verify=args.verify,
    )
    print(format_summary(outcome, Path(args.folder)))
    return outcome.exit_code()

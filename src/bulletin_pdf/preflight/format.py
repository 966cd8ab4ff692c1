"""The preflight report for people (a table and the findings, each with its rule) or as JSON."""

from __future__ import annotations

import json as _json

from bulletin_pdf.preflight.report import PreflightReport


def pages_text(numbers: list[int]) -> str:
    nums = sorted(set(numbers))
    if not nums:
        return "no page"
    runs, start, prev = [], nums[0], nums[0]
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ("page " if len(nums) == 1 else "pages ") + ", ".join(runs)


def format_report(report: PreflightReport, json: bool = False) -> str:
    """The report for people (or as JSON for scripts)."""
    if json:
        return _json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
    out = []
    verdict = "PASS" if report.ok else "FAIL"
    out.append(
        f"preflight {report.path}: {verdict} — {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s); checked as {report.standard}"
    )
    claim = report.claimed or "no PDF/X claim"
    intent = ""
    if report.output_intent:
        oi = report.output_intent
        prof = oi.get("profile")
        intent = f"; output intent {oi['identifier']!r}" + (
            f" ({prof['class']}/{prof['space']} profile, {prof['bytes']} bytes)"
            if prof
            else " (no profile)"
        )
    out.append(f"PDF {report.pdf_version}, {len(report.pages)} page(s), {claim}{intent}")
    out.append("")
    out.append(
        f"{'page':>4}  {'trim mm':>13}  {'bleed mm':>8}  {'media mm':>13}  {'ink C/M/Y/K %':>23}  "
        f"{'max TAC':>7}  {'min text':>8}"
    )
    for p in report.pages:
        trim = f"{p.trim_mm[0]:g}×{p.trim_mm[1]:g}" if p.trim_mm else "—"
        media = f"{p.media_mm[0]:g}×{p.media_mm[1]:g}"
        bleed = "—"
        if p.bleed_mm:
            sides = set(p.bleed_mm)
            bleed = (
                f"{p.bleed_mm[0]:g}" if len(sides) == 1 else "/".join(f"{v:g}" for v in p.bleed_mm)
            )
        ink = "/".join(f"{v:.1f}" for v in p.ink) if p.ink else "—"
        tac = f"{p.max_tac:.0f}%" if p.max_tac is not None else "—"
        text = f"{p.smallest_text_pt:g} pt" if p.smallest_text_pt else "—"
        out.append(
            f"{p.number:>4}  {trim:>13}  {bleed:>8}  {media:>13}  {ink:>23}  {tac:>7}  {text:>8}"
        )
    if report.fonts:
        out.append("")
        out.append("fonts:")
        for f in report.fonts:
            state = "embedded" + (" subset" if f.subset else "") if f.embedded else "NOT EMBEDDED"
            out.append(f"  {f.name} ({f.subtype}, {state}) {pages_text(f.pages)}")
    if report.images:
        out.append("")
        low = min(report.images, key=lambda i: i.ppi)
        out.append(
            f"images: {len(report.images)} placed; lowest {low.ppi:.0f} ppi "
            f"({low.name} on page {low.page}); colour: "
            + ", ".join(sorted({i.colour_space for i in report.images}))
        )
    spaces = sorted({c for p in report.pages for c in p.colour_spaces})
    if spaces:
        out.append("colour spaces: " + ", ".join(spaces))
    for title, items in (
        ("errors", report.errors),
        ("warnings", report.warnings),
        ("notes", report.notes),
    ):
        if not items:
            continue
        out.append("")
        out.append(f"{title}:")
        for finding in items:
            where = f"{pages_text(finding.pages)}: " if finding.pages else ""
            out.append(f"  [{finding.rule}] {where}{finding.message}")
            if finding.where:
                out.append(f"      at: {finding.where}")
            if finding.fix:
                out.append(f"      fix: {finding.fix}")
    return "\n".join(out)

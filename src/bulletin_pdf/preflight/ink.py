"""Ink: Ghostscript separates every page (tiffsep: one plate per process colour and per spot
colour, with overprint as the press does it), and the plates are summed inside the bleed
box — the crop and registration marks outside it are 400 % by design.

Ghostscript runs bounded (limits.py): in its own temporary folder, with a cap on the size
of any file it writes and on its memory, and killed past a time limit."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bulletin_pdf import limits
from bulletin_pdf.preflight.report import ERROR, NOTE, WARNING, PageReport, PreflightReport

TAC_AREA_TOLERANCE_MM2 = 4.0  # over-limit ink on less than this (a 2 × 2 mm spot) only warns
_PLATE = re.compile(r"p(\d{5})\((.+)\)\.tif$")


def _bounded():
    """In the child, before Ghostscript starts: its own process group and resource caps."""
    import resource

    os.setsid()
    size = limits.MAX_GS_FILE_BYTES
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    mem = limits.MAX_GS_MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))


def run_ghostscript(args: list[str], folder: Path) -> tuple[int, str]:
    """Run gs with `args`, temporary files in `folder`; (exit status, last message line).
    Raises TimeoutError when it runs past the limit (the whole process group is killed)."""
    env = dict(os.environ, TMPDIR=str(folder), TEMP=str(folder), TMP=str(folder))
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=folder,
        env=env,
        preexec_fn=_bounded,
        text=True,
        errors="replace",
    )
    try:
        out, _ = proc.communicate(timeout=limits.MAX_GS_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TimeoutError from None
    lines = [line for line in (out or "").strip().splitlines() if line.strip()]
    return proc.returncode, (lines[-1] if lines else "")


def measure_ink(path: Path, report: PreflightReport, max_tac: float, resolution: float) -> None:
    gs = shutil.which("gs")
    if gs is None:
        report.add(
            NOTE,
            "ink.unmeasured",
            "ink coverage not measured: Ghostscript (gs) is not installed",
            "apt-get install ghostscript",
        )
        return
    with tempfile.TemporaryDirectory(prefix="bulletin-preflight-") as tmp:
        folder = Path(tmp)
        cmd = [
            gs,
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-dNOINTERPOLATE",
            "-sDEVICE=tiffsep",
            f"-r{resolution:g}",
            f"-dLastPage={limits.MAX_PREFLIGHT_PAGES}",
            f"-sOutputFile={folder}/p%05d.tif",
            str(Path(path).resolve()),
        ]
        try:
            status, last = run_ghostscript(cmd, folder)
        except TimeoutError:
            report.add(
                ERROR,
                "ink.unmeasured",
                f"ink coverage not measured: Ghostscript ran past {limits.MAX_GS_SECONDS} s "
                "(limits.MAX_GS_SECONDS) and was stopped",
                "a page this slow to render will stall the RIP too: simplify or flatten it",
            )
            return
        if status != 0:
            why = (
                "it wrote more than the size limit (limits.MAX_GS_FILE_BYTES)"
                if status in (-signal.SIGXFSZ, 128 + signal.SIGXFSZ)
                else f"it could not render the file ({last or status})"
            )
            report.add(
                ERROR,
                "ink.unmeasured",
                f"ink coverage not measured: {why}",
                "open and re-export the file; a RIP will stumble on it as Ghostscript did",
            )
            return
        plates: dict[int, list[Path]] = {}
        for f in folder.iterdir():
            found = _PLATE.match(f.name)
            if found:
                plates.setdefault(int(found.group(1)), []).append(f)
        for page in report.pages:
            if plates.get(page.number):
                _page_ink(page, sorted(plates[page.number]), max_tac, resolution)
        report.ink_checked = True
    _ink_findings(report, max_tac)


def _page_ink(page: PageReport, plates: list[Path], max_tac: float, resolution: float) -> None:
    from PIL import Image, ImageChops, ImageMath

    total: Any = None
    means = {}
    for plate in plates:
        with Image.open(plate) as im:
            inked = ImageChops.invert(im.convert("L"))  # tiffsep draws ink as dark
        found = _PLATE.match(plate.name)
        name = found.group(2) if found else plate.name
        size = inked.size
        trim_im = inked.crop(_pixels(page, page.trim or page.art or page.media, size, resolution))
        from PIL import ImageStat

        means[name] = ImageStat.Stat(trim_im).mean[0] * 100.0 / 255.0
        region = inked.crop(_pixels(page, page.bleed or page.trim or page.media, size, resolution))
        as_int = region.convert("I")
        total = (
            as_int
            if total is None
            else ImageMath.lambda_eval(lambda a: a["t"] + a["p"], t=total, p=as_int)
        )
    c, m, y, k = (round(means.get(n, 0.0), 2) for n in ("Cyan", "Magenta", "Yellow", "Black"))
    page.ink = (c, m, y, k)
    hi = total.getextrema()[1]
    page.max_tac = round(hi * 100.0 / 255.0, 1)
    limit_units = max_tac * 255.0 / 100.0
    over = ImageMath.lambda_eval(lambda a: a["t"] > limit_units, t=total).convert("L")
    over_px = over.histogram()[1] if over.mode == "L" else 0
    page.tac_over_mm2 = round(over_px * (25.4 / resolution) ** 2, 1)


def _ink_findings(report: PreflightReport, max_tac: float) -> None:
    heavy = [p for p in report.pages if p.tac_over_mm2 and p.tac_over_mm2 > TAC_AREA_TOLERANCE_MM2]
    spots = [p for p in report.pages if p.tac_over_mm2 and p not in heavy]
    if heavy:
        worst = max(heavy, key=lambda p: (p.max_tac, p.tac_over_mm2))
        report.add_for_pages(
            ERROR,
            "ink.tac",
            f"total ink goes over {max_tac:.0f}%: up to {worst.max_tac:.0f}% on "
            f"{worst.tac_over_mm2:.0f} mm² (page {worst.number}); newsprint smears and sets off above "
            "the limit",
            "separate photos with the press profile, set text in 100 K (not RGB black) and keep rich "
            f"blacks under {max_tac:.0f}% (e.g. C40 M30 Y30 K100 = 200%)",
            heavy,
        )
    if spots:
        report.add_for_pages(
            WARNING,
            "ink.tac",
            f"total ink goes over {max_tac:.0f}% on small spots (under {TAC_AREA_TOLERANCE_MM2:g} mm²), "
            f"up to {max(p.max_tac or 0.0 for p in spots):.0f}%",
            "check those spots at full size",
            spots,
        )


def _pixels(
    page: PageReport, box, size: tuple[int, int], resolution: float
) -> tuple[int, int, int, int]:
    """The pixel rectangle of a page box in Ghostscript's render of the MediaBox, which it
    turns by the page's /Rotate (clockwise)."""
    w, h = size
    mx0, my0, mx1, my1 = page.media
    mw, mh = mx1 - mx0, my1 - my0
    s = resolution / 72.0

    def to_px(x: float, y: float) -> tuple[float, float]:
        x, y = x - mx0, y - my0
        rot = page.rotate % 360
        if rot == 90:
            return (y * s, x * s)
        if rot == 180:
            return ((mw - x) * s, y * s)
        if rot == 270:
            return ((mh - y) * s, (mw - x) * s)
        return (x * s, (mh - y) * s)

    a, b = to_px(box[0], box[1]), to_px(box[2], box[3])
    left, right = sorted((round(a[0]), round(b[0])))
    top, bottom = sorted((round(a[1]), round(b[1])))
    left, top = max(0, min(left, w - 1)), max(0, min(top, h - 1))
    right, bottom = max(left + 1, min(right, w)), max(top + 1, min(bottom, h))
    return (left, top, right, bottom)

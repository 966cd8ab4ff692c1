"""`proof`, `preview` and the `--watch` loop."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

from bulletin_pdf.commands import cli
from bulletin_pdf.commands.watch import Outcome, watch
from bulletin_pdf.errors import EXIT_BAD_INPUT, EXIT_OK, InputError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2020-01-tianping"
MM = 72 / 25.4


def pdf_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_proof_has_watermark_slug_and_build_time(tmp_path, capsys, monkeypatch):
    from bulletin_pdf.commands import workflow

    monkeypatch.setattr(workflow, "proof_stamp", lambda: "2031-02-03 04:05:06")
    out = tmp_path / "proof.pdf"
    assert cli.main(["proof", str(SAMPLE), "-o", str(out), "--grid"]) == EXIT_OK
    pages = pdf_text(out)
    assert len(pages) == 2
    for page in pages:
        assert "校样" in page
        assert "2031-02-03 04:05:06" in page  # the build time, on every page's slug
    assert "wrote" in capsys.readouterr().out


def test_plain_build_never_carries_the_clock(tmp_path):
    from bulletin_pdf.commands.build import build

    out = tmp_path / "plain.pdf"
    build(SAMPLE, out)
    assert all("校样" not in page for page in pdf_text(out))


def test_preview_pngs_at_trim_size_and_dpi(tmp_path, capsys):
    from PIL import Image

    out = tmp_path / "previews"
    assert cli.main(["preview", str(SAMPLE), "-o", str(out), "--dpi", "40", "--thumbs"]) == EXIT_OK
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        ".bulletin-preview.json",
        "page-1.png",
        "page-2.png",
        "thumb-1.png",
        "thumb-2.png",
    ]
    for n in (1, 2):
        with Image.open(out / f"page-{n}.png") as page:
            # 270×390 mm at 40 dpi is 425.2×614.2 px; the rasteriser rounds up
            width, height = page.size
            assert abs(width - 270 * MM / 72 * 40) < 1 and abs(height - 390 * MM / 72 * 40) < 1
            assert round(page.info["dpi"][0]) == 40
            # a page with content: not a blank image
            assert page.convert("L").getextrema()[0] < 100
        with Image.open(out / f"thumb-{n}.png") as thumb:
            assert thumb.size[0] == 200 and abs(thumb.size[1] - round(200 * 390 / 270)) <= 1


def test_preview_removes_only_the_previews_it_wrote(tmp_path, capsys):
    import json

    out = tmp_path / "previews"
    assert cli.main(["preview", str(SAMPLE), "-o", str(out), "--dpi", "20", "--thumbs"]) == EXIT_OK
    # as if an earlier, longer version of the issue had had a 7th page
    record = json.loads((out / ".bulletin-preview.json").read_text())
    record["files"].append("page-7.png")
    (out / ".bulletin-preview.json").write_text(json.dumps(record))
    (out / "page-7.png").write_bytes(b"left from a longer issue")
    (out / "notes.txt").write_text("keep me")
    assert cli.main(["preview", str(SAMPLE), "-o", str(out), "--dpi", "20"]) == EXIT_OK
    names = sorted(p.name for p in out.iterdir())
    assert names == [".bulletin-preview.json", "notes.txt", "page-1.png", "page-2.png"]
    assert json.loads((out / ".bulletin-preview.json").read_text())["files"] == [
        "page-1.png",
        "page-2.png",
    ]


def test_preview_never_writes_into_a_folder_it_does_not_own(tmp_path, capsys):
    out = tmp_path / "holiday-photos"
    out.mkdir()
    (out / "page-1.png").write_bytes(b"someone's own picture")
    assert cli.main(["preview", str(SAMPLE), "-o", str(out), "--dpi", "20"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "a preview did not write (page-1.png)" in err and "fix:" in err
    assert [p.name for p in out.iterdir()] == ["page-1.png"]
    assert (out / "page-1.png").read_bytes() == b"someone's own picture"


def test_preview_refuses_absurd_dpi(tmp_path, capsys):
    assert (
        cli.main(["preview", str(SAMPLE), "-o", str(tmp_path), "--dpi", "5000"]) == EXIT_BAD_INPUT
    )
    assert "--dpi" in capsys.readouterr().err


# ---- the watch loop, with a fake build and no real waiting ----------------------------------


class FakeBuild:
    def __init__(self, inputs, script):
        self.inputs = inputs
        self.script = list(script)  # per build: list of warnings, or an exception
        self.builds = 0

    def __call__(self):
        self.builds += 1
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return Outcome(self.inputs, step, f"build {self.builds}")


def touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_watch_rebuilds_on_change_and_prints_only_new_warnings(tmp_path):
    yaml_file, photo = tmp_path / "issue.yaml", tmp_path / "photo.jpg"
    yaml_file.write_text("a")
    photo.write_bytes(b"x")
    build = FakeBuild(
        [yaml_file, photo],
        [
            ["page 1: 3 empty lines"],
            ["page 1: 3 empty lines", "photo.jpg: 150 ppi"],  # a new warning
            InputError("line 4: bad indentation"),  # a failed rebuild
            ["page 1: 3 empty lines"],
        ],
    )
    polls = {"n": 0}

    def sleep(seconds):
        polls["n"] += 1
        if polls["n"] in (2, 6, 10):  # editor saves between polls
            touch_later(photo if polls["n"] == 2 else yaml_file)

    out = io.StringIO()
    code = watch(build, [yaml_file], out=out, sleep=sleep, should_stop=lambda: polls["n"] >= 14)
    text = out.getvalue()
    assert code == EXIT_OK and build.builds == 4
    assert text.count("3 empty lines") == 1  # printed once, when first seen
    assert "new warning: photo.jpg: 150 ppi" in text
    assert "build failed: line 4: bad indentation" in text
    assert "changed: photo.jpg" in text and "changed: issue.yaml" in text


def test_watch_ends_cleanly_on_ctrl_c(tmp_path):
    f = tmp_path / "issue.yaml"
    f.write_text("a")

    def sleep(seconds):
        raise KeyboardInterrupt

    out = io.StringIO()
    assert watch(FakeBuild([f], [[]]), [f], out=out, sleep=sleep) == EXIT_OK
    assert "stopped watching" in out.getvalue()


def test_watch_keeps_fonts_warm_between_real_rebuilds(tmp_path, monkeypatch):
    """Two real proof builds in one process: the second parses no font file again."""
    from reportlab.pdfbase import ttfonts

    from bulletin_pdf.commands.workflow import proof_once

    folder = tmp_path / "issue"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.pdf"))
    first = proof_once(folder, tmp_path / "p.pdf", grid=False)
    assert folder / "issue.yaml" in first.inputs
    assert any(p.suffix == ".ttf" for p in first.inputs) and any(
        p.suffix == ".jpg" for p in first.inputs
    )

    def no_parsing(*args, **kwargs):
        raise AssertionError("a font was parsed again")

    monkeypatch.setattr(ttfonts.TTFont, "__init__", no_parsing)
    again = proof_once(folder, tmp_path / "p.pdf", grid=False)
    assert again.inputs == first.inputs

"""A phone stores its photo as the sensor saw it and says in EXIF how to turn it (3: 180°,
6: 90° clockwise, 8: 90° anticlockwise). The page must show it upright, in the proof and in
the final PDF, with the photo's ratio and focus applied to the upright picture."""

from __future__ import annotations

import pytest
from conftest import ROOT
from PIL import Image, ImageDraw

from bulletin_pdf.commands.build import build, make
from bulletin_pdf.model.display import ImageItem

ISSUE = """newsletter:
  name: 测试
number: 1
date: 2020-01-20
layout: tabloid-4k
pages:
  - blocks:
      - type: photo
        file: images/phone.jpg
        caption: 手机拍摄的照片
        columns: 1
        ratio: 1
        focus: [{fx}, {fy}]
      - type: article
        title: 标题
        columns: 4
        body: 正文。
"""

# Stored 900 × 600: a red square in the stored top-left corner, a blue one bottom-right.
# Where each lands once the photo is upright, and the focus that keeps red and cuts blue
# from a square crop: orientation → (red corner, upright size, focus).
TURNS = {
    3: ("bottom-right", (900, 600), (1.0, 0.5)),
    6: ("top-right", (600, 900), (0.5, 0.0)),
    8: ("bottom-left", (600, 900), (0.5, 1.0)),
}


@pytest.fixture
def project(tmp_path):
    """A project whose layout does not grow photos into empty lines, so that each frame
    is the square its ratio asks for and the corners can be told apart."""
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    (tmp_path / "layouts").mkdir()
    layout = (ROOT / "layouts" / "tabloid-4k.yaml").read_text(encoding="utf-8")
    assert "photo_fill: true" in layout
    (tmp_path / "layouts" / "tabloid-4k.yaml").write_text(
        layout.replace("photo_fill: true", "photo_fill: false"), encoding="utf-8"
    )

    def write_issue(name: str, text: str):
        folder = tmp_path / "issues" / name
        (folder / "images").mkdir(parents=True)
        (folder / "issue.yaml").write_text(text, encoding="utf-8")
        return folder

    return write_issue


def _phone_photo(path, orientation: int) -> None:
    im = Image.new("RGB", (900, 600), (128, 128, 128))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, 179, 179), fill=(220, 20, 20))
    draw.rectangle((720, 420, 899, 599), fill=(20, 20, 220))
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, "JPEG", quality=92, exif=exif.tobytes())


def _corners(pdf, item: ImageItem) -> dict[str, str]:
    """The colour (red, blue, grey) a little inside each corner of the photo's frame, as
    PDFium draws the page. The frame comes from the display list, in trim coordinates."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        scale = 2.0
        media_left, _, _, media_top = page.get_mediabox()
        trim_left, _, _, trim_top = page.get_trimbox()
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()

    def colour(fx: float, fy: float) -> str:
        x = trim_left - media_left + item.x + fx * item.width
        y = (media_top - trim_top) + item.y + fy * item.height
        r, g, b = image.getpixel((round(x * scale), round(y * scale)))
        if r > g + 60 and r > b + 60:
            return "red"
        if b > r + 60 and b > g + 60:
            return "blue"
        return "grey"

    inset = 0.08
    return {
        "top-left": colour(inset, inset),
        "top-right": colour(1 - inset, inset),
        "bottom-left": colour(inset, 1 - inset),
        "bottom-right": colour(1 - inset, 1 - inset),
    }


@pytest.mark.parametrize("orientation", sorted(TURNS))
@pytest.mark.parametrize("final", [False, True], ids=["proof", "final"])
def test_phone_photo_stands_upright_with_its_crop(project, tmp_path, orientation, final):
    red_corner, upright, (fx, fy) = TURNS[orientation]
    folder = project("phone", ISSUE.format(fx=fx, fy=fy))
    _phone_photo(folder / "images" / "phone.jpg", orientation)

    from bulletin_pdf.photos.images import image_info

    assert tuple(image_info(folder / "images" / "phone.jpg")) == upright
    made = make(folder)
    photo = next(i for i in made.makeup.pages[0].items if isinstance(i, ImageItem))
    # ratio 1 on the upright picture (the height is taken to whole grid lines)
    assert photo.width == pytest.approx(photo.height, rel=0.05)

    out = tmp_path / "out.pdf"
    build(folder, out, final=final)
    corners = _corners(out, photo)
    assert corners[red_corner] == "red", corners
    assert list(corners.values()).count("red") == 1, corners
    assert "blue" not in corners.values(), corners  # the focus cut the other corner away


def test_an_upright_photo_is_not_turned(project, tmp_path):
    """The control: without EXIF orientation the red corner stays top-left."""
    folder = project("plain", ISSUE.format(fx=0.0, fy=0.5))
    im = Image.new("RGB", (900, 600), (128, 128, 128))
    ImageDraw.Draw(im).rectangle((0, 0, 179, 179), fill=(220, 20, 20))
    im.save(folder / "images" / "phone.jpg", "JPEG", quality=92)
    made = make(folder)
    photo = next(i for i in made.makeup.pages[0].items if isinstance(i, ImageItem))
    out = tmp_path / "out.pdf"
    build(folder, out)
    assert _corners(out, photo)["top-left"] == "red"


@pytest.mark.parametrize("long_side, flagged", [(1280, True), (1281, False), (2000, False)])
def test_check_flags_a_photo_a_messaging_app_shrank(project, long_side, flagged):
    """WeChat sends a photo shrunk to 1280 px on its long side unless 原图 is ticked: check
    says so, with the fix, even where the photo has resolution enough for its frame."""
    from bulletin_pdf.commands.check import check_issue

    folder = project("wechat", ISSUE.format(fx=0.5, fy=0.5))
    Image.new("RGB", (long_side, long_side * 2 // 3), (128, 128, 128)).save(
        folder / "images" / "phone.jpg", "JPEG", quality=85
    )
    result = check_issue(folder)
    found = [f for f in result.findings if "messaging app" in f.what]
    if not flagged:
        assert not found
        return
    assert len(found) == 1 and found[0].level == "warning"
    assert f"is {long_side} × {long_side * 2 // 3} pixels" in found[0].what
    assert "ask the sender for the original (原图)" in found[0].fix
    assert found[0].where is not None and found[0].where.line == 8  # the photo block
    assert not any("ppi" in f.what for f in result.findings)  # resolution itself is enough


@pytest.mark.parametrize("final", [False, True], ids=["proof", "final"])
def test_an_heic_photo_from_a_phone_builds(project, tmp_path, final):
    """An iPhone's HEIC photo, placed as it came (no conversion by the editor). It is made
    in another process, so that only the photo stage teaches Pillow HEIF here."""
    import subprocess
    import sys

    pytest.importorskip("pillow_heif")
    folder = project("heic", ISSUE.format(fx=0.0, fy=0.5).replace("phone.jpg", "IMG_0001.HEIC"))
    target = folder / "images" / "IMG_0001.HEIC"
    subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys, pillow_heif; from PIL import Image, ImageDraw; "
                "pillow_heif.register_heif_opener(); "
                "im = Image.new('RGB', (900, 600), (128, 128, 128)); "
                "ImageDraw.Draw(im).rectangle((0, 0, 179, 179), fill=(220, 20, 20)); "
                "im.save(sys.argv[1], format='HEIF', quality=90)"
            ),
            str(target),
        ],
        check=True,
    )
    assert target.read_bytes()[4:12] == b"ftypheic"
    made = make(folder)
    photo = next(i for i in made.makeup.pages[0].items if isinstance(i, ImageItem))
    out = tmp_path / "out.pdf"
    build(folder, out, final=final)
    assert _corners(out, photo)["top-left"] == "red"

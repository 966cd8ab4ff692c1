"""Photos for print: safe opening, orientation, crop, CMYK separation, resolution rules."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from bulletin_pdf import limits
from bulletin_pdf.errors import InputError, LimitError, Where
from bulletin_pdf.photos import images
from bulletin_pdf.photos.images import crop_box, image_info, max_tac, prepare_image

WHERE = Where("issue.yaml", 12, "pages[0].blocks[0].photos[0].file")
INCH = 72.0


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path, monkeypatch):
    # a cache folder of the test's own: conversions here are made, not recalled from a
    # user's cache a previous run filled
    monkeypatch.setenv("BULLETIN_PDF_CACHE", str(tmp_path / "user-cache"))
    images.clear_cache()
    yield
    images.clear_cache()


def _gradient(mode: str, size=(600, 400)) -> Image.Image:
    """A photo-like test image: colour ramps, so conversions have something to do."""
    _w, _h = size
    across = Image.linear_gradient("L").rotate(90).resize(size)  # dark → light, left to right
    down = Image.linear_gradient("L").resize(size)  # dark → light, top to bottom
    diagonal = Image.blend(across, down, 0.5)
    rgb = Image.merge("RGB", (across, down, diagonal))
    return rgb.convert(mode) if mode != "RGB" else rgb


def _save(im: Image.Image, path: Path, **kw) -> Path:
    im.save(path, **kw)
    return path


def _decode(prepared) -> Image.Image:
    if prepared.data is not None:
        return Image.open(io.BytesIO(prepared.data))
    return prepared.image


def test_rgb_photo_is_separated_to_cmyk_within_the_ink_limit(tmp_path):
    path = _save(_gradient("RGB"), tmp_path / "street.jpg", quality=95)
    p = prepare_image(
        path, 2 * INCH, 2 * INCH * 400 / 600, mode="final", min_ppi=200, max_ppi=400, where=WHERE
    )
    assert p.mode == "CMYK"
    out = _decode(p)
    assert out.format == "JPEG" and out.mode == "CMYK"
    assert (out.width, out.height) == (p.width_px, p.height_px) == (600, 400)
    assert p.ppi == pytest.approx(300.0)
    assert p.warnings == ()
    # near-black through the newsprint profile stays under the press's 240 % limit
    # (not pure black: a neutral image would stay grey)
    black = _save(Image.new("RGB", (400, 400), (0, 0, 3)), tmp_path / "black.png")
    cmyk = _decode(prepare_image(black, INCH, INCH, min_ppi=200, max_ppi=400))
    assert cmyk.mode == "CMYK"
    assert 180 < max_tac(cmyk) <= 240
    c, m, _y, k = cmyk.getpixel((10, 10))
    assert k > 200 and c > m > 0  # heavy GCR: black carries the tone


def test_red_separates_to_magenta_and_yellow(tmp_path):
    path = _save(Image.new("RGB", (300, 300), (230, 20, 20)), tmp_path / "red.png")
    c, m, y, _k = _decode(prepare_image(path, INCH, INCH)).getpixel((150, 150))
    assert m > 180 and y > 150 and c < 40


def test_greyscale_stays_grey_and_neutral_rgb_becomes_grey(tmp_path):
    grey = _save(_gradient("L"), tmp_path / "grey.png")
    p = prepare_image(grey, 2 * INCH, 2 * INCH * 400 / 600)
    assert p.mode == "L" and _decode(p).mode == "L"
    neutral = _save(_gradient("L").convert("RGB"), tmp_path / "neutral.jpg", quality=95)
    q = prepare_image(neutral, 2 * INCH, 2 * INCH * 400 / 600)
    assert q.mode == "L", "a grey photo saved as RGB must print on the black plate only"
    assert _decode(q).mode == "L"


def test_alpha_is_flattened_onto_white(tmp_path):
    im = Image.new("RGBA", (400, 200), (0, 0, 160, 255))
    im.paste((0, 0, 160, 0), (200, 0, 400, 200))  # right half fully transparent
    path = _save(im, tmp_path / "logo.png")
    p = prepare_image(path, 2 * INCH, INCH)
    out = _decode(p)
    assert out.mode == "CMYK"
    assert sum(out.getpixel((300, 100))) == 0  # transparent → paper white, no ink
    assert sum(out.getpixel((100, 100))) > 255  # the blue stays inked


def test_palette_with_transparency_is_flattened(tmp_path):
    im = Image.new("P", (200, 200), 0)
    im.putpalette([255, 0, 0, 0, 0, 200] + [0, 0, 0] * 254)
    im.paste(1, (100, 0, 200, 200))  # right half: opaque blue
    path = tmp_path / "icon.png"
    im.save(path, transparency=0)  # index 0 (red) is transparent
    out = _decode(prepare_image(path, INCH, INCH))
    assert out.mode == "CMYK"
    assert sum(out.getpixel((50, 100))) == 0  # transparent red → white paper
    assert out.getpixel((150, 100))[0] > 150  # blue keeps its cyan


def test_cmyk_jpeg_passes_through_with_its_ink(tmp_path):
    im = Image.new("CMYK", (400, 400), (0, 0, 0, 255))
    im.paste((200, 0, 0, 0), (0, 0, 200, 400))
    path = _save(im, tmp_path / "cmyk.jpg", quality=95)
    p = prepare_image(path, 2 * INCH, 2 * INCH)
    out = _decode(p)
    assert p.mode == "CMYK"
    c, _m, _y, k = out.getpixel((300, 200))
    assert k > 245 and c < 10
    c, _m, _y, k = out.getpixel((100, 200))
    assert 190 < c < 210 and k < 10


def _strip_adobe_marker(data: bytes) -> bytes:
    i = data.find(b"\xff\xee")
    assert i > 0, "Pillow writes an Adobe APP14 marker for CMYK"
    length = struct.unpack(">H", data[i + 2 : i + 4])[0]
    return data[:i] + data[i + 2 + length :]


def test_cmyk_jpeg_without_adobe_marker_is_not_inverted(tmp_path):
    im = Image.new("CMYK", (200, 200), (0, 0, 0, 230))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=95)
    # Pillow wrote Adobe (inverted) values; without the marker the stored bytes read as ink
    plain = _strip_adobe_marker(buf.getvalue())
    raw = Image.open(io.BytesIO(plain))
    raw.load()
    assert "adobe" not in raw.info
    path = tmp_path / "plain.jpg"
    path.write_bytes(plain)
    out = _decode(prepare_image(path, INCH, INCH))
    # the file's stored (inverted) samples mean 255-230 = 25 K when read as plain ink
    assert out.getpixel((100, 100))[3] < 40


def test_coated_cmyk_over_the_ink_limit_warns(tmp_path):
    path = _save(
        Image.new("CMYK", (300, 300), (255, 230, 230, 255)), tmp_path / "rich.jpg", quality=95
    )
    p = prepare_image(path, INCH, INCH, where=WHERE)
    assert any("total ink" in w.what for w in p.warnings)


def test_truncated_jpeg_is_reported_as_damaged(tmp_path):
    good = tmp_path / "good.jpg"
    _gradient("RGB").save(good, quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(good.read_bytes()[:4000])
    with pytest.raises(InputError) as err:
        prepare_image(cut, INCH, INCH, where=WHERE)
    msg = err.value.message()
    assert "cut.jpg is damaged or not an image" in msg
    assert "re-export" in msg and "issue.yaml:12" in msg


def _damaged_but_ending_well(tmp_path: Path, how: str, mode: str = "RGB") -> Path:
    """A JPEG that still ends with its end marker FF D9 but is cut short in the middle of its
    scan, or has a run of its scan data zeroed (a bad memory-card sector): Pillow alone
    decodes both without a word, filling the loss with grey."""
    good = _save(_gradient(mode, (800, 600)), tmp_path / "good.jpg", quality=90)
    data = bytearray(good.read_bytes())
    middle = len(data) // 2
    if how == "cut":
        data = data[:middle] + b"\xff\xd9"
    else:
        data[middle : middle + 3000] = bytes(3000)
    assert data[-2:] == b"\xff\xd9"
    path = tmp_path / f"{how}-{mode}.jpg"
    path.write_bytes(bytes(data))
    with Image.open(path) as im:
        im.load()  # the gap this test is about: Pillow accepts it
    return path


@pytest.mark.parametrize("how", ["cut", "zeroed"])
@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
@pytest.mark.parametrize("final", [False, True])
def test_damaged_jpeg_with_an_end_marker_is_refused(tmp_path, how, mode, final):
    """Refused in both of the stage's paths: converted for print, and a proof's JPEG that
    would otherwise go into the PDF as it is."""
    from bulletin_pdf.model.display import ImageItem, PageList
    from bulletin_pdf.photos.stage import resolve_photos

    path = _damaged_but_ending_well(tmp_path, how, mode)
    item = ImageItem(0, 0, 4 * INCH, 3 * INCH, path)
    with pytest.raises(InputError) as err:
        resolve_photos([PageList(1, 600, 600, [item])], _image_layout(), final=final)
    assert f"{path.name} is damaged or not an image" in err.value.message()


def test_check_reports_a_damaged_photo_without_drawing(tmp_path, monkeypatch):
    import shutil

    from reportlab.pdfgen import canvas as rl_canvas

    from bulletin_pdf.commands.check import ERROR, check_issue

    sample = Path(__file__).resolve().parents[1] / "issues" / "2020-01-tianping"
    folder = tmp_path / "issue"
    shutil.copytree(sample, folder, ignore=shutil.ignore_patterns("*.pdf"))
    photo = folder / "images" / "p2-longhua-visit.jpg"
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 2] + b"\xff\xd9")

    def no_canvas(*args, **kwargs):
        raise AssertionError("check drew on a canvas")

    monkeypatch.setattr(rl_canvas.Canvas, "__init__", no_canvas)
    result = check_issue(folder)
    damaged = [f for f in result.findings if "damaged" in f.what]
    assert len(damaged) == 1 and damaged[0].level == ERROR and damaged[0].page == 2
    assert damaged[0].where.line > 0 and damaged[0].where.file.endswith("issue.yaml")


def test_a_text_file_is_not_an_image(tmp_path):
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a photo", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes.jpg is damaged or not an image"):
        image_info(fake, WHERE)


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A few dozen bytes claiming a huge RGB image: the limit must trip on the header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize("w,h", [(30_000, 30_000), (10_000, 9_000)])
def test_decompression_bomb_is_a_limit_error(tmp_path, w, h):
    assert w * h > limits.MAX_IMAGE_PIXELS
    bomb = _png_header_only(tmp_path / "bomb.png", w, h)
    assert bomb.stat().st_size < 100
    with pytest.raises(LimitError) as err:
        prepare_image(bomb, INCH, INCH, where=WHERE)
    assert "bomb.png" in err.value.message()
    assert f"{limits.MAX_IMAGE_PIXELS:,}" in err.value.message()
    with pytest.raises(LimitError):
        image_info(bomb)


def test_low_resolution_warns_in_proofs_and_stops_final(tmp_path):
    path = _save(_gradient("RGB", (300, 200)), tmp_path / "small.jpg")
    frame_w, frame_h = 3 * INCH, 2 * INCH  # 100 ppi
    p = prepare_image(path, frame_w, frame_h, mode="proof", min_ppi=200, where=WHERE)
    assert len(p.warnings) == 1
    w = p.warnings[0]
    assert "small.jpg is 100 ppi" in w.what and "at least 200 ppi" in w.what
    assert "612 × 408 pixels" in w.fix  # what it would need, 2 % over the bare 600 × 400
    assert p.data is not None  # a proof still gets the photo
    with pytest.raises(InputError) as err:
        prepare_image(path, frame_w, frame_h, mode="final", min_ppi=200, where=WHERE)
    assert "small.jpg is 100 ppi" in err.value.message()


def test_high_resolution_is_downsampled(tmp_path):
    path = _save(_gradient("RGB", (3000, 2000)), tmp_path / "big.jpg")
    p = prepare_image(
        path, 2 * INCH, INCH * 4 / 3, min_ppi=200, max_ppi=400
    )  # 1500 ppi as supplied
    assert p.source_ppi == pytest.approx(1500)
    assert p.ppi == pytest.approx(300)
    assert (p.width_px, p.height_px) == (600, 400)
    assert _decode(p).size == (600, 400)


def test_output_is_deterministic(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_PDF_CACHE", "0")  # converted twice, never recalled
    path = _save(_gradient("RGB"), tmp_path / "same.jpg")
    first = prepare_image(path, 2 * INCH, INCH, crop=(0.1, 0.1, 0.9, 0.9)).data
    images.clear_cache()
    second = prepare_image(path, 2 * INCH, INCH, crop=(0.1, 0.1, 0.9, 0.9)).data
    assert first == second
    assert b"Exif" not in first and b"ICC_PROFILE" not in first


def test_conversions_are_cached(tmp_path, monkeypatch):
    path = _save(_gradient("RGB"), tmp_path / "cached.jpg")
    calls = []
    real = images._convert
    monkeypatch.setattr(images, "_convert", lambda *a, **k: calls.append(1) or real(*a, **k))
    a = prepare_image(path, 2 * INCH, INCH)
    b = prepare_image(path, 2 * INCH, INCH)
    assert a.data is b.data and len(calls) == 1
    prepare_image(path, 2 * INCH, INCH, crop=(0, 0, 0.5, 1))  # another crop converts again
    assert len(calls) == 2


def test_exif_orientation_is_applied(tmp_path):
    im = _gradient("RGB", (400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = _save(im, tmp_path / "phone.jpg", exif=exif.tobytes())
    info = image_info(path)
    w, h = info
    assert (w, h) == (200, 400) and info.mode == "RGB"
    p = prepare_image(path, INCH, 2 * INCH)
    assert (p.width_px, p.height_px) == (200, 400)


def test_crop_box_keeps_the_frame_aspect_around_the_crop_centre():
    assert crop_box(1000, 500, 100, 100, (0, 0, 1, 1)) == (250, 0, 750, 500)
    assert crop_box(1000, 500, 100, 100, (0, 0, 0.5, 1)) == (0, 0, 500, 500)
    # a tall frame from a wide crop centred at 0.25: trims evenly around that centre
    assert crop_box(1000, 1000, 50, 100, (0, 0, 0.5, 1)) == (0, 0, 500, 1000)
    assert crop_box(1000, 1000, 100, 50, (0, 0, 1, 1)) == (0, 250, 1000, 750)


def test_a_profile_that_is_not_cmyk_is_refused(tmp_path):
    from PIL import ImageCms

    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    path = _save(_gradient("RGB"), tmp_path / "p.jpg")
    with pytest.raises(InputError, match="not a CMYK output"):
        prepare_image(path, INCH, INCH, profile=srgb)


def _image_layout():
    from bulletin_pdf.model.layout import Layout

    layout = Layout.__new__(Layout)  # only the image settings are read
    object.__setattr__(layout, "icc_profile", None)
    object.__setattr__(layout, "min_image_ppi", 200.0)
    object.__setattr__(layout, "max_image_ppi", 400.0)
    return layout


def test_drawn_image_is_cmyk_in_the_pdf(tmp_path):
    import pikepdf
    from reportlab.pdfgen import canvas as rl_canvas

    from bulletin_pdf.model.display import ImageItem, PageList
    from bulletin_pdf.photos.stage import resolve_photos
    from bulletin_pdf.render.images import draw_prepared

    path = _save(_gradient("RGB"), tmp_path / "placed.jpg")
    item = ImageItem(0, 0, 2 * INCH, INCH * 4 / 3, path)
    photos = resolve_photos([PageList(1, 300, 300, [item])], _image_layout(), final=True)
    out = tmp_path / "img.pdf"
    c = rl_canvas.Canvas(str(out), pagesize=(300, 300), invariant=1)
    draw_prepared(c, photos[item], 10, 10, item.width, item.height)
    c.showPage()
    c.save()
    with pikepdf.open(out) as pdf:
        (xo,) = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert xo.ColorSpace == "/DeviceCMYK"
        assert "/DCTDecode" in [
            str(f) for f in xo.Filter
        ]  # the JPEG passes through, not re-encoded


def test_a_cmyk_jpeg_that_fits_its_frame_goes_in_unchanged_but_without_metadata(tmp_path):
    im = Image.new("CMYK", (400, 200), (30, 60, 90, 120))
    path = tmp_path / "press.jpg"
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    im.save(path, quality=80, exif=exif.tobytes(), icc_profile=b"\0" * 600)  # junk ICC: must go
    p = prepare_image(path, 2 * INCH, INCH)  # same 2:1 aspect, 200 ppi: nothing to do
    original = path.read_bytes()
    scan = original.index(b"\xff\xda")
    assert p.data is not None and p.data.endswith(original[scan:])  # the scan data is untouched
    assert len(p.data) < len(original) - 600
    assert b"Exif" not in p.data and b"ICC_PROFILE" not in p.data and b"Adobe" in p.data
    assert Image.open(io.BytesIO(p.data)).getpixel((10, 10)) == Image.open(path).getpixel((10, 10))
    q = prepare_image(path, INCH, INCH)  # a square frame must cut: re-encoded
    assert not q.data.endswith(original[scan:])


def _no_conversion(*args, **kwargs):
    raise AssertionError("converted again: the user's cache should have answered")


def test_a_conversion_is_recalled_from_the_user_cache_byte_for_byte(tmp_path, monkeypatch):
    """A new process (the memory cache cleared) gets the bytes, size, resolution and notes
    of the conversion made before from the user's cache, without converting."""
    big = _save(_gradient("RGB", (1800, 1200)), tmp_path / "street.jpg", quality=95)
    small = _save(_gradient("RGB", (300, 200)), tmp_path / "small.jpg", quality=95)
    crop = (0.1, 0.0, 0.9, 1.0)

    def prepare_all():
        return [
            prepare_image(big, 2 * INCH, INCH, crop, mode="proof"),
            prepare_image(big, 2 * INCH, INCH, crop, mode="final"),
            prepare_image(small, 2 * INCH, INCH, crop, where=WHERE),
        ]

    made = prepare_all()
    assert made[0].ppi < made[0].source_ppi  # downsampled
    assert [w.kind for w in made[2].warnings] == ["image"]  # too coarse: a note with it
    images.clear_cache()
    monkeypatch.setattr(images, "_convert_now", _no_conversion)
    assert prepare_all() == made
    # a proof and a final build convert alike: one entry each photo
    assert len(list((tmp_path / "user-cache" / "photos").glob("*.entry"))) == 2


def test_a_changed_photo_frame_or_crop_is_converted_anew(tmp_path, monkeypatch):
    path = _save(_gradient("RGB"), tmp_path / "p.jpg")
    first = prepare_image(path, 2 * INCH, INCH)
    images.clear_cache()
    calls = []
    real = images._convert_now
    monkeypatch.setattr(
        images, "_convert_now", lambda *a, **k: calls.append(a[1:4]) or real(*a, **k)
    )
    assert prepare_image(path, 2 * INCH, INCH) == first and calls == []
    prepare_image(path, 2 * INCH, INCH * 1.01)
    prepare_image(path, 2 * INCH, INCH, crop=(0, 0, 0.5, 1))
    assert len(calls) == 2
    _save(_gradient("RGB").rotate(180), path)  # the same name, other pixels
    images.clear_cache()
    assert prepare_image(path, 2 * INCH, INCH).data != first.data and len(calls) == 3


def test_a_damaged_cache_entry_is_converted_again(tmp_path):
    path = _save(_gradient("RGB"), tmp_path / "p.jpg")
    first = prepare_image(path, 2 * INCH, INCH)
    (entry,) = (tmp_path / "user-cache" / "photos").glob("*.entry")
    entry.write_bytes(entry.read_bytes()[:-100])  # cut off
    images.clear_cache()
    assert prepare_image(path, 2 * INCH, INCH) == first
    assert entry.read_bytes().endswith(first.data)  # written whole again


def test_the_photo_cache_keeps_its_bounds_and_can_be_turned_off(tmp_path, monkeypatch):
    from bulletin_pdf.photos import convcache

    monkeypatch.setattr(convcache, "MAX_ENTRIES", 2)
    path = _save(_gradient("RGB"), tmp_path / "p.jpg")
    for k in range(4):
        prepare_image(path, 2 * INCH, INCH * (1 + k / 10))
    assert len(list((tmp_path / "user-cache" / "photos").glob("*.entry"))) == 2
    monkeypatch.setattr(convcache, "MAX_BYTES", 1)
    prepare_image(path, 2 * INCH, INCH * 2)
    assert list((tmp_path / "user-cache" / "photos").glob("*.entry")) == []
    monkeypatch.setenv("BULLETIN_PDF_CACHE", "0")
    other = tmp_path / "elsewhere"
    monkeypatch.setenv("HOME", str(other))
    prepare_image(path, 2 * INCH, INCH * 3)
    assert not other.exists()

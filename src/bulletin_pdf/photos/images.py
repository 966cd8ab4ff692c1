"""Photos made ready for print: opened safely, turned upright, cropped to their frame,
converted to the press's CMYK (or kept grey), resampled, and checked for resolution.

ReportLab writes RGB images as DeviceRGB, which PDF/X-1a forbids, and does no colour
management; so every photo is converted here, before it reaches the canvas (PRINT.md §4,
§5). The result is JPEG bytes (for photos that came as JPEG) or a lossless Pillow image (for
PNG/TIFF/... line art and logos), which render draws as DeviceCMYK or DeviceGray. Same
input, same bytes: fixed JPEG settings, no metadata. Nothing here draws: photos/stage.py
resolves every photo of the pages before render, which only draws what it is handed.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import threading
import warnings as _warnings
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageFile

# Colour management, channel arithmetic and transposing are imported where a photo is
# converted: a proof whose JPEGs go in as they are needs none of them.
if TYPE_CHECKING:
    from PIL import ImageCms

from bulletin_pdf import limits, paths
from bulletin_pdf.errors import InputError, LimitError, Warning, Where
from bulletin_pdf.photos import convcache

Image.MAX_IMAGE_PIXELS = limits.MAX_IMAGE_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False  # a cut-off file is an error, never half a photo

PROFILE_NAME = "newsprint-cgats-tr002.icc"
# The characterisation the shipped profile is built from, registered with the ICC under
# this name, so it can stand as the PDF/X OutputConditionIdentifier.
OUTPUT_CONDITION = "CGATS TR 002"
JPEG_QUALITY = 90
MAX_TAC_PERCENT = 240.0
_CACHE_SIZE = 48


def default_profile() -> Path:
    """The shipped newsprint CMYK output profile (see data/PROVENANCE.md)."""
    return paths.data_file(PROFILE_NAME)


@dataclass(frozen=True)
class PreparedImage:
    """A photo ready for the canvas.

    `data` holds JPEG bytes (CMYK or grey) or is None when `image` (a CMYK or L Pillow image,
    drawn losslessly with Flate) is set. `ppi` is the effective resolution at placed size
    after any downsampling; `source_ppi` the resolution the crop had before it."""

    name: str
    mode: str  # "CMYK" or "L"
    width_px: int
    height_px: int
    ppi: float
    source_ppi: float
    data: bytes | None = None
    image: Image.Image | None = None
    warnings: tuple[Warning, ...] = ()


class ImageInfo(tuple[int, int]):
    """(width, height) in pixels as the photo stands upright (EXIF orientation applied),
    unpackable as `w, h = image_info(p)`; `.mode` is Pillow's mode of the file."""

    mode: str

    def __new__(cls, width: int, height: int, mode: str):
        self = super().__new__(cls, (width, height))
        self.mode = mode
        return self

    @property
    def width(self) -> int:
        return self[0]

    @property
    def height(self) -> int:
        return self[1]


# ---------------------------------------------------------------- opening safely


def _where(where: Where | None, path: Path) -> Where:
    return where if where is not None else Where(str(path))


def _damaged(path: Path, where: Where | None, why: object) -> InputError:
    return InputError(
        f"photo {path.name} is damaged or not an image: {why}",
        _where(where, path),
        "open it in an image editor and re-export it as JPEG (photos) or PNG (line art)",
    )


def _bomb(
    path: Path, where: Where | None, w: int | None = None, h: int | None = None
) -> LimitError:
    size = f" ({w} × {h} = {w * h:,} pixels)" if w and h else ""
    return LimitError(
        f"photo {path.name} is too large{size}: the limit is "
        f"{limits.MAX_IMAGE_PIXELS:,} pixels (limits.MAX_IMAGE_PIXELS)",
        _where(where, path),
        "scale it down to at most 8000 px on the long side before placing it "
        "(300 ppi at 27 cm is about 3200 px)",
    )


# The ISO base media brands of HEIF/HEIC stills, as iPhones and recent Android phones save
# them (bytes 4–12 of the file: "ftyp" and the brand).
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
_heif_registered = False


def _read_heif_if_needed(path: Path) -> None:
    """Teach Pillow HEIF (pillow-heif) when a phone's HEIC photo is opened: imported then
    only, so issues without one never pay for it."""
    global _heif_registered
    if _heif_registered:
        return
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError:
        return
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        import pillow_heif

        pillow_heif.register_heif_opener()  # applies the HEIF's own rotation on decoding
        _heif_registered = True


def open_photo(path: Path, where: Where | None) -> Image.Image:
    """Open the header only, with the pixel and byte limits enforced."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(
            f"photo {path.name} cannot be read: {exc.strerror or exc}",
            _where(where, path),
            "check that the file exists and is readable",
        ) from None
    if size > limits.MAX_IMAGE_BYTES:
        raise LimitError(
            f"photo {path.name} is {size / 2**20:.0f} MB: the limit is "
            f"{limits.MAX_IMAGE_BYTES // 2**20} MB (limits.MAX_IMAGE_BYTES)",
            _where(where, path),
            "re-export it as a JPEG at quality 90 or scale it down",
        )
    _read_heif_if_needed(path)
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(path, where) from None
    except Image.UnidentifiedImageError:
        raise _damaged(path, where, "no image format recognised") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged(path, where, exc) from None
    w, h = im.size
    if w * h > limits.MAX_IMAGE_PIXELS:
        im.close()
        raise _bomb(path, where, w, h)
    if w < 1 or h < 1:
        im.close()
        raise _damaged(path, where, f"it claims to be {w} × {h} pixels")
    return im


def orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # a broken EXIF block must not stop the photo; it stands as stored
        return 1


def image_info(path: Path, where: Where | None = None) -> ImageInfo:
    """Pixel size as displayed (EXIF orientation applied) and mode, from the header only."""
    path = Path(path)
    im = open_photo(path, where)
    try:
        w, h = im.size
        if orientation(im) in (5, 6, 7, 8):  # rotated by 90°: sides swap
            w, h = h, w
        return ImageInfo(w, h, im.mode)
    finally:
        im.close()


def verify_jpeg(data: bytes, path: Path, where: Where | None) -> None:
    """Decode a JPEG's every scan strictly, or raise the damaged-photo error.

    Pillow's JPEG decoder fills what a cut-off or garbled file lacks with grey and says
    nothing when the file still ends with its end marker (FF D9): a photo half lost in an
    e-mail or a broken memory card would print. libjpeg-turbo in strict mode (simplejpeg)
    refuses it. Scaled down 8× in the inverse DCT, so every coefficient is read and the
    check costs a fraction of a full decode.

    A file found whole is remembered by its content: in this process, and in the user's
    cache folder (an empty file named after its sha256 and the decoder's build), so that
    rebuilding an issue whose photos were checked before neither decodes them again nor
    imports simplejpeg and numpy (together more than the rest of a build's start-up). A
    damaged file is never remembered: it is refused every time."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in _verified:
        return
    marker = _verified_marker(digest)
    if marker is not None and marker.exists():
        _remember(digest)
        return
    import simplejpeg

    try:
        _, _, space, _ = simplejpeg.decode_jpeg_header(data)
        target = "CMYK" if space in ("CMYK", "YCCK") else "GRAY"
        simplejpeg.decode_jpeg(data, colorspace=target, fastdct=True, min_factor=8, strict=True)
    except ValueError as exc:
        raise _damaged(path, where, exc) from None
    _remember(digest)
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:  # no cache today (read-only home, full disk): the next build decodes
            pass


_verified: set[str] = set()  # sha256 of JPEG data decoded strictly and found whole


def _remember(digest: str) -> None:
    with _lock:
        if len(_verified) > 4096:
            _verified.clear()
        _verified.add(digest)


def _verified_marker(digest: str) -> Path | None:
    """The cache file that says "this content decoded strictly and whole", for the installed
    simplejpeg (another build of the decoder may judge otherwise: it checks again). None when
    the cache is off or the decoder is not installed (the check then says so)."""
    folder = paths.cache_folder()
    if folder is None:
        return None
    decoder = _decoder_stamp()
    return None if decoder is None else folder / "jpeg-verified" / f"{digest}-{decoder}"


@lru_cache(maxsize=1)
def _decoder_stamp() -> str | None:
    """Names the installed simplejpeg (its file's size and time) without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("simplejpeg")
    if spec is None or not spec.origin:
        return None
    try:
        st = os.stat(spec.origin)
    except OSError:
        return None
    return hashlib.sha256(f"{spec.origin}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]


def _load(path: Path, where: Where | None) -> tuple[Image.Image, str, dict]:
    """Decode fully and strictly (so truncation shows here), upright; returns the image,
    format, info."""
    from PIL import ImageOps

    im = open_photo(path, where)
    fmt = im.format or ""
    if fmt in ("JPEG", "MPO"):
        try:
            verify_jpeg(path.read_bytes(), path, where)
        except InputError:
            im.close()
            raise
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("error", Image.DecompressionBombWarning)
            im.load()
            info = dict(im.info)
            info["bulletin_orientation"] = orientation(im)
            upright = ImageOps.exif_transpose(im)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(path, where) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise _damaged(path, where, exc) from None
    finally:
        im.close()
    return upright, fmt, info


# ---------------------------------------------------------------- geometry


def crop_box(
    width: int, height: int, frame_w: float, frame_h: float, crop: tuple[float, float, float, float]
) -> tuple[int, int, int, int]:
    """Pixel box inside `crop` (fractions l, t, r, b) with the frame's aspect ratio, centred
    on the crop's centre: what is cut away is cut evenly from both sides."""
    l, t, r, b = (min(1.0, max(0.0, float(v))) for v in crop)
    if r <= l or b <= t:
        l, t, r, b = 0.0, 0.0, 1.0, 1.0
    x0, y0, x1, y1 = l * width, t * height, r * width, b * height
    cw, ch = x1 - x0, y1 - y0
    aspect = frame_w / frame_h
    if cw / ch > aspect:  # too wide: narrow it
        new_w = ch * aspect
        cx = (x0 + x1) / 2
        x0, x1 = cx - new_w / 2, cx + new_w / 2
    else:  # too tall: shorten it
        new_h = cw / aspect
        cy = (y0 + y1) / 2
        y0, y1 = cy - new_h / 2, cy + new_h / 2
    box = (round(x0), round(y0), round(x1), round(y1))
    # never an empty box, never outside the image
    bx0, by0 = max(0, min(box[0], width - 1)), max(0, min(box[1], height - 1))
    bx1, by1 = max(bx0 + 1, min(box[2], width)), max(by0 + 1, min(box[3], height))
    return bx0, by0, bx1, by1


def ppi_of(px: int, pt: float) -> float:
    return px / (pt / 72.0)


# ---------------------------------------------------------------- colour

_transforms: dict[tuple, ImageCms.ImageCmsTransform] = {}
_profiles: dict[tuple, ImageCms.ImageCmsProfile] = {}
_lock = threading.Lock()


def _output_profile(
    profile: Path | None, where: Where | None
) -> tuple[Path, ImageCms.ImageCmsProfile, tuple[str, int, int]]:
    from PIL import ImageCms

    path = Path(profile) if profile is not None else default_profile()
    try:
        st = path.stat()
    except OSError:
        raise InputError(
            f"the colour profile {path} does not exist",
            where,
            "set icc_profile in the layout to an existing CMYK .icc file, or remove it "
            "to use the shipped newsprint profile",
        ) from None
    key = (str(path), st.st_mtime_ns, st.st_size)
    with _lock:
        cached = _profiles.get(key)
    if cached is None:
        data = path.read_bytes()
        try:
            cached = ImageCms.ImageCmsProfile(io.BytesIO(data))
        except (OSError, ImageCms.PyCMSError) as exc:
            raise InputError(
                f"the colour profile {path} cannot be read: {exc}",
                where,
                "get a fresh copy of the printer's .icc file",
            ) from None
        p = cached.profile
        if p.device_class != "prtr" or p.xcolor_space.strip() != "CMYK":
            raise InputError(
                f"the colour profile {path} is a {p.xcolor_space.strip()} "
                f"'{p.device_class}' profile, not a CMYK output (prtr) profile",
                where,
                "use the printer's CMYK output profile, e.g. WAN-IFRAnewspaper26v5.icc",
            )
        with _lock:
            _profiles[key] = cached
    return path, cached, key


def _source_profile(info: dict, mode: str) -> tuple[ImageCms.ImageCmsProfile | None, str]:
    """The photo's own embedded profile if it is one for its colour space, else sRGB."""
    from PIL import ImageCms

    icc = info.get("icc_profile")
    if icc:
        try:
            prof = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if prof.profile.xcolor_space.strip() == mode:
                return prof, hashlib.sha256(icc).hexdigest()
        except (OSError, ImageCms.PyCMSError):
            pass  # a broken embedded profile: treat the photo as the usual sRGB
    if mode != "RGB":
        return None, ""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")), "sRGB"


def _transform(
    src: ImageCms.ImageCmsProfile,
    src_key: str,
    dst: ImageCms.ImageCmsProfile,
    dst_key: tuple,
    in_mode: str,
) -> ImageCms.ImageCmsTransform:
    from PIL import ImageCms

    key = (src_key, dst_key, in_mode)
    with _lock:
        xf = _transforms.get(key)
    if xf is None:
        xf = ImageCms.buildTransform(
            src,
            dst,
            in_mode,
            "CMYK",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
        with _lock:
            _transforms[key] = xf
    return xf


def _apply(im: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    from PIL import ImageCms

    out = ImageCms.applyTransform(im, transform)
    assert out is not None  # None only when transforming in place
    return out


def _flatten(im: Image.Image) -> Image.Image:
    """Alpha onto white paper: PDF/X-1a allows no soft masks."""
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("LA", "La"):
        la = im.convert("LA")
        paper = Image.new("L", im.size, 255)
        paper.paste(la.getchannel("L"), mask=la.getchannel("A"))
        return paper
    if im.mode in ("RGBA", "RGBa", "PA"):
        rgba = im.convert("RGBA")
        paper = Image.new("RGB", im.size, (255, 255, 255))
        paper.paste(rgba.convert("RGB"), mask=rgba.getchannel("A"))
        return paper
    return im


def _is_neutral(im: Image.Image) -> bool:
    """An RGB image whose three channels are equal everywhere is a greyscale photo."""
    from PIL import ImageChops

    r, g, b = im.split()
    return (
        ImageChops.difference(r, g).getextrema()[1] == 0
        and ImageChops.difference(g, b).getextrema()[1] == 0
    )


def _to_working_mode(im: Image.Image) -> Image.Image:
    """One of L, RGB or CMYK, in 8 bits, nothing lost that can be kept."""
    im = _flatten(im)
    if im.mode in ("L", "RGB", "CMYK"):
        return im
    if im.mode == "1":
        return im.convert("L")
    if im.mode.startswith("I;16") or im.mode == "I":
        # 16-bit grey: scale, since convert("L") would clip everything above 255 to white
        top = im.getextrema()[1]
        hi = (
            65535
            if im.mode.startswith("I;16") or (isinstance(top, (int, float)) and top > 255)
            else 255
        )
        return im.convert("I").point(lambda v: v * (255.0 / hi)).convert("L")
    if im.mode == "F":
        return im.point(lambda v: v * 255.0).convert("L")
    return im.convert("RGB")


def max_tac(im: Image.Image) -> float:
    """The highest total area coverage of a CMYK image, in percent (400 = all four solid)."""
    from PIL import ImageMath

    c, m, y, k = im.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return total.getextrema()[1] * 100.0 / 255.0


# ---------------------------------------------------------------- JPEG pass-through


def _strip_jpeg_metadata(data: bytes) -> bytes | None:
    """The JPEG without its APPn/COM segments (EXIF, XMP, ICC, Photoshop), Adobe's APP14
    kept because it tells readers how the CMYK samples are stored. Lossless: the scan data
    is copied as it is. None if the marker structure is not what a JPEG should be."""
    if data[:2] != b"\xff\xd8":
        return None
    out = bytearray(data[:2])
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        segment = data[i : i + 2 + length]
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            return bytes(out)
        keep = not (0xE0 <= marker <= 0xEF or marker == 0xFE) or (
            marker == 0xEE and segment[4:9] == b"Adobe"
        )
        if keep:
            out += segment
        i += 2 + length
    return None


# ---------------------------------------------------------------- the conversion proper


@dataclass(frozen=True)
class _Converted:
    data: bytes | None
    image: Image.Image | None
    mode: str
    size: tuple[int, int]
    ppi: float
    source_ppi: float
    notes: tuple[tuple[str, str], ...]  # (what, fix) pairs, turned into Warnings per call


_cache: OrderedDict[tuple, _Converted] = OrderedDict()
_digests: dict[tuple, str] = {}  # a file's version (path, mtime, size, inode) -> its sha256


def _content_id(path: Path, st: os.stat_result) -> str:
    """The sha256 of the photo file's content, read once per version of the file."""
    version = (str(path.resolve()), st.st_mtime_ns, st.st_size, st.st_ino)
    with _lock:
        digest = _digests.get(version)
    if digest is None:
        digest = repr(version)  # too large or unreadable: nothing shared, _convert says why
        if st.st_size <= limits.MAX_IMAGE_BYTES:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                pass
        with _lock:
            if len(_digests) > 4096:
                _digests.clear()
            _digests[version] = digest
    return digest


def _convert(
    path: Path,
    frame_w: float,
    frame_h: float,
    crop,
    min_ppi: float,
    max_ppi: float,
    profile: Path | None,
    where: Where | None,
) -> _Converted:
    """The photo converted for its frame: recalled from the user's cache when this content
    was converted so before (photos/convcache.py), else converted now and kept there."""
    # (a recalled entry was made with this very profile, so it needs no reading nor checking:
    # a missing or unfit one finds no entry and is refused by the conversion)
    press = Path(profile) if profile is not None else default_profile()
    name = _cache_name(path, press, frame_w, frame_h, crop, min_ppi, max_ppi)
    found = convcache.recall(name) if name is not None else None
    if found is not None:
        header, data = found
        notes = tuple((what, fix) for what, fix in header["notes"])
        size = (header["size"][0], header["size"][1])
        return _Converted(
            data, None, header["mode"], size, header["ppi"], header["source_ppi"], notes
        )
    done = _convert_now(path, frame_w, frame_h, crop, min_ppi, max_ppi, profile, where)
    if name is not None and done.data is not None:  # a lossless image stays in this process
        header = {
            "mode": done.mode,
            "size": list(done.size),
            "ppi": done.ppi,
            "source_ppi": done.source_ppi,
            "notes": [list(note) for note in done.notes],
        }
        convcache.keep(name, header, done.data)
    return done


# bump when what _convert_now makes changes in a way this file's source does not show
_CONVERSION_FORMAT = 1


def _cache_name(
    path: Path,
    profile: Path,
    frame_w: float,
    frame_h: float,
    crop,
    min_ppi: float,
    max_ppi: float,
) -> str | None:
    """Everything a conversion's bytes and notes depend on, as text; None when a file's
    content cannot be named (too large or unreadable: _convert_now says why)."""
    try:
        photo, press = _content_id(path, path.stat()), _content_id(profile, profile.stat())
    except OSError:
        return None
    if not all(len(d) == 64 and d.isalnum() for d in (photo, press)):
        return None
    files = [photo, path.name, press, profile.name]  # the notes name both files
    frame = [frame_w, frame_h, list(crop), min_ppi, max_ppi]  # floats as repr: exact
    return json.dumps([_CONVERSION_FORMAT, *_conversion_stamp(), *files, *frame])


@lru_cache(maxsize=1)
def _conversion_stamp() -> tuple[str, ...]:
    """The code that converts: images.py itself, Pillow, LittleCMS and libjpeg(-turbo)."""
    from PIL import features

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    versions = (features.version(name) for name in ("pil", "littlecms2", "jpg", "libjpeg_turbo"))
    return (source, *(str(v) for v in versions))


def _convert_now(
    path: Path,
    frame_w: float,
    frame_h: float,
    crop,
    min_ppi: float,
    max_ppi: float,
    profile: Path | None,
    where: Where | None,
) -> _Converted:
    from PIL import ImageChops

    out_path, dst, dst_key = _output_profile(profile, where)
    im, fmt, info = _load(path, where)
    notes: list[tuple[str, str]] = []
    is_jpeg = fmt in ("JPEG", "MPO")
    stored_mode = im.mode
    if im.mode == "CMYK" and is_jpeg and "adobe" not in info:
        # Pillow reads every CMYK JPEG with Adobe's inverted polarity; one written without
        # the Adobe marker stores ink as-is, so undo the inversion.
        im = ImageChops.invert(im)
    im = _to_working_mode(im)
    if im.mode == "RGB" and _is_neutral(im):
        im = im.getchannel("R")  # grey stays grey: one plate (K), no four-colour greys

    box = crop_box(im.width, im.height, frame_w, frame_h, crop)
    whole = box == (0, 0, im.width, im.height)
    # A CMYK or grey JPEG that needs no cut, turn or resampling goes in as the photographer
    # made it: no second JPEG generation. (Pillow reads and writes CMYK JPEGs with Adobe's
    # inverted polarity, which is what ReportLab's /Decode [1 0 1 0 1 0 1 0] expects; a
    # CMYK JPEG without the Adobe marker is re-encoded instead.)
    passthrough = (
        is_jpeg
        and whole
        and info.get("bulletin_orientation", 1) == 1
        and stored_mode == im.mode
        and (im.mode == "L" or (im.mode == "CMYK" and "adobe" in info))
    )
    im = im.crop(box) if not whole else im
    source_ppi = min(ppi_of(im.width, frame_w), ppi_of(im.height, frame_h))
    ppi = source_ppi
    if ppi > max_ppi:
        passthrough = False
        target = min(max(min_ppi * 1.5, 300.0), max_ppi)
        w = max(1, round(frame_w / 72.0 * target))
        h = max(1, round(frame_h / 72.0 * target))
        # Lanczos before colour conversion: fewer pixels to convert
        im = im.resize((w, h), Image.Resampling.LANCZOS)
        ppi = min(ppi_of(w, frame_w), ppi_of(h, frame_h))

    if im.mode == "RGB":
        src, src_key = _source_profile(info, "RGB")
        assert src is not None  # an RGB photo without a profile is sRGB
        im = _apply(im, _transform(src, src_key, dst, dst_key, "RGB"))
    elif im.mode == "CMYK":
        src, src_key = _source_profile(info, "CMYK")
        if src is not None and src.tobytes() != dst.tobytes():
            # a CMYK photo separated for another press (say coated, 300 %): re-separate it
            im = _apply(im, _transform(src, src_key, dst, dst_key, "CMYK"))
            passthrough = False
        else:
            tac = max_tac(im)
            if tac > MAX_TAC_PERCENT + 0.5:
                notes.append(
                    (
                        f"photo {path.name} is CMYK with up to {tac:.0f}% total ink; newsprint takes "
                        f"at most {MAX_TAC_PERCENT:.0f}%, so dark areas will smear or set off",
                        "supply the photo in RGB (the tool separates it for newsprint) or as CMYK "
                        f"separated with the printer's profile ({out_path.name})",
                    )
                )

    if passthrough:
        raw = _strip_jpeg_metadata(path.read_bytes())
        if raw is not None:
            return _Converted(raw, None, im.mode, im.size, ppi, source_ppi, tuple(notes))
    if is_jpeg:
        buf = io.BytesIO()
        # no dpi, EXIF or ICC: nothing that varies, nothing ReportLab would read
        im.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, subsampling=0)
        return _Converted(buf.getvalue(), None, im.mode, im.size, ppi, source_ppi, tuple(notes))
    return _Converted(None, im, im.mode, im.size, ppi, source_ppi, tuple(notes))


def low_ppi_message(
    path: Path, ppi: float, min_ppi: float, frame_w: float, frame_h: float, crop
) -> tuple[str, str]:
    mm = 25.4 / 72.0
    # 2 % over the bare minimum: a photo with other pixels has another shape, make-up may
    # crop it a row deeper or shallower, and the fix followed must still be enough
    need_w = frame_w / 72.0 * min_ppi * 1.02
    need_h = frame_h / 72.0 * min_ppi * 1.02
    l, t, r, b = crop
    frac_w = max(1e-6, min(1.0, r) - max(0.0, l))
    frac_h = max(1e-6, min(1.0, b) - max(0.0, t))
    scale = ppi / min_ppi
    # figures rounded the safe way, so that the fix followed to the figure is enough: the
    # resolution down, the pixels needed up, the largest size down
    what = (
        f"photo {path.name} is {math.floor(ppi)} ppi at its placed size ({frame_w * mm:.0f} × "
        f"{frame_h * mm:.0f} mm); print needs at least {min_ppi:.0f} ppi"
    )
    fix = (
        f"supply it with at least {math.ceil(need_w / frac_w)} × {math.ceil(need_h / frac_h)} "
        f"pixels for this crop, or place it at most {math.floor(frame_w * mm * scale)} × "
        f"{math.floor(frame_h * mm * scale)} mm{ASK_FOR_ORIGINAL}"
    )
    return what, fix


# WeChat and most messaging apps send a photo shrunk to 1280 px on its long side unless the
# sender ticks 原图 (original); a photo that size came that way, whatever its placed size.
MESSAGING_APP_LONG_SIDE = 1280
ASK_FOR_ORIGINAL = "; if it came through a messaging app, ask for the original (原图)"


def shrunk_message(path: Path, width: int, height: int) -> tuple[str, str] | None:
    """A warning for a photo a messaging app has shrunk (long side ≤ 1280 px), or None."""
    if max(width, height) > MESSAGING_APP_LONG_SIDE:
        return None
    what = (
        f"photo {path.name} is {width} × {height} pixels, the size a messaging app shrinks a "
        "photo to"
    )
    fix = (
        "ask the sender for the original (原图): in WeChat tick 原图 before sending, or send "
        "the photo as a file"
    )
    return what, fix


def prepare_image(
    path: Path,
    frame_w_pt: float,
    frame_h_pt: float,
    crop: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
    *,
    mode: str = "proof",
    min_ppi: float = 200.0,
    max_ppi: float = 400.0,
    profile: Path | None = None,
    where: Where | None = None,
) -> PreparedImage:
    """A photo converted for the press and cropped to a frame of `frame_w_pt` × `frame_h_pt`.

    `crop` (l, t, r, b fractions of the upright image) is the part the editor wants; it is
    trimmed further, evenly, to the frame's aspect ratio. Below `min_ppi` a proof gets a
    warning and a final build raises InputError; above `max_ppi` the photo is downsampled.
    `profile` is the press's CMYK profile (None: the shipped newsprint one)."""
    if mode not in ("proof", "final"):
        raise ValueError(f"mode must be 'proof' or 'final', not {mode!r}")
    if frame_w_pt <= 0 or frame_h_pt <= 0:
        raise ValueError(f"frame must have a size, got {frame_w_pt} × {frame_h_pt} pt")
    path = Path(path)
    here = _where(where, path)
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(
            f"photo {path.name} cannot be read: {exc.strerror or exc}",
            here,
            "check that the file exists and is readable",
        ) from None
    l, t, r, b = (float(v) for v in crop)
    crop = (l, t, r, b)
    prof_key = None
    if profile is not None:
        try:
            pst = Path(profile).stat()
            prof_key = (str(profile), pst.st_mtime_ns, pst.st_size)
        except OSError:
            prof_key = (str(profile), 0, 0)
    key = (
        _content_id(path, st),  # by content: a batch's issues carry copies of one photo
        path.name,  # the notes name the file
        round(frame_w_pt, 3),
        round(frame_h_pt, 3),
        crop,
        mode,
        min_ppi,
        max_ppi,
        prof_key,
    )

    with _lock:
        done = _cache.get(key)
        if done is not None:
            _cache.move_to_end(key)
    if done is None:
        # resolution first, from the header: a final build refuses before decoding anything
        info = image_info(path, here)
        box = crop_box(info.width, info.height, frame_w_pt, frame_h_pt, crop)
        ppi = min(ppi_of(box[2] - box[0], frame_w_pt), ppi_of(box[3] - box[1], frame_h_pt))
        if ppi < min_ppi and mode == "final":
            what, fix = low_ppi_message(path, ppi, min_ppi, frame_w_pt, frame_h_pt, crop)
            raise InputError(what, here, fix)
        done = _convert(path, frame_w_pt, frame_h_pt, crop, min_ppi, max_ppi, profile, here)
        with _lock:
            _cache[key] = done
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)

    found: list[Warning] = [Warning(what, here, fix, "image") for what, fix in done.notes]
    if done.source_ppi < min_ppi:
        if mode == "final":
            what, fix = low_ppi_message(
                path, done.source_ppi, min_ppi, frame_w_pt, frame_h_pt, crop
            )
            raise InputError(what, here, fix)
        what, fix = low_ppi_message(path, done.source_ppi, min_ppi, frame_w_pt, frame_h_pt, crop)
        found.append(Warning(what, here, fix, "image"))
    return PreparedImage(
        path.name,
        done.mode,
        done.size[0],
        done.size[1],
        done.ppi,
        done.source_ppi,
        done.data,
        done.image,
        tuple(found),
    )


def clear_cache() -> None:
    """Forget converted photos (tests; a long-running preview server after profile edits)."""
    with _lock:
        _cache.clear()
        _verified.clear()
        _transforms.clear()
        _profiles.clear()

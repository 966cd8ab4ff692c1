#!/usr/bin/env python3
"""Makes the stand-in photos of the sample issue (issues/2020-01-tianping/images/).

No photographs came with the seed text, so the sample issue uses calm abstract scenes
(a meeting room, a memorial park), each marked on the image itself as a stand-in, never
to be mistaken for a news photo. The output is deterministic: a fixed random seed per
image, fixed sizes, fixed JPEG settings.

Sized for ≥ 200 ppi at two columns of tabloid-4k (≈ 265 pt ≈ 3.7 in → ≥ 740 px wide).

    python3 scripts/make_standin_photos.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "issues" / "2020-01-tianping" / "images"
SIZE = (1000, 700)  # the scene is drawn at this size …
PRINT_SCALE = 2  # … and saved twice as large: 2000 × 1400 px
QUALITY = 85

# First font that exists: the project's own copy, then the Debian packages.
FONT_CANDIDATES = [
    (ROOT / "fonts" / "BulletinWenKai-Regular.ttf", 0),
    (Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"), 0),
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),  # face 2 = SC
]

LABEL = "示意图 · 非新闻照片"
LABEL_EN = "STAND-IN IMAGE"


def font(size: int) -> ImageFont.FreeTypeFont:
    for path, index in FONT_CANDIDATES:
        if path.exists():
            return ImageFont.truetype(str(path), size, index=index)
    raise SystemExit("no CJK font found: install fonts-lxgw-wenkai or fonts-noto-cjk")


def gradient(size, top, bottom) -> Image.Image:
    """A vertical gradient from colour `top` to colour `bottom`."""
    _width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return column.resize(size)


def person(draw: ImageDraw.ImageDraw, x: float, base: float, scale: float, colour) -> None:
    """A seated or standing figure: head and shoulders, no face."""
    head = 18 * scale
    draw.ellipse(
        [x - head, base - 110 * scale, x + head, base - 110 * scale + 2 * head], fill=colour
    )
    draw.rounded_rectangle(
        [x - 38 * scale, base - 68 * scale, x + 38 * scale, base],
        radius=int(22 * scale),
        fill=colour,
    )


def meeting_room(rng: random.Random, banner_colour, wall, speaker_x: int) -> Image.Image:
    """A hall seen from the audience: banner, rostrum, a speaker, rows of heads."""
    image = gradient(SIZE, wall[0], wall[1])
    draw = ImageDraw.Draw(image)
    width, _height = SIZE
    draw.rectangle([0, 0, width, 70], fill=banner_colour)  # banner across the wall
    draw.rectangle([0, 70, width, 78], fill=(150, 40, 36))
    for x in range(80, width, 160):  # wall panels
        draw.rectangle([x, 110, x + 110, 330], outline=(200, 190, 176), width=3)
    draw.polygon([(120, 420), (880, 420), (940, 470), (60, 470)], fill=(120, 78, 52))  # rostrum
    draw.rectangle([60, 470, 940, 500], fill=(96, 62, 42))
    for x in range(170, 860, 115):  # people at the table
        person(draw, x + rng.uniform(-8, 8), 420, 0.8, (70, 72, 84))
    person(draw, speaker_x, 340, 0.9, (52, 54, 66))  # the speaker
    draw.rectangle([speaker_x - 45, 330, speaker_x + 45, 470], fill=(140, 40, 40))  # lectern
    for row, y in enumerate((600, 660, 720)):  # audience, backs of heads
        for x in range(-40 + 30 * (row % 2), width + 60, 72):
            shade = 40 + rng.randint(0, 25)
            r = 25 + row * 3
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(shade, shade, shade + 6))
    return image.filter(ImageFilter.GaussianBlur(1.2))


def memorial_park(rng: random.Random) -> Image.Image:
    """A square with a monument, trees and a group of people facing it."""
    image = gradient(SIZE, (170, 196, 222), (236, 232, 220))
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rectangle([0, 430, width, height], fill=(196, 190, 176))  # paved square
    for x in range(-20, width + 40, 90):  # trees behind
        r = rng.randint(45, 70)
        y = 380 + rng.randint(-20, 10)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(66 + rng.randint(0, 20), 104, 70))
    draw.polygon([(470, 110), (530, 110), (556, 430), (444, 430)], fill=(226, 222, 214))  # monument
    draw.rectangle([400, 430, 600, 455], fill=(210, 204, 194))
    draw.rectangle([455, 170, 545, 200], fill=(170, 40, 40))  # a red panel on it
    for row, base in enumerate((620, 690)):  # the group
        for i in range(9):
            x = 150 + i * 88 + 40 * row + rng.uniform(-6, 6)
            person(draw, x, base, 1.0 + 0.1 * row, (56 + 8 * row, 58, 72))
    draw.rectangle([120, 560, 300, 600], fill=(178, 34, 34))  # a party flag held up
    return image.filter(ImageFilter.GaussianBlur(1.0))


def label(image: Image.Image, caption: str) -> Image.Image:
    """Marks the image as a stand-in: a band across the middle and the caption below it.
    The scene is drawn at SIZE and enlarged by PRINT_SCALE first, so that the photo has
    print resolution (≥ 200 ppi) even when page filling crops it taller across 3 columns."""
    image = image.resize((image.width * PRINT_SCALE, image.height * PRINT_SCALE), Image.LANCZOS)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = image.size
    k = PRINT_SCALE
    draw.rectangle(
        [0, height // 2 - 78 * k, width, height // 2 + 78 * k], fill=(255, 255, 255, 200)
    )
    big, small = font(64 * k), font(30 * k)
    draw.text(
        (width / 2, height / 2 - 26 * k), LABEL, font=big, fill=(150, 20, 20, 255), anchor="mm"
    )
    draw.text(
        (width / 2, height / 2 + 44 * k),
        f"{LABEL_EN} · {caption}",
        font=small,
        fill=(40, 40, 40, 255),
        anchor="mm",
    )
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


PHOTOS = {
    "p1-zhong-speech.jpg": (
        "区委副书记钟晓咏讲话",
        lambda rng: meeting_room(
            rng, (190, 36, 36), ((222, 214, 200), (176, 164, 150)), speaker_x=500
        ),
    ),
    "p1-gao-speech.jpg": (
        "街道党工委书记高路讲话",
        lambda rng: meeting_room(
            rng, (176, 30, 44), ((206, 214, 222), (150, 160, 172)), speaker_x=780
        ),
    ),
    "p2-longhua-visit.jpg": ("参观龙华烈士陵园", memorial_park),
}


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    for seed, (name, (caption, scene)) in enumerate(sorted(PHOTOS.items()), start=2020):
        image = label(scene(random.Random(seed)), caption)
        path = out / name
        image.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=False)
        print(f"{path}: {image.width}×{image.height}, {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

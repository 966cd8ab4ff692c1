#!/usr/bin/env python3
"""Build the shipped newsprint CMYK output profile from CGATS TR 002 data.

No newsprint CMYK profile ships with Debian or on PyPI, so bulletin-pdf builds its own,
offline, from the CGATS/SNAP TR 002 characterisation data (coldset printing on newsprint)
that Debian's icc-profiles-free package carries under the Zlib licence, with Argyll's
colprof. The result is committed as package data; this script documents and repeats the
build. Run it again only to change the recipe:

    apt-get install argyll icc-profiles-free
    python3 scripts/build_icc_profile.py            # writes src/bulletin_pdf/data/...

Recipe (why each switch):
  -qm        medium-quality tables: ~170 KB (-ql: 28 KB, coarser tables)
  -nc        do not copy the 928 measurements into the profile (smaller; data is public)
  -kp ...    heavy GCR, as newspaper profiles use: black starts at 10 % of the tone
             range and reaches its maximum at 90 %, so neutrals are carried mostly by K
             (stable grey balance on a press with 26 % dot gain, less ink to dry)
  -l220      total ink limit 220 % (ISO 12647-3:2013 for coldset; printers cap at 240 %)
  -L95       black limit 95 %
  -s sRGB    gamut-map the perceptual table from sRGB, the space our photos arrive in
  -Zm -Zp    matte paper, perceptual as the default intent

colprof writes the build time into the header; it is replaced by a fixed date so the
build is repeatable byte for byte (verified: two builds differ only there).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

TI3 = Path("/usr/share/color/icc/TR002.ti3")
SRGB = Path("/usr/share/color/icc/sRGB.icc")
OUT = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "bulletin_pdf"
    / "data"
    / "newsprint-cgats-tr002.icc"
)

DESCRIPTION = "Newsprint coldset (CGATS TR 002) 220% heavy GCR - bulletin-pdf"
COPYRIGHT = (
    "Built with ArgyllCMS colprof from ANSI CGATS/SNAP TR 002-2007 characterization "
    "data (icc-profiles-free, Zlib licence). No rights reserved."
)
FIXED_DATE = (2025, 1, 1, 0, 0, 0)  # header dateTime: year, month, day, h, m, s

COLPROF_ARGS = [
    "-qm",
    "-nc",
    "-kp",
    "0",
    "0.1",
    "0.9",
    "1",
    "1",
    "-l220",
    "-L95",
    "-s",
    str(SRGB),
    "-Z",
    "m",
    "-Z",
    "p",
    "-D",
    DESCRIPTION,
    "-C",
    COPYRIGHT,
]


def build(out: Path) -> bytes:
    for need in (TI3, SRGB):
        if not need.exists():
            sys.exit(f"{need} is missing: apt-get install icc-profiles-free")
    if shutil.which("colprof") is None:
        sys.exit("colprof is missing: apt-get install argyll")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copyfile(TI3, work / "TR002.ti3")
        cmd = ["colprof", *COLPROF_ARGS, "-O", "out.icc", "TR002"]
        subprocess.run(cmd, cwd=work, check=True, stdout=subprocess.DEVNULL)
        data = bytearray((work / "out.icc").read_bytes())
    # ICC header: bytes 24..35 hold the creation dateTime (six big-endian uint16)
    data[24:36] = struct.pack(">6H", *FIXED_DATE)
    if bytes(data[12:20]) != b"prtrCMYK":
        sys.exit(
            f"colprof made a {bytes(data[12:16])!r}/{bytes(data[16:20])!r} profile, not prtr/CMYK"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bytes(data))
    return bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(args.output)
    print(f"{args.output}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    print("colprof " + " ".join(COLPROF_ARGS) + " -O out.icc TR002")


if __name__ == "__main__":
    main()

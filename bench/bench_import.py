#!/usr/bin/env python3
"""What `bulletin-pdf import` costs: python-docx's import time, and a whole import of the
test manuscript (tests/manuscripts.py: two photos, a table, a text box) into a copy of the
sample issue, each the median of N fresh processes.

    python bench/bench_import.py [-n 10]

python-docx is imported only by the import command, so no other command pays for it
(`python -X importtime -m bulletin_pdf build …` shows no docx module).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("-n", type=int, default=10)
    args = ap.parse_args()
    py = sys.executable
    bare = statistics.median(timed([py, "-c", "pass"]) for _ in range(args.n))
    docx = statistics.median(timed([py, "-c", "import docx"]) for _ in range(args.n))
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, os.path.join(ROOT, "tests"))
        from manuscripts import make_word_manuscript

        manuscript = make_word_manuscript(__import__("pathlib").Path(tmp) / "m.docx")
        for name in ("layouts", "fonts"):
            os.symlink(os.path.join(ROOT, name), os.path.join(tmp, name))
        runs = []
        for i in range(args.n):
            issue = os.path.join(tmp, "issues", f"i{i}")
            shutil.copytree(
                os.path.join(ROOT, "issues", "2020-01-tianping"),
                issue,
                ignore=shutil.ignore_patterns("*.pdf"),
            )
            runs.append(
                timed(
                    [
                        py,
                        "-m",
                        "bulletin_pdf",
                        "import",
                        str(manuscript),
                        "--into",
                        issue,
                        "--page",
                        "3",
                    ]
                )
            )
    print(f"python startup           {bare * 1000:6.0f} ms")
    print(f"import docx (python-docx) {(docx - bare) * 1000:6.0f} ms over startup")
    print(
        f"bulletin-pdf import       {statistics.median(runs) * 1000:6.0f} ms (whole command, median of {args.n})"
    )


if __name__ == "__main__":
    main()

"""Realistic test issues, made from the sample issue's own sentences.

The sample (issues/2020-01-tianping) is split into sentences, headlines, captions, names,
list and brief items; `random.Random(seed)` recombines them into issues of 1–4 pages with
varied page plans, article lengths, photo counts and list lengths. The same seed always
gives the same YAML. The sample's stand-in photos are copied into each issue's images/
(a photo must lie inside its issue folder).

Every issue is sized to its pages by an estimate of the rows each block takes, then made up
for real: while make-up reports overset, the overset block loses its last paragraph (or
item, or photo) and the issue is made up again — deterministic, so the result still
depends on the seed alone. Used by the batch tests and bench/bench_batch.py.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin_pdf import paths

if TYPE_CHECKING:
    from bulletin_pdf.makeup.blocks import Overset
from bulletin_pdf.model import issue as m

MAX_FIT_ROUNDS = 60
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”」』]?|$)")
_CLAUSE_SPLIT = re.compile(r"[,，;；:：、。！？!?“”「」]")
_BLOCK_PATH = re.compile(r"pages\[(\d+)\]\.blocks\[(\d+)\]")


def default_sample() -> Path:
    return paths.sample_issue()


# ---- what the sample offers -------------------------------------------------------------------


@dataclass
class Seed:
    """The material of the sample issue, cut into pieces to recombine."""

    issue: m.Issue
    sentences: list[str]
    dated: list[str]  # sentences that start with a date: brief items
    titles: list[str]
    kickers: list[str]
    captions: list[str]
    names: list[str]
    list_items: list[str]
    greeting: m.Greeting | None
    photos: list[Path]
    columns: int
    column_chars: int
    rows: int


def sentences_of(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]


def load_seed(sample: Path | None = None) -> Seed:
    from bulletin_pdf.source.load import load

    issue, layout = load(sample or default_sample())
    sentences, titles, kickers, captions, names, items, photos = [], [], [], [], [], [], []
    greeting = None
    for page in issue.pages:
        for blk in page.blocks:
            if isinstance(blk, m.Article):
                titles.append(blk.title.value)
                if blk.kicker:
                    kickers.append(blk.kicker.value)
                if blk.byline:
                    names += [w for w in blk.byline.value.split() if w not in ("文", "摄")]
                for p in blk.body:
                    sentences += sentences_of(p.value)
                for ph in blk.photos:
                    photos.append(Path(ph.file))
                    if ph.caption:
                        captions.append(ph.caption.value)
                    if ph.credit:
                        names += [w for w in ph.credit.value.split() if w != "摄"]
            elif isinstance(blk, m.PhotoBlock):
                photos.append(Path(blk.photo.file))
            elif isinstance(blk, m.NumberedList):
                items += [t.value for t in blk.items]
            elif isinstance(blk, m.Briefs):
                sentences += [t.value for t in blk.items]
            elif isinstance(blk, m.Greeting):
                greeting = blk
    clauses = [c.strip() for s in sentences for c in _CLAUSE_SPLIT.split(s)]
    titles += sorted({c for c in clauses if 10 <= len(c) <= 20 and not c[0].isdigit()})
    return Seed(
        issue=issue,
        sentences=sentences,
        dated=[s for s in sentences if re.match(r"\d+月\d+日", s)],
        titles=titles,
        kickers=kickers or ["立足新起点 扬帆新征程"],
        captions=captions or ["社区活动现场"],
        names=sorted(set(names)) or ["通讯员"],
        list_items=items or sentences,
        greeting=greeting,
        photos=list(dict.fromkeys(photos)),
        columns=layout.columns,
        column_chars=layout.column_chars,
        rows=layout.lines,
    )


# ---- blocks as plain data ------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # article | briefs | list | greeting
    columns: int
    title: str
    paragraphs: list[str] = field(
        default_factory=list
    )  # article / greeting body; list / briefs items
    kicker: str = ""
    byline: str = ""
    photos: list[tuple[str, str, str, int]] = field(
        default_factory=list
    )  # file, caption, credit, columns
    salutation: str = ""
    signature: list[str] = field(default_factory=list)

    def shrink(self, lines: int = 1, width: int = 14) -> bool:
        """Take away text worth about `lines` overset lines of `width` characters (at least
        one thing: the last paragraph or item, else a photo, else a sentence); False when
        nothing can go."""
        removed = 0
        while removed < max(lines, 1):
            if len(self.paragraphs) > 1:
                removed += math.ceil((len(self.paragraphs.pop()) + 2) / width)
            elif self.photos:
                removed += 16 * self.photos.pop()[3]
            else:
                sentences = sentences_of(self.paragraphs[0]) if self.paragraphs else []
                if len(sentences) < 2:
                    return removed > 0
                self.paragraphs[0] = "".join(sentences[:-1])
                removed += math.ceil(len(sentences[-1]) / width)
        return True


# Page plans on a 5-column grid: (kind, columns, share of the page's rows).
FRONT_PLANS = [
    [("lead", 4, 1.0), ("briefs", 1, 0.4), ("article", 1, 0.6)],
    [("lead", 5, 0.55), ("article", 3, 0.45), ("briefs", 2, 0.45)],
    [("lead", 3, 1.0), ("article", 2, 0.6), ("briefs", 2, 0.4)],
]
INNER_PLANS = [
    [("article", 3, 1.0), ("list", 2, 0.45), ("article", 2, 0.55)],
    [("article", 3, 0.55), ("list", 2, 0.55), ("greeting", 5, 0.45)],
    [("article", 5, 0.5), ("article", 2, 0.5), ("article", 3, 0.5)],
    [("article", 2, 1.0), ("article", 3, 0.6), ("briefs", 3, 0.4)],
]
MASTHEAD_ROWS, RUNNING_HEAD_ROWS = 9, 3  # with the gap below them


class Maker:
    """Draws the blocks of one issue from the seed with one random generator."""

    def __init__(self, seed: Seed, rng: random.Random, date: _dt.date):
        self.seed = seed
        self.rng = rng
        self.date = date
        self.unused_titles = list(seed.titles)
        rng.shuffle(self.unused_titles)

    def title(self) -> str:
        if not self.unused_titles:
            self.unused_titles = list(self.seed.titles)
            self.rng.shuffle(self.unused_titles)
        return self.unused_titles.pop()

    def paragraph(self, deck: list[str], pool: list[str], n: int) -> str:
        """n sentences dealt from `deck`, refilled from `pool` when empty: within one block
        no sentence comes back before every other one has been used."""
        out = []
        for _ in range(n):
            if not deck:
                deck += pool
                self.rng.shuffle(deck)
            out.append(deck.pop())
        return "".join(out)

    def text_rows(self, texts: list[str], columns: int, indent: int = 2) -> float:
        width = self.seed.column_chars
        return sum(math.ceil((len(t) + indent) / width) for t in texts) / columns

    def byline(self) -> str:
        a, b = (
            self.rng.sample(self.seed.names, 2)
            if len(self.seed.names) > 1
            else (self.seed.names * 2)[:2]
        )
        return self.rng.choice([f"{a} 文", f"{a} 文 {b} 摄", a, f"通讯员 {a}"])

    def article(self, columns: int, rows: float, lead: bool) -> Block:
        blk = Block("article", columns, self.title(), byline=self.byline())
        head = 6 if lead else 4
        if lead or self.rng.random() < 0.3:
            blk.kicker = self.rng.choice(self.seed.kickers)
            head += 2
        max_photos = min(2, columns // 2) if self.seed.photos else 0
        for _ in range(self.rng.randint(0, max_photos)):
            span = 2 if columns >= 2 else 1
            blk.photos.append(
                (
                    self.rng.choice(self.seed.photos).name,
                    self.rng.choice(self.seed.captions),
                    f"{self.rng.choice(self.seed.names)} 摄",
                    span,
                )
            )
        photo_rows = sum(16 * span for *_, span in blk.photos) / columns
        budget = rows - head - photo_rows
        deck: list[str] = []
        while not blk.paragraphs or self.text_rows(blk.paragraphs, columns) < budget:
            blk.paragraphs.append(self.paragraph(deck, self.seed.sentences, self.rng.randint(1, 4)))
            if len(blk.paragraphs) > 40:
                break
        if len(blk.paragraphs) > 1:
            blk.paragraphs.pop()  # the estimate errs long: end below the budget
        return blk

    def briefs(self, columns: int, rows: float) -> Block:
        pool = self.seed.dated or self.seed.sentences
        blk = Block("briefs", columns, "重要新闻")
        deck: list[str] = []
        while not blk.paragraphs or self.text_rows(blk.paragraphs, columns, 1) < rows - 5:
            blk.paragraphs.append(self.paragraph(deck, pool, 1))
            if len(blk.paragraphs) >= 6:
                break
        return blk

    def numbered(self, columns: int, rows: float) -> Block:
        items = list(self.seed.list_items)
        self.rng.shuffle(items)
        year = self.date.year
        blk = Block(
            "list",
            columns,
            self.rng.choice(
                [f"天平街道{year}年实事项目", "社区治理重点工作", f"{year}年为民办实事清单"]
            ),
        )
        for item in items:
            if blk.paragraphs and self.text_rows([*blk.paragraphs, item], columns, 3) > rows - 3:
                break
            blk.paragraphs.append(item)
        if len(blk.paragraphs) > 3:
            blk.paragraphs = blk.paragraphs[: self.rng.randint(3, len(blk.paragraphs))]
        return blk

    def greeting(self, columns: int, rows: float) -> Block:
        g = self.seed.greeting
        body = [p.value for p in g.body] if g else self.seed.sentences
        blk = Block(
            "greeting",
            columns,
            g.title.value if g else "新春贺词",
            salutation=g.salutation.value if g and g.salutation else "",
            signature=[t.value for t in g.signature] if g else [],
        )
        sentences = [s for p in body for s in sentences_of(p)]
        deck: list[str] = []
        while not blk.paragraphs or self.text_rows(blk.paragraphs, columns) < rows - 6:
            blk.paragraphs.append(self.paragraph(deck, sentences, self.rng.randint(2, 4)))
            if len(blk.paragraphs) > 20:
                break
        return blk

    def page(self, plan, front: bool) -> list[Block]:
        free = self.seed.rows - (MASTHEAD_ROWS if front else RUNNING_HEAD_ROWS)
        fill = self.rng.uniform(0.95, 1.3)
        blocks = []
        for kind, columns, share in plan:
            rows = free * share * fill - 1
            if kind in ("lead", "article"):
                blocks.append(self.article(columns, rows, lead=kind == "lead"))
            elif kind == "briefs":
                blocks.append(self.briefs(columns, rows))
            elif kind == "list":
                blocks.append(self.numbered(columns, rows))
            else:
                blocks.append(self.greeting(columns, rows))
        return blocks


# ---- one issue ----------------------------------------------------------------------------------

SECTIONS = ["要闻", "党建·社区", "民生", "文化", "平安", "综合"]


def issue_plan(
    seed: Seed, rng: random.Random, index: int
) -> tuple[dict, list[tuple[str, list[Block]]]]:
    """The issue's header values and its pages (section, blocks)."""
    first = seed.issue.date
    month0 = first.month - 1 + index
    date = _dt.date(first.year + month0 // 12, month0 % 12 + 1, min(first.day, 28))
    head = {
        "number": seed.issue.number + index,
        "date": date,
        "total_number": (seed.issue.total_number + index) if seed.issue.total_number else None,
    }
    maker = Maker(seed, rng, date)
    n_pages = rng.randint(1, 4)
    pages = []
    for p in range(n_pages):
        plan = rng.choice(FRONT_PLANS if p == 0 else INNER_PLANS)
        pages.append((SECTIONS[p] if p < len(SECTIONS) else "综合", maker.page(plan, front=p == 0)))
    return head, pages


def render_yaml(seed: Seed, head: dict, pages: list[tuple[str, list[Block]]], label: str) -> str:
    """The issue file, written the way an editor would write it."""
    q = _q
    nl, imp = seed.issue.newsletter, seed.issue.imprint
    out = [
        f"# Generated test issue {label}: sentences of the sample issue recombined by",
        "# bulletin_pdf.commands.generate; the photos are the sample's labelled stand-ins.",
        "",
        "newsletter:",
        f"  name: {q(nl.name.value)}",
    ]
    if nl.publisher:
        out.append(f"  publisher: {q(nl.publisher.value)}")
    if nl.internal:
        out.append("  internal: true")
    if nl.permit:
        out.append(f"  permit: {q(nl.permit.value)}")
    out += ["", f"number: {head['number']}"]
    if head["total_number"]:
        out.append(f"total_number: {head['total_number']}")
    out += [f"date: {head['date'].isoformat()}", "", f"layout: {seed.issue.layout}"]
    if getattr(seed.issue, "layout_version", None):
        out.append(f"layout_version: {seed.issue.layout_version}")
    if imp:
        out += ["", "imprint:"]
        for key in ("editor", "audience", "printer", "address"):
            value = getattr(imp, key)
            if value:
                out.append(f"  {key}: {q(value.value)}")
        if imp.print_date:
            out.append(f"  print_date: {(head['date'] - _dt.timedelta(days=2)).isoformat()}")
        if imp.copies:
            out.append(f"  copies: {imp.copies}")
    out += ["", "pages:"]
    for section, blocks in pages:
        out += ["", f"  - section: {q(section)}", "    blocks:"]
        for b in blocks:
            out += [""] + [("      " + line) if line else "" for line in _block_yaml(b)]
    return "\n".join(out) + "\n"


def _block_yaml(b: Block) -> list[str]:
    q = _q
    out = [f"- type: {b.kind}"]
    if b.kicker:
        out.append(f"  kicker: {q(b.kicker)}")
    out.append(f"  title: {q(b.title)}")
    if b.byline:
        out.append(f"  byline: {q(b.byline)}")
    out.append(f"  columns: {b.columns}")
    if b.salutation:
        out.append(f"  salutation: {q(b.salutation)}")
    if b.signature:
        out += ["  signature:"] + [f"    - {q(s)}" for s in b.signature]
    if b.photos:
        out.append("  photos:")
        for file, caption, credit, span in b.photos:
            out += [
                f"    - file: images/{file}",
                f"      caption: {q(caption)}",
                f"      credit: {q(credit)}",
                f"      columns: {min(span, b.columns)}",
            ]
    if b.kind in ("article", "greeting"):
        out.append("  body: |")
        for i, p in enumerate(b.paragraphs):
            if i:
                out.append("")
            out.append(f"    {p}")
    else:
        out += ["  items:"] + [f"    - {q(item)}" for item in b.paragraphs]
    return out


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def generate_issue(
    seed: Seed, seed_value: int, index: int, folder: Path, *, fit: bool = True
) -> Path:
    """Write issue `index` of the series for `seed_value` into `folder`; returns its issue.yaml.
    With `fit`, shrink it until make-up reports no overset."""
    rng = random.Random(f"{seed_value}:{index}")
    head, pages = issue_plan(seed, rng, index)
    folder = Path(folder)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    for photo in seed.photos:
        target = folder / "images" / photo.name
        if not target.exists():
            shutil.copyfile(photo, target)
    file = folder / "issue.yaml"
    label = f"{seed_value}:{index}"
    file.write_text(render_yaml(seed, head, pages, label), encoding="utf-8")
    if fit:
        _fit(seed, head, pages, file, label)
    return file


def _fit(seed: Seed, head, pages, file: Path, label: str) -> None:
    from bulletin_pdf.commands.build import make

    for _ in range(MAX_FIT_ROUNDS):
        overset = make(file).makeup.overset
        if not overset:
            return
        # Only the first overset block of each page: a block after it may be overset only
        # because the first took its place, and shrinks needlessly if cut at the same time.
        first_on_page: dict[int, Overset] = {}
        for o in overset:
            first_on_page.setdefault(o.page, o)
        for o in first_on_page.values():
            _shrink_at(pages, o, seed.column_chars)
        file.write_text(render_yaml(seed, head, pages, label), encoding="utf-8")
    raise RuntimeError(f"{file}: still overset after {MAX_FIT_ROUNDS} rounds of shrinking")


def _shrink_at(pages, overset, width: int) -> None:
    """Shrink the block make-up named by about its overset; if it cannot shrink, the longest
    one on its page."""
    match = _BLOCK_PATH.search(overset.where.field if overset.where else "")
    if match:
        p, b = int(match.group(1)), int(match.group(2))
        if p < len(pages) and b < len(pages[p][1]) and pages[p][1][b].shrink(overset.lines, width):
            return
    blocks = pages[min(overset.page, len(pages)) - 1][1]
    for blk in sorted(blocks, key=lambda x: -sum(len(t) for t in x.paragraphs)):
        if blk.shrink(overset.lines, width):
            return


def generate_issues(
    count: int, out_dir: Path, seed: int = 0, sample: Path | None = None, fit: bool = True
) -> list[Path]:
    """Issues 0 … count−1 of the series for `seed`, in out_dir/gen-<seed>-<number>/issue.yaml."""
    material = load_seed(sample)
    files = []
    for index in range(count):
        number = material.issue.number + index
        folder = Path(out_dir) / f"gen-{seed}-{number:04d}"
        files.append(generate_issue(material, seed, index, folder, fit=fit))
    return files

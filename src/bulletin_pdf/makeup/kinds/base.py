"""What every block kind of make-up is: `BlockKind`, and the page it is set for: `PageContext`.

See the package's docstring (makeup/kinds/__init__.py) for the API in short.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulletin_pdf.errors import Where
from bulletin_pdf.makeup.blocks import Entry, Setter, Setting, short_columns
from bulletin_pdf.makeup.shapes import Shape
from bulletin_pdf.model import issue as m
from bulletin_pdf.model.issue import PLACEHOLDER
from bulletin_pdf.model.keys import BlockModel

HINTS = ("columns", "column", "place")


@dataclass
class PageContext:
    """What a kind needs to know of the page it is set on, beyond the block itself."""

    setter: Setter  # composition with the issue's layout and fonts
    page: int  # 1-based page number
    lead: BlockModel | None = None  # the page's first block: its article is the 头条
    continues_on: dict[str, int] = field(
        default_factory=dict
    )  # article id → page of its continuation
    # text of continued articles waiting for their continuation: id → (article, entries, page)
    carried: dict[str, tuple[m.Article, list[Entry], int]] = field(default_factory=dict)


INNER_COST = 0.5  # the other inner column count than a span's natural one


def inner_columns(span: int) -> list[tuple[int, float]]:
    """(inner columns, cost) a box of `span` grid columns (briefs, a notice) may set its text
    in, its natural count first: one up to 2 columns, 2 at 3–4, 3 at 5 and more, so that a
    line holds some 14–24 characters, not 70."""
    if span < 3:
        return [(1, 0.0)]
    natural = 3 if span >= 5 else 2
    return [(natural, 0.0)] + [(n, INNER_COST) for n in (2, 3) if n != natural]


FRAME_AIR = (1, 2)  # rows of air a framed quote or notice may take beyond its natural depth
AIR_COST = 0.8  # … at this cost a row (a briefs box's padding costs the same)


def frame_air(shape: Shape) -> int:
    """The rows of air a quote's or notice's shape asks for beyond its natural depth: the
    number after "air" in its choice."""
    choice = shape.choice
    return choice[choice.index("air") + 1] if "air" in choice else 0


class BlockKind:
    """One kind of block, as make-up knows it. A kind module defines a subclass and an
    instance `KIND` of it; `model` is the kind's model class (model/kinds/)."""

    model: type[BlockModel]

    # ---- the planner's questions
    def set(self, block, ctx: PageContext, shape: Shape, block_id: str) -> Setting:
        """The block set in `shape`: items in frame coordinates inside shape.span columns ×
        shape.rows rows, as many rows as it takes (never more than shape.rows for a shape
        that shapes() offered), what did not fit as overset."""
        raise NotImplementedError

    def choices(
        self, block, ctx: PageContext, span: int, max_rows: int
    ) -> list[tuple[tuple, float]]:
        """The ways of setting the block at `span` beside its natural one, as (choice, cost)
        pairs; a kind with nothing to choose has just ((), 0)."""
        return [((), 0.0)]

    def shapes(self, block, ctx: PageContext, spans: list[int], max_rows: int) -> list[Shape]:
        """For each span, the heights the block can take within `max_rows` rows, each with
        its cost and its overset, one shape per distinct height (the cheapest)."""
        out: list[Shape] = []
        for span in spans:
            best: dict[int, Shape] = {}
            for choice, cost in self.choices(block, ctx, span, max_rows):
                shape = self.measure(block, ctx, span, max_rows, choice, cost)
                if shape.rows not in best or shape.cost < best[shape.rows].cost:
                    best[shape.rows] = shape
            out += [best[rows] for rows in sorted(best)]
        return out

    def measure(
        self,
        block,
        ctx: PageContext,
        span: int,
        max_rows: int,
        choice: tuple = (),
        cost: float = 0.0,
    ) -> Shape:
        """The shape the block takes at `span` with `choice`, at most `max_rows` rows deep."""
        setting = self.set(block, ctx, Shape(span, max_rows, cost, choice=choice), "shape")
        return Shape(
            span,
            setting.rows,
            cost,
            len(setting.overset),
            sum(e.chars for e in setting.overset),
            choice,
            white=self.white(block, setting, ctx),
        )

    def white(self, block, setting: Setting, ctx: PageContext) -> int:
        """The lines of white inside a setting, which the planner charges as holes: its
        columns ending short of its foot."""
        return sum(short_columns(setting, setting.span, setting.rows, ctx.setter.layout))

    def photo_room(self, block, ctx: PageContext, shape: Shape) -> list[tuple[str, int]]:
        """For the cut list of an overset block: each photo set inside it in `shape`, as
        (file name, lines of text its place would take if it were dropped)."""
        return []

    def empty(self, block, ctx: PageContext) -> tuple[str, Where | None, str] | None:
        """Why the block has nothing to set on this page (a warning: what, where, fix), or
        None when it has."""
        return None

    # ---- page filling (today's placement; the planner chooses among shapes() instead)
    def photos(self, block) -> list[m.Photo]:
        """The photos page filling may crop taller, in order; the kind's choice for a
        setting is then the rows each of them grows by, one number per photo."""
        return []

    # ---- `bulletin-pdf new`
    def scaffold(self, written: dict) -> tuple[list[str], bool]:
        """The skeleton of the next issue's block, from the block as the previous issue
        wrote it (plain data, every scalar as written): YAML lines relative to the list's
        indent, and whether it is live YAML (False when commented out as a whole)."""
        return [f"- type: {self.model.TYPE}", *hint_lines(written)], True


def hint_lines(written: dict, hints: tuple[str, ...] = HINTS, prefix: str = "  ") -> list[str]:
    """The placement hints of a written block, kept as they were."""
    return [f"{prefix}{k}: {written[k]}" for k in hints if written.get(k) is not None]


def placeholder(what: str = "") -> str:
    return f"{PLACEHOLDER}{what}"


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class FramedKind(BlockKind):
    """A kind in a frame whose text does not reflow into more rows (a quote, a notice): its
    ways to take more rows than the text needs are air inside the frame, the choice
    `("air", rows)`, the planner's legitimate means of closing a page (never blank lines
    between blocks). Each is measured: the kind sets in a few lines, cheaply."""

    def choices(self, block, ctx: PageContext, span: int, max_rows: int):
        return self.with_air([((), 0.0)])

    @staticmethod
    def with_air(choices: list[tuple[tuple, float]]) -> list[tuple[tuple, float]]:
        """Each of a kind's own choices as it is, and with one or two rows of air."""
        return [
            (choice + extra, cost + AIR_COST * rows)
            for choice, cost in choices
            for extra, rows in [((), 0), *((("air", n), n) for n in FRAME_AIR)]
        ]

    def shapes(self, block, ctx: PageContext, spans: list[int], max_rows: int) -> list[Shape]:
        return super().shapes(block, ctx, spans, max_rows)

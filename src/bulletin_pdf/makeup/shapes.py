"""The contract between the block kinds and the page planner.

A block kind answers two questions (see MAKEUP.md §1–2): "what shapes can you take here?" —
a list of `Shape`s, each a span in columns and a height in whole grid rows, with the kind's
own cost for it and what would not fit — and "set yourself in this shape", which gives the
block's items in frame coordinates, all inside `shape.span` columns × `shape.rows` rows.
The planner chooses one shape and one `Rect` per block so that the rectangles tile the page;
it never looks inside a shape beyond these fields.
"""

from __future__ import annotations

from dataclasses import dataclass

INNER_HOLE = 1  # lines a column of a block may end short of its foot (balanced: within one)


@dataclass(frozen=True)
class Rect:
    """A rectangle of grid cells: columns col … col+span−1, rows row … row+rows−1."""

    col: int
    span: int
    row: int
    rows: int

    @property
    def right(self) -> int:
        return self.col + self.span

    @property
    def bottom(self) -> int:
        return self.row + self.rows

    def overlaps(self, other: Rect) -> bool:
        return (
            self.col < other.right
            and other.col < self.right
            and self.row < other.bottom
            and other.row < self.bottom
        )


@dataclass(frozen=True)
class Shape:
    """One way a block can stand on the page.

    `cost` is the kind's own dislike of this shape (0 for its natural one: a photo at its own
    ratio, a headline at its size for the span); `overset_lines`/`overset_chars` what of its
    text would not fit; `white` the lines its columns leave empty inside it (the planner
    charges them as holes); `choice` the kind's private record of how to set it again (photo
    rows, headline size, inner columns, lines kept on this page…), opaque to the planner."""

    span: int
    rows: int
    cost: float = 0.0
    overset_lines: int = 0
    overset_chars: int = 0
    choice: tuple = ()
    white: int = 0  # lines of white inside it (columns ending over INNER_HOLE short): holes

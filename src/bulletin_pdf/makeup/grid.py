"""The page grid: columns by rows of the body line pitch, and which cells are taken.

Every body baseline sits at the same offset inside its row, so text of all blocks on a page
shares one baseline grid.
"""

from __future__ import annotations

FOLIO_ROWS = 1  # the foot row of every page holds the folio


class PageGrid:
    """Which rows of which columns are taken on one page."""

    def __init__(self, columns: int, rows: int):
        self.columns = columns
        self.rows = rows
        self.taken = [[False] * rows for _ in range(columns)]
        self.head_rows = 0  # masthead or running head: blocks start right under it

    def take(self, col: int, span: int, row: int, rows: int) -> None:
        for c in range(col, col + span):
            for r in range(max(row, 0), min(row + rows, self.rows)):
                self.taken[c][r] = True

    def top_free(self, col: int, span: int, floor: int) -> int:
        """First row at or below which the span is free down to `floor` (after the last taken row)."""
        top = 0
        for c in range(col, col + span):
            for r in range(floor - 1, -1, -1):
                if self.taken[c][r]:
                    top = max(top, r + 1)
                    break
        return top

    def bottom_free(self, col: int, span: int) -> int:
        """One past the last free row of the span's common free run at the foot."""
        bottom = self.rows
        for c in range(col, col + span):
            r = self.rows - 1
            while r >= 0 and self.taken[c][r]:
                r -= 1
            bottom = min(bottom, r + 1)
        return bottom

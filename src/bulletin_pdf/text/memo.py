"""compose() remembered across make-ups, for a process that makes the same issue again and
again (`serve`, `proof --watch`, `preview --watch`).

Composition is most of a make-up's time, and an editor's save changes one paragraph or
two: every other paragraph is asked for again with the same text and the same settings.
`compose` is a pure function of its arguments (the metrics object stands for its font
file: fonts.py loads each file once per process and keeps it), so a remembered answer is
the answer; the memo can make a rebuild faster, never different. A copy is handed out so
that no caller can change what another will be given.
"""

from __future__ import annotations

from collections import OrderedDict

from bulletin_pdf.text.typeset import Composed, compose

MEMO_SIZE = 20_000  # paragraphs; a 64-page issue composes some 6 000


class ComposeMemo:
    """A drop-in `compose` that remembers its answers (least recently used ones go first)."""

    def __init__(self, size: int = MEMO_SIZE):
        self._size = size
        self._done: OrderedDict[tuple, tuple[tuple, tuple[str, ...]]] = OrderedDict()
        self._metrics: dict[int, object] = {}  # keeps each metrics object alive: its id is in keys
        self.hits = 0
        self.misses = 0

    def __call__(self, text: str, measure: float, *, metrics, **options) -> Composed:
        key = (text, measure, id(metrics), tuple(sorted(options.items())))
        done = self._done.get(key)
        if done is not None:
            self._done.move_to_end(key)
            self.hits += 1
            return Composed(list(done[0]), list(done[1]))
        self.misses += 1
        composed = compose(text, measure, metrics=metrics, **options)
        self._metrics[id(metrics)] = metrics
        self._done[key] = (tuple(composed.lines), tuple(composed.problems))
        while len(self._done) > self._size:
            self._done.popitem(last=False)
        return Composed(list(composed.lines), list(composed.problems))

"""The block kinds of make-up: one module per kind, found here by looking.

The kind API, in short
----------------------
A kind is two modules of the same name. model/kinds/<name>.py declares its model: a
dataclass whose fields carry their keys (model/keys.py), from which the source stage derives
the checks, the JSON Schema and the loader, and the style roles it adds, each with the role
a layout without it falls back to. makeup/kinds/<name>.py (this package) holds everything
else about it: a `BlockKind` subclass and an instance `KIND` of it, with

    kind.shapes(block, ctx, spans, max_rows) -> list[Shape]
        for each span of `spans`, the heights the block can take within `max_rows` rows,
        each a makeup.shapes.Shape with the kind's cost, what would be overset, and its
        `choice` (opaque to the planner: photo crops, …)
    kind.set(block, ctx, shape, block_id) -> Setting
        the block set in that shape, items in frame coordinates inside shape.span columns ×
        shape.rows rows (a Setting's `rows` is the height it took)
    kind.empty(block, ctx) -> warning | None      nothing to set on this page (and why)
    kind.photos(block) -> list[Photo]             photos whose crop the choice may make taller
    kind.scaffold(written) -> (lines, live)       the block's skeleton in `bulletin-pdf new`

and its docs in the module's docstring. `ctx` is the `PageContext`: the Setter (composition
with the issue's layout and fonts), the page number, the page's lead block, and the state of
continued articles. `kind_of(block)` gives a block's kind, `BY_TYPE[type]` a kind by the word
after `type:`.

Why two modules: the source stage reads the declaration and sits below make-up, which sets
text and so must sit above the text stage; one module cannot be in both places. Nothing else
names a kind: adding one is adding its two modules (and its roles' styles to the layout).
"""

from __future__ import annotations

import importlib
import pkgutil

from bulletin_pdf.makeup.kinds.base import BlockKind, PageContext
from bulletin_pdf.model.keys import BlockModel
from bulletin_pdf.model.kinds import BLOCK_MODELS

__all__ = ["BY_TYPE", "KINDS", "BlockKind", "PageContext", "kind_of"]


def _discover() -> dict[type[BlockModel], BlockKind]:
    found: dict[type[BlockModel], BlockKind] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, BlockKind):
            raise TypeError(f"{module.__name__} defines no KIND (a BlockKind)")
        found[kind.model] = kind
    missing = [model.TYPE for model in BLOCK_MODELS if model not in found]
    if missing:
        raise TypeError(f"block kinds without a make-up module in {__name__}: {', '.join(missing)}")
    return {model: found[model] for model in BLOCK_MODELS}


KINDS: dict[type[BlockModel], BlockKind] = _discover()
BY_TYPE: dict[str, BlockKind] = {model.TYPE: kind for model, kind in KINDS.items()}


def kind_of(block: BlockModel) -> BlockKind:
    return KINDS[type(block)]

"""The models of the block kinds, one module each, found here by looking.

Each module of this package declares one kind's model: a `BlockModel` dataclass whose fields
carry their `Key` (model/keys.py). That declaration is the only place a kind's keys are
written: source/schema.py derives the checks and the JSON Schema from it, source/load.py the
model built from a checked block. How a kind is set, the shapes it may take on a page and
how `bulletin-pdf new` scaffolds it live in the kind's make-up module
(makeup/kinds/<same name>.py), which sits above the source stage and so cannot be read by it.

Adding a kind is adding a module here and one in makeup/kinds/: neither list below nor any
dispatch elsewhere names the kinds.
"""

from __future__ import annotations

import importlib
import pkgutil

from bulletin_pdf.model.keys import BlockModel


def _discover() -> tuple[type[BlockModel], ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, BlockModel)
            and obj is not BlockModel
            and obj.__module__ == module.__name__
        ]
    return tuple(sorted(found, key=lambda cls: cls.ORDER))


BLOCK_MODELS: tuple[type[BlockModel], ...] = _discover()
BY_TYPE: dict[str, type[BlockModel]] = {cls.TYPE: cls for cls in BLOCK_MODELS}

"""How a block kind declares its keys, once.

A block kind's model is a dataclass whose fields are declared with `key(...)`: the field's
type is what the model holds, and the `Key` in its metadata says what the editor writes —
the kind of value, its documentation, whether it is required, its default, an example for
messages. The source stage reads these declarations to check the YAML, to write the JSON
Schema and to build the model (source/schema.py, source/load.py); nothing else declares a
block's keys. Fields without a `Key` (`where`) are filled by the loader.

The vocabulary is plain data so that it can sit at the bottom of the pipeline, below the
source stage that interprets it:

  text        a piece of editor text (model.Text)
  ident       a short name, letters, digits, '-' and '_' (a str)
  paragraphs  body text → list[Text], one per paragraph
  lines       a list of short texts, or one text for a single line → list[Text]
  items       a list of at least one text → list[Text]
  whole       a whole number from `minimum` to `maximum`
  flag        true or false
  choice      one word of `choices` (word → what it means)
  ratio       a width/height ratio (1.5 or "3:2") → float
  point       [x, y], each 0..1 → tuple
  file        a file inside the issue folder → Path
  photos      a list of photos (model Photo) set inside the block
  photo       one photo whose keys stand in the block itself (a photo block)
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from bulletin_pdf.errors import Where

VALUES = (
    "text",
    "ident",
    "paragraphs",
    "lines",
    "items",
    "whole",
    "flag",
    "choice",
    "ratio",
    "point",
    "file",
    "photos",
    "photo",
)
_LISTS = ("paragraphs", "lines", "items", "photos")


@dataclass(frozen=True)
class Key:
    """What the editor may write under one key of a block."""

    value: str  # one of VALUES
    doc: str
    required: bool = False
    default: Any = None  # the value when the key is not written (also in the schema)
    example: str = ""  # the value part of 'key: value' in an 'add …' fix
    name: str = ""  # the YAML key, when it differs from the field's name
    choices: dict[str, str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    hint: str = ""  # ident: what the name must look like, for messages
    strip: str = ""  # items: regex of the mark the style sets itself, dropped
    # from each entry's start ({n} is the entry's number)
    limit: str = ""  # what the block is called when its text passes
    # limits.MAX_TEXT_CHARS_PER_BLOCK ("{title}" is its title)


def key(
    value: str, doc: str, *, required: bool = False, default: Any = None, **options: Any
) -> Any:
    """A dataclass field that carries its Key. A required key has no model default; a list
    key defaults to an empty list; any other to `default` (None when not given)."""
    if value not in VALUES:
        raise ValueError(f"unknown key value {value!r}; one of {VALUES}")
    spec = Key(value, doc, required=required, default=default, **options)
    meta = {"key": spec}
    if required:
        return field(metadata=meta)
    if value in _LISTS:
        return field(default_factory=list, metadata=meta)
    if isinstance(default, (list, dict)):
        raise ValueError("a mutable default would be shared between blocks")
    return field(default=default if default is not None else None, metadata=meta)


def key_of(f) -> Key | None:
    """The Key of a dataclass field, or None for fields the loader fills (`where`)."""
    return f.metadata.get("key")


def photos_in(block) -> list:
    """Every photo a block holds, in order, as its model declares them (its keys of value
    `photo` and `photos`)."""
    out: list = []
    for f in fields(block):
        spec = key_of(f)
        if spec is not None and spec.value == "photo":
            out.append(getattr(block, f.name))
        elif spec is not None and spec.value == "photos":
            out += getattr(block, f.name)
    return out


# ---- keys every block kind placed on the grid shares ----------------------------------------


def columns() -> Any:
    return key(
        "whole",
        "How many columns of the page's grid the block spans (default: the "
        "whole width of the page).",
        minimum=1,
        maximum=12,
        example="3",
    )


def column() -> Any:
    return key(
        "whole",
        "Optional hint for make-up: the first column the block starts in, 1 = leftmost.",
        minimum=1,
        maximum=12,
        example="1",
    )


def place() -> Any:
    return key(
        "choice",
        "Optional hint for make-up: where on the page the block goes.",
        choices={
            "top": "at the top of the page (below the masthead or running head)",
            "bottom": "at the foot of the page",
        },
        example="top",
    )


@dataclass(frozen=True)
class Role:
    """A style role a kind sets text in. A layout without it sets that text in `fallback`,
    so layouts written before the kind existed still load and print as they did."""

    doc: str
    fallback: str | None = None


@dataclass(kw_only=True)
class BlockModel:
    """The base of every block kind's model. A subclass names its kind:

    TYPE      the word after `type:` in the issue file
    ORDER     where the kind stands in lists of kinds (the schema, messages); lower first
    NAME      its name in the JSON Schema's $defs
    WHAT      how messages call it ("an article block")
    DOC       one sentence for the schema; TYPE_DOC a few words for the `type` enum
    ROLES     the style roles it adds (role → Role); the layout must style the ones without
              a fallback

    The placement hints `columns`, `column`, `place` are declared by each kind that takes
    them (keys.columns() …), so that they stand where the kind wants them in its schema.
    """

    TYPE: ClassVar[str]
    ORDER: ClassVar[int]
    NAME: ClassVar[str]
    WHAT: ClassVar[str]
    DOC: ClassVar[str]
    TYPE_DOC: ClassVar[str]
    ROLES: ClassVar[dict[str, Role]] = {}

    where: Where | None = None  # where the block starts in the issue file


def pin() -> Any:
    return key(
        "flag",
        "Make the block's hints (columns, column, place) binding: make-up otherwise departs "
        "from a hint, with a warning, when no full page keeps it.",
        default=False,
        example="true",
    )


def filler() -> Any:
    return key(
        "flag",
        "A filler (补白): make-up puts the block in only where it closes a gap on its page "
        "and leaves it out, with a note, when the page is full without it.",
        default=False,
        example="true",
    )

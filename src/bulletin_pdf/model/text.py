"""A piece of editor text and where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin_pdf.errors import Where


@dataclass(frozen=True)
class Text:
    """A piece of editor text and where it stands in the issue file."""

    value: str
    where: Where

    def __str__(self) -> str:
        return self.value

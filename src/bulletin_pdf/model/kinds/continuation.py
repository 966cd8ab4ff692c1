"""The continuation: where a continued article picks up on a later page (上接第N版).

Make-up flows into it the text its article did not fit on its own page
(makeup/kinds/continuation.py); source/load.py checks that the pair matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin_pdf.model import keys
from bulletin_pdf.model.keys import BlockModel, key


@dataclass(kw_only=True)
class Continuation(BlockModel):
    TYPE = "continuation"
    ORDER = 60
    NAME = "continuation"
    WHAT = "a continuation block"
    DOC = "Where a continued article picks up (上接第N版)."
    TYPE_DOC = "the rest of a continued article"

    article_id: str = key(
        "ident",
        "The id of the continued article on an earlier page.",
        name="article",
        required=True,
        hint="the id of an article",
        example="lead",
    )
    columns: int | None = keys.columns()

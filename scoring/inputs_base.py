"""The shared pieces of reading response files: limits, the field names, a message not yet in
words (:class:`Text`), :class:`InputError` and how a value appears in a message.

Split from :mod:`scoring.inputs` (which re-exports all of it) to keep each module small.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from locales import Catalogue

META_COLUMNS = ("respondent", "role", "relationship")
TIME_FIELD = "created_at"
"""Optional: when the response was made, ISO 8601 with an offset (``authored`` in FHIR)."""
OPTIONAL_COLUMNS = ("alias", TIME_FIELD)
TEXT_FIELDS = (*META_COLUMNS, *OPTIONAL_COLUMNS)
JSON_FIELDS = frozenset({*TEXT_FIELDS, "answers"})
FIELD_LIMIT = 131_072  # characters in one text field (the csv module's own default limit)
CHUNK_ROWS = 32_768  # rows read, checked and scored at a time: pandas' per-chunk cost stays
# small (65,536 was no faster, measured whole process) and a chunk in flight holds ~100 MB less
SCAN_BLOCK = 1 << 23  # bytes of the file looked at at a time when counting fields
Progress = Callable[[float], None]


@dataclass(frozen=True)
class Text:
    """A message by id with its parameters (which may be Texts themselves), not yet words."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, cat: Catalogue) -> str:
        """The message in the catalogue's language, nested Texts rendered first."""
        filled = {k: v.render(cat) if isinstance(v, Text) else v for k, v in self.params.items()}
        return cat.text(self.id, **filled)


class InputError(ValueError):
    """A response file (or an output) the tools cannot use; one line for the person."""

    def __init__(self, message_id: str, /, **params: Any) -> None:
        self.text = Text(message_id, params)
        super().__init__(message_id)

    def render(self, cat: Catalogue) -> str:
        return self.text.render(cat)

    def __str__(self) -> str:
        from locales import catalogue

        return self.render(catalogue("en"))


def shown(value: object, limit: int = 40) -> str:
    """A value as it appears in a message: numbers as they are, text quoted; both shortened."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(value, float):
        text = f"{value:g}"  # short, but exact: 3.000001 is not shown as "3"
        text = text if float(text) == value or math.isnan(value) else repr(value)
    elif isinstance(value, int) and number:
        text = str(value) if abs(value) < 10**limit else f"{str(value)[: limit - 1]}…"
    else:
        text = str(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text if number else repr(text)

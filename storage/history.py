"""One person's score history, column-wise: the data behind the trend page.

``Store.history`` returns a :class:`History`; ``History.to_frame()`` gives the pandas frame
that ``Store.history_frame`` has always returned. Building the frame costs about 1 ms, far
more than loading the rows, so callers that only need the numbers should use the columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["History", "build_history", "decode_plain", "sqlite_time"]

Score = float | None
_decode: Callable[[str], Any] = json.JSONDecoder().decode  # pre-bound: no per-call setup
_RESERVED = "created_at"  # never a score id (records refuse it), the frame's time column


@dataclass(frozen=True)
class History:
    """A person's check-ups, oldest first: ids, times and one tuple per score id.

    ``scores[key][i]`` is the score ``key`` of check-up ``ids[i]``, or None when it was not
    computed (or that check-up has no such score). Keys are sorted. ``unreadable`` counts
    stored check-ups left out because they are damaged.
    """

    ids: tuple[str, ...] = ()
    created_at: tuple[datetime, ...] = ()
    scores: Mapping[str, tuple[Score, ...]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    unreadable: int = 0
    """Stored check-ups left out because they could not be read (damaged)."""

    def __len__(self) -> int:
        return len(self.ids)

    def series(self, key: str) -> tuple[tuple[datetime, float], ...]:
        """(created_at, value) points of one score, oldest first, without the missing ones."""
        values = self.scores.get(key, ())
        return tuple(
            (when, value) for when, value in zip(self.created_at, values, strict=False)
            if value is not None
        )

    def to_frame(self) -> pd.DataFrame:
        """Index ``checkup_id``; ``created_at`` (UTC) and one float column per score (NaN)."""
        import numpy as np
        import pandas as pd

        shape = (len(self.scores), len(self.ids))  # one row per score: the frame's float block
        matrix = np.array(list(self.scores.values()), dtype="float64").reshape(shape)
        frame = pd.DataFrame(
            matrix.T,
            index=pd.Index(list(self.ids), name="checkup_id", dtype="object"),
            columns=list(self.scores),
        )
        times = pd.DatetimeIndex(list(self.created_at), tz="UTC")
        frame.insert(0, "created_at", times.as_unit("us"))
        return frame


def build_history(
    ids: Sequence[str], times: Sequence[datetime], entries: Sequence[Mapping[str, Any]]
) -> History:
    """A History from per-check-up score mappings, in one pass over the rows."""
    columns: dict[str, tuple[Score, ...]]
    keys = tuple(entries[0]) if entries else ()
    if _RESERVED not in keys and all(tuple(entry) == keys for entry in entries):
        # The usual case: every row has the same score ids in the same (sorted) order.
        rows = zip(*(entry.values() for entry in entries), strict=True)
        columns = dict(zip(keys, rows, strict=False))
        if list(keys) != sorted(keys):
            columns = dict(sorted(columns.items()))
    else:
        union = sorted({key for entry in entries for key in entry} - {_RESERVED})
        columns = {key: tuple(entry.get(key) for entry in entries) for key in union}
    return History(tuple(ids), tuple(times), MappingProxyType(columns))


def decode_plain(
    created: Iterable[Any], texts: Iterable[str], to_time: Callable[[Any], datetime]
) -> tuple[list[datetime], list[dict[str, Any]]]:
    """Times and decoded score objects of unprotected rows; ValueError if one is damaged."""
    entries = list(map(_decode, texts))
    for entry in entries:
        if type(entry) is not dict:
            raise ValueError("scores is not an object")
    return list(map(to_time, created)), entries


def sqlite_time(fallback: Callable[[Any], datetime | None]) -> Callable[[Any], datetime]:
    """Parse SQLite's naive-UTC text timestamps as aware UTC (what UTCDateTime returns).

    ``fromisoformat(text + "+00:00")`` is the parser SQLAlchemy uses, with the zone attached
    in the same call; anything else (a value with its own offset) goes through ``fallback``,
    the column type's own result processor.
    """
    parse = datetime.fromisoformat

    def to_time(value: Any) -> datetime:
        try:
            return parse(value + "+00:00")
        except (TypeError, ValueError):
            result = fallback(value)
            if not isinstance(result, datetime):
                raise ValueError("created_at is missing") from None
            return result.astimezone(UTC)

    return to_time

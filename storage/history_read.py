"""The trend page's read: the one prebuilt history SELECT and the decoding of its rows.

``HISTORY_QUERY`` is compiled once per dialect (``compiled_history``) and run on a pooled
DBAPI cursor by ``Store``; ``decode_history`` turns its rows into a ``History``, leaving out
(and counting) rows that cannot be read, so one damaged check-up never hides the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine

from storage import rows
from storage.errors import StorageError
from storage.history import History, build_history, decode_plain, sqlite_time
from storage.models import Checkup, Person, UTCDateTime

__all__ = ["HISTORY_QUERY", "compiled_history", "decode_history", "time_parser"]

HISTORY_QUERY = (  # built once: history is the hot path of the trend page
    select(Checkup.id, Checkup.created_at, Checkup.scores, Checkup.sealed)
    .join(Person, Person.id == Checkup.person_id)
    .where(Person.lookup == bindparam("lookup"))
    .order_by(Checkup.created_at, Checkup.id)
)


def compiled_history(engine: Engine) -> tuple[str, bool]:
    """``HISTORY_QUERY`` as this dialect's SQL string (``?`` or ``%(lookup)s``), compiled once."""
    compiled = HISTORY_QUERY.compile(dialect=engine.dialect)
    return compiled.string, bool(compiled.positional)


def time_parser(engine: Engine) -> Callable[[Any], datetime]:
    """created_at as UTCDateTime returns it; a fast exact path for SQLite's text form."""
    dialect = engine.dialect
    processor = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
    if processor is None:  # pragma: no cover (a TypeDecorator always has one)
        raise AssertionError("UTCDateTime has no result processor")
    if dialect.name == "sqlite":
        return sqlite_time(processor)

    def convert(value: Any) -> datetime:
        result = processor(value)
        if not isinstance(result, datetime):
            raise ValueError("created_at is missing")
        return result

    return convert


def decode_history(
    found: list[Any], owner: rows.Owner, to_time: Callable[[Any], datetime]
) -> History:
    """Decode (id, created_at, scores, sealed) rows into a History; damaged rows are counted."""
    if not found:
        return History()
    ids, created, texts, sealed = zip(*found, strict=True)
    if sealed.count(None) == len(sealed):  # unprotected: decode the JSON column by column
        try:
            times, entries = decode_plain(created, texts, to_time)
            return build_history(ids, times, entries)
        except (ValueError, TypeError):
            pass  # at least one row is damaged: decode row by row below
    kept_ids: list[str] = []
    times, entries = [], []
    for checkup_id, when, text, blob in found:
        try:
            one_time, one_entry = _history_row(owner, checkup_id, when, text, blob, to_time)
        except (ValueError, TypeError, KeyError, StorageError):
            continue
        kept_ids.append(checkup_id)
        times.append(one_time)
        entries.append(one_entry)
    history = build_history(kept_ids, times, entries)
    return dataclasses.replace(history, unreadable=len(found) - len(kept_ids))


def _history_row(
    owner: rows.Owner, checkup_id: str, when: Any, text: Any, blob: Any,
    to_time: Callable[[Any], datetime],
) -> tuple[datetime, dict[str, Any]]:
    """One row's (created_at, scores); raises ValueError, TypeError or StorageError if damaged."""
    if blob is None:
        [one_time], [one_entry] = decode_plain((when,), (text,), to_time)
        return one_time, one_entry
    payload = rows.open_payload(owner, checkup_id, bytes(blob))
    scores = payload["scores"]
    if type(scores) is not dict:
        raise TypeError("scores is not an object")
    return datetime.fromisoformat(payload["created_at"]), dict(scores)

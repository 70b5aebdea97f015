"""Answers pooled across people, for norms (reliability and spread of each dimension).

Only unprotected check-ups are read: a passphrase-protected check-up is sealed and stays
unreadable here. No alias leaves the database: a person is an opaque id.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.engine import Connection

from storage.models import Checkup

if TYPE_CHECKING:
    import pandas as pd

POOLED_COLUMNS = ("person", "created_at", "role")


def _answers(text: str | None) -> dict[str, float] | None:
    """One row's answers as numbers, or None when the stored JSON is damaged."""
    try:
        value = json.loads(text or "")
    except ValueError:
        return None
    if type(value) is not dict or not all(
        type(v) is int and not isinstance(v, bool) for v in value.values()
    ):
        return None
    return {str(key): float(v) for key, v in value.items()}


def pooled_answers(conn: Connection, bank_version: str) -> pd.DataFrame:
    """One row per unprotected check-up of ``bank_version`` (index ``checkup_id``).

    Columns: ``person`` (opaque id), ``created_at``, ``role``, then one column per item id
    (NaN where unanswered), oldest first.
    """
    import pandas as pd

    query = (
        select(Checkup.id, Checkup.person_id, Checkup.created_at, Checkup.role, Checkup.answers)
        .where(Checkup.sealed.is_(None), Checkup.bank_version == bank_version)
        .order_by(Checkup.created_at, Checkup.id)
    )
    found, decoded = [], []
    for row in conn.execute(query):
        answers_of = _answers(row.answers)
        if answers_of is not None:  # a damaged row is left out, never stops the others
            found.append(row)
            decoded.append(answers_of)
    answers = pd.DataFrame.from_records(decoded, index=[row.id for row in found])
    meta = pd.DataFrame(
        {
            "person": [row.person_id for row in found],
            "created_at": pd.DatetimeIndex([row.created_at for row in found], tz="UTC")
            if found
            else pd.DatetimeIndex([], tz="UTC"),
            "role": [row.role for row in found],
        },
        index=[row.id for row in found],
    )
    frame = pd.concat([meta, answers.astype("float64")], axis=1)
    frame.index.name = "checkup_id"
    return frame

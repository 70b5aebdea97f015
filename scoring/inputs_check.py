"""Checking responses against the bank: a chunk of CSV rows with a few array operations, one
response's respondent, role and relationship, one answer on its scale."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from questions import RELATIONSHIPS, ROLES, Bank
from scoring.inputs_base import FIELD_LIMIT, META_COLUMNS, TIME_FIELD, InputError, Text, shown

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Checks:
    """The bank as arrays for checking answers: per item column, scale and roles asked."""

    items: tuple[str, ...]
    lows: np.ndarray
    highs: np.ndarray
    asked: np.ndarray  # (roles + 1) x items; the last row (unknown role) asks nothing

    @classmethod
    def of(cls, bank: Bank, items: list[str]) -> Checks:
        found = [bank.item_by_id[i] for i in items]
        asked = [[r in i.roles for i in found] for r in ROLES] + [[False] * len(found)]
        return cls(
            tuple(items),
            np.array([i.scale.min for i in found], dtype=np.float64),
            np.array([i.scale.max for i in found], dtype=np.float64),
            np.array(asked, dtype=bool).reshape(len(ROLES) + 1, len(found)),
        )


def locate(path: Path, where_id: str, number: int, respondent: object) -> Text:
    """Where a response is: ``where_id`` is cli.where.row (CSV) or cli.where.response."""
    return Text(where_id, {"path": path, "number": number, "respondent": shown(respondent)})


def meta_problem(respondent: str, role: str, relationship: str) -> Text | None:
    """What is wrong with one response's respondent, role or relationship, if anything."""
    if not respondent.strip():
        return Text("cli.error.respondent_missing")
    if len(respondent) > FIELD_LIMIT:
        return Text("cli.error.text_too_long", {"field": "respondent", "limit": FIELD_LIMIT})
    if role not in ROLES:
        return Text("cli.error.unknown_role", {"value": shown(role), "allowed": ", ".join(ROLES)})
    if relationship not in RELATIONSHIPS:
        allowed = ", ".join(RELATIONSHIPS)
        return Text(
            "cli.error.unknown_relationship", {"value": shown(relationship), "allowed": allowed}
        )
    return None


def response_time(value: str) -> datetime | None:
    """A response's time (ISO 8601 with an offset, such as 2026-12-01T20:30:00+00:00); None
    when blank. ValueError when it is not a date and time or has no offset."""
    if not value.strip():
        return None
    when = datetime.fromisoformat(value.strip())
    if when.utcoffset() is None:
        raise ValueError(value)
    return when


def time_problem(value: str) -> Text | None:
    """What is wrong with a response's time, if anything (blank is fine: it is optional)."""
    try:
        response_time(value)
    except ValueError:
        return Text("cli.error.bad_time", {"field": TIME_FIELD, "value": shown(value)})
    return None


def cell_problem(value: float, raw: object, low: float, high: float) -> Text | None:
    """What is wrong with one answer as a number on its scale, if anything."""
    if not math.isfinite(value):
        return Text("cli.error.not_a_number", {"value": shown(raw)})
    if value % 1:
        return Text("cli.error.not_whole", {"value": shown(value)})
    if not low <= value <= high:
        scale = {"low": f"{low:g}", "high": f"{high:g}"}
        return Text("cli.error.outside_scale", {"value": shown(value), **scale})
    return None


def check_chunk(
    frame: pd.DataFrame, checks: Checks, path: Path, start: int, text: Any = None
) -> None:
    """Raise InputError for the first bad response of a chunk (rows from ``start``).

    ``frame`` holds the meta columns as text and the items as numbers (NaN = blank); when the
    items did not parse as numbers, ``text`` holds them as text (unparsable cells are NaN in
    ``frame`` and non-blank in ``text``).
    """
    codes = role_codes(frame["role"].to_numpy(dtype=object))
    bad_meta = _bad_meta(frame, codes)
    # items x rows: pandas keeps the answers that way round, so every pass below is contiguous
    values = frame[list(checks.items)].to_numpy(dtype=np.float64, na_value=np.nan).T
    blank = np.isnan(values)
    if text is not None:
        blank &= text.T == ""
    lows, highs = checks.lows[:, None], checks.highs[:, None]
    with np.errstate(invalid="ignore"):  # NaN, infinities and huge values fail every test
        whole = values.astype(np.int16) == values  # no float temporary, unlike np.floor
        fine = (values >= lows) & (values <= highs) & whole
    fine &= np.ascontiguousarray(checks.asked.T)[:, codes]
    fine |= blank
    bad = ~fine
    rows = np.flatnonzero(bad.any(axis=0) | bad_meta)
    if not rows.size:
        return
    pos = int(rows[0])
    meta = [str(frame[c].iloc[pos]) for c in META_COLUMNS]
    where = locate(path, "cli.where.row", start + pos + 1, meta[0])
    problem = meta_problem(*meta)
    if problem is None and TIME_FIELD in frame.columns:
        problem = time_problem(str(frame[TIME_FIELD].iloc[pos]))
    if problem is None:
        column = min(np.flatnonzero(bad[:, pos]), key=lambda j: checks.items[j])
        raw = text[pos, column] if text is not None else values[column, pos]
        low, high = checks.lows[column], checks.highs[column]
        problem = cell_problem(float(values[column, pos]), raw, low, high) or Text(
            "cli.error.not_asked", {"role": shown(meta[1])}
        )
        where = Text("cli.where.item", {"where": where, "item": repr(checks.items[column])})
    raise InputError(problem.id, where=where, **problem.params)


def _bad_meta(frame: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    """Rows whose respondent, role (``codes``: unknown = len(ROLES)) or relationship is wrong."""
    respondents: list[str] = frame["respondent"].to_numpy(dtype=object).tolist()
    lengths = np.fromiter(map(len, respondents), np.int64, len(respondents))
    bad: np.ndarray = (lengths == 0) | (lengths > FIELD_LIMIT)
    bad |= np.fromiter(map(str.isspace, respondents), bool, len(respondents))
    bad |= codes == len(ROLES)
    relationships = frame["relationship"].to_numpy(dtype=object)
    bad |= role_codes(relationships, RELATIONSHIPS) == len(RELATIONSHIPS)
    if TIME_FIELD in frame.columns:  # optional; one parse per row, only when the column is there
        times: list[str] = frame[TIME_FIELD].to_numpy(dtype=object).tolist()
        bad |= np.fromiter((time_problem(t) is not None for t in times), bool, len(times))
    return bad


def role_codes(roles: np.ndarray, known: tuple[str, ...] = ROLES) -> np.ndarray:
    """Index of each role in ``known``; len(known) for an unknown one."""
    codes = np.full(len(roles), len(known), dtype=np.intp)
    for index, role in enumerate(known):
        codes[roles == role] = index
    return codes


def duplicates(respondents: list[np.ndarray]) -> list[str]:
    """Respondent ids that appear more than once, in first-seen order."""
    import pandas as pd

    if not respondents:
        return []
    ids = pd.Series(np.concatenate(respondents), dtype=object)
    return list(dict.fromkeys(ids[ids.duplicated()].tolist()))

"""A response file read, checked and scored, person by person: what the report tools need.

A JSON file is scored as records (:func:`scoring.result.score_records`, no pandas: for a few
responses the pandas import is most of a report's start-up); a CSV file as a frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from questions import Bank
from scoring.inputs import read_records
from scoring.result import Result, score_records

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Scored:
    """One response of a file: its Result, the answers it gave and its optional alias."""

    result: Result
    answers: dict[str, float | None]  # item id -> answer (None: blank), items in the file
    alias: str | None


def alias_of(value: object) -> str | None:
    """A response's alias, trimmed; None when absent or blank."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value: Any) -> float | None:
    """An answer as a float; None for a blank (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _from_records(records: list[dict[str, Any]], bank: Bank) -> list[Scored]:
    results = score_records(records, bank)
    return [
        Scored(result, _given(record["answers"], bank), alias_of(record.get("alias")))
        for result, record in zip(results, records, strict=True)
    ]


def _given(answers: dict[str, Any], bank: Bank) -> dict[str, float | None]:
    """The answers given, in bank order, as numbers or None (the frame path's order)."""
    return {i.id: _number(answers[i.id]) for i in bank.items if i.id in answers}


def _from_frame(frame: pd.DataFrame, bank: Bank) -> list[Scored]:
    from scoring.engine import score_frame
    from scoring.result import results_from_frame

    items = [i.id for i in bank.items if i.id in frame.columns]
    rows = frame[items].to_numpy(dtype=object).tolist()
    aliases = frame["alias"].tolist() if "alias" in frame.columns else [None] * len(frame)
    results = results_from_frame(score_frame(frame, bank), bank)
    return [
        Scored(result, {k: _number(v) for k, v in zip(items, row, strict=True)}, alias_of(a))
        for result, row, a in zip(results, rows, aliases, strict=True)
    ]


def read_scored(path: Path, bank: Bank) -> list[Scored]:
    """Every response of a .json or .csv file, checked (InputError) and scored, in order."""
    records = read_records(path, bank)
    if records is not None:
        return _from_records(records, bank)
    from scoring.inputs import read_responses

    return _from_frame(read_responses(path, bank), bank)

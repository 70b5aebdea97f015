"""Read and validate response files (CSV or JSON) for the command-line tools.

Every problem raises :class:`InputError` with one line naming the file, the row (CSV) or
response (JSON), the respondent and the item. One bad row rejects the whole file.
"""

from __future__ import annotations

import csv
import json
import math
import numbers
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from questions import RELATIONSHIPS, ROLES, Bank
from scoring.engine import META_COLUMNS

OPTIONAL_COLUMNS = ("alias",)
JSON_FIELDS = frozenset({*META_COLUMNS, "answers", *OPTIONAL_COLUMNS})
Locate = Callable[[int], str]


class InputError(ValueError):
    """A response file that cannot be scored; the message is one line for the user."""


def _short(text: object, limit: int = 40) -> str:
    if isinstance(text, numbers.Number) and not isinstance(text, bool):
        return str(text)
    shown = str(text)
    return repr(shown if len(shown) <= limit else shown[: limit - 1] + "…")


def _locator(frame: pd.DataFrame, file: str, unit: str) -> Locate:
    """Turn a row position into 'file: row 3 (respondent 'x')'."""

    def locate(pos: int) -> str:
        who = frame["respondent"].iloc[pos]
        return f"{file}: {unit} {pos + 1} (respondent {_short(who)})"

    return locate


def _first(mask: pd.Series | np.ndarray) -> int | None:
    hits = np.flatnonzero(np.asarray(mask))
    return int(hits[0]) if hits.size else None


def _check_meta(frame: pd.DataFrame, locate: Locate) -> None:
    checks: tuple[tuple[str, Callable[[pd.Series], pd.Series], str], ...] = (
        ("respondent", lambda s: s.str.strip() == "", "respondent is missing"),
        ("role", lambda s: ~s.isin(ROLES), "unknown role {v}; expected one of hurt, broke, both"),
        (
            "relationship",
            lambda s: ~s.isin(RELATIONSHIPS),
            "unknown relationship {v}; expected one of " + ", ".join(RELATIONSHIPS),
        ),
    )
    for column, is_bad, message in checks:
        values = frame[column].fillna("").astype(str)
        pos = _first(is_bad(values))
        if pos is not None:
            raise InputError(f"{locate(pos)}: {message.format(v=_short(values.iloc[pos]))}")


def _item_problem(frame: pd.DataFrame, bank: Bank, item_id: str) -> tuple[int, str] | None:
    """The first row where this item's answer is wrong, with the problem in words."""
    item = bank.item_by_id[item_id]
    raw = frame[item_id]
    text = raw.astype("string").str.strip()
    given = raw.notna() & (text != "")
    values = pd.to_numeric(text.where(given), errors="coerce")
    problems = [
        (given & values.isna(), "{v} is not a number"),
        (given & values.notna() & (values % 1 != 0), "{v} is not a whole number"),
        (
            given & ((values < item.scale.min) | (values > item.scale.max)),
            f"{{v}} is outside the item's scale {item.scale.min}-{item.scale.max}",
        ),
        (given & ~frame["role"].isin(item.roles), "is not asked of role {role}"),
    ]
    found = [(p, m) for mask, m in problems if (p := _first(mask.fillna(False))) is not None]
    if not found:
        return None
    pos, message = min(found, key=lambda f: f[0])
    number = values.iloc[pos]
    shown = f"{number:g}" if pd.notna(number) else _short(raw.iloc[pos])
    return pos, message.format(v=shown, role=_short(frame["role"].iloc[pos]))


def validate_frame(frame: pd.DataFrame, bank: Bank, file: str, unit: str) -> pd.DataFrame:
    """Check meta and answers; return the frame with numeric item columns."""
    if frame.empty:
        raise InputError(f"{file}: holds no responses")
    locate = _locator(frame, file, unit)
    _check_meta(frame, locate)
    items = [c for c in frame.columns if c in bank.item_by_id]
    found = [(p[0], c, p[1]) for c in items if (p := _item_problem(frame, bank, c)) is not None]
    if found:
        pos, item_id, message = min(found)
        raise InputError(f"{locate(pos)}, item {item_id!r}: {message}")
    numeric = {c: pd.to_numeric(frame[c].replace("", np.nan), errors="raise") for c in items}
    return frame.assign(**numeric)


def _csv_header(path: Path, bank: Bank) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), [])
    header = [h.strip() for h in header]
    for column in META_COLUMNS:
        if column not in header:
            raise InputError(f"{path}: missing column {column!r}")
    seen: set[str] = set()
    for number, column in enumerate(header, start=1):
        if column in seen:
            raise InputError(f"{path}: column {number} {column!r} appears twice")
        seen.add(column)
        if (
            column not in META_COLUMNS
            and column not in OPTIONAL_COLUMNS
            and column not in bank.item_by_id
        ):
            raise InputError(f"{path}: column {number}: unknown item id {_short(column)}")
    return header


def _parser_message(path: Path, exc: Exception, width: int) -> str:
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
    if found:
        want, line, saw = found.groups()
        return f"{path}: line {line} has {saw} fields; the header has {want}"
    line = _first_ragged_line(path, width)
    if line:
        return f"{path}: line {line} does not have the header's {width} fields"
    return f"{path}: not a well-formed CSV file ({str(exc).strip().splitlines()[-1]})"


def _first_ragged_line(path: Path, width: int) -> int:
    """The file line number of the first record whose field count differs from the header."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        for record in reader:
            if len(record) != width:
                return reader.line_num
    return 0


def read_csv_responses(path: Path, bank: Bank) -> pd.DataFrame:
    """Read a CSV of responses: one row each, blank cells unanswered."""
    header = _csv_header(path, bank)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, skipinitialspace=True, index_col=False
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        raise InputError(_parser_message(path, exc, len(header))) from None
    if _first_ragged_line(path, len(header)):  # pandas quietly pads short records
        raise InputError(_parser_message(path, ValueError("ragged"), len(header)))
    frame.columns = header
    return validate_frame(frame, bank, str(path), "row")


def _json_response(entry: Any, number: int, path: Path, bank: Bank) -> dict[str, Any]:
    where = f"{path}: response {number}"
    if not isinstance(entry, dict):
        raise InputError(f"{where}: must be an object with respondent, role, relationship, answers")
    where += f" (respondent {_short(entry.get('respondent', ''))})"
    unknown = sorted(set(entry) - JSON_FIELDS)
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r}")
    for key in (*META_COLUMNS, *OPTIONAL_COLUMNS):
        if key in entry and not isinstance(entry[key], str):
            raise InputError(f"{where}: {key} must be text")
    answers = entry.get("answers")
    if not isinstance(answers, dict):
        raise InputError(f"{where}: answers must be an object of item id -> number")
    for item_id, value in answers.items():
        if item_id not in bank.item_by_id:
            raise InputError(f"{where}: unknown item id {_short(item_id)}")
        number_ok = isinstance(value, int | float) and not isinstance(value, bool)
        if value is not None and not (number_ok and math.isfinite(value)):
            raise InputError(f"{where}, item {item_id!r}: {_short(value)} is not a number")
    meta = {k: entry.get(k, "") for k in (*META_COLUMNS, *OPTIONAL_COLUMNS)}
    return {**meta, **answers}


def read_json_responses(path: Path, bank: Bank) -> pd.DataFrame:
    """Read one JSON response or a list of them."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    entries = data if isinstance(data, list) else [data]
    rows = [_json_response(e, n, path, bank) for n, e in enumerate(entries, start=1)]
    if not rows:
        raise InputError(f"{path}: holds no responses")
    frame = pd.DataFrame(rows, columns=_json_columns(rows))
    return validate_frame(frame, bank, str(path), "response")


def _json_columns(rows: list[dict[str, Any]]) -> list[str]:
    """Meta columns first, then every answered item id in first-seen order."""
    return list(dict.fromkeys([*META_COLUMNS, *(k for row in rows for k in row)]))


READERS: dict[str, Callable[[Path, Bank], pd.DataFrame]] = {
    ".csv": read_csv_responses,
    ".json": read_json_responses,
}


def read_responses(path: Path, bank: Bank) -> pd.DataFrame:
    """Read and validate a response file; the format follows its extension."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"{path}: unknown file type; use a .csv or .json file")
    try:
        if path.stat().st_size == 0 or not path.read_bytes().strip():
            raise InputError(f"{path}: the file is empty")
        return reader(path, bank)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None

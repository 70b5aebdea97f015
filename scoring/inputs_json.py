"""Reading a JSON response file (one response or a list), checked in plain Python: a
one-response file costs microseconds."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from questions import Bank
from scoring.inputs_base import (
    JSON_FIELDS,
    META_COLUMNS,
    TEXT_FIELDS,
    TIME_FIELD,
    InputError,
    Text,
    shown,
)
from scoring.inputs_check import cell_problem, locate, meta_problem, time_problem

if TYPE_CHECKING:
    import pandas as pd


def _json_load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        detail = {"line": exc.lineno, "column": exc.colno, "detail": exc.msg}
        raise InputError("cli.error.bad_json", path=path, **detail) from None
    except RecursionError:
        raise InputError("cli.error.json_too_deep", path=path) from None
    except ValueError:  # an integer longer than sys.get_int_max_str_digits()
        import sys

        limit = sys.get_int_max_str_digits()
        raise InputError("cli.error.json_number_too_long", path=path, limit=limit) from None


def _valid_text(value: str) -> bool:
    """Text that can be written as UTF-8 (no lone surrogate from a ``\\udcff`` escape)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_meta(entry: dict[str, Any], where: Text) -> None:
    unknown = sorted(k for k in entry if k not in JSON_FIELDS)
    if unknown:
        raise InputError("cli.error.unknown_field", where=where, field=shown(unknown[0]))
    for key in TEXT_FIELDS:
        value = entry.get(key, "")
        if not isinstance(value, str):
            raise InputError("cli.error.not_text", where=where, field=key)
        if not _valid_text(value):
            raise InputError("cli.error.bad_text", where=where, field=key)
    meta = [entry.get(k, "") for k in META_COLUMNS]
    problem = meta_problem(*meta) or time_problem(entry.get(TIME_FIELD, ""))
    if problem is not None:
        raise InputError(problem.id, where=where, **problem.params)


def _json_answers(answers: Any, role: str, where: Text, bank: Bank) -> None:
    if not isinstance(answers, dict):
        raise InputError("cli.error.answers_not_object", where=where)
    for item_id, value in answers.items():
        item = bank.item_by_id.get(item_id)
        if item is None:
            raise InputError("cli.error.unknown_item", where=where, item=shown(item_id))
        if value is None:
            continue
        at = Text("cli.where.item", {"where": where, "item": repr(item_id)})
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InputError("cli.error.not_a_number", where=at, value=shown(value))
        number = float(value) if isinstance(value, float) or abs(value) < 2**53 else math.inf
        problem = cell_problem(number, value, item.scale.min, item.scale.max)
        if problem is not None:
            raise InputError(problem.id, where=at, **problem.params)
        if role not in item.roles:
            raise InputError("cli.error.not_asked", where=at, role=shown(role))


def _json_response(entry: Any, number: int, path: Path, bank: Bank) -> dict[str, Any]:
    if not isinstance(entry, dict):
        where = Text("cli.where.response_only", {"path": path, "number": number})
        raise InputError("cli.error.not_an_object", where=where)
    who = entry.get("respondent", "")
    where = locate(path, "cli.where.response", number, who if isinstance(who, str) else "")
    _json_meta(entry, where)
    _json_answers(entry.get("answers"), entry["role"], where, bank)
    return entry


def read_json_records(path: Path, bank: Bank) -> list[dict[str, Any]]:
    """Read one JSON response or a list of them, checked response by response: the responses
    as given (``answers`` an object of item id -> answer), without pandas."""
    data = _json_load(path)
    if data is None and not path.read_bytes().strip():
        raise InputError("cli.error.empty", path=path)
    entries = data if isinstance(data, list) else [data]
    checked = [_json_response(e, n, path, bank) for n, e in enumerate(entries, start=1)]
    if not checked:
        raise InputError("cli.error.no_responses", path=path)
    return checked


def read_json_responses(path: Path, bank: Bank) -> pd.DataFrame:
    """Read one JSON response or a list of them, checked response by response, as a frame."""
    import pandas as pd

    checked = read_json_records(path, bank)
    items = list(dict.fromkeys(k for e in checked for k in e["answers"]))
    index = {item_id: j for j, item_id in enumerate(items)}
    values = np.full((len(checked), len(items)), np.nan)
    for row, entry in enumerate(checked):
        for item_id, value in entry["answers"].items():
            if value is not None:
                values[row, index[item_id]] = value
    columns: dict[str, Any] = {k: [e.get(k, "") for e in checked] for k in TEXT_FIELDS}
    columns.update({item_id: values[:, j] for j, item_id in enumerate(items)})
    return pd.DataFrame(columns)

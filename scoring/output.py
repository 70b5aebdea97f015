"""Write scores column-wise from the engine's frame to a file: CSV or JSON, whole or nothing.

No object per response: each output column becomes an array of text pieces, looked up in
small tables (a score's few distinct values are formatted once), and a chunk is one join of
a rows x pieces matrix in row order. The text is byte for byte what ``csv.DictWriter`` over
:func:`scoring.result.to_flat_row` and ``json.dumps(..., indent=2)`` over
:func:`scoring.result.to_record` wrote before (tests/scoring/test_cli_golden.py).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from questions import ROLES, Bank
from scoring.inputs import role_codes

if TYPE_CHECKING:
    import pandas as pd

    from locales import Catalogue
    from scoring.rules import Rules

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCORE_DECIMALS = 2
Objects = np.ndarray  # of str


def csv_safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with ``'`` (CSV injection).

    Numbers pass through: a negative number is data, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write the whole file or nothing: a temp file beside it, then an atomic rename."""
    with atomic_file(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A temp file beside ``path``, renamed over it on success and removed on any error."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as temp:
            yield temp
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def number_text(value: float) -> str:
    """A score as the old writers printed it: ``repr(round(value, 2))``."""
    return repr(round(float(value), SCORE_DECIMALS))


def _distinct(values: np.ndarray, make: Callable[[float], str], null: str) -> Objects:
    """``make`` of every value (``null`` for NaN), formatting each distinct value once."""
    distinct, inverse = np.unique(values, return_inverse=True)
    table = np.array([null if np.isnan(v) else make(v) for v in distinct], dtype=object)
    return table[inverse.ravel()]


@dataclass(frozen=True)
class Layout:
    """What the output holds, from the bank and the rules: scored dimensions, composites,
    flags; which dimensions each role is asked (the last row: an unknown role, none)."""

    dimensions: tuple[str, ...]
    composites: tuple[str, ...]
    flags: tuple[str, ...]
    bands: tuple[str, ...]
    asked: np.ndarray  # (roles + 1) x dimensions
    totals: np.ndarray  # (roles + 1) x dimensions: items asked
    needed: np.ndarray  # (roles + 1) x dimensions: items needed for a score

    @classmethod
    def of(cls, bank: Bank, rules: Rules) -> Layout:
        dims = bank.scored_dimensions
        totals = [[len(bank.items_for(r, d.id)) for d in dims] for r in ROLES] + [[0] * len(dims)]
        asked = [[r in d.roles for d in dims] for r in ROLES] + [[False] * len(dims)]
        return cls(
            tuple(d.id for d in dims),
            tuple(rules.composites),
            tuple(f.name for f in rules.flags),
            tuple(rules.band_names),
            np.array(asked, dtype=bool),
            np.array(totals, dtype=np.int64),
            np.array([[rules.needed(t) if t else 0 for t in row] for row in totals]),
        )


def _band_texts(scored: pd.DataFrame, column: str, labels: list[str]) -> Objects:
    table = np.array([*labels, ""], dtype=object)  # code -1 (no band) -> ""
    codes = scored[column].cat.codes.to_numpy()
    return table[np.where(codes < 0, len(labels), codes)]


def _flag_bits(scored: pd.DataFrame, layout: Layout) -> np.ndarray:
    bits = np.zeros(len(scored), dtype=np.int64)
    for j, name in enumerate(layout.flags):
        bits |= scored[f"flag_{name}"].to_numpy(dtype=bool).astype(np.int64) << j
    return bits


def _flag_table(layout: Layout, piece: Callable[[list[str]], str]) -> Objects:
    combos = range(1 << len(layout.flags))
    chosen = [[f for j, f in enumerate(layout.flags) if code >> j & 1] for code in combos]
    return np.array([piece(names) for names in chosen], dtype=object)


def _join(pieces: list[Objects | str], rows: int) -> str:
    """One string of every row's pieces in order (a constant piece repeats on each row)."""
    matrix = np.empty((rows, len(pieces)), dtype=object)
    for j, piece in enumerate(pieces):
        matrix[:, j] = piece
    return "".join(matrix.ravel().tolist())


def _csv_field(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([value])
    return buffer.getvalue()[:-1]


def _csv_respondents(scored: pd.DataFrame) -> Objects:
    """Respondent ids protected against formulas and quoted as the csv module quotes."""
    ids = scored["respondent"].astype(str)
    ids = ids.where(~ids.str.startswith(FORMULA_STARTS), "'" + ids)
    quoted = ids.str.contains(r'[,"\r\n]', regex=True)
    if quoted.any():
        ids = ids.where(~quoted, ids[quoted].map(_csv_field))
    return ids.to_numpy(dtype=object)


class CsvWriter:
    """Flat CSV: meta columns, each dimension's score and band, composites, flags."""

    def __init__(self, bank: Bank, rules: Rules) -> None:
        self.layout = Layout.of(bank, rules)
        named = [*self.layout.dimensions, *self.layout.composites]
        columns = ["respondent", "role", "relationship"]
        columns += [c for n in named for c in (n, f"{n}_band")] + ["flags"]
        self.header = ",".join(columns) + "\n"
        self.flags = _flag_table(self.layout, ";".join)

    def begin(self) -> str:
        return self.header

    def chunk(self, scored: pd.DataFrame) -> str:
        labels = list(self.layout.bands)
        pieces: list[Objects | str] = [_csv_respondents(scored)]
        for column in ("role", "relationship"):
            pieces += [",", scored[column].to_numpy(dtype=object)]
        for name in (*self.layout.dimensions, *self.layout.composites):
            pieces += [",", _distinct(scored[name].to_numpy(), number_text, "")]
            pieces += [",", _band_texts(scored, f"{name}_band", labels)]
        pieces += [",", self.flags[_flag_bits(scored, self.layout)], "\n"]
        return _join(pieces, len(scored))

    def end(self) -> str:
        return ""


def _json_strings(values: pd.Series) -> Objects:
    """Text as ``json.dumps(..., ensure_ascii=False)`` writes it, quotes included."""
    text = values.astype(str)
    special = text.str.contains(r'[\x00-\x1f\\"]', regex=True)
    out = '"' + text + '"'
    if special.any():
        out = out.where(~special, text[special].map(lambda s: json.dumps(s, ensure_ascii=False)))
    return out.to_numpy(dtype=object)


class JsonWriter:
    """A JSON list of records, as ``json.dumps(records, ensure_ascii=False, indent=2)``."""

    def __init__(self, bank: Bank, rules: Rules, cat: Catalogue) -> None:
        self.layout = Layout.of(bank, rules)
        self.cat = cat
        self.started = False
        self.flags = _flag_table(self.layout, self._flag_list)

    @staticmethod
    def _flag_list(names: list[str]) -> str:
        if not names:
            return ',\n    "flags": []\n  }'
        inner = ",".join(f'\n      "{n}"' for n in names)
        return f',\n    "flags": [{inner}\n    ]\n  }}'

    def begin(self) -> str:
        return "["

    def _entries(self, values: Objects, present: np.ndarray) -> list[Objects]:
        """Per dimension ``"id": value`` pieces for rows where ``present``, comma-separated
        within each row (the first present entry of a row has no comma)."""
        first = present & (np.cumsum(present, axis=0) == 1)
        pieces = []
        for j, dim in enumerate(self.layout.dimensions):
            key = f'"{dim}": '
            table = np.array(["", "", f",\n      {key}", f"\n      {key}"], dtype=object)
            prefix = table[present[j] * 2 + first[j]]
            pieces.append(np.where(present[j], prefix + values[j], ""))
        return pieces

    def chunk(self, scored: pd.DataFrame) -> str:
        layout, rows = self.layout, len(scored)
        codes = role_codes(scored["role"].to_numpy(dtype=object))
        asked = layout.asked[codes].T  # dimensions x rows
        labels = [f'"{b}"' for b in layout.bands]
        scores = np.array(
            [_distinct(scored[d].to_numpy(), number_text, "null") for d in layout.dimensions]
        )
        bands = np.array([_band_texts(scored, f"{d}_band", labels) for d in layout.dimensions])
        bands[bands == ""] = "null"
        unscored = asked & np.isnan(np.array([scored[d].to_numpy() for d in layout.dimensions]))
        reasons = self._reasons(scored, codes, unscored)
        opener = np.full(rows, ",\n  {", dtype=object)
        if not self.started:
            opener[0], self.started = "\n  {", True
        pieces: list[Objects | str] = [
            opener,
            '\n    "respondent": ',
            _json_strings(scored["respondent"]),
        ]
        for column in ("role", "relationship"):
            pieces += [f',\n    "{column}": ', _json_strings(scored[column])]
        pieces += [',\n    "scores": {', *self._entries(scores, asked), "\n    }"]
        pieces += [',\n    "bands": {', *self._entries(bands, asked), "\n    }"]
        pieces += [',\n    "unscored": {', *self._entries(reasons, unscored)]
        pieces.append(np.where(unscored.any(axis=0), "\n    }", "}"))
        for name in layout.composites:
            pieces += [
                f',\n    "{name}": ',
                _distinct(scored[name].to_numpy(), number_text, "null"),
            ]
        for name in layout.composites:
            band = _band_texts(scored, f"{name}_band", labels)
            pieces += [f',\n    "{name}_band": ', np.where(band == "", "null", band)]
        pieces.append(self.flags[_flag_bits(scored, layout)])
        return _join(pieces, rows)

    def _reasons(self, scored: pd.DataFrame, codes: np.ndarray, unscored: np.ndarray) -> Objects:
        """Why each unscored dimension has no score, as JSON text (dimensions x rows)."""
        layout, out = self.layout, np.full(unscored.shape, "", dtype=object)
        for j, dim in enumerate(layout.dimensions):
            rows = np.flatnonzero(unscored[j])
            if not rows.size:
                continue
            answered = scored[f"{dim}_answered"].to_numpy()[rows].astype(np.int64)
            key = answered * (len(ROLES) + 1) + codes[rows]
            out[j, rows] = _distinct(key.astype(np.float64), functools.partial(self._reason, j), "")
        return out

    def _reason(self, dim: int, key: float) -> str:
        answered, role = divmod(int(key), len(ROLES) + 1)
        total, needed = self.layout.totals[role, dim], self.layout.needed[role, dim]
        words = self.cat.text("cli.output.unscored", answered=answered, total=total, needed=needed)
        return json.dumps(words, ensure_ascii=False)

    def end(self) -> str:
        return "\n]\n"

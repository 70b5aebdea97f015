"""Write scores column-wise from the engine's frame to a file: CSV or JSON, whole or nothing.

No object per response: each output column becomes an array of text pieces, looked up in
small tables (a score's few distinct values are formatted once), and a chunk is written as
blocks of JOIN_ROWS rows, each one join of a rows x pieces matrix in row order. The text is
byte for byte what ``csv.DictWriter`` over :func:`scoring.result.to_flat_row` and
``json.dumps(..., indent=2)`` over :func:`scoring.result.to_record` wrote before
(tests/scoring/test_cli_golden.py).
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

from questions import RELATIONSHIPS, ROLES, Bank
from scoring.inputs import role_codes

if TYPE_CHECKING:
    import pandas as pd

    from locales import Catalogue
    from scoring.rules import Rules

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCORE_DECIMALS = 2
Objects = np.ndarray  # of str
Coded = tuple[Objects, np.ndarray]  # a small table of texts, and each row's index in it
FOLD_LIMIT = 512
JOIN_ROWS = 512  # rows per join: its scratch memory stays small and in cache


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


def _distinct(values: np.ndarray, make: Callable[[float], str], null: str) -> Coded:
    """``make`` of each distinct value (``null`` for NaN) and every value's index in that
    table (a hash pass, pandas.factorize); the table's last entry is "" (a value left out)."""
    import pandas as pd

    codes, distinct = pd.factorize(values)
    table = [make(v) for v in distinct]
    return np.array([*table, null, ""], dtype=object), np.where(codes < 0, len(table), codes)


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


def _band_texts(scored: pd.DataFrame, column: str, labels: list[str], null: str) -> Coded:
    """The band labels (``null`` for no band) and each row's index in them."""
    codes = scored[column].cat.codes.to_numpy()
    table = np.array([*labels, null, ""], dtype=object)
    return table, np.where(codes < 0, len(labels), codes)


def _flag_bits(scored: pd.DataFrame, layout: Layout) -> np.ndarray:
    bits = np.zeros(len(scored), dtype=np.int64)
    for j, name in enumerate(layout.flags):
        bits |= scored[f"flag_{name}"].to_numpy(dtype=bool).astype(np.int64) << j
    return bits


def _flag_table(layout: Layout, piece: Callable[[list[str]], str]) -> Objects:
    combos = range(1 << len(layout.flags))
    chosen = [[f for j, f in enumerate(layout.flags) if code >> j & 1] for code in combos]
    return np.array([piece(names) for names in chosen], dtype=object)


Piece = Objects | Coded | str  # per-row texts, a coded column, or the same text on every row


def _utf8(texts: Objects) -> Objects:
    return np.array([t.encode("utf-8") for t in texts], dtype=object)


def _fold(pieces: list[Piece], rows: int) -> list[Objects]:
    """Fewer, longer pieces: constants and neighbouring coded columns are merged into one
    coded column while their joint table stays small (FOLD_LIMIT entries), then decoded
    as UTF-8 bytes (each small table is encoded once, not each row's text)."""
    out: list[Objects] = []
    table, codes = np.array([""], dtype=object), np.zeros(rows, dtype=np.intp)
    for piece in pieces:
        if isinstance(piece, str):
            table = table + piece
        elif isinstance(piece, tuple) and len(table) * len(piece[0]) <= FOLD_LIMIT:
            table = (table[:, None] + piece[0][None, :]).ravel()
            codes = codes * len(piece[0]) + piece[1]
        else:
            out.append(_utf8(table)[codes])
            if isinstance(piece, tuple):
                table, codes = piece[0], piece[1].astype(np.intp)
            else:
                out.append(_utf8(piece))
                table, codes = np.array([""], dtype=object), np.zeros(rows, dtype=np.intp)
    out.append(_utf8(table)[codes])
    return out


def _join(pieces: list[Piece], rows: int) -> Iterator[bytes]:
    """Every row's pieces in order as UTF-8, a block of JOIN_ROWS rows at a time.

    Each block is one join of a small rows x pieces matrix in row order: ``bytes.join``
    keeps a 80-byte buffer record per piece, so one join of a whole chunk (millions of
    pieces) spent most of its time faulting in that scratch memory."""
    columns = _fold(pieces, rows)
    block = np.empty((min(rows, JOIN_ROWS), len(columns)), dtype=object)
    for start in range(0, rows, JOIN_ROWS):
        part = block[: min(rows - start, JOIN_ROWS)]
        for j, column in enumerate(columns):
            part[:, j] = column[start : start + len(part)]
        yield b"".join(part.ravel().tolist())


def _words(values: pd.Series, known: tuple[str, ...], quote: Callable[[str], str]) -> Coded:
    """A column of known words (a validated role or relationship) as a coded column."""
    codes = role_codes(values.to_numpy(dtype=object), known)
    if (codes == len(known)).any():
        raise ValueError(f"unknown value in column {values.name!r}")
    return np.array([quote(w) for w in known], dtype=object), codes


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

    def chunk(self, scored: pd.DataFrame) -> Iterator[bytes]:
        labels = list(self.layout.bands)
        pieces: list[Piece] = [_csv_respondents(scored)]
        pieces += [",", _words(scored["role"], ROLES, str)]
        pieces += [",", _words(scored["relationship"], RELATIONSHIPS, str)]
        for name in (*self.layout.dimensions, *self.layout.composites):
            pieces += [",", _distinct(scored[name].to_numpy(), number_text, "")]
            pieces += [",", _band_texts(scored, f"{name}_band", labels, "")]
        pieces += [",", (self.flags, _flag_bits(scored, self.layout)), "\n"]
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

    def _entries(self, values: list[Coded], present: np.ndarray) -> list[Piece]:
        """Per dimension ``"id": value`` where ``present``, comma-separated within each row
        (the first present entry of a row has no comma), as coded columns."""
        first = present & (np.arange(len(present))[:, None] == present.argmax(axis=0))
        kind = present.astype(np.intp) + first  # 0 absent, 1 present, 2 first present
        pieces: list[Piece] = []
        for j, dim in enumerate(self.layout.dimensions):
            key, (table, codes) = f'"{dim}": ', values[j]
            blank = np.full(len(table), "", dtype=object)
            joint = np.concatenate([blank, f",\n      {key}" + table, f"\n      {key}" + table])
            pieces.append((joint, kind[j] * len(table) + codes))
        return pieces

    def chunk(self, scored: pd.DataFrame) -> Iterator[bytes]:
        layout, rows = self.layout, len(scored)
        codes = role_codes(scored["role"].to_numpy(dtype=object))
        asked = layout.asked[codes].T  # dimensions x rows
        labels = [f'"{b}"' for b in layout.bands]
        dims = layout.dimensions
        scores = [_distinct(scored[d].to_numpy(), number_text, "null") for d in dims]
        bands = [_band_texts(scored, f"{d}_band", labels, "null") for d in dims]
        unscored = asked & np.isnan(np.array([scored[d].to_numpy() for d in dims]))
        opener = np.zeros(rows, dtype=np.intp)
        if not self.started:
            opener[0], self.started = 1, True
        quote = functools.partial(json.dumps, ensure_ascii=False)
        pieces: list[Piece] = [(np.array([",\n  {", "\n  {"], dtype=object), opener)]
        pieces += ['\n    "respondent": ', _json_strings(scored["respondent"])]
        pieces += [',\n    "role": ', _words(scored["role"], ROLES, quote)]
        pieces += [',\n    "relationship": ', _words(scored["relationship"], RELATIONSHIPS, quote)]
        pieces += [',\n    "scores": {', *self._entries(scores, asked), "\n    }"]
        pieces += [',\n    "bands": {', *self._entries(bands, asked), "\n    }"]
        reasons = self._reasons(scored, codes, unscored)
        pieces += [',\n    "unscored": {', *self._entries(reasons, unscored)]
        closing = np.array(["}", "\n    }"], dtype=object)
        pieces.append((closing, unscored.any(axis=0).astype(np.intp)))
        for name in layout.composites:
            value = _distinct(scored[name].to_numpy(), number_text, "null")
            pieces += [f',\n    "{name}": ', value]
        for name in layout.composites:
            band = _band_texts(scored, f"{name}_band", labels, "null")
            pieces += [f',\n    "{name}_band": ', band]
        pieces.append((self.flags, _flag_bits(scored, layout)))
        return _join(pieces, rows)

    def _reasons(
        self, scored: pd.DataFrame, codes: np.ndarray, unscored: np.ndarray
    ) -> list[Coded]:
        """Why each unscored dimension has no score, as JSON text, per dimension."""
        out: list[Coded] = []
        none: Coded = (np.array([""], dtype=object), np.zeros(len(scored), dtype=np.intp))
        for j, dim in enumerate(self.layout.dimensions):
            if not unscored[j].any():
                out.append(none)
                continue
            answered = np.nan_to_num(scored[f"{dim}_answered"].to_numpy()).astype(np.int64)
            key = np.where(unscored[j], answered * (len(ROLES) + 1) + codes, -1)
            out.append(_distinct(key.astype(np.float64), functools.partial(self._reason, j), ""))
        return out

    def _reason(self, dim: int, key: float) -> str:
        if key < 0:
            return ""
        answered, role = divmod(int(key), len(ROLES) + 1)
        total, needed = self.layout.totals[role, dim], self.layout.needed[role, dim]
        words = self.cat.text("cli.output.unscored", answered=answered, total=total, needed=needed)
        return json.dumps(words, ensure_ascii=False)

    def end(self) -> str:
        return "\n]\n"

"""Read and validate response files (CSV or JSON) for the command-line tools.

Every problem raises :class:`InputError`: a message id of ``locales/<locale>/cli.po`` and its
parameters (the file, the row or response, the respondent, the item), rendered in the
person's language at the edge. One bad row rejects the whole file.

CSV is read by pandas' C parser in chunks, item columns straight to numbers, and each chunk
is checked with a few array operations (no pass per column); only a file that does not
parse that way is read again as text to say which cell is wrong. JSON is checked in plain
Python: a one-response file costs microseconds.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from questions import RELATIONSHIPS, ROLES, Bank

if TYPE_CHECKING:
    import pandas as pd

    from locales import Catalogue

META_COLUMNS = ("respondent", "role", "relationship")
OPTIONAL_COLUMNS = ("alias",)
TEXT_FIELDS = (*META_COLUMNS, *OPTIONAL_COLUMNS)
JSON_FIELDS = frozenset({*TEXT_FIELDS, "answers"})
FIELD_LIMIT = 131_072  # characters in one text field (the csv module's own default limit)
CHUNK_ROWS = (
    65_536  # rows read and checked at a time: big enough that pandas' per-chunk cost is small
)
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
        text = f"{value:g}"
    elif isinstance(value, int) and number:
        text = str(value) if abs(value) < 10**limit else f"{str(value)[: limit - 1]}…"
    else:
        text = str(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text if number else repr(text)


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


def _locate(path: Path, where_id: str, number: int, respondent: object) -> Text:
    """Where a response is: ``where_id`` is cli.where.row (CSV) or cli.where.response."""
    return Text(where_id, {"path": path, "number": number, "respondent": shown(respondent)})


def _meta_problem(respondent: str, role: str, relationship: str) -> Text | None:
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


def _cell_problem(value: float, raw: object, low: float, high: float) -> Text | None:
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
    values = frame[list(checks.items)].to_numpy(dtype=np.float64, na_value=np.nan)
    given = ~np.isnan(values)
    if text is not None:
        given |= text != ""
    with np.errstate(invalid="ignore"):  # NaN and infinities fall outside every scale
        fine = (values >= checks.lows) & (values <= checks.highs) & (np.floor(values) == values)
        fine &= checks.asked[codes]
    bad = given & ~fine
    rows = np.flatnonzero(bad.any(axis=1) | bad_meta)
    if not rows.size:
        return
    pos = int(rows[0])
    meta = [str(frame[c].iloc[pos]) for c in META_COLUMNS]
    where = _locate(path, "cli.where.row", start + pos + 1, meta[0])
    problem = _meta_problem(*meta)
    if problem is None:
        column = min(np.flatnonzero(bad[pos]), key=lambda j: checks.items[j])
        raw = text[pos, column] if text is not None else values[pos, column]
        low, high = checks.lows[column], checks.highs[column]
        problem = _cell_problem(float(values[pos, column]), raw, low, high) or Text(
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


# ---- JSON ----------------------------------------------------------------------------------


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
    problem = _meta_problem(*meta)
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
        problem = _cell_problem(number, value, item.scale.min, item.scale.max)
        if problem is not None:
            raise InputError(problem.id, where=at, **problem.params)
        if role not in item.roles:
            raise InputError("cli.error.not_asked", where=at, role=shown(role))


def _json_response(entry: Any, number: int, path: Path, bank: Bank) -> dict[str, Any]:
    if not isinstance(entry, dict):
        where = Text("cli.where.response_only", {"path": path, "number": number})
        raise InputError("cli.error.not_an_object", where=where)
    who = entry.get("respondent", "")
    where = _locate(path, "cli.where.response", number, who if isinstance(who, str) else "")
    _json_meta(entry, where)
    _json_answers(entry.get("answers"), entry["role"], where, bank)
    return entry


def read_json_responses(path: Path, bank: Bank) -> pd.DataFrame:
    """Read one JSON response or a list of them, checked response by response."""
    import pandas as pd

    data = _json_load(path)
    if data is None and not path.read_bytes().strip():
        raise InputError("cli.error.empty", path=path)
    entries = data if isinstance(data, list) else [data]
    checked = [_json_response(e, n, path, bank) for n, e in enumerate(entries, start=1)]
    if not checked:
        raise InputError("cli.error.no_responses", path=path)
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


# ---- CSV -----------------------------------------------------------------------------------


def csv_header(path: Path, bank: Bank) -> list[str]:
    """The header's column names (a byte-order mark is allowed), checked against the bank."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = [h.strip() for h in next(csv.reader(handle), [])]
    except csv.Error:
        raise InputError("cli.error.field_too_long", path=path, line=1, limit=FIELD_LIMIT) from None
    if not any(header):
        raise InputError("cli.error.empty", path=path)
    for column in META_COLUMNS:
        if column not in header:
            raise InputError("cli.error.missing_column", path=path, column=repr(column))
    seen: set[str] = set()
    for number, column in enumerate(header, start=1):
        if column in seen:
            raise InputError(
                "cli.error.column_twice", path=path, number=number, column=repr(column)
            )
        seen.add(column)
        if column not in TEXT_FIELDS and column not in bank.item_by_id:
            raise InputError(
                "cli.error.unknown_column", path=path, number=number, column=shown(column)
            )
    return header


def _ragged_in(part: bytes, width: int) -> tuple[int, int]:
    """(index of the first line of ``part`` without ``width`` fields or -1, lines in part).

    For text without quotes a line has one more field than commas; blank lines are skipped
    (as pandas does). A few array passes over the bytes, however long the file.
    """
    buf = np.frombuffer(part, dtype=np.uint8)
    ends = np.flatnonzero(buf == ord("\n"))
    if not part.endswith(b"\n"):
        ends = np.append(ends, len(buf))
    starts = np.concatenate(([0], ends[:-1] + 1))
    seen = np.concatenate(([0], np.cumsum(buf == ord(","), dtype=np.int32)))
    commas = seen[ends] - seen[starts]
    length = ends - starts
    first = buf[np.minimum(starts, len(buf) - 1)]
    blank = (length == 0) | ((length == 1) & (first == ord("\r")))
    bad = np.flatnonzero((commas != width - 1) & ~blank)
    return (int(bad[0]) if bad.size else -1), len(starts)


def _ragged_quoted(path: Path, width: int) -> int:
    """The csv module's view, for files with quoted fields (commas or line breaks in them)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            for record in reader:
                if record and len(record) != width:
                    return reader.line_num
        except csv.Error:
            line = reader.line_num
            raise InputError(
                "cli.error.field_too_long", path=path, line=line, limit=FIELD_LIMIT
            ) from None
    return 0


def _counts(path: Path) -> tuple[int, int, bool, bytes]:
    """Commas and line ends after the header line, whether any quote appears, and the last
    byte: one fast pass in blocks (bytes.count), whatever the file's size."""
    commas = ends = 0
    quoted, last, header = False, b"", True
    with path.open("rb") as handle:
        while block := handle.read(SCAN_BLOCK):
            if header:
                cut = block.find(b"\n")
                if cut < 0:
                    continue
                block, header = block[cut + 1 :], False
            commas += block.count(b",")
            ends += block.count(b"\n")
            quoted = quoted or b'"' in block
            last = block[-1:] or last
    return commas, ends, quoted, last


def ragged_line(path: Path, width: int) -> int:
    """The file line number of the first record without the header's ``width`` fields; 0 if none.

    Rows with too many fields are pandas' to find; this finds short ones. When the commas
    add up to ``width - 1`` per line, no line is short (none has more, or pandas says so);
    only otherwise are lines looked at one by one.
    """
    commas, ends, quoted, last = _counts(path)
    lines = ends + (1 if last not in (b"", b"\n") else 0)
    if quoted:
        return _ragged_quoted(path, width)
    if commas == lines * (width - 1):
        return 0
    return _ragged_exact(path, width)


def _ragged_exact(path: Path, width: int) -> int:
    """:func:`ragged_line` line by line (array passes over blocks of the file)."""
    lines, carry, header = 0, b"", True
    with path.open("rb") as handle:
        while True:
            block = handle.read(SCAN_BLOCK)
            data = carry + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            part, carry = data[:cut], data[cut:]
            if header and part:  # the header line itself is read by csv_header
                part, lines, header = part[part.find(b"\n") + 1 or len(part) :], 1, False
            if part:
                bad, count = _ragged_in(part, width)
                if bad >= 0:
                    return lines + bad + 1
                lines += count
            if not block:
                return 0


def _read_csv(path: Path, header: list[str], bank: Bank, numeric: bool, handle: Any) -> Any:
    """pandas' C parser in chunks: item columns straight to numbers (``numeric``) or as text."""
    import pandas as pd

    items = [c for c in header if c in bank.item_by_id]
    dtype: dict[str, Any] = {c: object for c in header}
    if numeric:
        dtype.update({c: np.float64 for c in items})
    return pd.read_csv(
        handle,
        names=header,
        header=0,
        dtype=dtype,
        keep_default_na=False,
        na_values={c: [""] for c in items} if numeric else None,
        index_col=False,
        chunksize=CHUNK_ROWS,
        encoding="utf-8",
        engine="c",
    )


def _lstrip_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns without leading spaces (``r1, hurt`` reads as ``hurt``), cheaply."""
    changed = {}
    for column in TEXT_FIELDS:
        if column in frame.columns:
            values = frame[column].to_numpy(dtype=object).tolist()
            if any(map(_leading_space, values)):
                changed[column] = [v.lstrip(" ") for v in values]
    return frame.assign(**changed) if changed else frame


def _leading_space(value: str) -> bool:
    return value[:1] == " "


def _text_chunk(frame: pd.DataFrame, items: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Item columns as numbers (NaN where blank or not a number) and as stripped text."""
    import pandas as pd

    text = frame[items].astype(str).apply(lambda c: c.str.strip()).to_numpy(dtype=object)
    numbers = {c: pd.to_numeric(frame[c].str.strip(), errors="coerce") for c in items}
    return frame.assign(**numbers), text


def csv_chunks(path: Path, bank: Bank, progress: Progress | None = None) -> Iterator[pd.DataFrame]:
    """Checked chunks of a CSV file of responses, item columns as numbers (NaN = blank).

    Answers are parsed as numbers by the C parser; when a chunk has a cell that does not
    parse that way (a word, spaces only), the file is read again from that chunk on with the
    answers as text, which says which cell is wrong or, for blanks of spaces, reads on.
    """
    import pandas as pd

    header = csv_header(path, bank)
    line = ragged_line(path, len(header))
    if line:
        raise InputError("cli.error.ragged_line", path=path, line=line, width=len(header))
    checks = Checks.of(bank, [c for c in header if c in bank.item_by_id])
    size, rows, done, numeric = max(path.stat().st_size, 1), 0, 0, True
    while True:
        with path.open("rb") as handle:
            try:
                for number, chunk in enumerate(_read_csv(path, header, bank, numeric, handle)):
                    if number < done or chunk.empty:
                        continue
                    frame, text = _lstrip_text(chunk), None
                    if not numeric:
                        frame, text = _text_chunk(frame, list(checks.items))
                    check_chunk(frame, checks, path, rows, text)
                    rows, done = rows + len(frame), done + 1
                    yield frame
                    if progress:
                        progress(handle.tell() / size)
                break
            except ValueError as exc:
                if isinstance(exc, InputError | UnicodeDecodeError):
                    raise
                if isinstance(exc, pd.errors.ParserError) or not numeric:
                    raise InputError("cli.error.bad_csv", path=path) from None
                numeric = False
    if not rows:
        raise InputError("cli.error.no_responses", path=path)


def response_chunks(
    path: Path, bank: Bank, progress: Progress | None = None
) -> Iterator[pd.DataFrame]:
    """Checked chunks of responses of a .csv or .json file; file problems as InputError."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InputError("cli.error.input_type", path=path)
    try:
        if path.stat().st_size == 0:
            raise InputError("cli.error.empty", path=path)
        if suffix == ".json":
            yield read_json_responses(path, bank)
        else:
            yield from csv_chunks(path, bank, progress)
    except FileNotFoundError:
        raise InputError("cli.error.no_such_file", path=path) from None
    except IsADirectoryError:
        raise InputError("cli.error.is_folder", path=path) from None
    except UnicodeDecodeError:
        raise InputError("cli.error.not_utf8", path=path) from None
    except PermissionError:
        raise InputError("cli.error.permission", path=path) from None
    except OSError as exc:
        raise InputError("cli.error.unreadable", path=path, reason=exc.strerror) from None


def read_responses(path: Path, bank: Bank) -> pd.DataFrame:
    """Read and check a whole response file (the format follows its extension)."""
    import pandas as pd

    chunks = list(response_chunks(path, bank))
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)

"""Reading a CSV response file: pandas' C parser in chunks, item columns straight to numbers,
each chunk checked with a few array operations; a file that does not parse that way is read
again as text to say which cell is wrong. Short lines are found by counting commas."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from questions import Bank
from scoring.inputs_base import (
    CHUNK_ROWS,
    FIELD_LIMIT,
    META_COLUMNS,
    SCAN_BLOCK,
    TEXT_FIELDS,
    InputError,
    Progress,
    shown,
)
from scoring.inputs_check import Checks, check_chunk

if TYPE_CHECKING:
    import pandas as pd


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
            if _leading_space(values):
                changed[column] = [v.lstrip(" ") for v in values]
    return frame.assign(**changed) if changed else frame


def _leading_space(values: list[str]) -> bool:
    """Whether a value starts with a space: one search of the values joined by line breaks
    (a line break inside a value may say yes wrongly; then each value is looked at)."""
    if "\n " not in "\n" + "\n".join(values):
        return False
    return any(v[:1] == " " for v in values)


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

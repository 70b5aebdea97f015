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

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from questions import Bank
from scoring.inputs_base import (
    CHUNK_ROWS,
    FIELD_LIMIT,
    JSON_FIELDS,
    META_COLUMNS,
    OPTIONAL_COLUMNS,
    SCAN_BLOCK,
    TEXT_FIELDS,
    TIME_FIELD,
    InputError,
    Progress,
    Text,
    shown,
)
from scoring.inputs_check import Checks, check_chunk, duplicates, response_time, role_codes
from scoring.inputs_csv import csv_chunks, csv_header, ragged_line
from scoring.inputs_json import read_json_records, read_json_responses

if TYPE_CHECKING:
    import pandas as pd


@contextmanager
def _reading(path: Path) -> Iterator[str]:
    """The file's kind (``.csv`` or ``.json``) while it is read; what goes wrong reading it
    as InputError naming the file."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InputError("cli.error.input_type", path=path)
    try:
        if path.stat().st_size == 0:
            raise InputError("cli.error.empty", path=path)
        yield suffix
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


def response_chunks(
    path: Path, bank: Bank, progress: Progress | None = None
) -> Iterator[pd.DataFrame]:
    """Checked chunks of responses of a .csv or .json file; file problems as InputError."""
    with _reading(path) as suffix:
        if suffix == ".json":
            yield read_json_responses(path, bank)
        else:
            yield from csv_chunks(path, bank, progress)


def read_records(path: Path, bank: Bank) -> list[dict[str, Any]] | None:
    """The checked responses of a JSON file as records (no pandas: what a report of a few
    responses needs); None for a CSV file, which is read as a frame."""
    with _reading(path) as suffix:
        return read_json_records(path, bank) if suffix == ".json" else None
    return None  # pragma: no cover - _reading raises or yields


def read_responses(path: Path, bank: Bank) -> pd.DataFrame:
    """Read and check a whole response file (the format follows its extension)."""
    import pandas as pd

    chunks = list(response_chunks(path, bank))
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)


__all__ = [
    "CHUNK_ROWS",
    "FIELD_LIMIT",
    "JSON_FIELDS",
    "META_COLUMNS",
    "OPTIONAL_COLUMNS",
    "SCAN_BLOCK",
    "TEXT_FIELDS",
    "TIME_FIELD",
    "Checks",
    "InputError",
    "Progress",
    "Text",
    "check_chunk",
    "csv_chunks",
    "csv_header",
    "duplicates",
    "ragged_line",
    "read_json_records",
    "read_json_responses",
    "read_records",
    "read_responses",
    "response_chunks",
    "response_time",
    "role_codes",
    "shown",
]

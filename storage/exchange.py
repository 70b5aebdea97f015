"""Export and import documents: versioned JSON (with an integrity digest) and CSV.

The JSON document is ``{"format", "format_version", "exported_at", "alias", "checkups",
"integrity": {"algorithm": "sha256", "digest"}}``; the digest is SHA-256 over the canonical
JSON (sorted keys, no spaces, UTF-8) of ``{"alias": ..., "checkups": [...]}``. It detects
damage and casual edits; it is not a signature (anyone can recompute it), so every field of
an import is also checked for type and range.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.errors import ImportRejected, InvalidRecord
from storage.records import (
    CheckupRecord,
    SavedCheckup,
    normalize_alias,
    record_from_payload,
    record_to_payload,
)
from storage.rows import dumps

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_IMPORT_BYTES",
    "build_csv",
    "build_json",
    "parse_json",
]

FORMAT_NAME = "trust-checkup-export"
FORMAT_VERSION = 2
"""2 added each check-up's ``form`` and ``locale``; version 1 files are still read."""
MAX_IMPORT_BYTES = 20 * 1024 * 1024
_V1_FIELDS = frozenset(
    {"id", "created_at", "bank_version", "role", "relationship", "answers", "scores", "flags"}
)
_ITEM_FIELDS = {1: _V1_FIELDS, 2: _V1_FIELDS | {"form", "locale"}}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _item(saved: SavedCheckup) -> dict[str, Any]:
    item = record_to_payload(saved.record)
    item["id"] = saved.id
    item["created_at"] = saved.record.created_at.isoformat()
    return item


def _digest(alias: str, items: Sequence[Any]) -> str:
    return hashlib.sha256(dumps({"alias": alias, "checkups": items}).encode()).hexdigest()


def build_json(alias: str, saved: Sequence[SavedCheckup], exported_at: datetime) -> str:
    """The versioned export document for one person's check-ups."""
    items = [_item(entry) for entry in saved]
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(),
        "alias": alias,
        "checkups": items,
        "integrity": {"algorithm": "sha256", "digest": _digest(alias, items)},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)


def _cell(value: object) -> str:
    """A CSV cell, defused against spreadsheet formula injection."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def build_csv(alias: str, saved: Sequence[SavedCheckup]) -> str:
    """One row per check-up; ``score:<key>`` and ``answer:<item>`` columns."""
    score_keys = sorted({key for entry in saved for key in entry.record.scores})
    answer_keys = sorted({key for entry in saved for key in entry.record.answers})
    header = ["checkup_id", "created_at", "alias", "bank_version", "role", "relationship",
              "flags", *(f"score:{k}" for k in score_keys), *(f"answer:{k}" for k in answer_keys)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(name) for name in header])
    for entry in saved:
        rec = entry.record
        row = [entry.id, rec.created_at.isoformat(), alias, rec.bank_version, rec.role,
               rec.relationship, ";".join(rec.flags),
               *(rec.scores.get(k) for k in score_keys), *(rec.answers.get(k) for k in answer_keys)]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _load_document(text: object) -> dict[str, Any]:
    if not isinstance(text, str):
        raise ImportRejected("The import must be the text of an exported JSON file.")
    if len(text.encode()) > MAX_IMPORT_BYTES:
        raise ImportRejected("The file is too large to be a Trust Check-up export.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportRejected("The file is not a Trust Check-up export (field 'format').",
                             field="format")
    return document


def _check_header(document: dict[str, Any]) -> None:
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportRejected("The export's 'format_version' is missing or not valid.",
                             field="format_version")
    if version > FORMAT_VERSION:
        raise ImportRejected(
            f"The file was made by a newer version of Trust Check-up (format {version}; this "
            f"version reads up to {FORMAT_VERSION}). Update the app to import it.",
            field="format_version",
        )
    if not isinstance(document.get("checkups"), list):
        raise ImportRejected("The export's 'checkups' must be a list.", field="checkups")
    if not isinstance(document.get("alias"), str):
        raise ImportRejected("The export's 'alias' must be text.", field="alias")


def _check_integrity(document: dict[str, Any]) -> None:
    integrity = document.get("integrity")
    if not isinstance(integrity, dict) or integrity.get("algorithm") != "sha256":
        raise ImportRejected("The export has no valid 'integrity' field.", field="integrity")
    if integrity.get("digest") != _digest(document["alias"], document["checkups"]):
        raise ImportRejected(
            "The file failed its integrity check: it was changed after export or is damaged.",
            field="integrity",
        )


def _item_record(index: int, item: object, alias: str, version: int) -> CheckupRecord:
    if not isinstance(item, dict):
        raise ImportRejected(f"Check-up {index} is not an object.", checkup=index)
    expected = _ITEM_FIELDS[version]
    unknown = sorted(set(item) - expected)
    missing = sorted(expected - set(item))
    for names, problem in ((missing, "is missing"), (unknown, "is not expected")):
        if names:
            raise ImportRejected(f"Check-up {index}: field '{names[0]}' {problem}.",
                                 checkup=index, field=names[0])
    try:
        created_text = item["created_at"]
        if not isinstance(created_text, str):
            raise InvalidRecord("created_at", "must be an ISO 8601 date and time")
        try:
            created = datetime.fromisoformat(created_text)
        except ValueError:
            raise InvalidRecord("created_at", "is not an ISO 8601 date and time") from None
        return record_from_payload(item, alias=alias, created_at=created)
    except InvalidRecord as error:
        raise ImportRejected(
            f"Check-up {index}: field '{error.field}' {error.problem}.",
            checkup=index, field=error.field,
        ) from None


def parse_json(text: object, alias: str | None) -> list[CheckupRecord]:
    """Validate an export document completely; the records to import, or ImportRejected."""
    document = _load_document(text)
    _check_header(document)
    _check_integrity(document)
    target = alias if alias is not None else document["alias"]
    try:
        normalize_alias(target)
    except InvalidRecord as error:
        raise ImportRejected(f"The alias to import under {error.problem}.", field="alias") from None
    version = document["format_version"]
    return [
        _item_record(index, item, target, version)
        for index, item in enumerate(document["checkups"], start=1)
    ]

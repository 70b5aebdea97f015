"""Export and import documents: versioned JSON (with an integrity digest) and CSV.

The JSON document is ``{"format", "format_version", "exported_at", "alias", "checkups",
"integrity": {"algorithm": "sha256", "digest"}}``; the digest is SHA-256 over the canonical
JSON (sorted keys, no spaces, UTF-8) of ``{"alias": ..., "checkups": [...]}``. It detects
damage and casual edits; it is not a signature (anyone can recompute it), so every field of
an import is also checked for type and range (``importer``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.importer import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    digest,
    parse_document,
)
from storage.records import CheckupRecord, SavedCheckup, record_to_payload

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_IMPORT_BYTES",
    "build_csv",
    "build_json",
    "parse_json",
]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _item(saved: SavedCheckup) -> dict[str, Any]:
    item = record_to_payload(saved.record)
    item["id"] = saved.id
    item["created_at"] = saved.record.created_at.isoformat()
    return item


def build_json(alias: str, saved: Sequence[SavedCheckup], exported_at: datetime) -> str:
    """The versioned export document for one person's check-ups."""
    items = [_item(entry) for entry in saved]
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(),
        "alias": alias,
        "checkups": items,
        "integrity": {"algorithm": "sha256", "digest": digest(alias, items)},
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


def parse_json(text: object, alias: str | None) -> list[CheckupRecord]:
    """Validate an export document completely; the records to import, or ImportRejected."""
    return parse_document(text, alias)

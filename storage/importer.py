"""Reading an export document for import: every malformed value becomes ``ImportRejected``.

The file is hostile until proven otherwise. Before any field is interpreted it must be text
of at most ``MAX_IMPORT_BYTES`` with no lone surrogates, JSON without NaN/Infinity, without
integers longer than ``MAX_INT_DIGITS`` digits, nested at most ``MAX_DEPTH`` deep, and holding
at most ``MAX_CHECKUPS`` check-ups. Only then are the header, the digest and each check-up
checked (types, ranges, times compared in UTC). Nothing here touches the database, so a
rejected file leaves it unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.errors import ImportRejected, InvalidRecord
from storage.records import CheckupRecord, normalize_alias, record_from_payload
from storage.rows import dumps

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ITEM_FIELDS",
    "MAX_CHECKUPS",
    "MAX_DEPTH",
    "MAX_IMPORT_BYTES",
    "MAX_INT_DIGITS",
    "digest",
    "parse_document",
]

FORMAT_NAME = "trust-checkup-export"
FORMAT_VERSION = 2
"""2 added each check-up's ``form`` and ``locale``; version 1 files are still read."""
_V1_FIELDS = frozenset(
    {"id", "created_at", "bank_version", "role", "relationship", "answers", "scores", "flags"}
)
ITEM_FIELDS = {1: _V1_FIELDS, 2: _V1_FIELDS | {"form", "locale"}}
"""The fields of one check-up, by format version."""

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_CHECKUPS = 10_000
MAX_DEPTH = 16
"""Deepest nesting accepted; an export needs 4 (document, checkups, check-up, answers)."""
MAX_INT_DIGITS = 20
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELD_SHOWN = 80  # longest field path shown in a message
_UNSHOWN = re.compile(r"[^\w.:-]")  # a field name from the file shows only these (no markup)


class _RefusedError(ValueError):
    """Raised inside json.loads by the number hooks, turned into ImportRejected outside."""

    def __init__(self, message_id: str, **params: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _RefusedError("storage.import.long_number", limit=MAX_INT_DIGITS)
    return int(text)


def _no_constant(name: str) -> float:
    raise _RefusedError("storage.import.special_number", value=name)


def _decode(text: str) -> Any:
    """json.loads with hostile-input guards; ImportRejected for anything it cannot take."""
    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            "storage.import.not_json", line=error.lineno, column=error.colno
        ) from None
    except _RefusedError as error:
        raise ImportRejected(error.message_id, **error.params) from None
    except (RecursionError, MemoryError):
        raise ImportRejected("storage.import.too_deep") from None
    except ValueError:  # any other refusal of the decoder
        raise ImportRejected("storage.import.not_json", line=1, column=1) from None


def _where(path: tuple[Any, ...]) -> tuple[int | None, str]:
    """(1-based check-up, dotted field) of a path in the document, safe to print."""
    checkup = None
    if len(path) >= 2 and path[0] == "checkups" and isinstance(path[1], int):
        checkup, path = path[1] + 1, path[2:]
    shown = ".".join(str(part) for part in path)[:_FIELD_SHOWN]
    return checkup, _UNSHOWN.sub("?", shown) or "(document)"


def _reject_at(path: tuple[Any, ...], problem_id: str) -> ImportRejected:
    checkup, field = _where(path)
    problem = InvalidRecord(field, problem_id).problem_text
    if checkup is None:
        return ImportRejected("storage.import.file_field", field=field, problem=problem)
    return ImportRejected(
        "storage.import.checkup_field", checkup=checkup, field=field, problem=problem
    )


def _check_shape(document: Any) -> None:
    """Depth and text of every value, without recursion (a hostile file can be deep)."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if len(path) > MAX_DEPTH:
            raise _reject_at(path[:MAX_DEPTH], "storage.problem.too_deep")
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise _reject_at(path, "storage.problem.bad_text")
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    raise _reject_at(path, "storage.problem.bad_text")
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


def readable_text(text: object, most: int, ids: tuple[str, str, str]) -> str:
    """``text`` if it may be parsed: a string (else ``ids[0]``) of at most ``most`` characters
    (else ``ids[1]``) with no lone surrogate (else ``ids[2]``). An export and a couple file
    are refused alike before parsing, each in its own words."""
    not_text, too_large, bad_text = ids
    if not isinstance(text, str):
        raise ImportRejected(not_text)
    if len(text) > most:
        raise ImportRejected(too_large)
    if _SURROGATE.search(text):
        raise ImportRejected(bad_text)
    return text


def _load(text: object) -> dict[str, Any]:
    ids = ("storage.import.not_text", "storage.import.too_large", "storage.import.bad_text")
    checked = readable_text(text, MAX_IMPORT_BYTES, ids)
    if len(checked.encode()) > MAX_IMPORT_BYTES:
        raise ImportRejected("storage.import.too_large")
    document = _decode(checked)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportRejected("storage.import.not_export", field="format")
    _check_shape(document)
    return document


def digest(alias: str, items: Sequence[Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of alias and check-ups."""
    return hashlib.sha256(dumps({"alias": alias, "checkups": items}).encode()).hexdigest()


def _check_header(document: dict[str, Any]) -> int:
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportRejected("storage.import.bad_version", field="format_version")
    if version > FORMAT_VERSION:
        raise ImportRejected(
            "storage.import.newer",
            field="format_version", version=version, supported=FORMAT_VERSION,
        )
    checkups = document.get("checkups")
    if not isinstance(checkups, list):
        raise ImportRejected("storage.import.checkups_not_list", field="checkups")
    if len(checkups) > MAX_CHECKUPS:
        raise ImportRejected("storage.import.too_many", field="checkups", limit=MAX_CHECKUPS)
    if not isinstance(document.get("alias"), str):
        raise ImportRejected("storage.import.alias_not_text", field="alias")
    return version


def _check_integrity(document: dict[str, Any]) -> None:
    integrity = document.get("integrity")
    if not isinstance(integrity, dict) or integrity.get("algorithm") != "sha256":
        raise ImportRejected("storage.import.no_integrity", field="integrity")
    if integrity.get("digest") != digest(document["alias"], document["checkups"]):
        raise ImportRejected("storage.import.integrity_failed", field="integrity")


def _created_at(value: object) -> datetime:
    if not isinstance(value, str):
        raise InvalidRecord("created_at", "storage.problem.iso_date_time")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRecord("created_at", "storage.problem.not_iso_date_time") from None


def _item_record(index: int, item: object, alias: str, expected: frozenset[str]) -> CheckupRecord:
    if not isinstance(item, dict):
        raise ImportRejected("storage.import.checkup_not_object", checkup=index)
    unknown = sorted(set(item) - expected)
    missing = sorted(expected - set(item))
    for names, problem_id in ((missing, "storage.problem.missing"),
                              (unknown, "storage.problem.unexpected")):
        if names:
            raise _reject_at(("checkups", index - 1, names[0]), problem_id)
    try:
        created = _created_at(item["created_at"])
        return record_from_payload(item, alias=alias, created_at=created)
    except InvalidRecord as error:
        raise ImportRejected(
            "storage.import.checkup_field",
            checkup=index, field=error.field, problem=error.problem_text,
        ) from None


def parse_document(text: object, alias: str | None) -> list[CheckupRecord]:
    """Validate an export document completely; the records to import, or ImportRejected.

    ``alias`` None imports under the file's own alias.
    """
    document = _load(text)
    version = _check_header(document)
    _check_integrity(document)
    target = alias if alias is not None else document["alias"]
    try:
        normalize_alias(target)
    except InvalidRecord as error:
        raise ImportRejected(
            "storage.import.target_alias", field="alias", problem=error.problem_text
        ) from None
    return [
        _item_record(index, item, target, ITEM_FIELDS[version])
        for index, item in enumerate(document["checkups"], start=1)
    ]

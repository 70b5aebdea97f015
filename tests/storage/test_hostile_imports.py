"""Hostile import files: every malformed value is ImportRejected, the database unchanged.

Named cases on both backends, then hypothesis fuzzing (bounded: a fixed number of examples)
of raw text, of valid exports with a value replaced anywhere (digest recomputed, so the
replacement reaches the field checks), and of byte-level damage to a valid export.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _storage_helpers import make_record, save
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from locales import catalogue
from storage import ImportRejected, Principal, Store, open_store

QPS = catalogue("qps-ploc")
ANY_CHAR = st.characters(exclude_categories=())  # lone surrogates and controls included


def _snapshot(url: str) -> list[Any]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = [
            sorted(tuple(map(str, row)) for row in conn.execute(text(f"SELECT * FROM {table}")))
            for table in ("persons", "checkups")
        ]
    engine.dispose()
    return found


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _redigest(document: dict[str, Any]) -> str:
    """The document as text, with a digest that matches its (possibly hostile) content."""
    canonical = _canonical({"alias": document.get("alias"), "checkups": document.get("checkups")})
    document["integrity"] = {
        "algorithm": "sha256",
        "digest": hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest(),
    }
    return json.dumps(document)  # ensure_ascii: lone surrogates travel as \\udcff escapes


def _export(store: Store) -> dict[str, Any]:
    save(store, make_record())
    document: dict[str, Any] = json.loads(store.export_json(Principal("Sam")))
    return document


def _set(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> str:
    target: Any = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return _redigest(document)


def _deep(depth: int) -> str:
    return '{"format": "trust-checkup-export", "x": ' + "[" * depth + "]" * depth + "}"


def _long_int(document: dict[str, Any]) -> str:
    body = _redigest(document)
    return body.replace('"cling_1": 4', '"cling_1": ' + "9" * 5000)


RAW_CASES: list[tuple[str, Callable[[dict[str, Any]], str], str]] = [
    ("deep-100000", lambda d: _deep(100_000), "storage.import.too_deep"),
    ("deep-200", lambda d: _deep(200), "storage.import.file_field"),
    ("int-5000-digits", _long_int, "storage.import.long_number"),
    ("lone-surrogate-raw", lambda d: json.dumps(d, ensure_ascii=False).replace("Sam", "S\udcff"),
     "storage.import.bad_text"),
    ("nan", lambda d: _redigest(d).replace('"cling": 62.5', '"cling": NaN'),
     "storage.import.special_number"),
    ("not-text", lambda d: b"{}", "storage.import.not_text"),  # type: ignore[arg-type,return-value]
    ("too-large", lambda d: " " * (21 * 1024 * 1024), "storage.import.too_large"),
]
FIELD_CASES: list[tuple[str, tuple[Any, ...], Any, str, int | None, str]] = [
    ("surrogate-alias", ("alias",), "S\udcff", "storage.import.file_field", None, "alias"),
    ("surrogate-key", ("checkups", 0, "answers", "x\udcff"), 1, "storage.import.checkup_field",
     1, "answers"),
    ("surrogate-role", ("checkups", 0, "role"), "\udcff", "storage.import.checkup_field",
     1, "role"),
    ("huge-string", ("checkups", 0, "bank_version"), "x" * 5_000_000,
     "storage.import.checkup_field", 1, "bank_version"),
    ("checkups-object", ("checkups",), {}, "storage.import.checkups_not_list", None, "checkups"),
    ("answers-list", ("checkups", 0, "answers"), [1], "storage.import.checkup_field",
     1, "answers"),
    ("flags-text", ("checkups", 0, "flags"), "safety", "storage.import.checkup_field",
     1, "flags"),
    ("score-list", ("checkups", 0, "scores", "cling"), [1], "storage.import.checkup_field",
     1, "scores.cling"),
    ("score-infinite", ("checkups", 0, "scores", "cling"), 1e999,
     "storage.import.special_number", None, None),
    ("answer-huge", ("checkups", 0, "answers", "cling_1"), 10**19,
     "storage.import.checkup_field", 1, "answers.cling_1"),
    ("time-number", ("checkups", 0, "created_at"), 5, "storage.import.checkup_field",
     1, "created_at"),
    ("time-1999-utc", ("checkups", 0, "created_at"), "2000-01-01T05:00:00+14:00",
     "storage.import.checkup_field", 1, "created_at"),
    ("time-overflow", ("checkups", 0, "created_at"), "9999-12-31T23:00:00-05:00",
     "storage.import.checkup_field", 1, "created_at"),
    ("time-far-future", ("checkups", 0, "created_at"), "2500-01-01T00:00:00+00:00",
     "storage.import.checkup_field", 1, "created_at"),
    ("version-text", ("format_version",), "2", "storage.import.bad_version", None,
     "format_version"),
    ("item-number", ("checkups", 0), 5, "storage.import.checkup_not_object", 1, None),
    ("form-number", ("checkups", 0, "form"), 7, "storage.import.checkup_field", 1, "form"),
    ("locale-upper", ("checkups", 0, "locale"), "EN", "storage.import.checkup_field",
     1, "locale"),
]


def _check_rejected(error: ImportRejected) -> None:
    """The message renders in English and in the pseudo-locale, never raising."""
    assert error.message and error.message_in(QPS).startswith("⟦")
    error.message.encode("utf-8")  # no lone surrogate reaches the text shown


@pytest.mark.parametrize(("name", "make", "message_id"), RAW_CASES, ids=[c[0] for c in RAW_CASES])
def test_hostile_text_is_rejected(
    store: Store, db_url: str, name: str, make: Callable[[dict[str, Any]], str], message_id: str
) -> None:
    hostile = make(_export(store))
    before = _snapshot(db_url)
    with pytest.raises(ImportRejected) as caught:
        store.import_json(hostile, Principal("Fresh"))
    assert caught.value.message_id == message_id, caught.value.message
    _check_rejected(caught.value)
    assert _snapshot(db_url) == before


@pytest.mark.parametrize(
    ("name", "path", "value", "message_id", "checkup", "field"),
    FIELD_CASES, ids=[c[0] for c in FIELD_CASES],
)
def test_hostile_values_name_the_check_up_and_field(
    store: Store, db_url: str, name: str, path: tuple[Any, ...], value: Any, message_id: str,
    checkup: int | None, field: str | None,
) -> None:
    hostile = _set(_export(store), path, value)
    before = _snapshot(db_url)
    with pytest.raises(ImportRejected) as caught:
        store.import_json(hostile, Principal("Fresh"))
    error = caught.value
    assert (error.message_id, error.checkup) == (message_id, checkup), error.message
    assert error.field == field or (field is not None and str(error.field).startswith(field))
    if checkup is not None:
        assert error.message.startswith(f"Check-up {checkup}")
    _check_rejected(error)
    assert _snapshot(db_url) == before


def test_a_field_name_from_the_file_is_shown_without_markup(store: Store) -> None:
    hostile = _set(_export(store), ("checkups", 0, "[click](http://x.example) <b>"), 1)
    with pytest.raises(ImportRejected) as caught:
        store.import_json(hostile, Principal("Fresh"))
    assert caught.value.message_id == "storage.import.checkup_field"
    assert not set("[]()<> /") & set(str(caught.value.field))
    assert "http://" not in caught.value.message


def test_times_are_compared_in_utc_and_accepted_when_in_range(store: Store) -> None:
    document = _export(store)
    late_kiribati = _set(document, ("checkups", 0, "created_at"), "2000-01-02T05:00:00+14:00")
    assert store.import_json(late_kiribati, Principal("Fresh")) == 1
    [saved] = store.list_checkups(Principal("Fresh"))
    assert saved.record.created_at.isoformat() == "2000-01-01T15:00:00+00:00"


# -- fuzzing ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(ANY_CHAR, max_size=30),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(ANY_CHAR, max_size=10), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["id", "created_at", "bank_version", "role", "relationship", "form", "locale",
          "answers", "scores", "flags", "cling_1", "alias", "format_version", "checkups"]


@pytest.fixture(scope="module")
def fuzz_store() -> Iterator[tuple[Store, Path, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.sqlite3"
        with open_store(f"sqlite:///{path}") as opened:
            save(opened, make_record("Kept"))
            yield opened, path, opened.export_json(Principal("Kept"))


def _rows(path: Path) -> list[Any]:
    with sqlite3.connect(path) as raw:
        return [raw.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in ("persons", "checkups")]


def _import_or_reject(store: Store, path: Path, hostile: Any) -> None:
    before = _rows(path)
    try:
        added = store.import_json(hostile, Principal("Fuzzed"))
    except ImportRejected as error:
        _check_rejected(error)
        assert _rows(path) == before
        return
    assert isinstance(added, int)
    store.delete_all(Principal("Fuzzed"))


FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.text(ANY_CHAR, max_size=200) | st.binary(max_size=50))
def test_fuzz_raw_input(fuzz_store: tuple[Store, Path, str], hostile: Any) -> None:
    store, path, _ = fuzz_store
    _import_or_reject(store, path, hostile)


@FUZZ
@given(where=st.lists(st.sampled_from(FIELDS) | st.integers(0, 2), min_size=1, max_size=4),
       value=json_values)
def test_fuzz_any_value_anywhere(
    fuzz_store: tuple[Store, Path, str], where: list[Any], value: Any
) -> None:
    store, path, exported = fuzz_store
    document: Any = json.loads(exported)
    target = document
    for part in where[:-1]:  # walk as far as the path exists, then replace there
        if (isinstance(target, dict) and part in target) or (isinstance(target, list) and isinstance(part, int) and part < len(target)):
            target = target[part]
        else:
            break
    last = where[-1]
    if isinstance(target, list) and isinstance(last, int) and last < len(target):
        target[last] = value
    elif isinstance(target, list):
        target.append(value)
    elif isinstance(target, dict):
        target[str(last)] = value
    _import_or_reject(store, path, _redigest(document))


@FUZZ
@given(st.data())
def test_fuzz_damaged_bytes(fuzz_store: tuple[Store, Path, str], data: st.DataObject) -> None:
    store, path, exported = fuzz_store
    chars = list(exported)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(chars) - 1))
        chars[at] = data.draw(st.sampled_from(['"', "[", "{", "\\", "9", "\udcff", "", "e", "-"]))
    _import_or_reject(store, path, "".join(chars))

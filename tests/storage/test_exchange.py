"""Export to JSON and CSV, import with all-or-nothing validation."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _storage_helpers import make_record, save
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from storage import (
    FORMAT_NAME,
    FORMAT_VERSION,
    CheckupRecord,
    ImportRejected,
    InvalidRecord,
    Principal,
    Store,
    open_store,
)
from storage.exchange import build_csv

PASS = "correct horse battery"


def _save_three(store: Store, alias: str = "Sam", passphrase: str | None = None) -> None:
    for day, scores in ((1, {"cling": 10.0}), (2, {"cling": 33.333333333333336, "x": None}),
                        (3, {"cling": 100.0, "trust_strain": 0.0})):
        created = datetime(2025, 1, day, 7, 5, 9, 987654, tzinfo=UTC)
        save(store, make_record(alias, created_at=created, scores=scores), passphrase)


def _records(store: Store, alias: str, passphrase: str | None = None) -> list[CheckupRecord]:
    return [saved.record for saved in store.list_checkups(Principal(alias, passphrase))]


def _snapshot(db_url: str) -> list[Any]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = [tuple(r) for t in ("persons", "checkups")
                for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
    engine.dispose()
    return rows


def _redigest(document: dict[str, Any]) -> str:
    canonical = json.dumps({"alias": document["alias"], "checkups": document["checkups"]},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    document["integrity"]["digest"] = hashlib.sha256(canonical.encode()).hexdigest()
    return json.dumps(document)


def test_export_document_shape(store: Store) -> None:
    _save_three(store)
    document = json.loads(store.export_json(Principal("sam")))
    assert document["format"] == FORMAT_NAME and document["format_version"] == 2
    assert document["exported_at"].startswith("2025-03-01T12:00")
    assert document["alias"] == "Sam" and len(document["checkups"]) == 3
    assert set(document["checkups"][0]) >= {"answers", "scores", "flags", "bank_version"}
    assert {(c["form"], c["locale"]) for c in document["checkups"]} == {("full", "en")}
    assert document["integrity"]["algorithm"] == "sha256"


def test_a_version_1_file_still_imports_as_full_and_english(store: Store) -> None:
    save(store, make_record(form="pulse", locale="qps-ploc"))
    document = json.loads(store.export_json(Principal("sam")))
    for item in document["checkups"]:
        assert (item.pop("form"), item.pop("locale")) == ("pulse", "qps-ploc")
    document["format_version"] = 1
    assert store.delete_all(Principal("sam")) == 1
    assert store.import_json(_redigest(document)) == 1
    [saved] = store.list_checkups(Principal("sam"))
    assert (saved.record.form, saved.record.locale) == ("full", "en")


def test_a_version_2_file_must_name_form_and_locale(store: Store) -> None:
    save(store, make_record())
    document = json.loads(store.export_json(Principal("sam")))
    del document["checkups"][0]["locale"]
    with pytest.raises(ImportRejected) as caught:
        store.import_json(_redigest(document), Principal("Fresh"))
    assert (caught.value.checkup, caught.value.field) == (1, "locale")


def test_round_trip_into_an_empty_store_is_identical(store: Store) -> None:
    _save_three(store)
    before = _records(store, "sam")
    exported = store.export_json(Principal("sam"))
    store.delete_all(Principal("sam"))
    assert store.import_json(exported) == 3
    assert _records(store, "sam") == before
    assert store.import_json(exported) == 0  # already there: skipped, not doubled


def test_protected_round_trip_and_new_alias(store: Store, tmp_path: Path) -> None:
    _save_three(store, "Sam", PASS)
    exported = store.export_json(Principal("Sam", PASS))
    with open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}") as other:
        assert other.import_json(exported, Principal("Robin", PASS)) == 3
        assert other.list_checkups(Principal("Robin")) == []
        got = _records(other, "Robin", PASS)
    assert got == [replace(r, alias="Robin") for r in _records(store, "Sam", PASS)]


def _tamper_type(doc: dict[str, Any]) -> str:
    doc["checkups"][1]["answers"]["cling_1"] = "4"
    return _redigest(doc)


def _tamper_range(doc: dict[str, Any]) -> str:
    doc["checkups"][2]["answers"]["guard_1"] = 42
    return _redigest(doc)


def _tamper_score(doc: dict[str, Any]) -> str:
    doc["checkups"][0]["scores"]["cling"] = 99.0
    return json.dumps(doc)  # digest left as exported


def _newer(doc: dict[str, Any]) -> str:
    doc["format_version"] = FORMAT_VERSION + 1
    return json.dumps(doc)


def _missing_field(doc: dict[str, Any]) -> str:
    del doc["checkups"][0]["flags"]
    return _redigest(doc)


def _bad_time(doc: dict[str, Any]) -> str:
    doc["checkups"][1]["created_at"] = "yesterday"
    return _redigest(doc)


@pytest.mark.parametrize(
    ("tamper", "expected", "checkup", "field"),
    [
        (lambda d: json.dumps(d)[:-20], "not valid JSON (line", None, None),
        (lambda d: "[1, 2]", "not a Trust Check-up export", None, "format"),
        (_tamper_type, "Check-up 2: field 'answers.cling_1' must be a whole number", 2,
         "answers.cling_1"),
        (_tamper_range, "Check-up 3: field 'answers.guard_1' 42 is out of range", 3,
         "answers.guard_1"),
        (_newer, "newer version of Trust Check-up", None, "format_version"),
        (_tamper_score, "integrity check", None, "integrity"),
        (_missing_field, "Check-up 1: field 'flags' is missing", 1, "flags"),
        (_bad_time, "Check-up 2: field 'created_at'", 2, "created_at"),
    ],
    ids=["malformed", "not-export", "wrong-type", "out-of-range", "newer", "tampered",
         "missing", "bad-time"],
)
def test_rejected_import_names_the_problem_and_changes_nothing(
    store: Store, db_url: str, tamper: Any, expected: str, checkup: int | None, field: str | None
) -> None:
    _save_three(store)
    payload = tamper(json.loads(store.export_json(Principal("sam"))))
    save(store, make_record("Other"))
    before = _snapshot(db_url)
    with pytest.raises(ImportRejected) as caught:
        store.import_json(payload, Principal("Fresh"))
    assert expected in caught.value.message
    assert (caught.value.checkup, caught.value.field) == (checkup, field)
    assert _snapshot(db_url) == before


def test_import_rejects_a_bad_target_alias(store: Store) -> None:
    _save_three(store)
    exported = store.export_json(Principal("sam"))
    with pytest.raises(InvalidRecord) as caught:
        store.import_json(exported, Principal("   "))
    assert caught.value.field == "alias"
    with pytest.raises(ImportRejected) as rejected:  # the file's own alias is checked too
        store.import_json(exported.replace('"alias": "Sam"', '"alias": "   "'))
    assert rejected.value.field in ("alias", "integrity")


@pytest.mark.parametrize("alias", ["=1+2", "+SUM(A1)", "-3+4", "@cmd"])
def test_csv_defuses_formulas(store: Store, alias: str) -> None:
    save(store, make_record(alias))
    rows = list(csv.reader(io.StringIO(store.export_csv(Principal(alias)))))
    assert rows[1][2] == "'" + alias
    assert "answer:cling_1" in rows[0] and "score:trust_strain" in rows[0]


def test_csv_defuses_tab_and_carriage_return() -> None:
    saved = [type("S", (), {"id": "\tx", "record": make_record()})()]
    out = build_csv("\rA", saved)  # type: ignore[arg-type]
    row = next(iter(csv.reader(io.StringIO(out.split("\r\n", 1)[1]))))
    assert row[0] == "'\tx" and row[2] == "'\rA"


answers_st = st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
                             st.integers(0, 10), max_size=8)
scores_st = st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True),
                            st.none() | st.floats(0, 100), max_size=6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers_st, scores=scores_st,
       alias=st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=30)
       .filter(lambda a: a.strip()))
def test_any_valid_record_round_trips(
    answers: dict[str, int], scores: dict[str, float | None], alias: str
) -> None:
    scores.pop("created_at", None)
    record = make_record(alias, answers=answers, scores=scores)
    with tempfile.TemporaryDirectory() as folder:
        with open_store(f"sqlite:///{folder}/a.sqlite3") as source:
            save(source, record)
            exported = source.export_json(Principal(alias))
        with open_store(f"sqlite:///{folder}/b.sqlite3") as target:
            assert target.import_json(exported) == 1
            assert _records(target, alias) == [record]

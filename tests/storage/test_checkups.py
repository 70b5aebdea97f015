"""Saving, listing, history frames and deletion, on both backends."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from _storage_helpers import make_record, save
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from storage import CheckupRecord, InvalidRecord, Principal, Store, open_store
from storage.engine import ENV_VAR, resolve_url
from storage.models import Base


def _at(day: int) -> datetime:
    return datetime(2025, 1, day, 8, 0, tzinfo=UTC)


def test_save_then_list_returns_identical_record(store: Store) -> None:
    record = make_record()
    checkup_id = save(store, record)
    [saved] = store.list_checkups(Principal("Sam"))
    assert saved.id == checkup_id
    assert saved.record == record
    assert saved.record.created_at.tzinfo is UTC


def test_list_is_oldest_first_and_per_person(store: Store) -> None:
    for day in (5, 1, 3):
        save(store, make_record(created_at=_at(day)))
    save(store, make_record("Alex", created_at=_at(2)))
    assert [s.record.created_at.day for s in store.list_checkups(Principal("Sam"))] == [1, 3, 5]
    assert len(store.list_checkups(Principal("Alex"))) == 1
    assert store.list_checkups(Principal("Nobody")) == []


def test_alias_lookup_ignores_case_and_outer_spaces(store: Store) -> None:
    save(store, make_record("Sam Lee"))
    assert len(store.list_checkups(Principal("  sam LEE "))) == 1


def test_history_frame_has_created_at_and_one_column_per_score(store: Store) -> None:
    save(store, make_record(created_at=_at(2), scores={"cling": 40.0, "trust_strain": None}))
    save(store, make_record(created_at=_at(9), scores={"cling": 55.5, "guard": 10}))
    frame = store.history_frame(Principal("sam"))
    assert list(frame.columns) == ["created_at", "cling", "guard", "trust_strain"]
    assert frame.index.name == "checkup_id"
    assert list(frame["cling"]) == [40.0, 55.5]
    assert math.isnan(frame["trust_strain"].iloc[0]) and math.isnan(frame["guard"].iloc[0])
    assert str(frame["created_at"].dtype).startswith("datetime64") and frame["created_at"].dt.tz
    assert frame["created_at"].iloc[1] == _at(9)


def test_history_frame_of_unknown_person_is_empty(store: Store) -> None:
    frame = store.history_frame(Principal("nobody"))
    assert frame.empty and list(frame.columns) == ["created_at"]


def test_delete_one_checkup(store: Store) -> None:
    first = save(store, make_record(created_at=_at(1)))
    save(store, make_record(created_at=_at(2)))
    assert store.delete_checkup(first, Principal("Alex")) is False  # not Alex's
    assert store.delete_checkup(first, Principal("sam")) is True
    assert store.delete_checkup(first, Principal("sam")) is False
    assert [s.record.created_at for s in store.list_checkups(Principal("sam"))] == [_at(2)]


def test_delete_all_removes_only_that_person(store: Store) -> None:
    for day in (1, 2, 3):
        save(store, make_record(created_at=_at(day)))
    save(store, make_record("Alex"))
    assert store.delete_all(Principal("sam")) == 3
    assert store.list_checkups(Principal("sam")) == []
    assert store.delete_all(Principal("sam")) == 0
    assert len(store.list_checkups(Principal("alex"))) == 1


def test_data_survives_reopening(db_url: str) -> None:
    with open_store(db_url) as first:
        save(first, make_record())
    with open_store(db_url) as second:
        assert len(second.list_checkups(Principal("sam"))) == 1


def test_schema_from_migrations_matches_models(store: Store, db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"alias": "  "}, "alias"),
        ({"alias": "x" * 81}, "alias"),
        ({"role": "Hurt!"}, "role"),
        ({"answers": {"cling_1": 11}}, "answers.cling_1"),
        ({"answers": {"cling_1": True}}, "answers.cling_1"),
        ({"answers": {"cling_1": 2.5}}, "answers.cling_1"),
        ({"scores": {"cling": 100.5}}, "scores.cling"),
        ({"scores": {"cling": float("nan")}}, "scores.cling"),
        ({"scores": {"cling": "50"}}, "scores.cling"),
        ({"flags": ["ok", "<script>"]}, "flags[1]"),
        ({"created_at": datetime(2025, 1, 1)}, "created_at"),
    ],
)
def test_invalid_records_are_refused_with_the_field(
    overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        make_record(**overrides)
    assert caught.value.field == field
    assert field in caught.value.message


def test_created_at_is_normalised_to_utc() -> None:
    plus_two = datetime(2025, 1, 1, 12, 0, tzinfo=UTC).astimezone(timezone(timedelta(hours=2)))
    assert make_record(created_at=plus_two).created_at == datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def test_save_refuses_something_that_is_not_a_record(store: Store) -> None:
    with pytest.raises(InvalidRecord):
        store.save_checkup({"alias": "sam"}, Principal("sam"))  # type: ignore[arg-type]


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    default = resolve_url(None)
    assert default.database == str(tmp_path / "data" / "checkups.sqlite3")
    monkeypatch.setenv(ENV_VAR, "postgresql://u@db.example/tc")
    assert resolve_url(None).drivername == "postgresql+psycopg"
    assert resolve_url("sqlite:///x.db").database == "x.db"


def test_default_location_is_created_on_first_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "a" / "b"))
    with open_store() as opened:
        save(opened, make_record())
    assert (tmp_path / "a" / "b" / "checkups.sqlite3").is_file()


def test_record_is_frozen() -> None:
    record: CheckupRecord = make_record()
    with pytest.raises(AttributeError):
        record.alias = "other"  # type: ignore[misc]

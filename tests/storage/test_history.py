"""Store.history (the column-wise fast path) against history_frame and list_checkups."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _storage_helpers import make_record, save

from storage import (
    History,
    Principal,
    SavedCheckup,
    StorageUnavailable,
    Store,
    open_store,
)

PASS = "correct horse battery"


def _at(day: int, micro: int = 0) -> datetime:
    return datetime(2025, 1, day, 8, 0, 0, micro, tzinfo=UTC)


def _reference_frame(saved: Sequence[SavedCheckup]) -> pd.DataFrame:
    """The history frame built independently, from list_checkups' validated records."""
    keys = sorted({key for entry in saved for key in entry.record.scores})
    data = {
        key: [
            float("nan") if entry.record.scores.get(key) is None else entry.record.scores[key]
            for entry in saved
        ]
        for key in keys
    }
    index = pd.Index([entry.id for entry in saved], name="checkup_id", dtype="object")
    frame = pd.DataFrame(data, index=index, columns=keys, dtype="float64")
    times = pd.DatetimeIndex([entry.record.created_at for entry in saved], tz="UTC")
    frame.insert(0, "created_at", times.as_unit("us"))
    return frame


def _check_consistent(store: Store, alias: str, passphrase: str | None = None) -> History:
    history = store.history(Principal(alias, passphrase))
    saved = store.list_checkups(Principal(alias, passphrase))
    assert history.ids == tuple(entry.id for entry in saved)
    assert history.created_at == tuple(entry.record.created_at for entry in saved)
    assert all(when.tzinfo is UTC for when in history.created_at)
    keys = sorted({key for entry in saved for key in entry.record.scores})
    assert list(history.scores) == keys
    for key in keys:
        assert history.scores[key] == tuple(entry.record.scores.get(key) for entry in saved)
    frame = store.history_frame(Principal(alias, passphrase))
    pd.testing.assert_frame_equal(history.to_frame(), frame)
    pd.testing.assert_frame_equal(frame, _reference_frame(saved), check_column_type=False)
    return history


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "protected"])
def test_history_matches_frame_and_list(store: Store, passphrase: str | None) -> None:
    save(store, make_record(created_at=_at(9, 123456)), passphrase)
    save(store,
        make_record(created_at=_at(2), scores={"cling": 40.0, "trust_strain": None}), passphrase
    )
    save(store,
        make_record(created_at=_at(5), scores={"cling": 55.5, "guard": 10, "zeta": 0.0}),
        passphrase,
    )
    save(store, make_record("Alex", created_at=_at(3)), passphrase)  # someone else
    history = _check_consistent(store, "Sam", passphrase)
    assert len(history) == 3
    assert history.created_at == (_at(2), _at(5), _at(9, 123456))
    assert history.scores["cling"] == (40.0, 55.5, 62.5)
    assert history.scores["guard"] == (None, 10.0, 100.0)  # missing in the first check-up
    assert history.scores["repair_readiness"] == (None, None, None)  # never computed
    assert history.series("cling") == ((_at(2), 40.0), (_at(5), 55.5), (_at(9, 123456), 62.5))
    assert history.series("guard") == ((_at(5), 10.0), (_at(9, 123456), 100.0))
    assert history.series("repair_readiness") == () and history.series("unknown") == ()


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "protected"])
def test_history_of_unknown_person_is_empty(store: Store, passphrase: str | None) -> None:
    save(store, make_record(), PASS)
    save(store, make_record())
    history = store.history(Principal("Nobody", passphrase))
    assert history == History() and len(history) == 0 and not history.scores
    frame = history.to_frame()
    pd.testing.assert_frame_equal(frame, store.history_frame(Principal("Nobody", passphrase)))
    assert frame.empty and list(frame.columns) == ["created_at"]


def test_wrong_passphrase_gives_empty_history(store: Store) -> None:
    save(store, make_record(), PASS)
    assert store.history(Principal("Sam", "wrong horse battery")) == History()
    assert store.history(Principal("Sam")) == History()  # the protected rows are not the plain ones
    assert store.history(Principal("sam ", PASS)).ids != ()


def test_all_scores_none_and_no_scores(store: Store) -> None:
    save(store, make_record(created_at=_at(1), scores={"cling": None, "guard": None}))
    save(store, make_record(created_at=_at(2), scores={}))
    history = _check_consistent(store, "Sam")
    assert dict(history.scores) == {"cling": (None, None), "guard": (None, None)}
    frame = history.to_frame()
    assert frame["cling"].isna().all() and str(frame["cling"].dtype) == "float64"
    store.delete_all(Principal("Sam"))
    save(store, make_record(created_at=_at(3), scores={}))
    history = _check_consistent(store, "Sam")
    assert len(history) == 1 and dict(history.scores) == {}
    assert list(history.to_frame().columns) == ["created_at"]


def test_many_checkups_stay_in_order(store: Store) -> None:
    start = _at(1)
    for n in (7, 3, 11, 0, 5, 1, 9):
        save(store,
            make_record(created_at=start + timedelta(minutes=n), scores={"cling": float(n)})
        )
    history = _check_consistent(store, "Sam")
    assert history.scores["cling"] == (0.0, 1.0, 3.0, 5.0, 7.0, 9.0, 11.0)


def test_history_is_immutable(store: Store) -> None:
    save(store, make_record())
    history = store.history(Principal("Sam"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        history.ids = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        history.scores["cling"] = (1.0,)  # type: ignore[index]


def _sqlite_store(tmp_path: Path) -> tuple[Store, Path]:
    path = tmp_path / "checkups.sqlite3"
    return open_store(f"sqlite:///{path}"), path


def test_damaged_scores_are_counted_not_fatal(tmp_path: Path) -> None:
    store, path = _sqlite_store(tmp_path)
    with store:
        damaged = save(store, make_record(created_at=_at(1)))
        kept = save(store, make_record(created_at=_at(2)))
        for broken in ('{"cling": 1', "[1, 2]"):
            with sqlite3.connect(path) as raw:
                raw.execute("UPDATE checkups SET scores = ? WHERE id = ?", (broken, damaged))
            history = store.history(Principal("Sam"))
            assert history.ids == (kept,) and history.unreadable == 1
            assert list(store.history_frame(Principal("Sam")).index) == [kept]
            listed = store.list_checkups(Principal("Sam"))
            assert [entry.id for entry in listed] == [kept] and listed.unreadable == 1


def test_damaged_sealed_row_is_counted_not_fatal(tmp_path: Path) -> None:
    store, path = _sqlite_store(tmp_path)
    with store:
        save(store, make_record(), PASS)
        with sqlite3.connect(path) as raw:
            [(blob,)] = raw.execute("SELECT sealed FROM checkups").fetchall()
            flipped = blob[:-1] + bytes([blob[-1] ^ 1])
            raw.execute("UPDATE checkups SET sealed = ?", (flipped,))
        history = store.history(Principal("Sam", PASS))
        assert history.ids == () and history.unreadable == 1
        assert store.list_checkups(Principal("Sam", PASS)).unreadable == 1


def test_driver_errors_are_translated_without_sql(tmp_path: Path) -> None:
    store, path = _sqlite_store(tmp_path)
    with store:
        save(store, make_record())
        with sqlite3.connect(path) as raw:
            raw.execute("DROP TABLE checkups")
        with pytest.raises(StorageUnavailable) as caught:
            store.history(Principal("Sam"))
        assert "SELECT" not in str(caught.value) and caught.value.__cause__ is None
        assert caught.value.__suppress_context__


class _FlakyConnection:
    """A pooled connection whose first ``failures`` executes raise "database is locked"."""

    def __init__(self, real: Any, failures: list[int]) -> None:
        self._real, self._failures = real, failures

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def cursor(self) -> Any:
        cursor = self._real.cursor()
        if self._failures[0] > 0:
            self._failures[0] -= 1

            def execute(*_args: object) -> None:
                raise sqlite3.OperationalError("database is locked")

            class _Cursor:
                def __getattr__(self, name: str) -> Any:
                    return execute if name == "execute" else getattr(cursor, name)

            return _Cursor()
        return cursor


@pytest.mark.parametrize(("failures", "outcome"), [(3, "ok"), (50, "busy")])
def test_lock_errors_are_retried_then_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failures: int, outcome: str
) -> None:
    store, _ = _sqlite_store(tmp_path)
    with store:
        save(store, make_record())
        reader = store._reader
        real = reader.raw_connection
        left = [failures]
        monkeypatch.setattr(reader, "raw_connection", lambda: _FlakyConnection(real(), left))
        monkeypatch.setattr("storage.store.time.sleep", lambda _s: None)
        if outcome == "ok":
            assert len(store.history(Principal("Sam"))) == 1
            assert left == [0]
        else:
            with pytest.raises(StorageUnavailable) as caught:
                store.history(Principal("Sam"))
            assert caught.value.reason == "busy"
            assert left == [failures - 8]  # bounded: 8 attempts

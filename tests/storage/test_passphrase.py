"""Passphrase protection: encryption at rest, and a wrong passphrase reveals nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _storage_helpers import make_record, save
from sqlalchemy import create_engine, text, update

from storage import InvalidRecord, Principal, Store, open_store
from storage.models import Checkup

SECRET_WORDS = ("Samwise", "samwise", "cling_1", "guard_1", "safety", "romantic", "62.5")
PASS = "correct horse battery"


def _save_protected(store: Store, count: int, alias: str = "Samwise") -> list[str]:
    return [save(store, make_record(alias), passphrase=PASS) for _ in range(count)]


def test_right_passphrase_round_trip(store: Store) -> None:
    record = make_record("Samwise")
    checkup_id = save(store, record, passphrase=PASS)
    [saved] = store.list_checkups(Principal("samwise", PASS))
    assert saved.id == checkup_id and saved.record == record
    assert list(store.history_frame(Principal("Samwise", PASS))["cling"]) == [62.5]


def test_protected_and_unprotected_are_separate(store: Store) -> None:
    _save_protected(store, 2)
    save(store, make_record("Samwise"))
    assert len(store.list_checkups(Principal("Samwise"))) == 1
    assert len(store.list_checkups(Principal("Samwise", PASS))) == 2


def test_wrong_passphrase_sees_nothing(store: Store) -> None:
    _save_protected(store, 3)
    assert store.list_checkups(Principal("Samwise", "wrong horse battery")) == []
    assert store.history_frame(Principal("Samwise", "wrong horse battery")).empty
    assert store.delete_all(Principal("Samwise", "wrong horse battery")) == 0
    assert len(store.list_checkups(Principal("Samwise", PASS))) == 3


def test_same_passphrase_other_alias_sees_nothing(store: Store) -> None:
    _save_protected(store, 2)
    assert store.list_checkups(Principal("Rosie", PASS)) == []


@pytest.mark.parametrize("saved_count", [0, 1, 5])
def test_wrong_passphrase_cannot_tell_how_many_exist(
    store: Store, tmp_path: Path, saved_count: int
) -> None:
    _save_protected(store, saved_count)
    with open_store(f"sqlite:///{tmp_path / 'empty.sqlite3'}", clock=store._clock) as empty:
        expected = empty.export_json(Principal("Samwise", "wrong horse battery"))
        assert store.export_json(Principal("Samwise", "wrong horse battery")) == expected
    assert store.export_csv(Principal("Samwise", "wrong horse battery")).count("\n") == 1  # header only


def _all_stored_bytes(db_url: str) -> bytes:
    engine = create_engine(db_url)
    chunks: list[bytes] = []
    with engine.connect() as conn:
        for table in ("persons", "checkups"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                for value in row:
                    raw = isinstance(value, bytes | memoryview)
                    chunks.append(bytes(value) if raw else str(value).encode())
    engine.dispose()
    return b"\n".join(chunks)


def test_blobs_contain_no_plaintext(store: Store, db_url: str) -> None:
    _save_protected(store, 2)
    stored = _all_stored_bytes(db_url)
    assert stored  # the rows are there...
    for word in SECRET_WORDS:  # ...but none of their content is readable
        assert word.encode() not in stored, word
    if db_url.startswith("sqlite"):
        store.close()
        path = Path(db_url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for word in SECRET_WORDS:
            assert word.encode() not in raw, word


def test_a_changed_blob_is_reported_not_returned(store: Store, db_url: str) -> None:
    first, second = _save_protected(store, 2)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        blob = conn.execute(text("SELECT sealed FROM checkups WHERE id = :i"), {"i": second})
        conn.execute(update(Checkup).where(Checkup.id == first).values(sealed=blob.scalar()))
    engine.dispose()
    listed = store.list_checkups(Principal("Samwise", PASS))
    assert [entry.id for entry in listed] == [second] and listed.unreadable == 1
    message = listed.unreadable_message()
    assert message is not None and "1 saved check-up could not be read" in str(message)
    exported = json.loads(store.export_json(Principal("Samwise", PASS)))
    assert [item["id"] for item in exported["checkups"]] == [second]
    history = store.history(Principal("Samwise", PASS))
    assert history.ids == (second,) and history.unreadable == 1
    assert store.delete_all(Principal("Samwise", PASS)) == 2  # the damaged one goes too


def test_short_passphrase_is_refused_on_save(store: Store) -> None:
    with pytest.raises(InvalidRecord) as caught:
        save(store, make_record(), passphrase="short")
    assert caught.value.field == "passphrase"


def test_empty_passphrase_means_unprotected(store: Store) -> None:
    save(store, make_record(), passphrase="")
    assert len(store.list_checkups(Principal("sam"))) == 1


def test_delete_with_passphrase(store: Store) -> None:
    first, _ = _save_protected(store, 2)
    assert store.delete_checkup(first, Principal("Samwise", "wrong horse battery")) is False
    assert store.delete_checkup(first, Principal("Samwise", PASS)) is True
    assert store.delete_all(Principal("Samwise", PASS)) == 1
    assert store.list_checkups(Principal("Samwise", PASS)) == []

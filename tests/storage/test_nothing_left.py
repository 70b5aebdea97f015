"""Nothing left behind: deleted aliases and answers leave no copy in the SQLite files.

The raw bytes of the database file, its ``-wal`` and its ``-shm`` are searched while the
store is still open (the app keeps running) and again after it is closed. Passphrases are
normalised (NFC) before key derivation, and saves made under a non-NFC passphrase still open.
"""

from __future__ import annotations

import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from _storage_helpers import make_record, save
from sqlalchemy import insert

from storage import Principal, Store, open_store
from storage.crypto import derive_owner_key
from storage.models import Checkup
from storage.rows import Owner, checkup_row, ensure_person, new_id

ALIAS = "Zebediah Quuxworth"
MARKER = "zqmarker_item"


def _needles() -> list[bytes]:
    return [ALIAS.encode(), ALIAS.casefold().encode(), MARKER.encode()]


def _leftovers(path: Path) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        raw = part.read_bytes() if part.exists() else b""
        hits = [needle for needle in _needles() if needle in raw]
        if hits:
            found[part.name] = hits
    return found


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "checkups.sqlite3"
    with open_store(f"sqlite:///{path}") as opened:
        yield opened, path


def _fill(store: Store) -> None:
    for day in range(1, 29):
        answers = {"cling_1": day % 5 + 1, MARKER: 3}
        save(store, make_record(ALIAS, answers=answers, created_at=make_record().created_at
                                .replace(day=day)))
        save(store, make_record(f"Other {day}", answers={"cling_1": 2}))


def test_delete_all_leaves_no_copy_while_running_and_after(
    sqlite_store: tuple[Store, Path],
) -> None:
    store, path = sqlite_store
    with open_store(f"sqlite:///{path}") as second:  # another app process on the same file
        _fill(store)
        assert len(second.list_checkups(Principal(ALIAS))) == 28
        assert _leftovers(path)  # the test can see them while they are there
        assert store.delete_all(Principal(ALIAS)) == 28
        assert _leftovers(path) == {}, "copies left while the app keeps running"
        assert len(second.list_checkups(Principal("Other 3"))) == 1
    assert _leftovers(path) == {}
    store.close()
    assert _leftovers(path) == {}, "copies left after the app stopped"


def test_delete_one_leaves_no_copy_of_its_answers(sqlite_store: tuple[Store, Path]) -> None:
    store, path = sqlite_store
    kept = save(store, make_record("Robin", answers={"cling_1": 1}))
    gone = save(store, make_record("Robin", answers={"cling_1": 1, MARKER: 5}))
    assert MARKER.encode() in b"".join(
        Path(f"{path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    assert store.delete_checkup(gone, Principal("Robin")) is True
    assert _leftovers(path) == {}
    assert [entry.id for entry in store.list_checkups(Principal("Robin"))] == [kept]


def test_a_store_opened_after_a_crash_clears_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "checkups.sqlite3"
    store = open_store(f"sqlite:///{path}")
    save(store, make_record(ALIAS, answers={MARKER: 2}))
    store._writer.dispose()  # a crash right after a delete: no checkpoint by this process
    store._reader.dispose()
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA secure_delete = ON")
    raw.execute("PRAGMA wal_autocheckpoint = 0")
    raw.execute("BEGIN IMMEDIATE")
    raw.execute("DELETE FROM checkups")
    raw.execute("DELETE FROM persons")
    raw.execute("COMMIT")
    assert _leftovers(path)  # old frames still in the WAL
    with open_store(f"sqlite:///{path}"):
        assert _leftovers(path) == {}
    raw.close()


def test_a_reader_holding_old_frames_delays_the_cleanup_not_the_delete(
    sqlite_store: tuple[Store, Path],
) -> None:
    store, path = sqlite_store
    _fill(store)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM checkups").fetchone()  # holds a snapshot with them
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(store.delete_all(Principal(ALIAS))))
    worker.start()
    worker.join(timeout=60)  # a hang detector: the checkpoint gives up, the delete returns
    assert done == [28]
    assert store.list_checkups(Principal(ALIAS)) == []
    reader.execute("COMMIT")
    reader.close()
    store.delete_all(Principal("Other 1"))  # the next delete cleans up what was left
    assert _leftovers(path) == {}


PASS_NFC = unicodedata.normalize("NFC", "crème brûlée forever")
PASS_NFD = unicodedata.normalize("NFD", PASS_NFC)


def test_passphrases_are_normalised_before_key_derivation(store: Store) -> None:
    assert PASS_NFC != PASS_NFD
    save(store, make_record("Zoé"), PASS_NFD)
    assert len(store.list_checkups(Principal("Zoé", PASS_NFC))) == 1
    assert len(store.list_checkups(Principal("Zoé", PASS_NFD))) == 1
    assert store.list_checkups(Principal("Zoé", "creme brulee forever")) == []


def test_saves_made_under_a_non_nfc_passphrase_still_open(store: Store) -> None:
    """A save from before normalisation: keyed by the NFD passphrase exactly as typed."""
    key = derive_owner_key(PASS_NFD, "zoé", store._salt)
    legacy = Owner(lookup=key.tag, alias="Zoé", key=key)
    record = make_record("Zoé")

    def old_save(conn: object) -> None:
        person_id = ensure_person(conn, legacy, record.created_at)  # type: ignore[arg-type]
        row = checkup_row(new_id(), record, legacy, record.created_at)
        conn.execute(insert(Checkup), [{**row, "person_id": person_id}])  # type: ignore[attr-defined]

    store._write(old_save)
    for typed in (PASS_NFD, PASS_NFC):
        [found] = store.list_checkups(Principal("Zoé", typed))
        assert found.record == record
        assert len(store.history(Principal("Zoé", typed))) == 1
    save(store, make_record("Zoé"), PASS_NFC)  # a new save joins the old ones
    assert len(store.list_checkups(Principal("Zoé", PASS_NFD))) == 2

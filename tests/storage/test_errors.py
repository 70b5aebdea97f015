"""Failures reach the caller as StorageUnavailable with a plain message, never raw driver text.

The tests run as root in CI containers, where file permissions do not stop writes; each case
here fails for root too (a path below a regular file, a directory in place of the file, /proc,
a page limit standing in for a full disk, a closed port).
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from _storage_helpers import make_record, save
from sqlalchemy import event

import storage.engine
from storage import Principal, StorageError, StorageUnavailable, open_store


def _assert_plain(error: StorageError) -> None:
    text = error.message
    for leak in ("SELECT", "INSERT", "Traceback", "sqlite3.", "psycopg", "[SQL", "locked"):
        assert leak not in text, leak
    assert error.__cause__ is None and error.__suppress_context__


def test_path_below_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder")
    with pytest.raises(StorageUnavailable) as caught:
        open_store(f"sqlite:///{tmp_path / 'afile' / 'db.sqlite3'}")
    assert caught.value.reason == "unwritable"
    assert "cannot be opened or written" in caught.value.message
    _assert_plain(caught.value)


def test_directory_in_place_of_the_database(tmp_path: Path) -> None:
    (tmp_path / "db.sqlite3").mkdir()
    with pytest.raises(StorageUnavailable) as caught:
        open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert caught.value.reason == "unwritable"
    _assert_plain(caught.value)


def test_unwritable_system_location() -> None:
    with pytest.raises(StorageUnavailable) as caught:
        open_store("sqlite:////proc/trust-checkup/checkups.sqlite3")
    assert caught.value.reason == "unwritable"


def test_damaged_database_file(tmp_path: Path) -> None:
    (tmp_path / "db.sqlite3").write_bytes(b"this is not a database" * 500)
    with pytest.raises(StorageUnavailable) as caught:
        open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert caught.value.reason == "corrupt"
    _assert_plain(caught.value)


def test_full_disk(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")

    @event.listens_for(store._writer, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store._writer.dispose()
    big = make_record(answers={f"item_{n}": n % 10 for n in range(900)})
    with pytest.raises(StorageUnavailable) as caught:
        for _ in range(50):
            save(store, big)
    assert caught.value.reason == "disk_full"
    assert "disk is full" in caught.value.message
    _assert_plain(caught.value)
    store.close()


def test_read_only_mount(tmp_path: Path) -> None:
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)")
    try:
        open_store(f"sqlite:///{mount / 'db.sqlite3'}").close()
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        with pytest.raises(StorageUnavailable) as caught:
            open_store(f"sqlite:///{mount / 'db.sqlite3'}").save_checkup(make_record())
        assert caught.value.reason == "unwritable"
        _assert_plain(caught.value)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_server_down() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(StorageUnavailable) as caught:
        open_store(f"postgresql+psycopg://nobody:secret@127.0.0.1:{port}/tc")
    assert caught.value.reason == "unreachable"
    assert "secret" not in caught.value.message
    _assert_plain(caught.value)
    assert time.monotonic() - start < 15


def _hold_write_lock(path: Path, ready: threading.Event, release: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO settings VALUES ('lock-holder', 'x')")
    ready.set()
    release.wait(30)
    conn.execute("ROLLBACK")
    conn.close()


@contextmanager
def _write_lock_held(path: Path, seconds: float | None = None) -> Iterator[None]:
    """Another connection holds the database's write lock in the block (or for ``seconds``)."""
    ready, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, ready, release))
    holder.start()
    ready.wait()
    if seconds is not None:
        threading.Timer(seconds, release.set).start()
    try:
        yield
    finally:
        release.set()
        holder.join()


def test_a_short_lock_is_waited_out(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = open_store(f"sqlite:///{path}")
    with _write_lock_held(path, seconds=1.0):
        save(store, make_record())  # waits for the lock instead of failing
    assert len(store.list_checkups(Principal("sam"))) == 1
    store.close()


def test_a_lock_held_too_long_is_busy_not_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.engine, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "db.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        with _write_lock_held(path), pytest.raises(StorageUnavailable) as caught:
            save(store, make_record())
        assert caught.value.reason == "busy"
        _assert_plain(caught.value)
    finally:
        store.close()

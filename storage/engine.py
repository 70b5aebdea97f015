"""Engines, SQLite connection settings, migrations and error translation.

SQLite in WAL mode still allows one writer at a time. Python's sqlite3 starts transactions
lazily (deferred), and a deferred transaction that later needs to write can fail with
"database is locked" at once, without waiting. So pysqlite's own transaction handling is
switched off and every transaction starts explicitly: ``BEGIN IMMEDIATE`` on the writer
engine (waits up to the busy timeout for the write lock), plain ``BEGIN`` on the reader.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, Connection, make_url

from storage.errors import StorageError, StorageUnavailable
from storage.models import Base

__all__ = [
    "APP_NAME",
    "BUSY_TIMEOUT_MS",
    "ENV_VAR",
    "checkpoint_truncate",
    "create_engines",
    "default_url",
    "is_transient",
    "migrate",
    "resolve_url",
    "translate",
]

APP_NAME = "trust-checkup"
ENV_VAR = "TRUSTCHECK_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_CHECKPOINT_TRIES = 3
_CHECKPOINT_WAIT_MS = 1_000
_PG_MIGRATION_LOCK = 0x7275_7374  # any constant: serialises concurrent first opens

_MESSAGES = {  # reason -> catalogue id (locales/en/storage.po)
    "unwritable": "storage.unavailable.unwritable",
    "disk_full": "storage.unavailable.disk_full",
    "busy": "storage.unavailable.busy",
    "unreachable": "storage.unavailable.unreachable",
    "corrupt": "storage.unavailable.corrupt",
    "error": "storage.unavailable.error",
}


def default_url() -> URL:
    """The embedded default: a SQLite file in the user's data folder."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "checkups.sqlite3"
    return URL.create("sqlite", database=str(path))


def resolve_url(url: str | URL | None) -> URL:
    """The URL to use: the argument, else $TRUSTCHECK_DATABASE_URL, else the default."""
    raw = url if url is not None else os.environ.get(ENV_VAR) or None
    if raw is None:
        return default_url()
    try:
        parsed = make_url(raw)
    except exc.ArgumentError:
        raise StorageError("storage.config.bad_url", reason="config") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StorageError("storage.config.unsupported", reason="config")
    return parsed


def create_engines(url: URL) -> tuple[Engine, Engine]:
    """A (writer, reader) pair of engines; for PostgreSQL both are the same engine."""
    if url.get_backend_name() == "postgresql":
        engine = create_engine(
            url,
            hide_parameters=True,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 10, "application_name": APP_NAME},
        )
        return engine, engine
    _prepare_sqlite_path(url)
    return _sqlite_engine(url, "BEGIN IMMEDIATE"), _sqlite_engine(url, "BEGIN")


def _prepare_sqlite_path(url: URL) -> None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise StorageError("storage.config.in_memory", reason="config")
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _unavailable("disk_full" if error.errno == 28 else "unwritable") from None


def _sqlite_engine(url: URL, begin_sql: str) -> Engine:
    engine = create_engine(
        url,
        hide_parameters=True,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA secure_delete = ON")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin_sql)

    return engine


def checkpoint_truncate(writer: Engine) -> None:
    """``PRAGMA wal_checkpoint(TRUNCATE)``: every WAL frame into the main file, WAL to 0 bytes.

    It waits for writers and for readers of old frames, but at most ``_CHECKPOINT_WAIT_MS``
    per try (not the 30 s busy timeout of saves, so a delete stays quick under load); one that
    cannot finish is tried a few times, then left to the next delete or open.
    """
    conn = writer.raw_connection()
    try:
        cursor = conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_WAIT_MS}")
            for _ in range(_CHECKPOINT_TRIES):
                busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if not busy:
                    return
                time.sleep(0.05)
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.close()
    finally:
        conn.close()


def migrate(writer: Engine) -> None:
    """Create or upgrade the schema to the newest revision, in one transaction."""
    with writer.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        migrate_to(connection)


def migrate_to(connection: Connection, target: str = "head", down: bool = False) -> None:
    """Upgrade (or, ``down``, downgrade) the schema to revision ``target`` on an open
    connection, with this package's migrations and models: no alembic.ini, all in code. The
    store and the tests that start from an old revision migrate alike through this."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["target_metadata"] = Base.metadata
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, target)


def is_transient(error: BaseException) -> bool:
    """True for errors worth retrying: lock contention, serialisation failures, races."""
    if isinstance(error, exc.IntegrityError):
        return True  # two first saves of one person raced; the retry finds the row
    if not isinstance(error, exc.DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01", "55P03"):
        return True
    text_ = str(error.orig).lower()
    return "locked" in text_ or "busy" in text_


def translate(error: BaseException) -> StorageError:
    """Turn a driver or OS error into a StorageUnavailable with a plain message."""
    if isinstance(error, StorageError):
        return error
    return _unavailable(_classify(error))


def _classify(error: BaseException) -> str:
    if isinstance(error, OSError):
        return "disk_full" if error.errno == 28 else "unwritable"
    orig = getattr(error, "orig", None) or error
    sqlstate = str(getattr(orig, "sqlstate", "") or "")
    message = str(orig).lower()
    if sqlstate == "53100" or "disk is full" in message or "no space" in message:
        return "disk_full"
    if "locked" in message or "busy" in message:
        return "busy"
    if any(word in message for word in ("readonly", "read-only", "unable to open", "access")):
        return "unwritable"
    if "malformed" in message or "not a database" in message:
        return "corrupt"
    if sqlstate.startswith(("08", "57")) or "connect" in message or "server" in message:
        return "unreachable"
    if isinstance(orig, sqlite3.OperationalError) and "i/o" in message:
        return "unwritable"
    return "error"


def _unavailable(reason: str) -> StorageUnavailable:
    return StorageUnavailable(_MESSAGES[reason], reason=reason)

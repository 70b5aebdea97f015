"""The Store: the one object the app uses to save, load, export and resume check-ups.

Every public method is one database transaction, retried a bounded number of times on lock
contention or serialisation failures; anything else from the driver becomes a
StorageUnavailable with a plain message. Nothing here logs, and nothing logs payloads.
"""

from __future__ import annotations

import base64
import contextlib
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from alembic.util import CommandError
from sqlalchemy import exc, insert, select
from sqlalchemy.engine import URL, Connection

from storage import exchange, resume, rows
from storage.couple_store import CoupleSpace
from storage.engine import (
    checkpoint_truncate,
    create_engines,
    is_transient,
    migrate,
    resolve_url,
    translate,
)
from storage.errors import InvalidRecord, StorageError
from storage.history import History
from storage.history_read import compiled_history, decode_history, time_parser
from storage.models import Checkup, Setting
from storage.owners import MIN_PASSPHRASE_LENGTH, owner_candidates, pick_owner
from storage.pooled import pooled_answers
from storage.practice import PracticeSpace
from storage.principal import Principal
from storage.records import CheckupList, CheckupRecord, normalize_alias, record_to_payload

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MIN_PASSPHRASE_LENGTH", "Clock", "Store", "open_store"]

T = TypeVar("T")
Clock = Callable[[], datetime]
_MAX_ATTEMPTS = 8


def _utcnow() -> datetime:
    return datetime.now(UTC)


def open_store(url: str | URL | None = None, *, clock: Clock | None = None) -> Store:
    """Open (creating or upgrading the schema if needed) the store at ``url``.

    ``url`` None: $TRUSTCHECK_DATABASE_URL, else a SQLite file in the user data folder.
    ``clock`` (returning aware datetimes) is for tests of expiry.
    """
    return Store(resolve_url(url), clock=clock)


class Store:
    """Saved check-ups of many people, each found by alias (and passphrase, if protected)."""

    def __init__(self, url: URL, *, clock: Clock | None = None) -> None:
        self.backend = url.get_backend_name()
        self._clock = clock or _utcnow
        self._writer, self._reader = create_engines(url)
        try:
            self._retry(lambda: migrate(self._writer))
        except CommandError:
            self.close()
            raise StorageError("storage.schema.newer", reason="newer_schema") from None
        except StorageError:
            self.close()
            raise
        self._salt = self._read(_load_salt)
        self._scrub()  # a delete before a crash may have left copies in the WAL
        self._history_sql, self._history_positional = compiled_history(self._reader)
        self._to_time = time_parser(self._reader)
        self.couples = CoupleSpace(self)
        """Couple spaces: ``store.couples.create(principal)`` and the rest (``couple_store``)."""
        self.practice = PracticeSpace(self)
        """Practice mode: accounts, clients, intakes, audit (``practice``; docs/practice.md)."""

    def close(self) -> None:
        """Release every database connection."""
        self._writer.dispose()
        self._reader.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store(backend={self.backend!r})"

    # -- transactions ----------------------------------------------------------------------

    def _retry(self, attempt: Callable[[], T]) -> T:
        delay = 0.02
        for number in range(1, _MAX_ATTEMPTS + 1):
            try:
                return attempt()
            except (exc.SQLAlchemyError, OSError) as error:
                if number < _MAX_ATTEMPTS and is_transient(error):
                    time.sleep(delay * (1 + random.random()))  # noqa: S311 (jitter)
                    delay = min(delay * 2, 1.0)
                    continue
                raise translate(error) from None
        raise AssertionError("unreachable")

    def _write(self, work: Callable[[Connection], T]) -> T:
        def attempt() -> T:
            with self._writer.begin() as conn:
                return work(conn)

        return self._retry(attempt)

    def _read(self, work: Callable[[Connection], T]) -> T:
        def attempt() -> T:
            with self._reader.begin() as conn:
                return work(conn)

        return self._retry(attempt)

    def _fetch_history(self, lookup: str) -> list[Any]:
        """Rows of ``HISTORY_QUERY`` on a pooled DBAPI cursor: one statement, no BEGIN/COMMIT.

        A single SELECT sees one consistent snapshot on both backends (SQLite in autocommit
        mode runs it in its own read transaction; PostgreSQL's pooled connection is rolled
        back when returned). Driver errors are wrapped exactly as SQLAlchemy wraps them, so
        the retry and translation rules of every other read apply unchanged.
        """
        engine, sql = self._reader, self._history_sql
        params: Any = (lookup,) if self._history_positional else {"lookup": lookup}
        dialect = engine.dialect
        dbapi_error: type[Exception] = dialect.loaded_dbapi.Error

        def attempt() -> list[Any]:
            conn = engine.raw_connection()
            try:
                cursor = conn.cursor()
                try:
                    cursor.execute(sql, params)
                    return list(cursor.fetchall())
                finally:
                    cursor.close()
            except dbapi_error as error:
                gone = dialect.is_disconnect(cast(Any, error), conn.dbapi_connection, None)
                if gone:
                    conn.invalidate(error)
                raise exc.DBAPIError.instance(
                    sql,
                    params,
                    error,
                    dbapi_error,
                    hide_parameters=True,
                    connection_invalidated=gone,
                    dialect=dialect,
                ) from None
            finally:
                conn.close()

        return self._retry(attempt)

    def _owner(self, principal: Principal, *, saving: bool = False) -> rows.Owner:
        """The owner of the principal's rows (one extra lookup only for non-NFC passphrases)."""
        candidates = owner_candidates(principal, self._salt, saving=saving)
        if len(candidates) == 1:
            return candidates[0]
        return self._read(lambda conn: pick_owner(conn, candidates))

    def _scrub(self) -> None:
        """SQLite: copy the WAL into the (secure-deleted) main file and truncate it to 0 bytes.

        Run after every delete, so no copy of deleted rows stays in ``-wal`` while the app
        keeps running (the main file's freed space is zeroed by ``secure_delete``).
        """
        if self.backend != "sqlite":
            return
        # The delete itself is committed; if this fails, the next delete or open checkpoints.
        with contextlib.suppress(StorageError):
            self._retry(lambda: checkpoint_truncate(self._writer))

    # -- check-ups ---------------------------------------------------------------------------

    def save_checkup(self, record: CheckupRecord, principal: Principal) -> str:
        """Save the principal's own check-up (sealed if it has a passphrase); return its id."""
        if not isinstance(record, CheckupRecord):
            raise InvalidRecord("record", "storage.problem.not_record")
        if isinstance(principal, Principal) and normalize_alias(record.alias) != principal.key:
            raise InvalidRecord("alias", "storage.problem.not_own")  # before any key derivation
        owner = self._owner(principal, saving=True)  # refuses what is not a Principal
        checkup_id = rows.new_id()

        def work(conn: Connection) -> None:
            now = self._clock()
            person_id = rows.ensure_person(conn, owner, now)
            row = rows.checkup_row(checkup_id, record, owner, now)
            conn.execute(insert(Checkup), [{**row, "person_id": person_id}])

        self._write(work)
        return checkup_id

    def _saved(self, conn: Connection, owner: rows.Owner) -> tuple[str, CheckupList]:
        """The alias as first saved and every readable check-up (unreadable ones counted)."""
        try:
            alias = rows.owner_alias(conn, owner)
        except StorageError:  # the sealed alias is damaged: show the alias as typed
            alias = owner.alias
        if alias is None:
            return owner.alias, CheckupList()
        found = conn.execute(rows.owner_select(owner, *rows.CHECKUP_COLUMNS)).all()
        readable, unreadable = [], 0
        for row in found:
            try:
                readable.append(rows.decode_checkup(row, owner, alias))
            except StorageError:
                unreadable += 1
        return alias, CheckupList(readable, unreadable)

    def list_checkups(self, principal: Principal) -> CheckupList:
        """The principal's check-ups, oldest first (none for an unknown alias or passphrase).

        A check-up that cannot be read is left out and counted in ``.unreadable``; it never
        stops the others from listing (or exporting).
        """
        owner = self._owner(principal)
        return self._read(lambda conn: self._saved(conn, owner)[1])

    def history(self, principal: Principal) -> History:
        """The principal's scores over time, oldest first, column-wise (see ``History``).

        Empty for an unknown alias or passphrase. This is the fast path of the trend page:
        one indexed SELECT, the JSON scores decoded, no DataFrame. Check-ups that cannot be
        read are left out and counted in ``History.unreadable``.
        """
        owner = self._owner(principal)
        return decode_history(self._fetch_history(owner.lookup), owner, self._to_time)

    def all_answers(self, bank_version: str) -> pd.DataFrame:
        """Every unprotected check-up's answers for one bank version, for norms.

        People appear as opaque ids; protected check-ups are never read (see ``pooled``).
        """
        return self._read(lambda conn: pooled_answers(conn, bank_version))

    def history_frame(self, principal: Principal) -> pd.DataFrame:
        """One row per check-up (index ``checkup_id``): ``created_at`` and a column per score.

        Scores that were not computed are NaN; rows are oldest first, ready for a trend chart.
        Same as ``history(principal).to_frame()``.
        """
        return self.history(principal).to_frame()

    def delete_checkup(self, checkup_id: str, principal: Principal) -> bool:
        """Delete one of the principal's check-ups; False if they have none with that id."""
        owner = self._owner(principal)
        if not isinstance(checkup_id, str):
            return False
        deleted = self._write(lambda conn: rows.delete_owner(conn, owner, checkup_id))
        self._scrub()
        return deleted > 0

    def delete_all(self, principal: Principal) -> int:
        """Delete all the principal's check-ups (and the person); return how many."""
        owner = self._owner(principal)
        deleted = self._write(lambda conn: rows.delete_owner(conn, owner))
        self._scrub()
        return deleted

    # -- export and import ---------------------------------------------------------------------

    def export_json(self, principal: Principal) -> str:
        """The principal's check-ups as a versioned JSON document with an integrity digest.

        Only readable check-ups are exported (``list_checkups(...).unreadable`` counts the rest).
        """
        owner = self._owner(principal)
        shown, saved = self._read(lambda conn: self._saved(conn, owner))
        return exchange.build_json(shown, saved, self._clock())

    def export_csv(self, principal: Principal) -> str:
        """One CSV row per check-up, cells defused against spreadsheet formulas."""
        owner = self._owner(principal)
        shown, saved = self._read(lambda conn: self._saved(conn, owner))
        return exchange.build_csv(shown, saved)

    def import_json(self, text: str, principal: Principal | None = None) -> int:
        """Import an export document for ``principal``; return how many check-ups were added.

        ``principal`` None: under the file's own alias, unprotected. All or nothing: a
        rejected file raises ImportRejected and changes nothing. Check-ups already present
        (same time and content) are skipped, so importing twice is harmless.
        """
        if principal is not None and not isinstance(principal, Principal):
            raise InvalidRecord("principal", "storage.problem.not_principal")
        records = exchange.parse_json(text, None if principal is None else principal.alias)
        if not records:
            return 0
        owner = self._owner(principal or Principal(records[0].alias), saving=True)

        def work(conn: Connection) -> int:
            now = self._clock()
            _, existing = self._saved(conn, owner)
            seen = {_fingerprint(entry.record) for entry in existing}
            fresh = []
            for record in records:
                if _fingerprint(record) not in seen:
                    seen.add(_fingerprint(record))
                    fresh.append(rows.checkup_row(rows.new_id(), record, owner, now))
            if fresh:
                person_id = rows.ensure_person(conn, owner, now)
                conn.execute(insert(Checkup), [{**row, "person_id": person_id} for row in fresh])
            return len(fresh)

        return self._write(work)

    # -- resume drafts -------------------------------------------------------------------------

    def create_resume_code(self, draft: dict[str, Any], ttl: timedelta = resume.DEFAULT_TTL) -> str:
        """Save an unfinished check-up; return a code like ``ABCD-EFGH-JKLM`` to resume it."""
        ttl = resume.check_ttl(ttl)
        return self._write(
            lambda conn: resume.create_draft(conn, self._salt, draft, ttl, self._clock())
        )

    def resume(self, code: str) -> dict[str, Any] | None:
        """The draft saved under ``code``; None if the code is wrong, expired or malformed.

        Raises ``TooManyTries`` (for every code) while more than ``resume.MAX_WRONG_CODES``
        wrong codes were tried in the last ``resume.WRONG_CODE_WINDOW`` across the database.
        """
        return self._write(lambda conn: resume.load_draft(conn, self._salt, code, self._clock()))

    def update_resume(self, code: str, draft: dict[str, Any], ttl: timedelta | None = None) -> bool:
        """Replace the draft under a live code; False if not live. Limited like ``resume``.

        The lifetime is fixed at creation and never extended: ``ttl`` (counted from creation)
        can only shorten it.
        """
        if ttl is not None:
            ttl = resume.check_ttl(ttl)
        return self._write(
            lambda conn: resume.update_draft(conn, self._salt, code, draft, ttl, self._clock())
        )

    def discard_resume(self, code: str) -> bool:
        """Delete the draft under ``code``; False if there was none. Limited like ``resume``."""
        return self._write(lambda conn: resume.discard_draft(conn, self._salt, code, self._clock()))

    def purge_expired_drafts(self) -> int:
        """Delete expired drafts now (also done on every resume call)."""
        return self._write(lambda conn: resume.purge_expired(conn, self._clock()))


def _load_salt(conn: Connection) -> bytes:
    value = conn.execute(select(Setting.value).where(Setting.key == "kdf_salt")).scalar()
    if value is None:
        raise StorageError("storage.schema.no_settings", reason="corrupt")
    return base64.b64decode(value)


def _fingerprint(record: CheckupRecord) -> str:
    return rows.dumps([record.created_at.isoformat(), record_to_payload(record)])

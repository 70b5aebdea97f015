"""Staff accounts on one connection: the practice row, accounts, the sign-in guard.

The guard counts wrong passwords per user name (and per email) under an opaque tag, known
account or not, so a lockout says nothing about which names exist: 5 failures within 15
minutes lock that name for 15 minutes. It lives in the database, so every app process
sees the same count; rows are read ``FOR UPDATE`` on PostgreSQL (SQLite writes one at a time).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from storage.models import Practice, SignInGuard, Therapist
from storage.models import Staff as StaffRow
from storage.practice_errors import not_initialised
from storage.practice_keys import PasswordKeys, lookup_tag
from storage.practice_values import AccountInfo

__all__ = [
    "LOCK_FOR",
    "MAX_FAILURES",
    "WINDOW",
    "account_by",
    "account_infos",
    "clear_guards",
    "guard_tags",
    "insert_account",
    "locked_minutes",
    "note_failure",
    "practice",
]

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
ACCOUNT_COLUMNS = (StaffRow.id, StaffRow.practice_id, StaffRow.username, StaffRow.email,
                   StaffRow.display_name, StaffRow.role, StaffRow.salt, StaffRow.verifier,
                   StaffRow.disabled, Therapist.public_key, Therapist.private_sealed)


def practice(conn: Connection) -> Any:
    """The practice row (id, name, recovery_public); PracticeNotReady before ``init``."""
    row = conn.execute(select(Practice.id, Practice.name, Practice.recovery_public)
                       .order_by(Practice.created_at).limit(1)).first()
    if row is None:
        raise not_initialised()
    return row


def account_by(conn: Connection, **where: str) -> Any:
    """The account (with its key columns, NULL for admins) whose column equals the value."""
    (column, value), = where.items()
    return conn.execute(
        select(*ACCOUNT_COLUMNS).outerjoin(Therapist, Therapist.id == StaffRow.id)
        .where(getattr(StaffRow, column) == value)
    ).first()


def insert_account(conn: Connection, values: dict[str, Any], keys: PasswordKeys,
                   key_pair: tuple[bytes, bytes] | None) -> None:
    """Insert a staff row (and, for a therapist, the public and sealed private key)."""
    conn.execute(insert(StaffRow), [{**values, "verifier": keys.verifier, "disabled": False}])
    if key_pair is not None:
        conn.execute(insert(Therapist), [{
            "id": values["id"], "practice_id": values["practice_id"], "public_key": key_pair[0],
            "private_sealed": key_pair[1], "created_at": values["created_at"]}])


def guard_tags(salt: bytes, username: str | None, email: str | None) -> list[str]:
    """The guard tags of an account's user name and email."""
    tags = [] if username is None else [lookup_tag("username", username, salt)]
    return tags + ([] if email is None else [lookup_tag("email", email, salt)])


def _guard(conn: Connection, tag: str, *, lock: bool) -> Any:
    stmt = select(SignInGuard.failures, SignInGuard.window_start,
                  SignInGuard.locked_until).where(SignInGuard.tag == tag)
    return conn.execute(stmt.with_for_update() if lock else stmt).first()


def locked_minutes(conn: Connection, tag: str, now: datetime, *, lock: bool = False) -> int:
    """Minutes until the name may sign in again (0: not locked)."""
    row = _guard(conn, tag, lock=lock)
    if row is None or row.locked_until is None or row.locked_until <= now:
        return 0
    until: datetime = row.locked_until
    return max(1, math.ceil((until - now).total_seconds() / 60))


def note_failure(conn: Connection, practice_id: str, tag: str, now: datetime) -> int:
    """Count one wrong password; the lockout's minutes if this one locks the name, else 0."""
    row = _guard(conn, tag, lock=True)
    fresh = (row is None or row.window_start <= now - WINDOW
             or (row.locked_until is not None and row.locked_until <= now))
    failures = 1 if fresh or row is None else row.failures + 1
    locked = now + LOCK_FOR if failures >= MAX_FAILURES else None
    values = {"failures": failures, "locked_until": locked}
    if row is None:
        conn.execute(insert(SignInGuard), [{"tag": tag, "practice_id": practice_id,
                                            "window_start": now, **values}])
    else:
        if fresh:
            values["window_start"] = now
        conn.execute(update(SignInGuard).where(SignInGuard.tag == tag).values(**values))
    return 0 if locked is None else math.ceil(LOCK_FOR.total_seconds() / 60)


def clear_guards(conn: Connection, tags: list[str]) -> None:
    """Forget the failures and lockouts of these tags (a sign-in, an unlock, a recovery)."""
    if tags:
        conn.execute(delete(SignInGuard).where(SignInGuard.tag.in_(tags)))


def account_infos(conn: Connection, practice_id: str, salt: bytes,
                  now: datetime) -> list[AccountInfo]:
    """Every account of the practice with its lockout, oldest first; no client data."""
    rows = conn.execute(
        select(StaffRow.id, StaffRow.username, StaffRow.display_name, StaffRow.role,
               StaffRow.email, StaffRow.disabled, StaffRow.created_at)
        .where(StaffRow.practice_id == practice_id)
        .order_by(StaffRow.created_at, StaffRow.username)
    ).all()
    locks = {row.tag: row.locked_until for row in conn.execute(
        select(SignInGuard.tag, SignInGuard.locked_until)
        .where(SignInGuard.practice_id == practice_id, SignInGuard.locked_until > now))}
    infos = []
    for row in rows:
        until = [locks[tag] for tag in guard_tags(salt, row.username, row.email) if tag in locks]
        infos.append(AccountInfo(row.id, row.username, row.display_name, row.role, row.email,
                                 bool(row.disabled), max(until) if until else None,
                                 row.created_at))
    return infos

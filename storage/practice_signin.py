"""Sign-in, password change and recovery of staff accounts (Argon2id outside transactions).

Every sign-in costs one Argon2id, found account or not (an unknown name is hashed with a
dummy salt), and ends in one write: the guard counts the failure or is cleared. So an unknown
user, a wrong password and a disabled account give the same ``SignInFailed`` after the same
work; 5 failures of one name in 15 minutes give ``AccountLocked`` to right and wrong
passwords alike until the lock ends.
"""

from __future__ import annotations

import hmac
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlalchemy.engine import Connection, Row

from storage import practice_accounts as accounts
from storage import practice_audit as audit
from storage.crypto import BlobError
from storage.models import Staff as StaffRow
from storage.models import Therapist
from storage.practice_errors import AccountLocked, PracticeNotReady, SignInFailed
from storage.practice_keys import (
    lookup_tag,
    new_salt,
    open_private,
    password_keys,
    seal_private,
)
from storage.practice_values import Staff, check_password, make_staff
from storage.rows import damaged

if TYPE_CHECKING:
    from storage.store import Store

__all__ = ["change_password", "sign_in"]

_DUMMY_SALT = bytes(16)


def _lookup_form(value: object) -> str:
    """How a typed user name or email is looked up (no shape check: unknown is unknown)."""
    if not isinstance(value, str) or len(value) > 400:
        return ""
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        return ""
    return unicodedata.normalize("NFC", value).strip().casefold()


def _key_context(account_id: str) -> str:
    return f"staff-key:{account_id}"


def sign_in(store: Store, column: str, name: object, password: object) -> Staff:
    """Sign in by ``column`` (``username`` or ``email``); Staff, SignInFailed or AccountLocked."""
    check_password(password, new=False)
    assert isinstance(password, str)
    looked_up = _lookup_form(name)
    tag = lookup_tag(column, looked_up, store._salt)

    def read(conn: Connection) -> tuple[str | None, Row[Any] | None, int]:
        try:
            practice_id = accounts.practice(conn).id
        except PracticeNotReady:
            return None, None, 0
        row = accounts.account_by(conn, **{column: looked_up}) if looked_up else None
        return practice_id, row, accounts.locked_minutes(conn, tag, store._clock())

    practice_id, row, locked = store._read(read)
    if locked:
        raise AccountLocked(locked)
    keys = password_keys(password, _DUMMY_SALT if row is None else row.salt)
    right = row is not None and hmac.compare_digest(keys.verifier, row.verifier)
    if practice_id is None:
        raise SignInFailed()
    if right and row is not None and not row.disabled:
        staff = make_staff(row, _private(row, keys.wrap))
        store._write(lambda conn: _succeeded(conn, store, row, tag))
        return staff
    minutes = store._write(lambda conn: _failed(conn, store, practice_id, row, tag, right))
    raise AccountLocked(minutes) if minutes else SignInFailed()


def _private(row: Row[Any], wrap: bytes) -> Any:
    if row.private_sealed is None:
        return None
    try:
        return open_private(row.private_sealed, wrap, _key_context(row.id))
    except (BlobError, ValueError):
        raise damaged() from None


def _succeeded(conn: Connection, store: Store, row: Row[Any], tag: str) -> None:
    now = store._clock()
    minutes = accounts.locked_minutes(conn, tag, now, lock=True)  # another process locked it
    if minutes:
        raise AccountLocked(minutes)
    accounts.clear_guards(conn, [tag])
    audit.note(conn, row.practice_id, row.id, "sign_in", now)


def _failed(conn: Connection, store: Store, practice_id: str, row: Row[Any] | None, tag: str,
            right: bool) -> int:
    """Count a failure (not for a disabled account's right password); lock minutes or 0."""
    now = store._clock()
    minutes = accounts.locked_minutes(conn, tag, now, lock=True)
    if minutes:
        return minutes
    actor = audit.UNKNOWN if row is None else row.id
    audit.note(conn, practice_id, actor, "sign_in_failed", now)
    if right:
        return 0
    minutes = accounts.note_failure(conn, practice_id, tag, now)
    if minutes:
        audit.note(conn, practice_id, actor, "locked", now)
    return minutes


def change_password(store: Store, staff: Staff, old: object, new: object,
                    check: Callable[[Staff], None]) -> None:
    """Replace the password (the old one must be right); the private key is re-sealed."""
    check(staff)
    check_password(old, "old", new=False)
    check_password(new, "new")
    assert isinstance(old, str) and isinstance(new, str)
    row = store._read(lambda conn: accounts.account_by(conn, id=staff.account_id))
    if row is None:
        raise SignInFailed()
    tag = lookup_tag("username", row.username, store._salt)
    locked = store._read(lambda conn: accounts.locked_minutes(conn, tag, store._clock()))
    if locked:
        raise AccountLocked(locked)
    old_keys = password_keys(old, row.salt)
    if not hmac.compare_digest(old_keys.verifier, row.verifier):
        minutes = store._write(lambda conn: _failed(conn, store, row.practice_id, row, tag,
                                                    False))
        raise AccountLocked(minutes) if minutes else SignInFailed()
    salt = new_salt()
    keys = password_keys(new, salt)
    private = _private(row, old_keys.wrap)

    def work(conn: Connection) -> None:
        conn.execute(update(StaffRow).where(StaffRow.id == row.id)
                     .values(salt=salt, verifier=keys.verifier))
        if private is not None:
            sealed = seal_private(private, keys.wrap, _key_context(row.id))
            conn.execute(update(Therapist).where(Therapist.id == row.id)
                         .values(private_sealed=sealed))
        audit.note(conn, row.practice_id, row.id, "password", store._clock())

    store._write(work)

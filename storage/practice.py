"""``store.practice``: practice mode's storage (one transaction per call; docs/practice.md).

Accounts (therapists and administrators), sign-in with a lockout counted in the database,
therapist key pairs, clients, intake codes, sealed check-ups, partner links, the audit log,
erasure and recovery. Access control: a therapist reaches only their own clients (another
therapist's client id behaves exactly like one that does not exist); an administrator
manages accounts and reads the audit log, and is refused by every client method.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from storage import practice_accounts as accounts
from storage import practice_audit as audit
from storage import practice_signin as signin
from storage.errors import InvalidRecord
from storage.models import Practice
from storage.models import Staff as StaffRow
from storage.practice_access import acting
from storage.practice_care import CareMethods
from storage.practice_clients import ClientMethods
from storage.practice_errors import (
    already_initialised,
    not_signed_in,
    recovery_malformed,
    recovery_wrong,
)
from storage.practice_keys import (
    PasswordKeys,
    new_key_pair,
    new_salt,
    password_keys,
    public_bytes,
    recovery_key_from_text,
    recovery_key_text,
    seal_private,
)
from storage.practice_recover import rekey
from storage.practice_values import (
    MAX_NAME_LENGTH,
    ROLES,
    AccountInfo,
    AuditEntry,
    RecoveryKey,
    Staff,
    check_choice,
    check_email,
    check_password,
    check_text,
    check_username,
    genuine,
)
from storage.rows import new_id

if TYPE_CHECKING:
    from storage.store import Store

__all__ = ["PRACTICE_ID", "PracticeSpace"]

PRACTICE_ID = "practice" + "0" * 24
"""The one practice of a database (a fixed id: two concurrent ``init`` cannot both win)."""


class PracticeSpace(ClientMethods, CareMethods):
    """Practice mode on one store: ``store.practice``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __repr__(self) -> str:
        return "PracticeSpace()"

    # -- who acts ------------------------------------------------------------------------

    def _acting(self, conn: Connection, staff: Staff, role: str) -> None:
        """Refuse anything but a signed-in, enabled account of ``role`` (checked per call)."""
        acting(conn, staff, role)

    def _check_signed_in(self, staff: Staff) -> None:
        if not genuine(staff):
            raise not_signed_in()
        self._store._read(lambda conn: self._acting(conn, staff, staff.role))

    # -- the practice and its accounts ---------------------------------------------------

    def exists(self) -> bool:
        """Has ``init`` run on this database?"""
        def work(conn: Connection) -> bool:
            return conn.execute(select(Practice.id).limit(1)).first() is not None

        return self._store._read(work)

    def name(self) -> str | None:
        """The practice's name as ``init`` set it (not secret: the intake page shows it);
        None before ``init``."""
        def work(conn: Connection) -> str | None:
            found = conn.execute(select(Practice.name).limit(1)).scalar()
            return None if found is None else str(found)

        return self._store._read(work)

    def init(self, name: str, admin_username: str, admin_password: str,
             admin_display_name: str) -> RecoveryKey:
        """Create the practice and its first administrator (once per database).

        Returns the recovery key, whose text is shown once and never stored.
        """
        name = check_text("name", name, MAX_NAME_LENGTH)
        values, keys = self._new_account(admin_username, admin_password, admin_display_name,
                                         "admin", None)
        recovery = new_key_pair()
        store = self._store

        def work(conn: Connection) -> None:
            if conn.execute(select(Practice.id).limit(1)).first() is not None:
                raise already_initialised()
            now = store._clock()
            conn.execute(insert(Practice), [{"id": PRACTICE_ID, "name": name, "created_at": now,
                                             "recovery_public": public_bytes(recovery)}])
            self._insert_account(conn, values, keys, None, now)
            audit.note(conn, PRACTICE_ID, audit.CLI, "init", now)

        store._write(work)
        return RecoveryKey(recovery_key_text(recovery))

    def _new_account(self, username: object, password: object, display_name: object,
                     role: object, email: object) -> tuple[dict[str, Any], PasswordKeys]:
        """Checked column values of a new account and its password keys (one Argon2id)."""
        values: dict[str, Any] = {
            "id": new_id(), "username": check_username(username),
            "display_name": check_text("display_name", display_name, MAX_NAME_LENGTH),
            "role": check_choice("role", role, ROLES),
            "email": None if email is None else check_email(email),
        }
        check_password(password)
        assert isinstance(password, str)
        values["salt"] = new_salt()
        return values, password_keys(password, values["salt"])

    def _insert_account(self, conn: Connection, values: dict[str, Any], keys: PasswordKeys,
                        actor: str | None, now: datetime) -> None:
        for column in ("username", "email"):
            taken = values[column] is not None and conn.execute(
                select(StaffRow.id).where(getattr(StaffRow, column) == values[column])
            ).first()
            if taken:
                raise InvalidRecord(column, "storage.problem.taken")
        key_pair = None
        if values["role"] == "therapist":
            private = new_key_pair()
            sealed = seal_private(private, keys.wrap, f"staff-key:{values['id']}")
            key_pair = (public_bytes(private), sealed)
        row = {**values, "practice_id": PRACTICE_ID, "created_at": now}
        accounts.insert_account(conn, row, keys, key_pair)
        audit.note(conn, PRACTICE_ID, actor or audit.CLI, "add_account", now)

    def add_account(self, username: str, password: str, display_name: str,
                    role: str = "therapist", by: Staff | None = None, *,
                    email: str | None = None) -> str:
        """Add a therapist or administrator; its account id.

        ``by`` None: the command line on the server (audited as ``cli``); otherwise an
        administrator. ``email`` is the address ``sign_in_external`` matches (optional).
        """
        if by is not None and not genuine(by):
            raise not_signed_in()
        values, keys = self._new_account(username, password, display_name, role, email)
        store = self._store

        def work(conn: Connection) -> None:
            accounts.practice(conn)
            if by is not None:
                self._acting(conn, by, "admin")
            self._insert_account(conn, values, keys, None if by is None else by.account_id,
                                 store._clock())

        store._write(work)
        return str(values["id"])

    def sign_in(self, username: str, password: str) -> Staff:
        """Sign in with a user name; ``SignInFailed`` (one message for unknown user, wrong
        password, disabled account) or ``AccountLocked`` (5 failures in 15 minutes)."""
        return signin.sign_in(self._store, "username", username, password)

    def sign_in_external(self, email: str, password: str) -> Staff:
        """After ``st.login`` (OIDC): the account with this email; the password still
        unlocks the therapist's private key (and is limited like ``sign_in``)."""
        return signin.sign_in(self._store, "email", email, password)

    def change_password(self, staff: Staff, old: str, new: str) -> None:
        """Replace the signed-in account's password (``old`` must be right)."""
        signin.change_password(self._store, staff, old, new, self._check_signed_in)


    # -- administration (no client data) -------------------------------------------------

    def accounts(self, admin: Staff) -> list[AccountInfo]:
        """Every account of the practice (oldest first) with its state; administrators only."""
        store = self._store

        def work(conn: Connection) -> list[AccountInfo]:
            self._acting(conn, admin, "admin")
            return accounts.account_infos(conn, PRACTICE_ID, store._salt, store._clock())

        return store._read(work)

    def _other_account(self, conn: Connection, admin: Staff, account_id: object) -> Any:
        self._acting(conn, admin, "admin")
        if not isinstance(account_id, str) or len(account_id) > 64:
            raise InvalidRecord("account_id", "storage.problem.no_account")
        row = accounts.account_by(conn, id=account_id)
        if row is None:
            raise InvalidRecord("account_id", "storage.problem.no_account")
        return row

    def set_disabled(self, admin: Staff, account_id: str, disabled: bool) -> None:
        """Disable (or enable again) an account; a disabled one cannot sign in, and its
        open sessions are refused at their next call. Not one's own account."""
        if not isinstance(disabled, bool):
            raise InvalidRecord("disabled", "storage.problem.must_be_bool")
        store = self._store

        def work(conn: Connection) -> None:
            row = self._other_account(conn, admin, account_id)
            if row.id == admin.account_id:
                raise InvalidRecord("account_id", "storage.problem.own_account")
            conn.execute(update(StaffRow).where(StaffRow.id == row.id)
                         .values(disabled=disabled))
            audit.note(conn, PRACTICE_ID, admin.account_id,
                       "disable" if disabled else "enable", store._clock())

        store._write(work)

    def unlock(self, admin: Staff, account_id: str) -> None:
        """End an account's lockout and forget its recent wrong passwords."""
        store = self._store

        def work(conn: Connection) -> None:
            row = self._other_account(conn, admin, account_id)
            accounts.clear_guards(conn, accounts.guard_tags(store._salt, row.username,
                                                            row.email))
            audit.note(conn, PRACTICE_ID, admin.account_id, "unlock", store._clock())

        store._write(work)

    def audit_log(self, admin: Staff, limit: int | None = None) -> list[AuditEntry]:
        """The audit log, newest first (``limit``: at most that many); administrators only.

        Entries hold times, actions, user names and random ids: no answers, labels or names
        of clients."""
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)
                                  or limit < 1):
            raise InvalidRecord("limit", "storage.problem.whole_number")

        def work(conn: Connection) -> list[AuditEntry]:
            self._acting(conn, admin, "admin")
            return audit.entries(conn, PRACTICE_ID, limit)

        return self._store._read(work)

    def recover(self, recovery_key_text: str, account_id: str, new_password: str) -> None:
        """A forgotten password: with the practice's recovery key, give the account a new
        password and (a therapist) a new key pair, re-sealing their clients' data to it.

        ``RecoveryFailed`` for a malformed key or another practice's; nothing changes then.
        """
        private = recovery_key_from_text(recovery_key_text)
        if private is None:
            raise recovery_malformed()
        check_password(new_password, "new_password")
        store = self._store

        def read(conn: Connection) -> Any:
            if accounts.practice(conn).recovery_public != public_bytes(private):
                raise recovery_wrong()
            if not isinstance(account_id, str) or len(account_id) > 64:
                return None
            return accounts.account_by(conn, id=account_id)

        row = store._read(read)
        if row is None:
            raise InvalidRecord("account_id", "storage.problem.no_account")
        salt = new_salt()
        keys = password_keys(new_password, salt)
        store._write(lambda conn: rekey(conn, store, row, private, salt, keys))

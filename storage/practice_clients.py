"""The client methods of ``store.practice`` (therapists only; one transaction each).

Every method takes the signed-in therapist and finds the client only among theirs
(``practice_access.own_client``): another therapist's client id, an id that does not
exist and a value that is not an id all give the same ``ClientNotFound`` by the same path.
An administrator is refused (``AccessDenied``) before anything is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from storage import practice_audit as audit
from storage import practice_intake as intakes
from storage.errors import InvalidRecord, StorageError
from storage.models import Client
from storage.practice_access import CLIENT_COLUMNS, acting, own_client
from storage.practice_accounts import practice
from storage.practice_errors import IntakeUnavailable
from storage.practice_keys import opener
from storage.practice_sealed import open_label, read_checkups, recipients, seal_label
from storage.practice_values import (
    MAX_LABEL_LENGTH,
    ClientCheckupList,
    ClientSummary,
    Consent,
    IntakeInfo,
    Invitation,
    Staff,
    check_text,
)
from storage.records import CheckupRecord
from storage.rows import new_id

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from storage.store import Store

__all__ = ["ClientMethods"]


def _key(staff: Staff) -> X25519PrivateKey:
    assert staff.private_key is not None  # acting() refused a therapist without one
    return staff.private_key


class ClientMethods:
    """Clients, intakes and check-ups of the signed-in therapist."""

    _store: Store

    def create_client(self, staff: Staff, label: str) -> str:
        """A new client (``label``: a code or alias, sealed); its client id."""
        label = check_text("label", label, MAX_LABEL_LENGTH)
        store = self._store
        client_id = new_id()

        def work(conn: Connection) -> None:
            me = acting(conn, staff, "therapist")
            now = store._clock()
            sealed = seal_label(label, client_id, recipients(conn, me.account_id))
            conn.execute(insert(Client), [{
                "id": client_id, "practice_id": me.practice_id, "therapist_id": me.account_id,
                "label_sealed": sealed, "partner_id": None, "created_at": now,
                "last_seen": None}])
            audit.note(conn, me.practice_id, me.account_id, "create_client", now, client_id)

        store._write(work)
        return client_id

    def clients(self, staff: Staff) -> list[ClientSummary]:
        """The therapist's own clients (oldest first) with check-ups, pending intakes and
        partner; nobody else's."""
        store = self._store

        def work(conn: Connection) -> list[ClientSummary]:
            me = acting(conn, staff, "therapist")
            rows = conn.execute(select(*CLIENT_COLUMNS)
                                .where(Client.therapist_id == me.account_id)
                                .order_by(Client.created_at, Client.id)).all()
            return self._summaries(conn, me, rows)

        return store._read(work)

    def _summaries(self, conn: Connection, me: Staff, rows: Sequence[Any]) -> list[ClientSummary]:
        ids = [row.id for row in rows]
        key = opener(_key(me))
        checkups = read_checkups(conn, ids, key)
        pending = intakes.pending_for(conn, ids, practice(conn).name, me.display_name,
                                      self._store._clock())
        summaries = []
        for row in rows:
            unreadable = checkups[row.id].unreadable
            try:
                label = open_label(row.label_sealed, row.id, key)
            except StorageError:  # a damaged label never hides the client or the others
                label, unreadable = "", unreadable + 1
            summaries.append(ClientSummary(row.id, label, row.created_at, row.last_seen,
                                           list(checkups[row.id]), pending[row.id],
                                           row.partner_id, unreadable))
        return summaries

    def invite(self, staff: Staff, client_id: str, form: str = "full",
               days: int = 7) -> Invitation:
        """A single-use intake code for the client (``days`` 1..30); shown once."""
        form, days = intakes.check_form(form), intakes.check_days(days)
        store = self._store

        def work(conn: Connection) -> Invitation:
            me = acting(conn, staff, "therapist")
            row = own_client(conn, me, client_id)
            now = store._clock()
            invitation = intakes.create_invite(conn, store._salt, me.practice_id, row.id, form,
                                               days, now)
            audit.note(conn, me.practice_id, me.account_id, "invite", now, row.id)
            return invitation

        return store._write(work)

    def intake(self, code: str) -> IntakeInfo:
        """For the client (no account): which practice and therapist will read the answers.

        ``IntakeUnavailable`` for an unknown, expired, used or malformed code;
        ``TooManyTries`` while too many wrong codes were tried (as for resume codes).
        """
        store = self._store

        def work(conn: Connection) -> IntakeInfo | None:
            found = intakes.find_invite(conn, store._salt, code, store._clock())
            return None if found is None else intakes.info(found)

        found = store._write(work)  # a wrong code's count commits before the error
        if found is None:
            raise IntakeUnavailable()
        return found

    def submit_intake(self, code: str, record: CheckupRecord, consent: Consent) -> None:
        """Seal the client's check-up and consent to the therapist (and recovery) and use the
        code up. ``IntakeUnavailable``/``TooManyTries`` as for ``intake``."""
        if not isinstance(record, CheckupRecord):
            raise InvalidRecord("record", "storage.problem.not_record")
        if not isinstance(consent, Consent):
            raise InvalidRecord("consent", "storage.problem.not_consent")
        store = self._store

        def work(conn: Connection) -> bool:
            now = store._clock()
            found = intakes.find_invite(conn, store._salt, code, now)
            if found is None:
                return False
            intakes.submit(conn, found, record, consent, now)
            return True

        if not store._write(work):
            raise IntakeUnavailable()

    def client_checkups(self, staff: Staff, client_id: str) -> ClientCheckupList:
        """The client's check-ups, oldest first (audited "view"); ``unreadable`` counts any
        that could not be opened."""
        store = self._store

        def work(conn: Connection) -> ClientCheckupList:
            me = acting(conn, staff, "therapist")
            row = own_client(conn, me, client_id)
            found = read_checkups(conn, [row.id], _key(me))[row.id]
            audit.note(conn, me.practice_id, me.account_id, "view", store._clock(), row.id)
            return found

        return store._write(work)

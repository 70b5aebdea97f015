"""Exports noted, check-ups deleted, clients erased, partners linked (therapists only).

Like ``practice_clients``: the client is found only among the signed-in therapist's own,
so another therapist's id gives the same ``ClientNotFound``. Every change is audited in its
own transaction. Erasure removes the client's row, label, check-ups and invitations; the
audit log keeps who did what and when, but no entry names the client any more, and one
``erased`` entry records the erasure. On SQLite the freed pages are zeroed
(``secure_delete``) and the WAL is emptied, as after ``Store.delete_all``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, update
from sqlalchemy.engine import Connection

from storage import practice_audit as audit
from storage.errors import InvalidRecord
from storage.models import Client, ClientCheckupRow
from storage.practice_access import acting, own_client
from storage.practice_values import EXPORT_KINDS, Staff, check_choice

if TYPE_CHECKING:
    from storage.store import Store

__all__ = ["CareMethods"]


class CareMethods:
    """What a therapist does with a client's record besides reading it."""

    _store: Store

    def note_export(self, staff: Staff, client_id: str, kind: str) -> None:
        """Audit an export of the client's check-ups (``kind``: pdf, fhir, csv or json)
        before the file is handed out."""
        kind = check_choice("kind", kind, EXPORT_KINDS)
        store = self._store

        def work(conn: Connection) -> None:
            me = acting(conn, staff, "therapist")
            row = own_client(conn, me, client_id)
            audit.note(conn, me.practice_id, me.account_id, "export", store._clock(), row.id,
                       detail=kind)

        store._write(work)

    def delete_checkup(self, staff: Staff, client_id: str, checkup_id: str) -> bool:
        """Delete one of the client's check-ups (audited); False if the client has none
        with that id."""
        store = self._store

        def work(conn: Connection) -> bool:
            me = acting(conn, staff, "therapist")
            row = own_client(conn, me, client_id)
            if not isinstance(checkup_id, str) or len(checkup_id) != 32:
                return False
            gone = conn.execute(delete(ClientCheckupRow).where(
                ClientCheckupRow.id == checkup_id, ClientCheckupRow.client_id == row.id)).rowcount
            if gone:
                audit.note(conn, me.practice_id, me.account_id, "delete", store._clock(),
                           row.id, checkup_id)
            return bool(gone)

        deleted = store._write(work)
        store._scrub()
        return deleted

    def erase_client(self, staff: Staff, client_id: str) -> None:
        """Remove everything of the client; the log keeps only that (and when) it happened."""
        store = self._store

        def work(conn: Connection) -> None:
            me = acting(conn, staff, "therapist")
            row = own_client(conn, me, client_id)
            conn.execute(update(Client).where(Client.partner_id == row.id)
                         .values(partner_id=None))
            conn.execute(delete(Client).where(Client.id == row.id))  # check-ups, invites cascade
            audit.forget_client(conn, row.id)
            audit.note(conn, me.practice_id, me.account_id, "erased", store._clock())

        store._write(work)
        store._scrub()

    def link_partners(self, staff: Staff, client_a: str, client_b: str) -> None:
        """Mark two of the therapist's clients as partners (for perception gaps, shown only
        when both consented); refused if either is linked to someone else."""
        store = self._store

        def work(conn: Connection) -> None:
            me = acting(conn, staff, "therapist")
            a, b = own_client(conn, me, client_a), own_client(conn, me, client_b)
            if a.id == b.id:
                raise InvalidRecord("client_b", "storage.problem.same_client")
            if a.partner_id not in (None, b.id) or b.partner_id not in (None, a.id):
                raise InvalidRecord("client_b", "storage.problem.already_linked")
            now = store._clock()
            for one, other in ((a, b), (b, a)):
                conn.execute(update(Client).where(Client.id == one.id)
                             .values(partner_id=other.id))
                audit.note(conn, me.practice_id, me.account_id, "link", now, one.id)

        store._write(work)

    def unlink_partners(self, staff: Staff, client_id: str) -> bool:
        """End the client's partner link (both sides); False if there was none."""
        store = self._store

        def work(conn: Connection) -> bool:
            me = acting(conn, staff, "therapist")
            row = own_client(conn, me, client_id)
            if row.partner_id is None:
                return False
            now = store._clock()
            for one in (row.id, row.partner_id):
                conn.execute(update(Client).where(Client.id == one, Client.therapist_id
                                                  == me.account_id).values(partner_id=None))
                audit.note(conn, me.practice_id, me.account_id, "unlink", now, one)
            return True

        return store._write(work)

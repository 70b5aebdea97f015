"""Who may act, checked on every call of ``store.practice`` inside its transaction.

A ``Staff`` must come from a sign-in of this process (``genuine``), have the role the method
needs, and its account must still be enabled (a disable takes effect at the next call of an
open session). A therapist's client is found only together with the therapist's id, so
another therapist's client id takes exactly the path of an id that does not exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from storage.models import Client, Therapist
from storage.models import Staff as StaffRow
from storage.practice_errors import (
    ClientNotFound,
    account_disabled,
    admins_only,
    not_signed_in,
    therapists_only,
)
from storage.practice_values import Staff, genuine

__all__ = ["acting", "own_client", "precheck"]

CLIENT_COLUMNS = (Client.id, Client.therapist_id, Client.label_sealed, Client.partner_id,
                  Client.created_at, Client.last_seen)


def precheck(staff: object, role: str) -> Staff:
    """The checks that need no database: a genuine ``Staff`` of ``role`` (with its key)."""
    if not genuine(staff):
        raise not_signed_in()
    assert isinstance(staff, Staff)
    if staff.role != role:
        raise therapists_only() if role == "therapist" else admins_only()
    if role == "therapist" and staff.private_key is None:
        raise not_signed_in()
    return staff


def acting(conn: Connection, staff: object, role: str) -> Staff:
    """``precheck`` plus: the account exists, is enabled and has the same key pair now."""
    checked = precheck(staff, role)
    row = conn.execute(select(StaffRow.disabled, Therapist.public_key)
                       .outerjoin(Therapist, Therapist.id == StaffRow.id)
                       .where(StaffRow.id == checked.account_id)).first()
    if row is None or row.disabled:
        raise account_disabled()
    if checked.private_key is not None and (
            row.public_key != checked.private_key.public_key().public_bytes_raw()):
        raise not_signed_in()  # the key pair was replaced by a recovery since this sign-in
    return checked


def own_client(conn: Connection, staff: Staff, client_id: object) -> Any:
    """The therapist's own client row; ``ClientNotFound`` for anything else (another
    therapist's client, no such id, not even an id): one query, one error."""
    if not isinstance(client_id, str) or len(client_id) != 32:
        raise ClientNotFound()
    row = conn.execute(select(*CLIENT_COLUMNS).where(
        Client.id == client_id, Client.therapist_id == staff.account_id)).first()
    if row is None:
        raise ClientNotFound()
    return row

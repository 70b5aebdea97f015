"""Recovery of an account with the practice's recovery key (a forgotten password).

The recovery private key is a recipient of every envelope, so it can unwrap each data key
and wrap it again for the therapist's new public key (``practice_keys.rewrap``); the
content is not re-encrypted and the old key pair is forgotten. A blob that cannot be opened
(damaged) is left as it was: it stays unreadable, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from storage import practice_accounts as accounts
from storage import practice_audit as audit
from storage.crypto import BlobError
from storage.models import Client, ClientCheckupRow, Therapist
from storage.models import Staff as StaffRow
from storage.practice_keys import (
    PasswordKeys,
    new_key_pair,
    opener,
    public_bytes,
    rewrap,
    seal_private,
)
from storage.practice_sealed import checkup_context, label_context

if TYPE_CHECKING:
    from storage.store import Store

__all__ = ["rekey"]


def _rewrap_all(conn: Connection, therapist_id: str, recovery: X25519PrivateKey, old: bytes,
                new: bytes) -> None:
    recovering = opener(recovery)
    clients = conn.execute(select(Client.id, Client.label_sealed)
                           .where(Client.therapist_id == therapist_id)).all()
    for client in clients:
        try:
            label = rewrap(client.label_sealed, recovering, old, new, label_context(client.id))
        except (BlobError, ValueError):
            continue
        conn.execute(update(Client).where(Client.id == client.id).values(label_sealed=label))
    rows = conn.execute(select(ClientCheckupRow.id, ClientCheckupRow.sealed)
                        .where(ClientCheckupRow.client_id.in_([c.id for c in clients]))).all()
    for row in rows:
        try:
            sealed = rewrap(row.sealed, recovering, old, new, checkup_context(row.id))
        except (BlobError, ValueError):
            continue
        conn.execute(update(ClientCheckupRow).where(ClientCheckupRow.id == row.id)
                     .values(sealed=sealed))


def rekey(conn: Connection, store: Store, row: Any, recovery: X25519PrivateKey, salt: bytes,
          keys: PasswordKeys) -> None:
    """New password (and key pair, for a therapist) for the account; lockout cleared."""
    conn.execute(update(StaffRow).where(StaffRow.id == row.id)
                 .values(salt=salt, verifier=keys.verifier))
    if row.public_key is not None:
        private = new_key_pair()
        _rewrap_all(conn, row.id, recovery, row.public_key, public_bytes(private))
        conn.execute(update(Therapist).where(Therapist.id == row.id).values(
            public_key=public_bytes(private),
            private_sealed=seal_private(private, keys.wrap, f"staff-key:{row.id}")))
    accounts.clear_guards(conn, accounts.guard_tags(store._salt, row.username, row.email))
    audit.note(conn, row.practice_id, audit.CLI, "recover", store._clock())

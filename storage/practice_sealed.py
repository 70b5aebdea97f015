"""Client data in envelopes: labels and submitted check-ups (record and consent).

Each blob is sealed to the therapist's and the practice's recovery public keys
(``practice_keys.seal_envelope``) and bound to its row (``client-label:<id>``,
``client-checkup:<id>``), so a blob moved to another row fails to open.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.engine import Connection

from storage.crypto import BlobError
from storage.errors import StorageError
from storage.models import ClientCheckupRow, Practice, Therapist
from storage.practice_keys import Opener, open_envelope, seal_envelope
from storage.practice_values import ClientCheckup, ClientCheckupList, Consent
from storage.records import CheckupRecord, record_from_payload, record_to_payload
from storage.rows import damaged, dumps

__all__ = [
    "checkup_context",
    "label_context",
    "open_checkup",
    "open_label",
    "read_checkups",
    "recipients",
    "seal_checkup",
    "seal_label",
]


def label_context(client_id: str) -> str:
    return f"client-label:{client_id}"


def checkup_context(checkup_id: str) -> str:
    return f"client-checkup:{checkup_id}"


def recipients(conn: Connection, therapist_id: str) -> list[bytes]:
    """The public keys client data of this therapist is sealed to: theirs and recovery's."""
    therapist = conn.execute(select(Therapist.public_key)
                             .where(Therapist.id == therapist_id)).scalar_one()
    recovery = conn.execute(select(Practice.recovery_public).limit(1)).scalar_one()
    return [therapist, recovery]


def seal_label(label: str, client_id: str, keys: list[bytes]) -> bytes:
    return seal_envelope(label.encode(), keys, label_context(client_id))


def open_label(sealed: bytes, client_id: str, private: X25519PrivateKey | Opener) -> str:
    """The label; StorageError (damaged) if it cannot be opened."""
    try:
        return open_envelope(sealed, private, label_context(client_id)).decode()
    except (BlobError, ValueError):
        raise damaged() from None


def seal_checkup(record: CheckupRecord, consent: Consent, checkup_id: str,
                 keys: list[bytes]) -> bytes:
    """Everything of a submission (alias, times, answers, scores, flags, consent) sealed."""
    payload = {
        "record": {**record_to_payload(record), "alias": record.alias,
                   "created_at": record.created_at.isoformat()},
        "consent": {"agreed_at": consent.agreed_at.isoformat(),
                    "compare_with_partner": consent.compare_with_partner},
    }
    return seal_envelope(dumps(payload).encode(), keys, checkup_context(checkup_id))


def open_checkup(row: Any, private: X25519PrivateKey | Opener) -> ClientCheckup:
    """A stored submission back into a validated ClientCheckup; StorageError if damaged."""
    try:
        payload = json.loads(open_envelope(row.sealed, private, checkup_context(row.id)))
        body, agreed = payload["record"], payload["consent"]
        record = record_from_payload(
            body, alias=body["alias"], created_at=datetime.fromisoformat(body["created_at"]))
        consent = Consent(datetime.fromisoformat(agreed["agreed_at"]),
                          agreed["compare_with_partner"])
    except (BlobError, ValueError, TypeError, KeyError):
        raise damaged() from None
    return ClientCheckup(row.id, row.submitted_at, record, consent)


def read_checkups(conn: Connection, client_ids: list[str],
                  private: X25519PrivateKey | Opener) -> dict[str, ClientCheckupList]:
    """Each client's readable check-ups, oldest first (unreadable ones counted)."""
    found: dict[str, ClientCheckupList] = {client: ClientCheckupList() for client in client_ids}
    if not client_ids:
        return found
    rows = conn.execute(
        select(ClientCheckupRow.id, ClientCheckupRow.client_id, ClientCheckupRow.sealed,
               ClientCheckupRow.submitted_at)
        .where(ClientCheckupRow.client_id.in_(client_ids))
        .order_by(ClientCheckupRow.submitted_at, ClientCheckupRow.id)
    ).all()
    for row in rows:
        listed = found[row.client_id]
        try:
            listed.append(open_checkup(row, private))
        except StorageError:
            listed.unreadable += 1
    return found

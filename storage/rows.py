"""Row-level helpers: owners, turning records into rows and rows back into records.

An *owner* is how a person's rows are found: by alias (unprotected) or by the opaque tag
derived from alias and passphrase (protected). Protected rows keep everything except the
ordering timestamp inside one AES-GCM blob; unprotected rows use plain JSON columns.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, delete, func, insert, select
from sqlalchemy.engine import Connection

from storage.crypto import BlobError, SealingKey
from storage.errors import StorageError
from storage.models import Checkup, Person
from storage.records import (
    LEGACY_DEFAULTS,
    CheckupRecord,
    SavedCheckup,
    record_from_payload,
    record_to_payload,
)

__all__ = [
    "CHECKUP_COLUMNS",
    "Owner",
    "checkup_row",
    "damaged",
    "decode_checkup",
    "delete_owner",
    "dumps",
    "ensure_person",
    "new_id",
    "open_payload",
    "owner_alias",
    "owner_select",
]

CHECKUP_COLUMNS = (
    Checkup.id,
    Checkup.bank_version,
    Checkup.role,
    Checkup.relationship,
    Checkup.form,
    Checkup.locale,
    Checkup.answers,
    Checkup.scores,
    Checkup.flags,
    Checkup.sealed,
    Checkup.created_at,
    Checkup.updated_at,
)


@dataclass(frozen=True)
class Owner:
    """Whose rows: the lookup value, the alias as typed, and the key if protected."""

    lookup: str
    alias: str
    key: SealingKey | None


def new_id() -> str:
    """A random row id (UUID4 hex)."""
    return uuid.uuid4().hex


def dumps(value: Any) -> str:
    """Compact, key-sorted JSON: the one serialisation used for stored content."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def damaged() -> StorageError:
    """The error for a stored row that cannot be read back."""
    return StorageError("storage.checkup.damaged", reason="corrupt")


def owner_select(owner: Owner, *columns: Any) -> Select[Any]:
    """SELECT ``columns`` of the owner's check-ups, oldest first (uses the person index)."""
    return (
        select(*columns)
        .join(Person, Person.id == Checkup.person_id)
        .where(Person.lookup == owner.lookup)
        .order_by(Checkup.created_at, Checkup.id)
    )


def ensure_person(conn: Connection, owner: Owner, now: datetime) -> str:
    """The owner's person id, creating the person row on first save."""
    found = conn.execute(select(Person.id).where(Person.lookup == owner.lookup)).scalar()
    if found is not None:
        return str(found)
    person_id = new_id()
    alias: str | None = owner.alias
    sealed: bytes | None = None
    if owner.key is not None:
        alias, sealed = None, owner.key.seal(owner.alias.encode(), f"person:{person_id}")
    conn.execute(
        insert(Person),
        [{"id": person_id, "lookup": owner.lookup, "alias": alias, "alias_sealed": sealed,
          "created_at": now}],
    )
    return person_id


def owner_alias(conn: Connection, owner: Owner) -> str | None:
    """The alias as first saved (decrypted if protected), or None if the owner has no rows."""
    row = conn.execute(
        select(Person.id, Person.alias, Person.alias_sealed).where(Person.lookup == owner.lookup)
    ).first()
    if row is None:
        return None
    if row.alias_sealed is None or owner.key is None:
        return str(row.alias)
    try:
        return owner.key.open(row.alias_sealed, f"person:{row.id}").decode()
    except BlobError:
        raise damaged() from None


def delete_owner(conn: Connection, owner: Owner, checkup_id: str | None = None) -> int:
    """Delete one (or every) check-up of the owner; drop the person once none are left."""
    person_id = conn.execute(select(Person.id).where(Person.lookup == owner.lookup)).scalar()
    if person_id is None:
        return 0
    stmt = delete(Checkup).where(Checkup.person_id == person_id)
    if checkup_id is not None:
        stmt = stmt.where(Checkup.id == checkup_id)
    deleted = conn.execute(stmt).rowcount
    left = conn.execute(
        select(func.count()).select_from(Checkup).where(Checkup.person_id == person_id)
    ).scalar_one()
    if left == 0:
        conn.execute(delete(Person).where(Person.id == person_id))
    return int(deleted)


def checkup_row(
    checkup_id: str, record: CheckupRecord, owner: Owner, now: datetime
) -> dict[str, Any]:
    """The column values for a new check-up row (without person_id)."""
    payload = record_to_payload(record)
    row: dict[str, Any] = {
        "id": checkup_id, "created_at": record.created_at, "updated_at": now,
        "bank_version": None, "role": None, "relationship": None, "form": None, "locale": None,
        "answers": None, "scores": None, "flags": None, "sealed": None,
    }
    if owner.key is not None:
        payload["created_at"] = record.created_at.isoformat()
        row["sealed"] = owner.key.seal(dumps(payload).encode(), f"checkup:{checkup_id}")
        return row
    row.update(
        bank_version=record.bank_version, role=record.role, relationship=record.relationship,
        form=record.form, locale=record.locale, answers=dumps(payload["answers"]),
        scores=dumps(payload["scores"]), flags=dumps(payload["flags"]),
    )
    return row


def open_payload(owner: Owner, checkup_id: str, sealed: bytes) -> dict[str, Any]:
    if owner.key is None:
        raise damaged()
    try:
        payload = json.loads(owner.key.open(sealed, f"checkup:{checkup_id}"))
    except (BlobError, ValueError):
        raise damaged() from None
    if not isinstance(payload, dict):
        raise damaged()
    return payload


def decode_checkup(row: Row[Any], owner: Owner, alias: str) -> SavedCheckup:
    """A stored row (CHECKUP_COLUMNS) back into a validated SavedCheckup."""
    try:
        if row.sealed is not None:
            payload = open_payload(owner, row.id, row.sealed)
            created = datetime.fromisoformat(payload.pop("created_at"))
        else:
            payload = {
                "bank_version": row.bank_version, "role": row.role,
                "relationship": row.relationship, "answers": json.loads(row.answers),
                "form": row.form or LEGACY_DEFAULTS["form"],
                "locale": row.locale or LEGACY_DEFAULTS["locale"],
                "scores": json.loads(row.scores), "flags": json.loads(row.flags),
            }
            created = row.created_at
        record = record_from_payload(payload, alias=alias, created_at=created)
    except (ValueError, TypeError, KeyError):
        raise damaged() from None
    return SavedCheckup(id=row.id, record=record, updated_at=row.updated_at)

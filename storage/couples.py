"""Couple spaces on one database connection: create, join, share, list, withdraw, leave.

Rows hold no person id and nothing readable: a member row is an opaque tag and the couple
key wrapped by that member's key; an invite is a code-derived tag and the couple key sealed
with the code; a share is one AES-GCM blob under the couple key (row id as associated data)
with its time. Who shared (side "a" made the space, "b" joined) is inside the blob.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from storage.couple_keys import COUPLE_KEY_BYTES, couple_sealer, invite_key, new_couple_key
from storage.couple_records import (
    CoupleSnapshot,
    CoupleStatus,
    SharedSnapshot,
    snapshot_from_payload,
    snapshot_to_payload,
)
from storage.crypto import BlobError, SealingKey, new_resume_code, normalize_resume_code
from storage.errors import InvalidRecord, StorageError
from storage.models import Couple, CoupleInvite, CoupleMember, CoupleShare
from storage.resume import _guard, _wrong
from storage.rows import damaged, dumps, new_id

__all__ = [
    "INVITE_TTL",
    "Member",
    "MemberKeys",
    "add_member",
    "create_couple",
    "encode_key",
    "find_member",
    "join_with_code",
    "key_blob_text",
    "leave",
    "list_shares",
    "member_count",
    "not_yet_member",
    "open_share",
    "read_key_blob",
    "seal_share",
    "share_content",
    "status",
    "withdraw",
]

INVITE_TTL = timedelta(days=7)
_INVITE = "couple-invite"


@dataclass(frozen=True, repr=False)
class MemberKeys:
    """A protected principal's member tag and wrapping key (from their passphrase)."""

    tag: str
    wrap: SealingKey


@dataclass(frozen=True, repr=False)
class Member:
    """A member found by their keys: their row, side and the unwrapped couple key."""

    id: str
    couple_id: str
    side: str
    couple_key: bytes

    @property
    def sealer(self) -> SealingKey:
        """AES-GCM under the couple key."""
        return couple_sealer(self.couple_key)


def encode_key(key: bytes) -> str:
    """A couple key as base64 text (inside sealed blobs only)."""
    return base64.b64encode(key).decode()


def _key_blob(couple_id: str, key: bytes, **extra: Any) -> bytes:
    return dumps({"couple_id": couple_id, "key": encode_key(key), **extra}).encode()


def key_blob_text(content: dict[str, Any]) -> bytes:
    """A key blob's bytes from already decoded content (a join file's)."""
    return dumps(content).encode()


def share_content(
    share_id: str, side: str, shared_at: datetime, snapshot: CoupleSnapshot
) -> dict[str, Any]:
    """What a share file holds: the share's id, side, time and snapshot."""
    return {"id": share_id, "side": side, "shared_at": shared_at.isoformat(),
            "snapshot": snapshot_to_payload(snapshot)}


def read_key_blob(plain: bytes) -> tuple[str, bytes, dict[str, Any]]:
    """(couple id, couple key, the rest) of a key blob; ValueError if malformed."""
    data = json.loads(plain)
    if not isinstance(data, dict) or not isinstance(data.get("couple_id"), str):
        raise ValueError("not a key blob")
    try:
        key = base64.b64decode(str(data.get("key")), validate=True)
    except binascii.Error:
        raise ValueError("not a key") from None
    if len(key) != COUPLE_KEY_BYTES or len(data["couple_id"]) != 32:
        raise ValueError("not a key")
    return data["couple_id"], key, data


def find_member(conn: Connection, keys: MemberKeys) -> Member | None:
    """The principal's membership, or None (no couple space for this alias and passphrase)."""
    row = conn.execute(
        select(CoupleMember.id, CoupleMember.couple_id, CoupleMember.wrapped)
        .where(CoupleMember.tag == keys.tag)
    ).first()
    if row is None:
        return None
    try:
        couple_id, key, rest = read_key_blob(keys.wrap.open(row.wrapped, f"member:{row.id}"))
    except (BlobError, ValueError):
        raise damaged() from None
    if couple_id != row.couple_id or rest.get("side") not in ("a", "b"):
        raise damaged()
    return Member(id=row.id, couple_id=couple_id, side=str(rest["side"]), couple_key=key)


def add_member(
    conn: Connection, keys: MemberKeys, couple_id: str, key: bytes, side: str, now: datetime
) -> Member:
    """Insert a member row: the couple key wrapped with the member's key."""
    member_id = new_id()
    wrapped = keys.wrap.seal(_key_blob(couple_id, key, side=side), f"member:{member_id}")
    conn.execute(insert(CoupleMember), [{"id": member_id, "couple_id": couple_id,
                                         "tag": keys.tag, "wrapped": wrapped, "joined_at": now}])
    return Member(id=member_id, couple_id=couple_id, side=side, couple_key=key)


def not_yet_member(conn: Connection, keys: MemberKeys) -> None:
    found = conn.execute(select(CoupleMember.id).where(CoupleMember.tag == keys.tag)).first()
    if found is not None:
        raise InvalidRecord("principal", "storage.problem.already_in_couple")


def create_couple(
    conn: Connection, salt: bytes, keys: MemberKeys, now: datetime
) -> tuple[str, datetime, Member]:
    """A new couple space with its maker as side "a"; (pairing code, its expiry, member)."""
    not_yet_member(conn, keys)
    couple_id, key = new_id(), new_couple_key()
    conn.execute(insert(Couple), [{"id": couple_id, "created_at": now}])
    member = add_member(conn, keys, couple_id, key, "a", now)
    code = new_resume_code()
    invite = invite_key(normalize_resume_code(code) or "", salt)
    expires = now + INVITE_TTL
    sealed = invite.seal(_key_blob(couple_id, key, expires_at=expires.isoformat()), _INVITE)
    conn.execute(insert(CoupleInvite), [{"tag": invite.tag, "couple_id": couple_id,
                                         "sealed": sealed, "expires_at": expires}])
    return code, expires, member


def member_count(conn: Connection, couple_id: str) -> int:
    return int(conn.execute(select(func.count()).select_from(CoupleMember)
                            .where(CoupleMember.couple_id == couple_id)).scalar_one())


def join_with_code(
    conn: Connection, salt: bytes, code: object, keys: MemberKeys, now: datetime
) -> Member | None:
    """Join as side "b" with a live pairing code (used up by it); None for any bad code.

    Wrong, used, expired and malformed codes all give None; wrong ones count towards the
    database's limit on wrong codes (shared with resume codes; ``TooManyTries`` beyond it).
    """
    conn.execute(delete(CoupleInvite).where(CoupleInvite.expires_at <= now))
    normalized = normalize_resume_code(code)
    if normalized is None:
        return None
    _guard(conn, now)
    not_yet_member(conn, keys)
    invite = invite_key(normalized, salt)
    row = conn.execute(select(CoupleInvite.sealed, CoupleInvite.couple_id)
                       .where(CoupleInvite.tag == invite.tag)).first()
    try:
        if row is None:
            raise ValueError("no invite")
        couple_id, key, _ = read_key_blob(invite.open(row.sealed, _INVITE))
    except (BlobError, ValueError):
        _wrong(conn, now)
        return None
    conn.execute(delete(CoupleInvite).where(CoupleInvite.couple_id == couple_id))
    if couple_id != row.couple_id or member_count(conn, couple_id) >= 2:
        return None
    return add_member(conn, keys, couple_id, key, "b", now)


def status(conn: Connection, member: Member) -> CoupleStatus:
    """The member's side, the members on this database and a pending code's expiry."""
    expiry = conn.execute(
        select(CoupleInvite.expires_at).where(CoupleInvite.couple_id == member.couple_id)
        .order_by(CoupleInvite.expires_at.desc()).limit(1)
    ).scalar()
    return CoupleStatus(member.side, member_count(conn, member.couple_id), expiry)


def seal_share(member: Member, share_id: str, side: str, snapshot: CoupleSnapshot) -> bytes:
    """A share's blob: side and snapshot under the couple key, bound to the row id."""
    content = {"side": side, "snapshot": snapshot_to_payload(snapshot)}
    return member.sealer.seal(dumps(content).encode(), f"share:{share_id}")


def open_share(member: Member, share_id: str, sealed: bytes) -> tuple[str, CoupleSnapshot]:
    """(side, snapshot) of a share blob; StorageError (damaged) if it cannot be read."""
    try:
        content = json.loads(member.sealer.open(sealed, f"share:{share_id}"))
        side = content["side"]
        if side not in ("a", "b"):
            raise ValueError("side")
        return str(side), snapshot_from_payload(content["snapshot"])
    except (BlobError, ValueError, TypeError, KeyError):
        raise damaged() from None


def list_shares(conn: Connection, member: Member) -> tuple[list[SharedSnapshot], int]:
    """Both partners' readable shares, newest first, and how many could not be read."""
    found = conn.execute(
        select(CoupleShare.id, CoupleShare.sealed, CoupleShare.shared_at)
        .where(CoupleShare.couple_id == member.couple_id)
        .order_by(CoupleShare.shared_at.desc(), CoupleShare.id.desc())
    ).all()
    shares, unreadable = [], 0
    for row in found:
        try:
            side, snapshot = open_share(member, row.id, row.sealed)
        except StorageError:
            unreadable += 1
            continue
        shares.append(SharedSnapshot(row.id, side == member.side, side, row.shared_at, snapshot))
    return shares, unreadable


def withdraw(conn: Connection, member: Member, share_id: str) -> bool:
    """Delete one of the member's own shares; False if they have none with that id."""
    row = conn.execute(select(CoupleShare.sealed).where(
        CoupleShare.id == share_id, CoupleShare.couple_id == member.couple_id)).first()
    if row is None:
        return False
    try:
        side, _ = open_share(member, share_id, row.sealed)
    except StorageError:
        side = member.side  # a damaged share can be removed by either partner
    if side != member.side:
        return False
    return bool(conn.execute(delete(CoupleShare).where(CoupleShare.id == share_id)).rowcount)


def leave(conn: Connection, member: Member) -> int:
    """End the couple space for both: delete every share, invite and member; shares deleted."""
    couple = member.couple_id
    shares = conn.execute(delete(CoupleShare).where(CoupleShare.couple_id == couple)).rowcount
    conn.execute(delete(CoupleInvite).where(CoupleInvite.couple_id == couple))
    conn.execute(delete(CoupleMember).where(CoupleMember.couple_id == couple))
    conn.execute(delete(Couple).where(Couple.id == couple))
    return int(shares)

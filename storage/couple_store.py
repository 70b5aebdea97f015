"""``store.couples``: the couple-space methods of a Store (one transaction each).

A member is a protected ``Principal`` (alias and passphrase): only their passphrase unwraps
the couple key. See docs/storage.md, "Couples", for the design and what a copy shows.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from storage import couple_files as files
from storage import couples
from storage.couple_keys import file_key, member_keys, new_file_salt
from storage.couple_records import (
    CoupleSnapshot,
    CoupleStatus,
    Pairing,
    SharedSnapshot,
    check_withheld,
    snapshot_from_payload,
)
from storage.couples import Member, MemberKeys
from storage.crypto import normalize_resume_code
from storage.errors import ImportRejected, InvalidRecord
from storage.models import Couple, CoupleInvite, CoupleShare
from storage.principal import Principal
from storage.rows import new_id

if TYPE_CHECKING:
    from storage.store import Store

__all__ = ["CoupleSpace", "ShareList"]


class ShareList(list[SharedSnapshot]):
    """Both partners' shares, newest first, with ``unreadable``: how many could not be read."""

    def __init__(self, shares: list[SharedSnapshot] | None = None, unreadable: int = 0) -> None:
        super().__init__(shares or [])
        self.unreadable = unreadable


class CoupleSpace:
    """Couple spaces of one store: create, join, share, list, withdraw, export, leave."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __repr__(self) -> str:
        return "CoupleSpace()"

    def _keys(self, principal: Principal) -> MemberKeys:
        if isinstance(principal, Principal) and not principal.protected:
            raise InvalidRecord("passphrase", "storage.problem.couple_needs_passphrase")
        owner = self._store._owner(principal)  # refuses what is not a Principal
        assert owner.key is not None
        tag, wrap = member_keys(owner.key)
        return MemberKeys(tag, wrap)

    def _member(self, conn: Connection, keys: MemberKeys) -> Member:
        member = couples.find_member(conn, keys)
        if member is None:
            raise InvalidRecord("principal", "storage.problem.not_in_couple")
        return member

    def create(self, principal: Principal) -> Pairing:
        """Make a couple space; the pairing code (7 days, single use) and the join file."""
        keys = self._keys(principal)
        store = self._store
        code, expires, member = store._write(
            lambda conn: couples.create_couple(conn, store._salt, keys, store._clock()))
        salt = new_file_salt()
        content = {"couple_id": member.couple_id, "expires_at": expires.isoformat(),
                   "key": couples.encode_key(member.couple_key)}
        key = file_key(normalize_resume_code(code) or "", salt)
        return Pairing(code, expires, files.seal_file(files.JOIN_FORMAT, key, content, salt))

    def join(self, code: str, principal: Principal) -> bool:
        """Join with a pairing code on this database; False for a wrong, used or expired code.

        One neutral answer for every bad code; ``TooManyTries`` while too many wrong codes
        (resume and pairing codes together) were tried in the last hour.
        """
        keys = self._keys(principal)
        store = self._store
        joined = store._write(lambda conn: couples.join_with_code(
            conn, store._salt, code, keys, store._clock()))
        return joined is not None

    def join_file(self, text: str, code: str, principal: Principal) -> bool:
        """Join from the partner's join file on another computer; False for a wrong or
        expired code. A damaged or hostile file raises ImportRejected."""
        keys = self._keys(principal)
        salt, sealed = files.read_envelope(text, files.JOIN_FORMAT)
        normalized = normalize_resume_code(code)
        if normalized is None or salt is None:
            return False
        content = files.open_file(file_key(normalized, salt), sealed, files.JOIN_FORMAT)
        if content is None:
            return False
        try:
            couple_id, key, rest = couples.read_key_blob(couples.key_blob_text(content))
            expires = datetime.fromisoformat(str(rest["expires_at"]))
        except (ValueError, KeyError, TypeError):
            raise ImportRejected("storage.couple_file.damaged", field="sealed") from None
        store = self._store
        now = store._clock()
        if expires <= now:
            return False
        return bool(store._write(lambda conn: _join_here(conn, keys, couple_id, key, now)))

    def status(self, principal: Principal) -> CoupleStatus | None:
        """The principal's couple space (side, members here, pending code), or None."""
        keys = self._keys(principal)

        def work(conn: Connection) -> CoupleStatus | None:
            member = couples.find_member(conn, keys)
            return None if member is None else couples.status(conn, member)

        return self._store._read(work)

    def share(
        self, principal: Principal, snapshot: CoupleSnapshot, *, withheld: Collection[str]
    ) -> str:
        """Share a snapshot with the couple; its id. ``withheld``: the safety ids (items,
        dimensions, flags) never shared: a snapshot holding any is refused (InvalidRecord)."""
        if not isinstance(snapshot, CoupleSnapshot):
            raise InvalidRecord("snapshot", "storage.problem.not_snapshot")
        check_withheld(snapshot, withheld)
        keys = self._keys(principal)
        store = self._store
        share_id = new_id()

        def work(conn: Connection) -> None:
            member = self._member(conn, keys)
            sealed = couples.seal_share(member, share_id, member.side, snapshot)
            conn.execute(insert(CoupleShare), [{"id": share_id, "couple_id": member.couple_id,
                                                "sealed": sealed, "shared_at": store._clock()}])

        store._write(work)
        return share_id

    def shares(self, principal: Principal) -> ShareList:
        """Both partners' shares, newest first (every shared snapshot, for "over time")."""
        keys = self._keys(principal)

        def work(conn: Connection) -> ShareList:
            member = couples.find_member(conn, keys)
            if member is None:
                return ShareList()
            return ShareList(*couples.list_shares(conn, member))

        return self._store._read(work)

    def withdraw(self, share_id: str, principal: Principal) -> bool:
        """Delete one of the principal's own shares (no copy left); False if none."""
        keys = self._keys(principal)
        if not isinstance(share_id, str):
            return False
        done = self._store._write(
            lambda conn: couples.withdraw(conn, self._member(conn, keys), share_id))
        self._store._scrub()
        return done

    def leave(self, principal: Principal) -> int:
        """End the couple space for both partners and delete all that was shared; how many
        shares were deleted (0 if the principal is in no couple space)."""
        keys = self._keys(principal)

        def work(conn: Connection) -> int:
            member = couples.find_member(conn, keys)
            return 0 if member is None else couples.leave(conn, member)

        deleted = self._store._write(work)
        self._store._scrub()
        return deleted

    def export_share(self, share_id: str, principal: Principal) -> str | None:
        """One of the couple's shares as a file sealed with the couple key; None if no such."""
        keys = self._keys(principal)

        def work(conn: Connection) -> str | None:
            member = self._member(conn, keys)
            row = conn.execute(select(CoupleShare.sealed, CoupleShare.shared_at).where(
                CoupleShare.id == share_id, CoupleShare.couple_id == member.couple_id)).first()
            if row is None:
                return None
            side, snapshot = couples.open_share(member, share_id, row.sealed)
            content = couples.share_content(share_id, side, row.shared_at, snapshot)
            return files.seal_file(files.SHARE_FORMAT, member.sealer, content)

        return self._store._read(work)

    def import_share(
        self, text: str, principal: Principal, *, withheld: Collection[str]
    ) -> str:
        """Import the partner's share file into this database; the share's id (already
        present: nothing added). ImportRejected for a damaged, hostile or foreign file, or
        one holding anything ``withheld`` (as for ``share``)."""
        keys = self._keys(principal)
        _, sealed = files.read_envelope(text, files.SHARE_FORMAT)
        store = self._store

        def work(conn: Connection) -> str:
            member = self._member(conn, keys)
            content = files.open_file(member.sealer, sealed, files.SHARE_FORMAT)
            if content is None:
                raise ImportRejected("storage.couple_file.not_ours")
            share_id, side, shared_at, snapshot = _share_from_content(content, withheld)
            return _insert_imported(conn, member, share_id, side, shared_at, snapshot)

        return store._write(work)


def _join_here(conn: Connection, keys: MemberKeys, couple_id: str, key: bytes,
               now: datetime) -> bool:
    """Join (side "b") a couple space that came in a join file; False if already full."""
    couples.not_yet_member(conn, keys)
    known = conn.execute(select(Couple.id).where(Couple.id == couple_id)).first()
    if known is None:
        conn.execute(insert(Couple), [{"id": couple_id, "created_at": now}])
    elif couples.member_count(conn, couple_id) >= 2:
        return False
    conn.execute(delete(CoupleInvite).where(CoupleInvite.couple_id == couple_id))  # used up
    couples.add_member(conn, keys, couple_id, key, "b", now)
    return True


def _share_from_content(
    content: dict[str, Any], withheld: Collection[str]
) -> tuple[str, str, datetime, CoupleSnapshot]:
    if set(content) != {"id", "side", "shared_at", "snapshot"}:
        raise ImportRejected("storage.couple_file.damaged", field="sealed")
    share_id, side, shared = content["id"], content["side"], content["shared_at"]
    if not isinstance(share_id, str) or len(share_id) != 32 or not share_id.isalnum():
        raise ImportRejected("storage.couple_file.damaged", field="id")
    if side not in ("a", "b"):
        raise ImportRejected("storage.couple_file.damaged", field="side")
    try:
        when = datetime.fromisoformat(shared) if isinstance(shared, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise ImportRejected("storage.couple_file.damaged", field="shared_at")
    try:
        snapshot = snapshot_from_payload(content["snapshot"])
        check_withheld(snapshot, withheld)
    except InvalidRecord as error:
        raise ImportRejected("storage.couple_file.field", field=error.field,
                             problem=error.problem_text) from None
    return share_id, side, when, snapshot


def _insert_imported(conn: Connection, member: Member, share_id: str, side: str,
                     shared_at: datetime, snapshot: CoupleSnapshot) -> str:
    found = conn.execute(select(CoupleShare.couple_id).where(CoupleShare.id == share_id)).first()
    if found is not None and found.couple_id == member.couple_id:
        return share_id  # imported before
    if found is not None:
        share_id = new_id()
    sealed = couples.seal_share(member, share_id, side, snapshot)
    conn.execute(insert(CoupleShare), [{"id": share_id, "couple_id": member.couple_id,
                                        "sealed": sealed, "shared_at": shared_at}])
    return share_id

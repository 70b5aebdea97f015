"""Intake codes on one connection: invite, look up, submit (the client holds no account).

A code is 12 symbols of ``RESUME_ALPHABET`` (60 random bits), shown once; the database keeps
only its HKDF tag. Unknown, expired and used codes look the same (``IntakeUnavailable``);
wrong well-formed codes count towards the database's limit on wrong codes, shared with
resume and pairing codes (``TooManyTries``). Used codes are deleted, expired ones purged.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from storage import practice_audit as audit
from storage.crypto import new_resume_code, normalize_resume_code
from storage.errors import InvalidRecord
from storage.models import Client, ClientCheckupRow, IntakeInvite, Practice
from storage.models import Staff as StaffRow
from storage.practice_keys import code_tag
from storage.practice_sealed import recipients, seal_checkup
from storage.practice_values import Consent, IntakeInfo, Invitation
from storage.records import CheckupRecord
from storage.resume import _guard, _wrong
from storage.rows import new_id

__all__ = ["MAX_DAYS", "check_days", "check_form", "create_invite", "find_invite",
           "pending_for", "submit"]

MAX_DAYS = 30
_FORM = re.compile(r"[a-z][a-z0-9_]{0,31}")


def check_form(form: object) -> str:
    """A form id (``full``, ``pulse``: the bank knows which exist), or InvalidRecord."""
    if not isinstance(form, str) or not _FORM.fullmatch(form):
        raise InvalidRecord("form", "storage.problem.not_identifier", value=repr(form)[:40])
    return form


def check_days(days: object) -> int:
    """Whole days from 1 to MAX_DAYS, or InvalidRecord."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidRecord("days", "storage.problem.out_of_range", value=repr(days)[:40],
                            low=1, high=MAX_DAYS)
    return days


def create_invite(conn: Connection, salt: bytes, practice_id: str, client_id: str, form: str,
                  days: int, now: datetime) -> Invitation:
    """A new single-use code for the client; only its tag is stored."""
    code = new_resume_code()
    expires = now + timedelta(days=days)
    conn.execute(insert(IntakeInvite), [{
        "tag": code_tag(normalize_resume_code(code) or "", salt), "practice_id": practice_id,
        "client_id": client_id, "form": form, "created_at": now, "expires_at": expires}])
    return Invitation(code, expires)


def _purge(conn: Connection, now: datetime) -> None:
    conn.execute(delete(IntakeInvite).where(IntakeInvite.expires_at <= now))


def find_invite(conn: Connection, salt: bytes, code: object, now: datetime) -> Any:
    """The live invite of ``code`` with who will read it, or None (a wrong code is counted).

    Raises TooManyTries (looking nothing up) while too many wrong codes were tried.
    """
    _purge(conn, now)
    normalized = normalize_resume_code(code)
    if normalized is None:
        return None
    _guard(conn, now)
    row = conn.execute(
        select(IntakeInvite.tag, IntakeInvite.client_id, IntakeInvite.form,
               IntakeInvite.expires_at, Client.therapist_id, Client.practice_id,
               StaffRow.display_name, Practice.name.label("practice_name"))
        .join(Client, Client.id == IntakeInvite.client_id)
        .join(StaffRow, StaffRow.id == Client.therapist_id)
        .join(Practice, Practice.id == Client.practice_id)
        .where(IntakeInvite.tag == code_tag(normalized, salt), IntakeInvite.expires_at > now)
    ).first()
    if row is None:
        _wrong(conn, now)
    return row


def info(row: Any) -> IntakeInfo:
    """What the client sees before agreeing."""
    return IntakeInfo(row.practice_name, row.display_name, row.form, row.expires_at)


def submit(conn: Connection, invite: Any, record: CheckupRecord, consent: Consent,
           now: datetime) -> str:
    """Seal the check-up to the therapist and recovery, use the code up; the check-up id."""
    checkup_id = new_id()
    sealed = seal_checkup(record, consent, checkup_id, recipients(conn, invite.therapist_id))
    conn.execute(insert(ClientCheckupRow), [{
        "id": checkup_id, "practice_id": invite.practice_id, "client_id": invite.client_id,
        "sealed": sealed, "submitted_at": now}])
    conn.execute(delete(IntakeInvite).where(IntakeInvite.tag == invite.tag))
    conn.execute(update(Client).where(Client.id == invite.client_id).values(last_seen=now))
    audit.note(conn, invite.practice_id, audit.CLIENT, "intake", now, invite.client_id,
               checkup_id)
    return checkup_id


def pending_for(conn: Connection, client_ids: list[str], practice_name: str,
                therapist_name: str, now: datetime) -> dict[str, list[IntakeInfo]]:
    """Each client's live invitations (soonest to end first)."""
    found: dict[str, list[IntakeInfo]] = {client: [] for client in client_ids}
    if not client_ids:
        return found
    for row in conn.execute(
        select(IntakeInvite.client_id, IntakeInvite.form, IntakeInvite.expires_at)
        .where(IntakeInvite.client_id.in_(client_ids), IntakeInvite.expires_at > now)
        .order_by(IntakeInvite.expires_at)
    ):
        found[row.client_id].append(IntakeInfo(practice_name, therapist_name, row.form,
                                               row.expires_at))
    return found

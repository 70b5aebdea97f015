"""The practice's audit log: who did what to which client's check-up, and when.

Rows hold random ids, an action word and a time, never answers, labels or names. The actor
is a staff account id, ``cli`` (the command line on the server, or the recovery key),
``client`` (an intake submitted with a code) or ``unknown`` (a failed sign-in under a user
name that has no account).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from storage.models import AuditRow
from storage.models import Staff as StaffRow
from storage.practice_values import AUDIT_ACTIONS, AuditEntry

__all__ = ["CLI", "CLIENT", "UNKNOWN", "entries", "forget_client", "note"]

CLI = "cli"
CLIENT = "client"
UNKNOWN = "unknown"


def note(conn: Connection, practice_id: str, actor: str, action: str, now: datetime,
         client: str | None = None, checkup: str | None = None,
         detail: str | None = None) -> None:
    """Append one entry (in the caller's transaction, so it commits with the act)."""
    assert action in AUDIT_ACTIONS, action
    conn.execute(insert(AuditRow), [{"practice_id": practice_id, "at": now, "actor_id": actor,
                                     "action": action, "client_ref": client,
                                     "checkup_ref": checkup, "detail": detail}])


def forget_client(conn: Connection, client_id: str) -> None:
    """Erasure: earlier entries keep who did what and when, but no longer name the client."""
    conn.execute(update(AuditRow).where(AuditRow.client_ref == client_id)
                 .values(client_ref=None, checkup_ref=None))


def entries(conn: Connection, practice_id: str, limit: int | None) -> list[AuditEntry]:
    """The log, newest first, actors shown by user name."""
    stmt = (
        select(AuditRow.at, AuditRow.actor_id, StaffRow.username, AuditRow.action,
               AuditRow.client_ref, AuditRow.checkup_ref, AuditRow.detail)
        .outerjoin(StaffRow, StaffRow.id == AuditRow.actor_id)
        .where(AuditRow.practice_id == practice_id)
        .order_by(AuditRow.at.desc(), AuditRow.id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [AuditEntry(row.at, row.username or row.actor_id or UNKNOWN, row.action,
                       row.client_ref, row.checkup_ref, row.detail)
            for row in conn.execute(stmt)]

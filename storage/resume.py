"""Resume drafts: an unfinished check-up saved under a short code, for a later session.

Only a tag derived from the code is stored, and the draft is sealed with a key derived from
the code, so the database alone reveals neither. Wrong, expired and malformed codes all give
None, so the app can show one neutral message. Expired drafts are purged on every access.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from storage.crypto import (
    BlobError,
    SealingKey,
    derive_resume_key,
    new_resume_code,
    normalize_resume_code,
)
from storage.errors import InvalidRecord
from storage.models import ResumeDraft
from storage.rows import dumps

__all__ = [
    "DEFAULT_TTL",
    "MAX_DRAFT_BYTES",
    "MAX_TTL",
    "create_draft",
    "discard_draft",
    "load_draft",
    "purge_expired",
    "update_draft",
]

DEFAULT_TTL = timedelta(days=7)
MAX_TTL = timedelta(days=90)
MAX_DRAFT_BYTES = 256 * 1024
_CONTEXT = "resume-draft"


def _sealed_draft(key: SealingKey, draft: object) -> bytes:
    if not isinstance(draft, dict):
        raise InvalidRecord("draft", "storage.problem.must_be_mapping")
    try:
        data = dumps(draft).encode()
    except (TypeError, ValueError):
        raise InvalidRecord("draft", "storage.problem.json_values") from None
    if len(data) > MAX_DRAFT_BYTES:
        raise InvalidRecord("draft", "storage.problem.too_large", limit=MAX_DRAFT_BYTES // 1024)
    return key.seal(data, _CONTEXT)


def check_ttl(ttl: object) -> timedelta:
    """A valid time-to-live (positive, at most 90 days) or InvalidRecord."""
    if not isinstance(ttl, timedelta) or not timedelta(0) < ttl <= MAX_TTL:
        raise InvalidRecord("ttl", "storage.problem.ttl", days=MAX_TTL.days)
    return ttl


def purge_expired(conn: Connection, now: datetime) -> int:
    """Delete every draft whose time is up."""
    return int(conn.execute(delete(ResumeDraft).where(ResumeDraft.expires_at <= now)).rowcount)


def create_draft(
    conn: Connection, salt: bytes, draft: dict[str, Any], ttl: timedelta, now: datetime
) -> str:
    """Store a new draft; return its code (shown to the person once)."""
    code = new_resume_code()
    key = derive_resume_key(normalize_resume_code(code) or "", salt)
    sealed = _sealed_draft(key, draft)
    purge_expired(conn, now)
    conn.execute(
        insert(ResumeDraft),
        [{"id": key.tag, "sealed": sealed, "expires_at": now + ttl, "created_at": now,
          "updated_at": now}],
    )
    return code


def _key(code: object, salt: bytes) -> SealingKey | None:
    normalized = normalize_resume_code(code)
    return None if normalized is None else derive_resume_key(normalized, salt)


def load_draft(conn: Connection, salt: bytes, code: object, now: datetime) -> dict[str, Any] | None:
    """The draft for ``code``, or None (wrong, expired or malformed code alike)."""
    purge_expired(conn, now)
    key = _key(code, salt)
    if key is None:
        return None
    sealed = conn.execute(
        select(ResumeDraft.sealed).where(ResumeDraft.id == key.tag, ResumeDraft.expires_at > now)
    ).scalar()
    if sealed is None:
        return None
    try:
        draft = json.loads(key.open(sealed, _CONTEXT))
    except (BlobError, ValueError):
        return None
    return draft if isinstance(draft, dict) else None


def update_draft(
    conn: Connection,
    salt: bytes,
    code: object,
    draft: dict[str, Any],
    ttl: timedelta | None,
    now: datetime,
) -> bool:
    """Replace a live draft (optionally extending its time); False if the code is not live."""
    key = _key(code, salt)
    if key is None:
        return False
    values: dict[str, Any] = {"sealed": _sealed_draft(key, draft), "updated_at": now}
    if ttl is not None:
        values["expires_at"] = now + ttl
    purge_expired(conn, now)
    stmt = update(ResumeDraft).where(ResumeDraft.id == key.tag).values(**values)
    return bool(conn.execute(stmt).rowcount)


def discard_draft(conn: Connection, salt: bytes, code: object, now: datetime) -> bool:
    """Delete a draft (after the check-up is finished or abandoned)."""
    purge_expired(conn, now)
    key = _key(code, salt)
    if key is None:
        return False
    return bool(conn.execute(delete(ResumeDraft).where(ResumeDraft.id == key.tag)).rowcount)

"""Resume drafts: an unfinished check-up saved under a short code, for a later session.

Only a tag derived from the code is stored, and the draft is sealed with a key derived from
the code, so the database alone reveals neither. Wrong, expired and malformed codes all give
None, so the app can show one neutral message. Expired drafts are purged on every access.

Limits: a draft lives a fixed time from its creation (updates never extend it), and the
whole database accepts at most ``MAX_WRONG_CODES`` wrong codes per ``WRONG_CODE_WINDOW``:
beyond that every code, right or wrong, gets ``TooManyTries`` until the window moves on.
60 random bits already make guessing hopeless; the limit keeps it so under any load.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from storage.crypto import (
    BlobError,
    SealingKey,
    derive_resume_key,
    new_resume_code,
    normalize_resume_code,
)
from storage.errors import InvalidRecord, TooManyTries
from storage.models import ResumeAttempt, ResumeDraft
from storage.rows import dumps

__all__ = [
    "DEFAULT_TTL",
    "MAX_DRAFT_BYTES",
    "MAX_TTL",
    "MAX_WRONG_CODES",
    "WRONG_CODE_WINDOW",
    "create_draft",
    "discard_draft",
    "load_draft",
    "purge_expired",
    "update_draft",
]

DEFAULT_TTL = timedelta(days=7)
MAX_TTL = timedelta(days=90)
MAX_DRAFT_BYTES = 256 * 1024
MAX_WRONG_CODES = 30
"""Wrong codes accepted per window across the whole database before codes pause."""
WRONG_CODE_WINDOW = timedelta(hours=1)
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


def _guard(conn: Connection, now: datetime) -> None:
    """Raise TooManyTries while the window holds MAX_WRONG_CODES wrong codes."""
    since = now - WRONG_CODE_WINDOW
    conn.execute(delete(ResumeAttempt).where(ResumeAttempt.at <= since))
    count, oldest = conn.execute(
        select(func.count(), func.min(ResumeAttempt.at)).where(ResumeAttempt.at > since)
    ).one()
    if count >= MAX_WRONG_CODES:
        free_at = _aware(oldest, now) + WRONG_CODE_WINDOW
        raise TooManyTries(math.ceil((free_at - now).total_seconds() / 60))


def _aware(value: Any, now: datetime) -> datetime:
    """A time from an aggregate (SQLite gives text or a naive value there), aware like ``now``."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return now
    return value if value.tzinfo is not None else value.replace(tzinfo=now.tzinfo)


def _wrong(conn: Connection, now: datetime) -> None:
    conn.execute(insert(ResumeAttempt), [{"at": now}])


def _live_key(conn: Connection, salt: bytes, code: object, now: datetime) -> SealingKey | None:
    """The key of a well-formed code (after the guard and the purge); None if malformed."""
    purge_expired(conn, now)
    key = _key(code, salt)
    if key is not None:
        _guard(conn, now)
    return key


def load_draft(conn: Connection, salt: bytes, code: object, now: datetime) -> dict[str, Any] | None:
    """The draft for ``code``, or None (wrong, expired or malformed code alike).

    Raises TooManyTries (and looks nothing up) while too many wrong codes were tried.
    """
    key = _live_key(conn, salt, code, now)
    if key is None:
        return None
    sealed = conn.execute(
        select(ResumeDraft.sealed).where(ResumeDraft.id == key.tag, ResumeDraft.expires_at > now)
    ).scalar()
    draft = _opened(key, sealed)
    if draft is None:
        _wrong(conn, now)
    return draft


def _opened(key: SealingKey, sealed: bytes | None) -> dict[str, Any] | None:
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
    """Replace a live draft; False if the code is not live (a wrong code counts as one).

    The lifetime is fixed at creation: ``ttl`` (from creation) can only shorten it.
    """
    key = _live_key(conn, salt, code, now)
    if key is None:
        return False
    values: dict[str, Any] = {"sealed": _sealed_draft(key, draft), "updated_at": now}
    live = (ResumeDraft.id == key.tag, ResumeDraft.expires_at > now)
    found = conn.execute(
        select(ResumeDraft.created_at, ResumeDraft.expires_at).where(*live)
    ).first()
    if found is None:
        _wrong(conn, now)
        return False
    if ttl is not None:
        values["expires_at"] = min(found.expires_at, found.created_at + ttl)
    return bool(conn.execute(update(ResumeDraft).where(*live).values(**values)).rowcount)


def discard_draft(conn: Connection, salt: bytes, code: object, now: datetime) -> bool:
    """Delete a draft (after the check-up is finished or abandoned); a wrong code counts."""
    key = _live_key(conn, salt, code, now)
    if key is None:
        return False
    gone = bool(conn.execute(delete(ResumeDraft).where(ResumeDraft.id == key.tag)).rowcount)
    if not gone:
        _wrong(conn, now)
    return gone

"""Values of practice mode (what ``store.practice`` takes and returns) and input checks.

``Staff`` is who acts: made only by a sign-in of this process (a proof binds its fields to a
per-process secret, so a hand-built ``Staff`` is refused) and holding the therapist's
unlocked private key in memory; its ``repr`` shows neither key nor name.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from storage.errors import InvalidRecord
from storage.records import CheckupRecord

__all__ = [
    "AUDIT_ACTIONS",
    "EXPORT_KINDS",
    "MAX_LABEL_LENGTH",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "AccountInfo",
    "AuditEntry",
    "ClientCheckup",
    "ClientCheckupList",
    "ClientSummary",
    "Consent",
    "IntakeInfo",
    "Invitation",
    "RecoveryKey",
    "Staff",
]

ROLES = ("therapist", "admin")
EXPORT_KINDS = ("pdf", "fhir", "csv", "json")
AUDIT_ACTIONS = (
    "init", "add_account", "sign_in", "sign_in_failed", "locked", "password", "disable",
    "enable", "unlock", "recover", "create_client", "invite", "intake", "view", "export",
    "delete", "erased", "link", "unlink",
)
"""Everything the audit log records (``AuditEntry.action``)."""
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_LABEL_LENGTH = 80
MAX_NAME_LENGTH = 120
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@+-]{1,63}")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}")
_UNSAFE = ("Cc", "Zl", "Zp")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they could reorder what a roster shows."""
_PROCESS_SECRET = secrets.token_bytes(32)
"""Signs ``Staff`` values made by this process's sign-ins (never stored, never shown)."""


@dataclass(frozen=True, repr=False)
class RecoveryKey:
    """The practice's recovery private key as text: shown once, never stored."""

    text: str

    def __repr__(self) -> str:
        return "RecoveryKey(<secret>)"


@dataclass(frozen=True, repr=False, eq=False)
class Staff:
    """A signed-in therapist or administrator (from ``sign_in``; never build one by hand)."""

    account_id: str
    username: str
    display_name: str
    role: str
    practice_id: str
    private_key: X25519PrivateKey | None = field(default=None, compare=False)
    proof: bytes = field(default=b"", compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def __repr__(self) -> str:
        return f"Staff(role={self.role!r})"


def _proof(account_id: str, role: str, practice_id: str, public: bytes) -> bytes:
    message = f"{account_id}|{role}|{practice_id}|".encode() + public
    return hmac.new(_PROCESS_SECRET, message, hashlib.sha256).digest()


def make_staff(row: Any, private: X25519PrivateKey | None) -> Staff:
    """The ``Staff`` of an account row after a successful sign-in."""
    public = b"" if private is None else private.public_key().public_bytes_raw()
    return Staff(row.id, row.username, row.display_name, row.role, row.practice_id, private,
                 _proof(row.id, row.role, row.practice_id, public))


def genuine(staff: object) -> bool:
    """True for a ``Staff`` from a sign-in of this process (fields and key unchanged)."""
    if not isinstance(staff, Staff):
        return False
    key = staff.private_key
    if key is not None and not isinstance(key, X25519PrivateKey):
        return False
    public = b"" if key is None else key.public_key().public_bytes_raw()
    expected = _proof(staff.account_id, staff.role, staff.practice_id, public)
    return isinstance(staff.proof, bytes) and hmac.compare_digest(staff.proof, expected)


@dataclass(frozen=True)
class AccountInfo:
    """One staff account as an administrator sees it (no client data)."""

    account_id: str
    username: str
    display_name: str
    role: str
    email: str | None
    disabled: bool
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Consent:
    """What the client agreed to: when, and whether their answers may be compared with
    their partner's (perception gaps, when the partner consented too)."""

    agreed_at: datetime
    compare_with_partner: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.agreed_at, datetime) or self.agreed_at.tzinfo is None:
            raise InvalidRecord("consent.agreed_at", "storage.problem.time_zone")
        if not isinstance(self.compare_with_partner, bool):
            raise InvalidRecord("consent.compare_with_partner", "storage.problem.must_be_bool")


@dataclass(frozen=True)
class ClientCheckup:
    """One submitted intake: its id, time, the check-up record and the consent given."""

    checkup_id: str
    submitted_at: datetime
    record: CheckupRecord
    consent: Consent


class ClientCheckupList(list[ClientCheckup]):
    """A client's check-ups, oldest first; ``unreadable`` counts any that could not be opened."""

    def __init__(self, items: list[ClientCheckup] | None = None, unreadable: int = 0) -> None:
        super().__init__(items or [])
        self.unreadable = unreadable


@dataclass(frozen=True)
class IntakeInfo:
    """What a client sees before agreeing: who will read the answers, which form, until when."""

    practice_name: str
    therapist_name: str
    form: str
    expires_at: datetime


@dataclass(frozen=True, repr=False)
class Invitation:
    """A fresh intake code (shown once; the database keeps only a tag) and its expiry."""

    code: str
    expires_at: datetime

    def __repr__(self) -> str:
        return f"Invitation(expires_at={self.expires_at!r})"


@dataclass(frozen=True)
class ClientSummary:
    """One of the therapist's clients: label, times, check-ups, pending intakes, partner.

    ``unreadable`` counts what could not be opened (damaged check-ups; a damaged label,
    which is then shown as "")."""

    client_id: str
    label: str
    created_at: datetime
    last_seen: datetime | None
    checkups: list[ClientCheckup]
    pending: list[IntakeInfo]
    partner_id: str | None
    unreadable: int = 0


@dataclass(frozen=True)
class AuditEntry:
    """One audit event: when, who (a user name, ``cli``, ``client`` or ``unknown``), what, on
    which client and check-up (random ids; never answers or labels)."""

    at: datetime
    actor: str
    action: str
    client_ref: str | None
    checkup_ref: str | None
    detail: str | None = None
    """An export's kind (pdf, fhir, csv, json); None for other actions."""


def check_text(name: str, value: object, limit: int) -> str:
    """Trimmed NFC text of 1..limit characters without control characters, or InvalidRecord."""
    if not isinstance(value, str):
        raise InvalidRecord(name, "storage.problem.must_be_text")
    if len(value) > limit * 4:
        raise InvalidRecord(name, "storage.problem.too_long", limit=limit)
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        raise InvalidRecord(name, "storage.problem.bad_text")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise InvalidRecord(name, "storage.problem.empty")
    if len(text) > limit:
        raise InvalidRecord(name, "storage.problem.too_long", limit=limit)
    if any(unicodedata.category(ch) in _UNSAFE or ch in _BIDI_CONTROLS for ch in text):
        raise InvalidRecord(name, "storage.problem.control_characters")
    return text


def check_username(value: object) -> str:
    """The lookup form of a user name (NFC, case-folded): 2..64 of a-z 0-9 . _ @ + -."""
    text = check_text("username", value, 64).casefold()
    if not _USERNAME.fullmatch(text):
        raise InvalidRecord("username", "storage.problem.username_shape")
    return text


def check_email(value: object) -> str:
    """The lookup form of an email address (trimmed, case-folded), or InvalidRecord."""
    text = check_text("email", value, 320).casefold()
    if not _EMAIL.fullmatch(text):
        raise InvalidRecord("email", "storage.problem.email_shape")
    return text


def check_password(value: object, name: str = "password", *, new: bool = True) -> str:
    """A password as typed; a new one has at least MIN_PASSWORD_LENGTH characters."""
    if not isinstance(value, str):
        raise InvalidRecord(name, "storage.problem.must_be_text")
    if len(value) > MAX_PASSWORD_LENGTH:
        raise InvalidRecord(name, "storage.problem.too_long", limit=MAX_PASSWORD_LENGTH)
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        raise InvalidRecord(name, "storage.problem.bad_text")
    if new and len(unicodedata.normalize("NFC", value)) < MIN_PASSWORD_LENGTH:
        raise InvalidRecord(name, "storage.problem.too_short", limit=MIN_PASSWORD_LENGTH)
    return value


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """One of ``choices``, or InvalidRecord listing them."""
    if not isinstance(value, str) or value not in choices:
        raise InvalidRecord(name, "storage.problem.one_of", choices=", ".join(choices))
    return value

"""Database schema as typed SQLAlchemy models (the migrations in ``migrations/`` create it).

Check-ups of unprotected people keep their content in JSON text columns; protected people
have their alias and check-up content only in AES-GCM blobs (``*_sealed``), found through an
opaque ``persons.lookup`` tag. Couple spaces hold no person id (see ``couples``). Practice
mode (migration 0005) keeps client labels and check-ups only in envelopes sealed to the
therapist's and the practice's recovery public keys (see ``practice_keys``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "AuditRow",
    "Base",
    "Checkup",
    "Client",
    "ClientCheckupRow",
    "Couple",
    "CoupleInvite",
    "CoupleMember",
    "CoupleShare",
    "IntakeInvite",
    "Person",
    "Practice",
    "ResumeAttempt",
    "ResumeDraft",
    "Setting",
    "SignInGuard",
    "Staff",
    "Therapist",
    "UTCDateTime",
]

ID_LENGTH = 32


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of all storage tables."""


class Setting(Base):
    """Per-database settings, e.g. the random key-derivation salt."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Person(Base):
    """Someone who saved check-ups: a plain alias, or (protected) only an opaque tag."""

    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint("(alias IS NULL) <> (alias_sealed IS NULL)", name="ck_person_alias"),
    )
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    lookup: Mapped[str] = mapped_column(String(400), unique=True)
    alias: Mapped[str | None] = mapped_column(Text)
    alias_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Checkup(Base):
    """One saved check-up; content in JSON columns or, when protected, one sealed blob."""

    __tablename__ = "checkups"
    __table_args__ = (
        Index("ix_checkups_person_created", "person_id", "created_at", "id"),
        CheckConstraint(
            "(sealed IS NULL AND answers IS NOT NULL AND scores IS NOT NULL)"
            " OR (sealed IS NOT NULL AND answers IS NULL AND scores IS NULL)",
            name="ck_checkup_content",
        ),
    )
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    bank_version: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(32))
    relationship: Mapped[str | None] = mapped_column(String(32))
    form: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str | None] = mapped_column(String(40))
    answers: Mapped[str | None] = mapped_column(Text)
    scores: Mapped[str | None] = mapped_column(Text)
    flags: Mapped[str | None] = mapped_column(Text)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _owned_by(target: str) -> Mapped[str]:
    """A required, indexed foreign key to ``target`` ("table.id"); the row goes with it."""
    return mapped_column(ForeignKey(target, ondelete="CASCADE"), index=True)


class Couple(Base):
    """A couple space: only its id and when it was made (members and shares are separate)."""

    __tablename__ = "couples"
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoupleMember(Base):
    """One partner: an opaque tag from their passphrase key and the couple key wrapped by it."""

    __tablename__ = "couple_members"
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    couple_id: Mapped[str] = _owned_by("couples.id")
    tag: Mapped[str] = mapped_column(String(64), unique=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoupleInvite(Base):
    """A pending pairing code: a tag derived from the code and the couple key sealed with it."""

    __tablename__ = "couple_invites"
    tag: Mapped[str] = mapped_column(String(64), primary_key=True)
    couple_id: Mapped[str] = _owned_by("couples.id")
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoupleShare(Base):
    """A snapshot one partner shared, sealed with the couple key (who and what: inside)."""

    __tablename__ = "couple_shares"
    __table_args__ = (Index("ix_couple_shares_couple_shared", "couple_id", "shared_at"),)
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Practice(Base):
    """A therapy practice (one per database): its name and the recovery public key."""

    __tablename__ = "practices"
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    recovery_public: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Staff(Base):
    """A staff account (therapist or admin): password verifier and salt, never the password."""

    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    practice_id: Mapped[str] = _owned_by("practices.id")
    username: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    verifier: Mapped[bytes] = mapped_column(LargeBinary)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Therapist(Base):
    """A therapist's key pair: the public key and the private key sealed under the password."""

    __tablename__ = "therapists"
    id: Mapped[str] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    practice_id: Mapped[str] = _owned_by("practices.id")
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SignInGuard(Base):
    """Recent wrong passwords for one user name or email (an opaque tag), and any lockout."""

    __tablename__ = "sign_in_guards"
    tag: Mapped[str] = mapped_column(String(64), primary_key=True)
    practice_id: Mapped[str] = _owned_by("practices.id")
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Client(Base):
    """A therapist's client: the label (code or alias) only sealed, the partner link, times."""

    __tablename__ = "clients"
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    practice_id: Mapped[str] = _owned_by("practices.id")
    therapist_id: Mapped[str] = _owned_by("therapists.id")
    label_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    partner_id: Mapped[str | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IntakeInvite(Base):
    """A live intake code: only a tag derived from it, the client, the form and the expiry."""

    __tablename__ = "intake_invites"
    tag: Mapped[str] = mapped_column(String(64), primary_key=True)
    practice_id: Mapped[str] = _owned_by("practices.id")
    client_id: Mapped[str] = _owned_by("clients.id")
    form: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClientCheckupRow(Base):
    """A submitted intake: record and consent in one envelope for the therapist and recovery."""

    __tablename__ = "client_checkups"
    __table_args__ = (Index("ix_client_checkups_client_at", "client_id", "submitted_at"),)
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    practice_id: Mapped[str] = _owned_by("practices.id")
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditRow(Base):
    """Who did what to which client's check-up, and when: ids and times, never content."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    practice_id: Mapped[str] = _owned_by("practices.id")
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    action: Mapped[str] = mapped_column(String(16))
    client_ref: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    checkup_ref: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    detail: Mapped[str | None] = mapped_column(String(16))
    """The kind of an export (pdf, fhir, csv, json); nothing else."""


class ResumeDraft(Base):
    """An unfinished check-up, found by a tag derived from its code and sealed with it."""

    __tablename__ = "resume_drafts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ResumeAttempt(Base):
    """The time of one wrong resume code (nothing else): the overall limit on guesses."""

    __tablename__ = "resume_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

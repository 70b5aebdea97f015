"""Initial schema: settings, persons, check-ups, couples, therapists, resume drafts.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

import base64
import secrets

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(32), primary_key=True)


def _person_fk(name: str, nullable: bool, ondelete: str = "CASCADE") -> sa.Column[str]:
    return sa.Column(
        name, sa.String(32), sa.ForeignKey("persons.id", ondelete=ondelete), nullable=nullable
    )


def _core_tables() -> None:
    settings = op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    salt = base64.b64encode(secrets.token_bytes(16)).decode()
    op.bulk_insert(settings, [{"key": "kdf_salt", "value": salt}])
    op.create_table(
        "persons",
        _id(),
        sa.Column("lookup", sa.String(400), nullable=False, unique=True),
        sa.Column("alias", sa.Text, nullable=True),
        sa.Column("alias_sealed", sa.LargeBinary, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.CheckConstraint("(alias IS NULL) <> (alias_sealed IS NULL)", name="ck_person_alias"),
    )
    op.create_table(
        "checkups",
        _id(),
        _person_fk("person_id", nullable=False),
        sa.Column("bank_version", sa.String(32), nullable=True),
        sa.Column("role", sa.String(32), nullable=True),
        sa.Column("relationship", sa.String(32), nullable=True),
        sa.Column("answers", sa.Text, nullable=True),
        sa.Column("scores", sa.Text, nullable=True),
        sa.Column("flags", sa.Text, nullable=True),
        sa.Column("sealed", sa.LargeBinary, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.CheckConstraint(
            "(sealed IS NULL AND answers IS NOT NULL AND scores IS NOT NULL)"
            " OR (sealed IS NOT NULL AND answers IS NULL AND scores IS NULL)",
            name="ck_checkup_content",
        ),
    )
    op.create_index(
        "ix_checkups_person_created", "checkups", ["person_id", "created_at", "id"]
    )


def _relation_tables() -> None:
    op.create_table(
        "couple_links",
        _id(),
        _person_fk("person_a_id", nullable=False),
        _person_fk("person_b_id", nullable=True),
        sa.Column("a_shares_since", UTCDateTime, nullable=True),
        sa.Column("b_shares_since", UTCDateTime, nullable=True),
        sa.Column("invite_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("invite_expires_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("ended_at", UTCDateTime, nullable=True),
        sa.UniqueConstraint("person_a_id", "person_b_id", name="uq_couple_pair"),
        sa.CheckConstraint("person_a_id <> person_b_id", name="ck_couple_distinct"),
    )
    op.create_index("ix_couple_links_person_b_id", "couple_links", ["person_b_id"])
    op.create_table(
        "practices",
        _id(),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "therapists",
        _id(),
        sa.Column(
            "practice_id",
            sa.String(32),
            sa.ForeignKey("practices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_therapists_practice_id", "therapists", ["practice_id"])


def _client_and_draft_tables() -> None:
    op.create_table(
        "clients",
        _id(),
        sa.Column(
            "therapist_id",
            sa.String(32),
            sa.ForeignKey("therapists.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _person_fk("person_id", nullable=True, ondelete="SET NULL"),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("invite_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("invite_expires_at", UTCDateTime, nullable=True),
        sa.Column("consented_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_clients_therapist_id", "clients", ["therapist_id"])
    op.create_index("ix_clients_person_id", "clients", ["person_id"])
    op.create_table(
        "resume_drafts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_resume_drafts_expires_at", "resume_drafts", ["expires_at"])


def upgrade() -> None:
    """Create every table and the database's random key-derivation salt."""
    _core_tables()
    _relation_tables()
    _client_and_draft_tables()


def downgrade() -> None:
    """Drop everything (loses all saved check-ups)."""
    for table in (
        "resume_drafts",
        "clients",
        "therapists",
        "practices",
        "couple_links",
        "checkups",
        "persons",
        "settings",
    ):
        op.drop_table(table)

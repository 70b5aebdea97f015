"""Couple spaces: members, pairing invites and shared snapshots (replaces ``couple_links``).

``couple_links`` was never used by any code (no rows); it tied two ``persons`` rows together
in plain, which a copy of the file would show. The new tables hold no person id: a member is
an opaque tag derived from their passphrase key, and every shared snapshot is sealed with
the couple's random key (see docs/storage.md, "Couples").

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def _couple_fk() -> sa.Column[str]:
    return sa.Column(
        "couple_id", sa.String(32), sa.ForeignKey("couples.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    """Drop the unused ``couple_links``; create couples, members, invites and shares."""
    op.drop_index("ix_couple_links_person_b_id", table_name="couple_links")
    op.drop_table("couple_links")
    op.create_table(
        "couples",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "couple_members",
        sa.Column("id", sa.String(32), primary_key=True),
        _couple_fk(),
        sa.Column("tag", sa.String(64), nullable=False, unique=True),
        sa.Column("wrapped", sa.LargeBinary, nullable=False),
        sa.Column("joined_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_couple_members_couple_id", "couple_members", ["couple_id"])
    op.create_table(
        "couple_invites",
        sa.Column("tag", sa.String(64), primary_key=True),
        _couple_fk(),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_couple_invites_couple_id", "couple_invites", ["couple_id"])
    op.create_table(
        "couple_shares",
        sa.Column("id", sa.String(32), primary_key=True),
        _couple_fk(),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("shared_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_couple_shares_couple_shared", "couple_shares", ["couple_id", "shared_at"])


def downgrade() -> None:
    """Drop the couple tables (everything shared is lost) and restore the empty old table."""
    for table in ("couple_shares", "couple_invites", "couple_members", "couples"):
        op.drop_table(table)
    op.create_table(
        "couple_links",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("person_a_id", sa.String(32),
                  sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False),
        sa.Column("person_b_id", sa.String(32),
                  sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=True),
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

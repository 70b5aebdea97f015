"""Wrong resume codes, counted across the whole database (a limit on guessing).

One row per wrong (well-formed) code: only the time, nothing about the code or the person.
Rows older than the counting window are deleted as new ones arrive.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``resume_attempts(id, at)`` with an index on ``at``."""
    op.create_table(
        "resume_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_resume_attempts_at", "resume_attempts", ["at"])


def downgrade() -> None:
    """Drop the table (the count of recent wrong codes restarts from zero)."""
    op.drop_table("resume_attempts")

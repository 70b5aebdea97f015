"""The form and locale of each saved check-up.

Unprotected check-ups keep them in plain columns (rows saved before get ``full`` and ``en``);
protected check-ups keep them inside their sealed blob, so the columns stay NULL for them
(blobs sealed before have neither, and read back as ``full`` and ``en``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add ``checkups.form`` and ``checkups.locale``; fill them for unprotected rows."""
    op.add_column("checkups", sa.Column("form", sa.String(32), nullable=True))
    op.add_column("checkups", sa.Column("locale", sa.String(40), nullable=True))
    op.execute("UPDATE checkups SET form = 'full', locale = 'en' WHERE sealed IS NULL")


def downgrade() -> None:
    """Drop the two columns (forms and locales of saved check-ups are lost)."""
    with op.batch_alter_table("checkups") as batch:
        batch.drop_column("locale")
        batch.drop_column("form")

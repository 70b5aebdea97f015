"""Practice mode: staff accounts, therapist keys, clients, intakes, check-ups, audit log.

Replaces the placeholder ``practices``, ``therapists`` and ``clients`` of 0001 (no code ever
wrote them; ``clients.label`` would have held a client's alias in plain). Every new table
hangs off ``practices`` (ON DELETE CASCADE), so one practice's rows go together. Client
labels and check-ups exist only as envelopes sealed to the therapist's and the recovery
public keys; intake codes only as tags (see docs/practice.md, "Keys").

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(32), primary_key=True)


def _practice() -> sa.Column[str]:
    return sa.Column("practice_id", sa.String(32),
                     sa.ForeignKey("practices.id", ondelete="CASCADE"), nullable=False)


def _fk(name: str, target: str, *, nullable: bool = False, ondelete: str = "CASCADE",
        primary_key: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(32), sa.ForeignKey(target, ondelete=ondelete),
                     nullable=nullable, primary_key=primary_key)


def _drop_placeholders() -> None:
    op.drop_index("ix_clients_person_id", table_name="clients")
    op.drop_index("ix_clients_therapist_id", table_name="clients")
    op.drop_table("clients")
    op.drop_index("ix_therapists_practice_id", table_name="therapists")
    op.drop_table("therapists")
    op.drop_table("practices")


def _accounts() -> None:
    op.create_table(
        "practices", _id(), sa.Column("name", sa.Text, nullable=False),
        sa.Column("recovery_public", sa.LargeBinary, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "staff", _id(), _practice(),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("email", sa.String(320), nullable=True, unique=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("salt", sa.LargeBinary, nullable=False),
        sa.Column("verifier", sa.LargeBinary, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.CheckConstraint("role IN ('therapist', 'admin')", name="ck_staff_role"),
    )
    op.create_table(
        "therapists", _fk("id", "staff.id", primary_key=True), _practice(),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("private_sealed", sa.LargeBinary, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "sign_in_guards", sa.Column("tag", sa.String(64), primary_key=True), _practice(),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_start", UTCDateTime, nullable=False),
        sa.Column("locked_until", UTCDateTime, nullable=True),
    )


def _clients() -> None:
    op.create_table(
        "clients", _id(), _practice(), _fk("therapist_id", "therapists.id"),
        sa.Column("label_sealed", sa.LargeBinary, nullable=False),
        _fk("partner_id", "clients.id", nullable=True, ondelete="SET NULL"),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=True),
    )
    op.create_index("ix_clients_therapist_id", "clients", ["therapist_id"])
    op.create_table(
        "intake_invites", sa.Column("tag", sa.String(64), primary_key=True), _practice(),
        _fk("client_id", "clients.id"), sa.Column("form", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_intake_invites_client_id", "intake_invites", ["client_id"])
    op.create_table(
        "client_checkups", _id(), _practice(), _fk("client_id", "clients.id"),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("submitted_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_client_checkups_client_at", "client_checkups",
                    ["client_id", "submitted_at"])
    op.create_table(
        "audit_log", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _practice(), sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor_id", sa.String(32), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("client_ref", sa.String(32), nullable=True),
        sa.Column("checkup_ref", sa.String(32), nullable=True),
        sa.Column("detail", sa.String(16), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def upgrade() -> None:
    """Drop the unused placeholders; create the practice tables."""
    _drop_placeholders()
    _accounts()
    _clients()
    for table in ("staff", "therapists", "sign_in_guards", "clients", "intake_invites",
                  "client_checkups", "audit_log"):
        op.create_index(f"ix_{table}_practice_id", table, ["practice_id"])


def downgrade() -> None:
    """Drop the practice tables (every account, client and intake is lost); restore the
    empty placeholders of 0001."""
    for table in ("audit_log", "client_checkups", "intake_invites", "clients",
                  "sign_in_guards", "therapists", "staff", "practices"):
        op.drop_table(table)
    op.create_table("practices", _id(), sa.Column("name", sa.Text, nullable=False),
                    sa.Column("created_at", UTCDateTime, nullable=False))
    op.create_table("therapists", _id(), _practice(),
                    sa.Column("display_name", sa.Text, nullable=False),
                    sa.Column("created_at", UTCDateTime, nullable=False))
    op.create_index("ix_therapists_practice_id", "therapists", ["practice_id"])
    op.create_table(
        "clients", _id(), _fk("therapist_id", "therapists.id"),
        _fk("person_id", "persons.id", nullable=True, ondelete="SET NULL"),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("invite_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("invite_expires_at", UTCDateTime, nullable=True),
        sa.Column("consented_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_clients_therapist_id", "clients", ["therapist_id"])
    op.create_index("ix_clients_person_id", "clients", ["person_id"])

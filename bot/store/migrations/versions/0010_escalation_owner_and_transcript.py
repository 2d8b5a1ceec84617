"""escalations: the promised time (due_at) and a second alert when not taken in time
(reescalated_at); the kind of a notification; the takeover conversation kept after closing

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None
KEEP_IDS = {"table_kwargs": {"sqlite_autoincrement": True}}


def upgrade() -> None:
    with op.batch_alter_table("escalations", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("reescalated_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("notifications", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "escalation_id",
            sa.Integer(),
            sa.ForeignKey("escalations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("sender", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("idem_key", sa.String(length=100), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_handoff_messages_escalation_id", "handoff_messages", ["escalation_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_handoff_messages_escalation_id", table_name="handoff_messages")
    op.drop_table("handoff_messages")
    with op.batch_alter_table("notifications", **KEEP_IDS) as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("escalations", **KEEP_IDS) as batch:
        batch.drop_column("reescalated_at")
        batch.drop_column("due_at")

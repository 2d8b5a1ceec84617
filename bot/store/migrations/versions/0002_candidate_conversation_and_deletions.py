"""candidate conversation, intake summary, deletion requests

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("candidates") as batch:
        batch.add_column(sa.Column("conversation_id", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("channel", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("intake_summary", sa.Text(), nullable=True))
        batch.add_column(sa.Column("prescreen", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("last_active_at", sa.DateTime(), nullable=True))
        batch.create_unique_constraint("uq_candidates_conversation_id", ["conversation_id"])
    op.create_table(
        "deletion_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("deletion_requests")
    with op.batch_alter_table("candidates") as batch:
        batch.drop_constraint("uq_candidates_conversation_id", type_="unique")
        for column in ("last_active_at", "prescreen", "intake_summary", "channel"):
            batch.drop_column(column)
        batch.drop_column("conversation_id")

"""invite codes for staff Telegram chats

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invite_codes") as batch:
        batch.alter_column("candidate_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_invite_codes_staff", "staff", ["staff_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    op.execute("DELETE FROM invite_codes WHERE candidate_id IS NULL")
    with op.batch_alter_table("invite_codes") as batch:
        batch.drop_constraint("fk_invite_codes_staff", type_="foreignkey")
        batch.drop_column("staff_id")
        batch.alter_column("candidate_id", existing_type=sa.Integer(), nullable=False)

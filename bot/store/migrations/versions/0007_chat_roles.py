"""who writes in an unlinked chat: asked once

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_roles",
        sa.Column("conversation_id", sa.String(length=128), primary_key=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("pending_text", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("chat_roles")

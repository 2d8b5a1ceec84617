"""a curator's handling of a knowledge gap (the dashboard's kennisbank pages): when, how
(answered with example questions, a new entry, a regional variant, or dismissed) and which
entry

Revision ID: 0013b
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013b"
down_revision = "0013d"
branch_labels = None
depends_on = None
# SQLite rebuilds a table in batch mode; keep AUTOINCREMENT (ids never reused).
KEEP_IDS = {"table_kwargs": {"sqlite_autoincrement": True}}


def upgrade() -> None:
    with op.batch_alter_table("knowledge_gaps", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("handled_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("handled_as", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("handled_entry", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("knowledge_gaps", **KEEP_IDS) as batch:
        batch.drop_column("handled_entry")
        batch.drop_column("handled_as")
        batch.drop_column("handled_at")

"""the candidate's own words with a check-in answer (what they typed, not the stored value),
for the jobcoach's timeline

Revision ID: 0012
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None
# SQLite rebuilds a table in batch mode; keep AUTOINCREMENT (ids never reused).
KEEP_IDS = {"table_kwargs": {"sqlite_autoincrement": True}}


def upgrade() -> None:
    with op.batch_alter_table("checkin_answers", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("said", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkin_answers", **KEEP_IDS) as batch:
        batch.drop_column("said")

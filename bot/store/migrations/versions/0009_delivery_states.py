"""delivery states: leases and attempts for check-ins and notifications, idempotency keys
for web messages and for what was handled once, the takeover state of an escalation

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
# SQLite rebuilds a table in batch mode; keep 0008's AUTOINCREMENT (ids never reused).
KEEP_IDS = {"table_kwargs": {"sqlite_autoincrement": True}}


def upgrade() -> None:
    with op.batch_alter_table("checkins", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sa.String(length=300), nullable=True))
    with op.batch_alter_table("notifications", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))
    # A send claimed before this version used next_attempt_at as its claim time.
    op.execute("UPDATE notifications SET status = 'wachtend' WHERE status = 'bezig'")
    with op.batch_alter_table("escalations", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("handoff_state", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("handback_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE escalations SET handoff_state = CASE WHEN status = 'open' THEN 'overgenomen' "
        "ELSE 'teruggegeven' END WHERE handoff_at IS NOT NULL"
    )
    with op.batch_alter_table("web_messages", **KEEP_IDS) as batch:
        batch.add_column(sa.Column("idem_key", sa.String(length=100), nullable=True))
    op.create_index(
        "ux_web_messages_idem_key", "web_messages", ["conversation_id", "idem_key"], unique=True
    )
    op.create_table(
        "handled_keys",
        sa.Column("key", sa.String(length=200), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("owner", sa.String(length=100), nullable=True),
    )
    op.create_index("ix_handled_keys_at", "handled_keys", ["at"])


def downgrade() -> None:
    op.drop_index("ix_handled_keys_at", table_name="handled_keys")
    op.drop_table("handled_keys")
    op.drop_index("ux_web_messages_idem_key", table_name="web_messages")
    with op.batch_alter_table("web_messages", **KEEP_IDS) as batch:
        batch.drop_column("idem_key")
    with op.batch_alter_table("escalations", **KEEP_IDS) as batch:
        batch.drop_column("handback_at")
        batch.drop_column("handoff_state")
    with op.batch_alter_table("notifications", **KEEP_IDS) as batch:
        batch.drop_column("lease_until")
    with op.batch_alter_table("checkins", **KEEP_IDS) as batch:
        for column in ("last_error", "next_attempt_at", "attempts", "lease_until"):
            batch.drop_column(column)

"""deletion is final: ids never reused, orphans gone, the deletion question, the tracker guard

On SQLite every table with an integer id is rebuilt with AUTOINCREMENT (without it SQLite hands
out the id of the newest deleted row again). Before that, rows left behind while foreign keys
were not enforced are removed (or unlinked), and each table's id counter starts above every id
that is still named somewhere, so an old invite code can never reach a new candidate.

SQLite runs these statements without one enclosing transaction, so the migration can be run
again after a crash halfway: what is done already is skipped, a half-finished rebuild resumed.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = (
    "candidates",
    "trajecten",
    "werkprocessen",
    "checkins",
    "checkin_answers",
    "deletion_requests",
    "escalations",
    "events",
    "invite_codes",
    "link_attempts",
    "web_messages",
    "staff",
    "notifications",
    "audit_log",
    "knowledge_gaps",
)
# (table, column, parent table, what happens to the row when the parent is gone), parents
# before their children so a removed orphan takes its own children along.
REFERENCES = (
    ("trajecten", "candidate_id", "candidates", "delete"),
    ("werkprocessen", "traject_id", "trajecten", "delete"),
    ("checkins", "traject_id", "trajecten", "delete"),
    ("checkin_answers", "checkin_id", "checkins", "delete"),
    ("escalations", "candidate_id", "candidates", "delete"),
    ("notifications", "escalation_id", "escalations", "delete"),
    ("invite_codes", "candidate_id", "candidates", "delete"),
    ("invite_codes", "staff_id", "staff", "delete"),
    ("staff_sessions", "staff_id", "staff", "delete"),
    ("events", "candidate_id", "candidates", "null"),
    ("trajecten", "jobcoach_id", "staff", "null"),
    ("escalations", "staff_id", "staff", "null"),
    ("audit_log", "staff_id", "staff", "null"),
)


def _highest_ids(bind) -> dict[str, int]:
    """Per table the highest id in use or still named by another table (before orphans go)."""
    highest = {t: bind.exec_driver_sql(f"SELECT max(id) FROM {t}").scalar() or 0 for t in TABLES}
    for table, column, parent, _ in REFERENCES:
        named = bind.exec_driver_sql(f"SELECT max({column}) FROM {table}").scalar() or 0
        highest[parent] = max(highest[parent], named)
    return highest


def _remove_orphans(bind) -> None:
    for table, column, parent, action in REFERENCES:
        orphan = f"{column} IS NOT NULL AND {column} NOT IN (SELECT id FROM {parent})"
        if action == "delete":
            bind.exec_driver_sql(f"DELETE FROM {table} WHERE {orphan}")
        else:
            bind.exec_driver_sql(f"UPDATE {table} SET {column} = NULL WHERE {orphan}")


def _resume(bind, table: str) -> None:
    """A rebuild copies into _alembic_tmp_<table>, drops the table, renames the copy."""
    tables = set(sa.inspect(bind).get_table_names())
    copy = f"_alembic_tmp_{table}"
    if copy in tables and table not in tables:  # stopped after the drop: the copy is all
        bind.exec_driver_sql(f"ALTER TABLE {copy} RENAME TO {table}")
    elif copy in tables:  # stopped before the drop: the table is whole
        bind.exec_driver_sql(f"DROP TABLE {copy}")


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # dropping a table during the rebuild would delete the rows that point at it
        raise RuntimeError("migration 0008 needs a connection without PRAGMA foreign_keys")
    for table in TABLES:
        _resume(bind, table)
    highest = _highest_ids(bind)
    _remove_orphans(bind)
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    if autoincrement:
        for table, seq in highest.items():
            bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            bind.exec_driver_sql(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, seq)
            )


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "wiped_at" not in {c["name"] for c in inspector.get_columns("deletion_requests")}:
        with op.batch_alter_table("deletion_requests") as batch:
            batch.add_column(sa.Column("wiped_at", sa.DateTime(), nullable=True))
    indexes = {i["name"] for i in inspector.get_indexes("deletion_requests")}
    if "ix_deletion_requests_conversation_id" not in indexes:
        op.create_index(
            "ix_deletion_requests_conversation_id", "deletion_requests", ["conversation_id"]
        )
    if "pending_deletions" not in inspector.get_table_names():
        op.create_table(
            "pending_deletions",
            sa.Column("conversation_id", sa.String(length=128), primary_key=True),
            sa.Column("asked_at", sa.DateTime(), nullable=False),
            sa.Column("expires_at", sa.DateTime(), nullable=False),
        )
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=False)
    op.drop_table("pending_deletions")
    op.drop_index("ix_deletion_requests_conversation_id", table_name="deletion_requests")
    with op.batch_alter_table("deletion_requests") as batch:
        batch.drop_column("wiped_at")

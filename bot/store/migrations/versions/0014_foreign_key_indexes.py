"""indexes on the foreign keys that deleting a candidate follows (retention job, "verwijder
mijn gegevens"): without them each delete scans the whole table

Revision ID: 0014
Revises: 0013b
"""

from alembic import op

revision = "0014"
down_revision = "0013b"
branch_labels = None
depends_on = None

INDEXES = (
    ("trajecten", "candidate_id"),
    ("werkprocessen", "traject_id"),
    ("checkins", "traject_id"),
    ("checkin_answers", "checkin_id"),
    ("escalations", "candidate_id"),
    ("events", "candidate_id"),
    ("invite_codes", "candidate_id"),
    ("notifications", "escalation_id"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)

"""netwerk in beeld: the regional contact directory in the database (region_contacts), with
the contacts knowledge/regions.yml held until now (Twente) imported once

The import is a data step of this migration, not a seed at every start: a migration runs
exactly once per database, so a contact a colleague deletes or edits later is never put
back, and every database (production, each test's) starts from the same directory. The
rows are written out here (not read from regions.yml) so the step gives the same result
whatever regions.yml holds later. They were never checked as contacts: checked_on stays
empty, so the dashboard flags them until a colleague checks them.

Revision ID: 0013a
Revises: 0012
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0013a"
down_revision = "0012"
branch_labels = None
depends_on = None

# What knowledge/regions.yml held (Twente) until this revision, from source
# 003_4f479158f4b574a5.txt r. 68-72, which names the organisations only; and the pilot's
# contact person the knowledge base gives (entry lessen-twente-contact, same source
# r. 117-123: name, role and e-mail, as that entry gives them), so that "bij wie kan ik
# terecht in Twente?", now answered from this directory, still names him.
TWENTE = "twente"
IMPORTED = (
    {"kind": "mbo_school", "organisation": "ROC van Twente"},
    {"kind": "mbo_school", "organisation": "Zone.College"},
    {
        "kind": "werkgeversservicepunt",
        "organisation": "het werkgeversservicepunt van de regio (partner in de pilot)",
    },
    {"kind": "sw_bedrijf", "organisation": "SWB Groep (sociaal werkbedrijf)"},
    {
        "kind": "anders",
        "role": "Projectleider pilot (2020)",
        "name": "Herbert de Witte",
        "organisation": "Zone.College",
        "email": "hdewitte@zone.college",
        "purpose": "de pilot Praktijkleren met een MBO-verklaring in Twente",
    },
)


def upgrade() -> None:
    contacts = op.create_table(
        "region_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("organisation", sa.String(length=150), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("purpose", sa.String(length=500), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_region_contacts_region", "region_contacts", ["region", "kind"])
    now = dt.datetime.utcnow()
    op.bulk_insert(
        contacts,
        [
            {
                "region": TWENTE,
                "role": None,
                "name": None,
                "email": None,
                "purpose": None,
                **contact,
                "updated_at": now,
            }
            for contact in IMPORTED
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_region_contacts_region", table_name="region_contacts")
    op.drop_table("region_contacts")

"""Practice confirmations: who said a practice is in place on a resource AWS's API cannot
show (self-managed databases), and when; one row per (workspace, practice, resource).

Revision ID: 0012_practice_confirmations
Revises: 0011_reports
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_practice_confirmations"
down_revision = "0011_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_confirmations",
        sa.Column("workspace", sa.String(32), nullable=False),
        sa.Column("practice", sa.String(64), nullable=False),
        sa.Column("resource", sa.String(200), nullable=False),
        sa.Column("confirmed_by", sa.String(32), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "workspace", "practice", "resource", name="pk_practice_confirmations"
        ),
    )


def downgrade() -> None:
    op.drop_table("practice_confirmations")

"""Org-wide installs (Enterprise Grid): the organisations installed, and the workspaces each
granted (``team_access_granted`` / ``team_access_revoked``).

Revision ID: 0015_org_installs
Revises: 0014_quiz_seasons
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_org_installs"
down_revision = "0014_quiz_seasons"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enterprises",
        sa.Column("enterprise_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("bot_user_id", sa.String(32), nullable=True),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("paused_reason", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("enterprise_id", name="pk_enterprises"),
    )
    op.create_table(
        "org_grants",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name="pk_org_grants"),
    )
    op.create_index("ix_org_grants_enterprise_id", "org_grants", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_org_grants_enterprise_id", table_name="org_grants")
    op.drop_table("org_grants")
    op.drop_table("enterprises")

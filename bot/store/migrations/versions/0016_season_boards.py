"""A season's final board goes through the claim protocol of every post made exactly once:
one row per season and channel (claimed → posted, or failed), so an attempt whose outcome is
unknown is looked for in Slack before the board is posted again. The season-wide claim
(``quiz_seasons.end_claimed_at``) gives way to these rows.

Revision ID: 0016_season_boards
Revises: 0015_org_installs
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_season_boards"
down_revision = "0015_org_installs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_season_boards",
        sa.Column("workspace", sa.String(32), nullable=False),
        sa.Column("season_id", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("claim_token", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("unsure_since", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("workspace", "season_id", "channel", name="pk_quiz_season_boards"),
    )
    with op.batch_alter_table("quiz_seasons") as batch:
        batch.drop_column("end_claimed_at")


def downgrade() -> None:
    with op.batch_alter_table("quiz_seasons") as batch:
        batch.add_column(sa.Column("end_claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.drop_table("quiz_season_boards")

"""Quiz seasons and challenges: the seasons, their channels, and the one open season of a
channel (a unique key).

Revision ID: 0014_quiz_seasons
Revises: 0013_digests
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_quiz_seasons"
down_revision = "0013_digests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_seasons",
        sa.Column("workspace", sa.String(32), nullable=False),
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("started_by", sa.String(32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("has_until", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "id", name="pk_quiz_seasons"),
    )
    op.create_index("ix_quiz_seasons_ended_at", "quiz_seasons", ["workspace", "ended_at"])
    op.create_table(
        "quiz_season_channels",
        sa.Column("workspace", sa.String(32), nullable=False),
        sa.Column("season_id", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint(
            "workspace", "season_id", "channel", name="pk_quiz_season_channels"
        ),
    )
    op.create_table(
        "quiz_open_seasons",
        sa.Column("workspace", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("season_id", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "channel", name="pk_quiz_open_seasons"),
    )


def downgrade() -> None:
    op.drop_table("quiz_open_seasons")
    op.drop_table("quiz_season_channels")
    op.drop_index("ix_quiz_seasons_ended_at", table_name="quiz_seasons")
    op.drop_table("quiz_seasons")

"""Quiz: when a channel's question is closed and its answer revealed — ``next`` (when the
next question is posted, the default) or ``end-of-day`` (at local midnight).

Revision ID: 0004_quiz_reveal
Revises: 0003_onboarding
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_quiz_reveal"
down_revision = "0003_onboarding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A constant server default: existing rows get "next" (today's behaviour); SQLite can add
    # a NOT NULL column this way without rebuilding the table.
    op.add_column(
        "quiz_subscriptions",
        sa.Column("reveal", sa.String(16), nullable=False, server_default="next"),
    )


def downgrade() -> None:
    with op.batch_alter_table("quiz_subscriptions") as batch:
        batch.drop_column("reveal")

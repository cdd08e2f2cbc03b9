"""Quiz: what a channel's questions are about — ``course`` (the default), ``ours`` (the
organisation's own databases) or ``mixed`` (taking turns).

Revision ID: 0006_quiz_topics
Revises: 0005_oauth
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_quiz_topics"
down_revision = "0005_oauth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A constant server default: existing rows get "course" (today's behaviour).
    op.add_column(
        "quiz_subscriptions",
        sa.Column("topics", sa.String(16), nullable=False, server_default="course"),
    )


def downgrade() -> None:
    with op.batch_alter_table("quiz_subscriptions") as batch:
        batch.drop_column("topics")

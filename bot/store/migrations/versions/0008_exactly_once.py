"""Exactly once via Slack and schedules that start when they are set:

* ``unsure_since`` on every claim table (quiz posts, lesson DMs, review DMs): when an earlier
  attempt's outcome is unknown (a lease taken over, a timeout, a 5xx), the claim time of that
  attempt; the next attempt first looks for the bot's own message in Slack from then on.
* ``quiz_posts.close_done_at``: a close (``chat.update``) claimed but never applied is taken
  over after the lease. Existing closed posts count as done.
* ``quiz_subscriptions.starts_at``: the first slot of a (new or changed) schedule is the first
  one at or after this instant. Existing subscriptions start at their ``created_at``.
* ``slack_access``: per channel, what the last history lookup or join found (the guarantee).

Revision ID: 0008_exactly_once
Revises: 0007_gaps
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_exactly_once"
down_revision = "0007_gaps"
branch_labels = None
depends_on = None

CLAIM_TABLES = ("quiz_posts", "onboarding_lessons", "onboarding_review_sends")


def upgrade() -> None:
    for table in CLAIM_TABLES:
        op.add_column(table, sa.Column("unsure_since", sa.DateTime(timezone=True), nullable=True))
    op.add_column("quiz_posts", sa.Column("close_done_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE quiz_posts SET close_done_at = closed_at WHERE state = 'closed'")
    op.add_column("quiz_subscriptions", sa.Column("starts_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE quiz_subscriptions SET starts_at = created_at")
    op.create_table(
        "slack_access",
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("guarantee", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", name="pk_slack_access"),
    )


def downgrade() -> None:
    op.drop_table("slack_access")
    with op.batch_alter_table("quiz_subscriptions") as batch:
        batch.drop_column("starts_at")
    with op.batch_alter_table("quiz_posts") as batch:
        batch.drop_column("close_done_at")
    for table in CLAIM_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("unsure_since")

"""People the bot stopped writing to, and DMs retried with a backoff:

* ``stopped_users``: per workspace and user, why the bot stopped sending them DMs (Slack said
  the person cannot be reached: ``user_disabled``, ``account_inactive`` with a working token,
  ``cannot_dm_bot`` …, or a DM kept failing). Cleared when the person uses the bot again.
* ``attempts`` and ``retry_at`` on the DM claim tables (lessons, reviews): transient failures
  so far, and when the next attempt may come (the backoff).

Revision ID: 0010_stopped_users
Revises: 0009_workspaces
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_stopped_users"
down_revision = "0009_workspaces"
branch_labels = None
depends_on = None

DM_TABLES = ("onboarding_lessons", "onboarding_review_sends")


def upgrade() -> None:
    op.create_table(
        "stopped_users",
        sa.Column("workspace", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "user_id", name="pk_stopped_users"),
    )
    for table in DM_TABLES:
        op.add_column(
            table, sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
        )
        op.add_column(table, sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in DM_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("retry_at")
            batch.drop_column("attempts")
    op.drop_table("stopped_users")

"""Quiz: subscriptions, posts (unique per channel and slot), answers (unique per post and user).

Revision ID: 0002_quiz
Revises: 0001_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_quiz"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_subscriptions",
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("at", sa.String(5), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("days", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_reason", sa.String(64), nullable=True),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("channel", name="pk_quiz_subscriptions"),
    )
    op.create_table(
        "quiz_posts",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("slot", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("claim_token", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_posts"),
        sa.UniqueConstraint("channel", "slot", name="uq_quiz_posts_channel_slot"),
    )
    op.create_index("ix_quiz_posts_channel_state", "quiz_posts", ["channel", "state"])
    op.create_table(
        "quiz_answers",
        sa.Column("post_id", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("option", sa.String(64), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "user_id", name="pk_quiz_answers"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["quiz_posts.id"], name="fk_quiz_answers_post_id_quiz_posts"
        ),
    )
    op.create_index("ix_quiz_answers_channel", "quiz_answers", ["channel"])
    op.create_index("ix_quiz_answers_user_id", "quiz_answers", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_quiz_answers_user_id", table_name="quiz_answers")
    op.drop_index("ix_quiz_answers_channel", table_name="quiz_answers")
    op.drop_table("quiz_answers")
    op.drop_index("ix_quiz_posts_channel_state", table_name="quiz_posts")
    op.drop_table("quiz_posts")
    op.drop_table("quiz_subscriptions")

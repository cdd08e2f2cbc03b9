"""Onboarding: users, lessons (one per user and lesson), lesson answers, FSRS cards, review
log, review DMs (unique per user and slot: one daily DM per local day), review items, settings.

Revision ID: 0003_onboarding
Revises: 0002_quiz
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_onboarding"
down_revision = "0002_quiz"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "onboarding_users",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("send_at", sa.String(5), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invited_by", sa.String(32), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name="pk_onboarding_users"),
    )
    op.create_table(
        "onboarding_lessons",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("claim_token", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "lesson_id", name="pk_onboarding_lessons"),
    )
    op.create_table(
        "onboarding_lesson_answers",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("question", sa.String(128), nullable=False),
        sa.Column("option", sa.String(64), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "user_id", "lesson_id", "question", name="pk_onboarding_lesson_answers"
        ),
    )
    op.create_table(
        "onboarding_cards",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("card_id", sa.String(128), nullable=False),
        sa.Column("fsrs", sa.Text(), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_via", sa.String(16), nullable=False),
        sa.Column("last_review", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "card_id", name="pk_onboarding_cards"),
    )
    op.create_index("ix_onboarding_cards_due", "onboarding_cards", ["due"])
    op.create_table(
        "onboarding_review_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("card_id", sa.String(128), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("hinted", sa.Boolean(), nullable=False),
        sa.Column("response_ms", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_onboarding_review_log"),
    )
    op.create_index(
        "ix_onboarding_review_log_user_id", "onboarding_review_log", ["user_id", "reviewed_at"]
    )
    op.create_table(
        "onboarding_review_sends",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("slot", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("cards", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("claim_token", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_onboarding_review_sends"),
        sa.UniqueConstraint("user_id", "slot", name="uq_onboarding_review_sends_user_id"),
    )
    op.create_table(
        "onboarding_review_items",
        sa.Column("send_id", sa.String(128), nullable=False),
        sa.Column("card_id", sa.String(128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("hinted", sa.Boolean(), nullable=False),
        sa.Column("option", sa.String(64), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("send_id", "card_id", name="pk_onboarding_review_items"),
        sa.ForeignKeyConstraint(
            ["send_id"],
            ["onboarding_review_sends.id"],
            name="fk_onboarding_review_items_send_id_onboarding_review_sends",
        ),
    )
    op.create_table(
        "onboarding_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_onboarding_settings"),
    )


def downgrade() -> None:
    op.drop_table("onboarding_settings")
    op.drop_table("onboarding_review_items")
    op.drop_table("onboarding_review_sends")
    op.drop_index("ix_onboarding_review_log_user_id", table_name="onboarding_review_log")
    op.drop_table("onboarding_review_log")
    op.drop_index("ix_onboarding_cards_due", table_name="onboarding_cards")
    op.drop_table("onboarding_cards")
    op.drop_table("onboarding_lesson_answers")
    op.drop_table("onboarding_lessons")
    op.drop_table("onboarding_users")

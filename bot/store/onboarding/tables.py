"""The onboarding tables (see :mod:`bot.store.onboarding` for what each holds)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from bot.store.schema import UtcDateTime, metadata
from bot.store.scope import workspace_column

onboarding_users = Table(
    "onboarding_users",
    metadata,
    workspace_column(),
    Column("user_id", String(32), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("tz", String(64), nullable=False),  # IANA key from users.info ("UTC" if unknown)
    Column("send_at", String(5), nullable=False),  # HH:MM local time for lesson/review DMs
    Column("invited_at", UtcDateTime(), nullable=True),  # welcome DM claimed
    Column("invited_by", String(32), nullable=True),  # who started it (None: joined a channel)
    Column("started_at", UtcDateTime(), nullable=True),  # pressed Start
    Column("stopped_at", UtcDateTime(), nullable=True),
    Column("completed_at", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("workspace", "user_id", name="pk_onboarding_users"),
)

onboarding_lessons = Table(
    "onboarding_lessons",
    metadata,
    workspace_column(),
    Column("user_id", String(32), nullable=False),
    Column("lesson_id", String(64), nullable=False),
    Column("number", Integer(), nullable=False),
    Column("local_date", Date(), nullable=False),  # in the user's zone when claimed
    Column("state", String(16), nullable=False),  # claimed | posted | failed
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),  # NULL: released, take it now
    Column("channel", String(32), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    Column("unsure_since", UtcDateTime(), nullable=True),  # bot.store.claims (0008_exactly_once)
    Column("attempts", Integer(), nullable=False, server_default="0"),  # transient failures
    Column("retry_at", UtcDateTime(), nullable=True),  # not retried before (the backoff)
    PrimaryKeyConstraint("workspace", "user_id", "lesson_id", name="pk_onboarding_lessons"),
)

onboarding_lesson_answers = Table(
    "onboarding_lesson_answers",
    metadata,
    workspace_column(),
    Column("user_id", String(32), nullable=False),
    Column("lesson_id", String(64), nullable=False),
    Column("question", String(128), nullable=False),  # the question's topic
    Column("option", String(64), nullable=False),
    Column("correct", Boolean(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint(
        "workspace", "user_id", "lesson_id", "question", name="pk_onboarding_lesson_answers"
    ),
)

onboarding_cards = Table(
    "onboarding_cards",
    metadata,
    workspace_column(),
    Column("user_id", String(32), nullable=False),
    Column("card_id", String(128), nullable=False),
    Column("fsrs", Text(), nullable=False),  # fsrs.Card.to_json()
    Column("due", UtcDateTime(), nullable=False),
    Column("state", String(16), nullable=False),  # learning | review | relearning
    Column("stability", Float(), nullable=True),
    Column("reps", Integer(), nullable=False),
    Column("lapses", Integer(), nullable=False),
    Column("added_at", UtcDateTime(), nullable=False),
    Column("added_via", String(16), nullable=False),  # lesson | quiz-me
    Column("last_review", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("workspace", "user_id", "card_id", name="pk_onboarding_cards"),
    Index("ix_onboarding_cards_due", "workspace", "due"),
)

onboarding_review_log = Table(
    "onboarding_review_log",
    metadata,
    workspace_column(),
    Column("id", Integer(), primary_key=True, autoincrement=True),
    Column("user_id", String(32), nullable=False),
    Column("card_id", String(128), nullable=False),
    Column("rating", Integer(), nullable=False),  # fsrs.Rating value: 1 Again .. 4 Easy
    Column("correct", Boolean(), nullable=False),
    Column("hinted", Boolean(), nullable=False),
    Column("response_ms", Integer(), nullable=True),
    Column("via", String(16), nullable=False),  # lesson | review
    Column("reviewed_at", UtcDateTime(), nullable=False),
    Index("ix_onboarding_review_log_user_id", "workspace", "user_id", "reviewed_at"),
)

onboarding_review_sends = Table(
    "onboarding_review_sends",
    metadata,
    workspace_column(),
    Column("id", String(128), nullable=False),  # "<user>/<slot>"
    Column("user_id", String(32), nullable=False),
    Column("slot", String(40), nullable=False),  # local date (daily) or now-<hex>
    Column("kind", String(16), nullable=False),  # daily | now
    Column("local_date", Date(), nullable=False),
    Column("cards", Text(), nullable=False),  # JSON list of card ids, in order
    Column("state", String(16), nullable=False),  # claimed | posted | failed
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),
    Column("channel", String(32), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    Column("unsure_since", UtcDateTime(), nullable=True),  # bot.store.claims (0008_exactly_once)
    Column("attempts", Integer(), nullable=False, server_default="0"),  # transient failures
    Column("retry_at", UtcDateTime(), nullable=True),  # not retried before (the backoff)
    PrimaryKeyConstraint("workspace", "id", name="pk_onboarding_review_sends"),
    UniqueConstraint("workspace", "user_id", "slot", name="uq_onboarding_review_sends_user_id"),
)

onboarding_review_items = Table(
    "onboarding_review_items",
    metadata,
    workspace_column(),
    Column("send_id", String(128), nullable=False),
    Column("card_id", String(128), nullable=False),
    Column("position", Integer(), nullable=False),
    Column("hinted", Boolean(), nullable=False),
    Column("option", String(64), nullable=True),
    Column("correct", Boolean(), nullable=True),
    Column("answered_at", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("workspace", "send_id", "card_id", name="pk_onboarding_review_items"),
    ForeignKeyConstraint(
        ["workspace", "send_id"],
        ["onboarding_review_sends.workspace", "onboarding_review_sends.id"],
        name="fk_onboarding_review_items_workspace_onboarding_review_sends",
        onupdate="CASCADE",
    ),
)

onboarding_settings = Table(
    "onboarding_settings",
    metadata,
    workspace_column(),
    Column("key", String(64), nullable=False),
    Column("value", String(200), nullable=False),
    Column("updated_by", String(32), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "key", name="pk_onboarding_settings"),
)

# people the bot stopped writing to (Slack cannot reach them), until they use the bot again
stopped_users = Table(
    "stopped_users",
    metadata,
    workspace_column(),
    Column("user_id", String(32), nullable=False),
    Column("reason", String(200), nullable=False),  # Slack's error, e.g. user_disabled
    Column("stopped_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "user_id", name="pk_stopped_users"),
)

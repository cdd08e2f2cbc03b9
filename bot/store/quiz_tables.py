"""The quiz's tables: subscriptions, posts (one per channel and scheduled day) and answers (one
per post and user). Read and written by :mod:`bot.store.quiz` and :mod:`bot.store.quiz_closes`;
the unique keys that make posting exactly once are described in :mod:`bot.store.quiz`."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from bot.store.schema import UtcDateTime, metadata
from bot.store.scope import workspace_column

quiz_subscriptions = Table(
    "quiz_subscriptions",
    metadata,
    workspace_column(),
    Column("channel", String(32), nullable=False),
    Column("at", String(5), nullable=False),  # HH:MM local wall time
    Column("tz", String(64), nullable=False),  # IANA key
    Column("days", String(32), nullable=False),  # weekdays | daily | mon,wed,fri
    Column("created_by", String(32), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("paused_reason", String(64), nullable=True),  # channel_not_found, not_in_channel ...
    Column("paused_at", UtcDateTime(), nullable=True),
    # when a question closes and its answer is revealed: next | end-of-day (migration 0004)
    Column("reveal", String(16), nullable=False, server_default="next"),
    # course | ours | mixed: what the questions are about (migration 0006_quiz_topics)
    Column("topics", String(16), nullable=False, server_default="course"),
    # the first slot of the schedule is the first one at or after this (0008_exactly_once)
    Column("starts_at", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("workspace", "channel", name="pk_quiz_subscriptions"),
)

quiz_posts = Table(
    "quiz_posts",
    metadata,
    workspace_column(),
    Column("id", String(128), nullable=False),  # "<channel>/<slot>"
    Column("channel", String(32), nullable=False),
    Column("slot", String(40), nullable=False),  # local date, or now-<n> for extras
    Column("kind", String(16), nullable=False),  # scheduled | extra
    Column("local_date", Date(), nullable=False),  # in the channel's time zone
    Column("tz", String(64), nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("question", Text(), nullable=False),  # JSON snapshot of the question as posted
    Column("scheduled_at", UtcDateTime(), nullable=True),
    Column("state", String(16), nullable=False),  # claimed | posted | closed | failed
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),  # NULL: released, take it now
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("closed_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    Column("unsure_since", UtcDateTime(), nullable=True),  # bot.store.claims (0008_exactly_once)
    Column("close_done_at", UtcDateTime(), nullable=True),  # chat.update of the close applied
    PrimaryKeyConstraint("workspace", "id", name="pk_quiz_posts"),
    UniqueConstraint("workspace", "channel", "slot", name="uq_quiz_posts_channel_slot"),
    Index("ix_quiz_posts_channel_state", "workspace", "channel", "state"),
)

quiz_answers = Table(
    "quiz_answers",
    metadata,
    workspace_column(),
    Column("post_id", String(128), nullable=False),
    Column("user_id", String(32), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("option", String(64), nullable=False),  # the option key
    Column("correct", Boolean(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "post_id", "user_id", name="pk_quiz_answers"),
    ForeignKeyConstraint(
        ["workspace", "post_id"],
        ["quiz_posts.workspace", "quiz_posts.id"],
        name="fk_quiz_answers_workspace_quiz_posts",
        onupdate="CASCADE",
    ),
    Index("ix_quiz_answers_channel", "workspace", "channel"),
    Index("ix_quiz_answers_user_id", "workspace", "user_id"),
)

"""Workspaces: every table of workspace data gets a ``workspace`` column (Slack's team id),
first in its keys, since Slack's ids are not unique across workspaces.

Existing rows become unassigned (``''``): no network call here. They are given to the bot
token's workspace at the first start (``auth.test``) or by ``whoowns db upgrade --workspace
T…`` (:func:`bot.store.workspaces.adopt_unassigned`). The column has no default afterwards: a
write that forgets its workspace fails instead of landing nowhere.

Order matters for the foreign keys (and SQLite rebuilds each table): the children drop theirs,
the parents get their new keys, then the children get composite keys ``(workspace, post_id)``
/ ``(workspace, send_id)`` with ``ON UPDATE CASCADE`` (stamping a parent moves its children).

Revision ID: 0009_workspaces
Revises: 0008_exactly_once
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_workspaces"
down_revision = "0008_exactly_once"
branch_labels = None
depends_on = None

# table -> (its primary key after, before)
KEYS: dict[str, tuple[list[str], list[str]]] = {
    "processed_events": (["workspace", "event_id"], ["event_id"]),
    "quiz_subscriptions": (["workspace", "channel"], ["channel"]),
    "quiz_posts": (["workspace", "id"], ["id"]),
    "quiz_answers": (["workspace", "post_id", "user_id"], ["post_id", "user_id"]),
    "onboarding_users": (["workspace", "user_id"], ["user_id"]),
    "onboarding_lessons": (["workspace", "user_id", "lesson_id"], ["user_id", "lesson_id"]),
    "onboarding_lesson_answers": (
        ["workspace", "user_id", "lesson_id", "question"],
        ["user_id", "lesson_id", "question"],
    ),
    "onboarding_cards": (["workspace", "user_id", "card_id"], ["user_id", "card_id"]),
    "onboarding_review_sends": (["workspace", "id"], ["id"]),
    "onboarding_review_items": (["workspace", "send_id", "card_id"], ["send_id", "card_id"]),
    "onboarding_settings": (["workspace", "key"], ["key"]),
    "slack_access": (["workspace", "channel"], ["channel"]),
}
LOG_TABLES = ["onboarding_review_log"]  # a workspace column, key unchanged (autoincrement id)

# name -> (table, columns after, columns before)
UNIQUES = {
    "uq_quiz_posts_channel_slot": ("quiz_posts", ["workspace", "channel", "slot"], ["channel", "slot"]),
    "uq_onboarding_review_sends_user_id": (
        "onboarding_review_sends",
        ["workspace", "user_id", "slot"],
        ["user_id", "slot"],
    ),
}
INDEXES = {
    "ix_quiz_posts_channel_state": (
        "quiz_posts",
        ["workspace", "channel", "state"],
        ["channel", "state"],
    ),
    "ix_quiz_answers_channel": ("quiz_answers", ["workspace", "channel"], ["channel"]),
    "ix_quiz_answers_user_id": ("quiz_answers", ["workspace", "user_id"], ["user_id"]),
    "ix_onboarding_cards_due": ("onboarding_cards", ["workspace", "due"], ["due"]),
    "ix_onboarding_review_log_user_id": (
        "onboarding_review_log",
        ["workspace", "user_id", "reviewed_at"],
        ["user_id", "reviewed_at"],
    ),
}
# child -> (old name, old columns, parent, parent's old key, new name)
FOREIGN_KEYS = {
    "quiz_answers": (
        "fk_quiz_answers_post_id_quiz_posts",
        "post_id",
        "quiz_posts",
        "id",
        "fk_quiz_answers_workspace_quiz_posts",
    ),
    "onboarding_review_items": (
        "fk_onboarding_review_items_send_id_onboarding_review_sends",
        "send_id",
        "onboarding_review_sends",
        "id",
        "fk_onboarding_review_items_workspace_onboarding_review_sends",
    ),
}
PARENTS_FIRST = [
    "processed_events",
    "quiz_subscriptions",
    "quiz_posts",
    "onboarding_users",
    "onboarding_lessons",
    "onboarding_lesson_answers",
    "onboarding_cards",
    "onboarding_review_sends",
    "onboarding_settings",
    "slack_access",
    "onboarding_review_log",
    "quiz_answers",
    "onboarding_review_items",
]


def _rekey(table: str, *, up: bool) -> None:
    """One table's keys, indexes and unique constraints to the new (``up``) or old shape,
    in one rebuild on SQLite (a parent must not be rebuilt once its children point at it)."""
    with op.batch_alter_table(table, recreate="always" if _sqlite() else "auto") as batch:
        if up:  # no default from now on: a write that forgets its workspace fails
            batch.alter_column(
                "workspace",
                existing_type=sa.String(32),
                existing_nullable=False,
                server_default=None,
            )
        for name, (owner, after, before) in INDEXES.items():
            if owner == table:
                batch.drop_index(name)
        for name, (owner, after, before) in UNIQUES.items():
            if owner == table:
                batch.drop_constraint(name, type_="unique")
        if table in KEYS:
            after, before = KEYS[table]
            batch.drop_constraint(f"pk_{table}", type_="primary")
            batch.create_primary_key(f"pk_{table}", after if up else before)
        for name, (owner, after, before) in UNIQUES.items():
            if owner == table:
                batch.create_unique_constraint(name, after if up else before)
        for name, (owner, after, before) in INDEXES.items():
            if owner == table:
                batch.create_index(name, after if up else before)
        if table in FOREIGN_KEYS:
            old, column, parent, key, new = FOREIGN_KEYS[table]
            if up:
                batch.create_foreign_key(
                    new,
                    parent,
                    ["workspace", column],
                    ["workspace", key],
                    onupdate="CASCADE",
                )
            else:
                batch.create_foreign_key(old, parent, [column], [key])
        if not up:
            batch.drop_column("workspace")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_foreign_keys(names: dict[str, str]) -> None:
    for child, name in names.items():
        with op.batch_alter_table(child, recreate="always" if _sqlite() else "auto") as batch:
            batch.drop_constraint(name, type_="foreignkey")


def upgrade() -> None:
    for table in PARENTS_FIRST:
        # a constant default: SQLite adds a NOT NULL column without rebuilding the table
        op.add_column(
            table, sa.Column("workspace", sa.String(32), nullable=False, server_default="")
        )
    _drop_foreign_keys({child: fk[0] for child, fk in FOREIGN_KEYS.items()})
    for table in PARENTS_FIRST:
        _rekey(table, up=True)


def downgrade() -> None:
    """Back to one workspace: only unassigned rows and those of ONE workspace fit the old keys
    (two workspaces' rows with the same ids would collide: downgrade after forgetting)."""
    _drop_foreign_keys({child: fk[4] for child, fk in FOREIGN_KEYS.items()})
    for table in PARENTS_FIRST:
        _rekey(table, up=False)

"""What the bot last found out about reading a channel's history: whether it can
look for its own message after a crash (exactly once), or not (``missing_scope``,
``not_in_channel``: at most one repeat, only when the process dies between Slack's answer
and the database write). Written by the delivery's lookup and by a subscribe's join."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, PrimaryKeyConstraint, String, Table, select

from bot.store.schema import UtcDateTime, metadata
from bot.store.scope import fields, mine, workspace_column

if TYPE_CHECKING:
    from bot.store.engine import Store

EXACTLY_ONCE, AT_MOST_ONE_REPEAT = "exactly-once", "one-repeat"

slack_access = Table(
    "slack_access",
    metadata,
    workspace_column(),
    Column("channel", String(32), nullable=False),
    Column("guarantee", String(16), nullable=False),  # exactly-once | one-repeat
    Column("reason", String(64), nullable=True),  # missing_scope, not_in_channel …
    Column("checked_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "channel", name="pk_slack_access"),
)


@dataclass(frozen=True)
class Access:
    channel: str
    guarantee: str
    reason: str | None
    checked_at: datetime


class AccessStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, channel: str, guarantee: str, reason: str | None, now: datetime) -> None:
        values = {"guarantee": guarantee, "reason": reason and reason[:64], "checked_at": now}
        stmt = (
            self.store.insert(slack_access)
            .values(workspace=self.store.workspace, channel=channel, **values)
            .on_conflict_do_update(
                index_elements=[slack_access.c.workspace, slack_access.c.channel], set_=values
            )
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def of(self, channels: list[str]) -> dict[str, Access]:
        """channel -> what was last found (channels never checked are missing)."""
        stmt = select(slack_access).where(
            mine(slack_access, self.store), slack_access.c.channel.in_(channels)
        )
        rows = self.store.read(lambda conn: list(conn.execute(stmt)))
        return {r.channel: Access(**fields(r)) for r in rows}

"""Knowledge gaps: questions the bot could not answer fully, one row per (text, kind).

The text is already normalised by the caller (:mod:`bot.gaps.text`): lower case, no markup,
no user or channel id. Asking the same question again adds one to its ``count`` and moves
``last_seen`` (``INSERT … ON CONFLICT DO UPDATE``, the same on SQLite and PostgreSQL).
``workspace`` is ``''`` for now (room for one install serving several workspaces).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Integer, PrimaryKeyConstraint, String, Table, delete, select

from bot.store.schema import UtcDateTime, metadata

TEXT_LENGTH = 200  # the ``text`` column's size: longer questions are cut by the caller

knowledge_gaps = Table(
    "knowledge_gaps",
    metadata,
    Column("workspace", String(32), nullable=False, server_default=""),
    Column("text", String(TEXT_LENGTH), nullable=False),
    # unknown_term | no_intent | low_confidence | reported (bot.store.reports)
    Column("kind", String(16), nullable=False),
    Column("count", Integer(), nullable=False),
    Column("first_seen", UtcDateTime(), nullable=False),
    Column("last_seen", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "text", "kind", name="pk_knowledge_gaps"),
    Index("ix_knowledge_gaps_last_seen", "last_seen"),
)


@dataclass(frozen=True)
class GapRow:
    text: str
    kind: str
    count: int
    first_seen: datetime
    last_seen: datetime


def counted(store: Any, workspace: str, text: str, kind: str, now: datetime) -> Any:
    """The statement adding one to the gap ``(text, kind)`` of ``workspace`` (an upsert)."""
    t = knowledge_gaps
    stmt = store.insert(t).values(
        workspace=workspace,
        text=text[:TEXT_LENGTH],
        kind=kind,
        count=1,
        first_seen=now,
        last_seen=now,
    )
    return stmt.on_conflict_do_update(
        index_elements=[t.c.workspace, t.c.text, t.c.kind],
        set_={"count": t.c.count + 1, "last_seen": stmt.excluded.last_seen},
    )


class GapStore:
    """The knowledge gaps of one workspace (``''`` until workspaces exist)."""

    def __init__(self, store: Any, workspace: str | None = None) -> None:
        self.store = store
        # the store's workspace (bot.store.scope: a scoped view), unless named
        self.workspace = store.workspace if workspace is None else workspace

    def record(self, text: str, kind: str, now: datetime) -> None:
        """One more ask of ``text`` (its first: count 1, first and last seen ``now``)."""
        stmt = counted(self.store, self.workspace, text, kind, now)
        self.store.write(lambda conn: conn.execute(stmt))

    def top(
        self, *, since: datetime, limit: int, offset: int = 0, kinds: Sequence[str] = ()
    ) -> list[GapRow]:
        """Gaps (of ``kinds``, or every kind) last seen at or after ``since``, the most asked
        first (then the latest)."""
        t = knowledge_gaps
        stmt = (
            select(t.c.text, t.c.kind, t.c.count, t.c.first_seen, t.c.last_seen)
            .where(t.c.workspace == self.workspace, t.c.last_seen >= since)
            .order_by(t.c.count.desc(), t.c.last_seen.desc(), t.c.text, t.c.kind)
            .limit(limit)
            .offset(offset)
        )
        if kinds:
            stmt = stmt.where(t.c.kind.in_(list(kinds)))
        return self.store.read(lambda conn: [GapRow(*row) for row in conn.execute(stmt)])

    def dismiss(self, text: str, kinds: Sequence[str] = ()) -> int:
        """Drop ``text`` (every kind, or only ``kinds``); how many rows went."""
        t = knowledge_gaps
        stmt = delete(t).where(t.c.workspace == self.workspace, t.c.text == text)
        if kinds:
            stmt = stmt.where(t.c.kind.in_(list(kinds)))
        return int(self.store.write(lambda conn: conn.execute(stmt).rowcount))

    def purge(self, before: datetime) -> int:
        """Forget gaps last seen before ``before`` (every workspace); how many."""
        stmt = delete(knowledge_gaps).where(knowledge_gaps.c.last_seen < before)
        return int(self.store.write(lambda conn: conn.execute(stmt).rowcount))

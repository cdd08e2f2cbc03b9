"""Answers reported as wrong or unclear by the people who read them, one row per report.

A report keeps the question (normalised by the caller, as a gap is: no markup, no user or
channel id), the answer's intent and service ids, an optional one-line reason and, only when
the person agreed to be contacted, their user id. Its ``key`` (a digest of the card and the
person, made by the caller) is unique per workspace: a double click or a second submit of the
same dialog inserts nothing (``INSERT … ON CONFLICT DO NOTHING``). A new report also counts
one more ``reported`` gap of its question (:mod:`bot.store.gaps`), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, PrimaryKeyConstraint, String, Table, delete, select
from sqlalchemy.engine import Connection

from bot.store.gaps import TEXT_LENGTH, counted, knowledge_gaps
from bot.store.schema import UtcDateTime, metadata
from bot.store.scope import mine, workspace_column

KIND = "reported"  # the gap kind a report counts as
KEY_LENGTH = 64
INTENT_LENGTH = 32
SERVICES_LENGTH = 300
REASON_LENGTH = 200
USER_LENGTH = 32

answer_reports = Table(
    "answer_reports",
    metadata,
    workspace_column(),
    Column("key", String(KEY_LENGTH), nullable=False),
    Column("text", String(TEXT_LENGTH), nullable=False),
    Column("intent", String(INTENT_LENGTH), nullable=False),
    Column("services", String(SERVICES_LENGTH), nullable=False),  # ids, comma-separated
    Column("reason", String(REASON_LENGTH), nullable=False),  # "" when none was given
    Column("contact", String(USER_LENGTH), nullable=True),  # only when they said we may
    Column("reported_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "key", name="pk_answer_reports"),
    Index("ix_answer_reports_text", "workspace", "text", "reported_at"),
)


@dataclass(frozen=True)
class ReportRow:
    key: str
    text: str
    intent: str
    services: tuple[str, ...]
    reason: str
    contact: str | None
    reported_at: datetime


def _row(row: Any) -> ReportRow:
    m = row._mapping
    services = tuple(s for s in str(m["services"]).split(",") if s)
    return ReportRow(
        m["key"], m["text"], m["intent"], services, m["reason"], m["contact"], m["reported_at"]
    )


class ReportStore:
    """The reports of the store's workspace (``store.scoped("T…")``)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def record(self, report: ReportRow) -> bool:
        """Keep ``report``; False when a report with its key is already kept (nothing done)."""
        t = answer_reports
        insert = (
            self.store.insert(t)
            .values(
                workspace=self.store.workspace,
                key=report.key[:KEY_LENGTH],
                text=report.text[:TEXT_LENGTH],
                intent=report.intent[:INTENT_LENGTH],
                services=",".join(report.services)[:SERVICES_LENGTH],
                reason=report.reason[:REASON_LENGTH],
                contact=report.contact,
                reported_at=report.reported_at,
            )
            .on_conflict_do_nothing(index_elements=["workspace", "key"])
            .returning(t.c.key)
        )
        gap = counted(self.store, self.store.workspace, report.text, KIND, report.reported_at)

        def run(conn: Connection) -> bool:
            if conn.execute(insert).first() is None:
                return False
            conn.execute(gap)
            return True

        return bool(self.store.write(run))

    def latest(self, text: str, *, limit: int = 3) -> list[ReportRow]:
        """The latest reports of the question ``text``, newest first."""
        t = answer_reports
        stmt = (
            select(t)
            .where(mine(t, self.store), t.c.text == text)
            .order_by(t.c.reported_at.desc(), t.c.key)
            .limit(limit)
        )
        return self.store.read(lambda conn: [_row(r) for r in conn.execute(stmt)])

    def dismiss(self, texts: Sequence[str]) -> int:
        """Forget the reports of these questions; how many went."""
        t = answer_reports
        stmt = delete(t).where(mine(t, self.store), t.c.text.in_(list(texts)))
        return int(self.store.write(lambda conn: conn.execute(stmt).rowcount))

    def purge(self, before: datetime) -> int:
        """Forget reports made before ``before`` (every workspace); how many."""
        stmt = delete(answer_reports).where(answer_reports.c.reported_at < before)
        return int(self.store.write(lambda conn: conn.execute(stmt).rowcount))


@dataclass(frozen=True)
class GapsWork:
    """What the gaps' minute job may have to do, read across every workspace at once."""

    stale: frozenset[str]  # workspaces holding a gap or a report older than the retention
    recorded: frozenset[str]  # workspaces holding a gap the knowledge could not answer


def gaps_work(store: Any, before: datetime) -> GapsWork:
    """The workspaces with gaps or reports to forget (older than ``before``), and those with
    gaps to re-check against the knowledge (every kind but a person's report)."""
    g, r = knowledge_gaps.c, answer_reports.c
    old_gaps = select(g.workspace).where(g.last_seen < before).distinct()
    old_reports = select(r.workspace).where(r.reported_at < before).distinct()
    recorded = select(g.workspace).where(g.kind != KIND).distinct()

    def run(conn: Connection) -> GapsWork:
        stale = {row[0] for row in conn.execute(old_gaps)}
        stale |= {row[0] for row in conn.execute(old_reports)}
        return GapsWork(frozenset(stale), frozenset(row[0] for row in conn.execute(recorded)))

    result: GapsWork = store.read(run)
    return result

"""Table declarations on ONE shared ``MetaData``.

Feature modules (``bot/store/quiz.py``, ``bot/store/onboarding/``) declare their tables
on :data:`metadata` too, and add an Alembic migration creating them. Use
:class:`UtcDateTime` for every timestamp: it stores UTC on both databases and always gives
back an aware UTC ``datetime`` (SQLite has no time zones).
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Column, DateTime, Index, MetaData, PrimaryKeyConstraint, String, Table
from sqlalchemy.types import TypeDecorator

from bot.store.scope import workspace_column

# Predictable constraint names, so later migrations can refer to them on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored as UTC (``timestamptz`` on PostgreSQL, text on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware UTC datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# Events API deliveries already handled (dedup by event_id; retention: see Store.claim_event).
processed_events = Table(
    "processed_events",
    metadata,
    workspace_column(),
    Column("event_id", String(128), nullable=False),
    Column("seen_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "event_id", name="pk_processed_events"),
    Index("ix_processed_events_seen_at", "seen_at"),
)


def load_all_tables() -> MetaData:
    """Import every module of ``bot.store`` so feature tables register on :data:`metadata`."""
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name not in ("migrations",):
            importlib.import_module(f"bot.store.{module.name}")
    return metadata

"""The answer_reports table on both databases: its migration (up and down), its schema as the
code declares it, one row per key, and the workspace it belongs to."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.store import open_store
from bot.store.gaps import GapStore
from bot.store.migrate import alembic_config, head_revision
from bot.store.reports import ReportRow, ReportStore
from bot.store.schema import load_all_tables

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def report(key: str = "k1", text: str = "patching aurora", **changes) -> ReportRow:
    fields = dict(
        key=key,
        text=text,
        intent="who_owns",
        services=("aurora-serverless", "aurora-provisioned"),
        reason="wrong owner",
        contact=None,
        reported_at=T0,
    )
    return ReportRow(**{**fields, **changes})


def test_the_migration_creates_what_the_code_declares_and_goes_back_down(db_url):
    store = open_store(db_url)
    try:
        assert store.current_revision() == head_revision()
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), load_all_tables())
        assert [d for d in diff if "answer_reports" in repr(d)] == []
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0010_stopped_users")  # before reports
        assert "answer_reports" not in inspect(store.engine).get_table_names()
        assert store.upgrade() == head_revision()
        assert "answer_reports" in inspect(store.engine).get_table_names()
    finally:
        store.close()


def test_a_key_is_kept_once_and_counts_one_reported_gap(store):
    scoped = store.scoped("T0ONE")
    reports = ReportStore(scoped)
    assert reports.record(report()) is True
    assert reports.record(report(reason="again")) is False
    assert reports.record(report("k2", contact="U0ALICE", reported_at=T0 + timedelta(hours=1)))
    [newest, oldest] = reports.latest("patching aurora")
    assert (newest.contact, oldest.reason) == ("U0ALICE", "wrong owner")
    assert oldest.services == ("aurora-serverless", "aurora-provisioned")
    [gap] = GapStore(scoped).top(since=T0, limit=5)
    assert (gap.text, gap.kind, gap.count) == ("patching aurora", "reported", 2)


def test_each_workspace_sees_only_its_own_reports(store):
    one, two = ReportStore(store.scoped("T0ONE")), ReportStore(store.scoped("T0TWO"))
    assert one.record(report()) and two.record(report())  # the same key: two workspaces
    assert two.dismiss(["patching aurora"]) == 1
    assert len(one.latest("patching aurora")) == 1 and two.latest("patching aurora") == []
    assert one.purge(T0 + timedelta(seconds=1)) == 1
    assert one.latest("patching aurora") == []

"""Shared fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    """Nothing a test runs writes into the real data dir (``whoowns ask`` caches there)."""
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "whoowns-data"))


@pytest.fixture(autouse=True)
def _patient_database_calls(request, monkeypatch):
    """Stores opened in-process give a PostgreSQL call ``TEST_CALL_DEADLINE_S`` instead of
    the product's 2 s (:mod:`tests.support.databases` says why); a test marked
    ``request_deadline`` (the deadline is what it checks) keeps the product's. The statement
    and lock timeouts are unchanged."""
    from bot.store import engine
    from tests.support.databases import REQUEST_CALL_DEADLINE_S, TEST_CALL_DEADLINE_S

    assert engine.PG_CALL_DEADLINE_S == REQUEST_CALL_DEADLINE_S  # the product's, as documented
    if request.node.get_closest_marker("request_deadline") is None:
        monkeypatch.setattr(engine, "PG_CALL_DEADLINE_S", TEST_CALL_DEADLINE_S)


@pytest.fixture(autouse=True)
def _root_logging():
    """A command run in-process (``main([...])``) sets up logging for a real process: its
    redacting handler rewrites records before pytest's capture sees them. Each test gets the
    root logger back as it found it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(scope="session")
def knowledge():
    """The knowledge shipped with the project, loaded once."""
    from bot.features import load_knowledge

    return load_knowledge()


@pytest.fixture(scope="session")
def matcher(knowledge):
    from bot.intent import IntentMatcher

    return IntentMatcher(knowledge)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A database URL for one test: a SQLite file, then a fresh PostgreSQL schema.

    Suites using it run against both databases (PostgreSQL from WHOOWNS_TEST_POSTGRES_URL;
    skipped without it, failing when CI is set). Nothing is migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'whoowns.db'}"
        return
    from tests.support.databases import fresh_postgres_schema

    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture
def store(db_url):
    """An open, migrated bot.store.Store on ``db_url`` (both databases)."""
    from bot.store import open_store

    opened = open_store(db_url)
    yield opened
    opened.close()

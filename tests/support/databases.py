"""Test databases: a SQLite file, or a fresh PostgreSQL schema dropped afterwards.

The PostgreSQL URL comes from ``WHOOWNS_TEST_POSTGRES_URL``. Without it the PostgreSQL half
of a suite is skipped — except when ``CI`` is set, where it fails loudly.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

POSTGRES_ENV = "WHOOWNS_TEST_POSTGRES_URL"
# How long one PostgreSQL call of a request may take in the product (bot.store.engine) ...
REQUEST_CALL_DEADLINE_S = 2.0
# ... and in a test: the CI machine's PostgreSQL (every test its own schema, their files synced
# at each checkpoint) now and then stalls a simple read for a few seconds, which would open the
# store's fail-fast window in the middle of a test about something else
TEST_CALL_DEADLINE_S = 15.0


def postgres_base_url() -> str:
    """The server URL, or skip (fail under CI) when it is not configured."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(
            f"{POSTGRES_ENV} is not set but CI is: the PostgreSQL half of the store tests must "
            f"run in CI (e.g. {POSTGRES_ENV}=postgresql://postgres@127.0.0.1:5432/test)",
            pytrace=False,
        )
    pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_ENV} to run them")


def with_search_path(url: str, schema: str) -> str:
    """``url`` whose connections use ``schema`` first (libpq ``options=-csearch_path=…``)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@contextlib.contextmanager
def fresh_postgres_schema(base_url: str | None = None) -> Iterator[str]:
    """Yield a database URL pointing at a new, empty schema; drop it afterwards."""
    import psycopg

    base = base_url or postgres_base_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    conninfo = base.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(base, schema)
    finally:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

"""A store scoped to a workspace is a view of the one database: the same connections and the
same fail-fast window (a database down for one workspace is down for all)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store import StoreUnavailable
from bot.store.connect import create_store_engine
from bot.store.engine import Store


def test_a_view_that_finds_the_database_down_makes_every_view_fail_fast():
    url = "postgresql://whoowns@127.0.0.1:1/whoowns"  # nothing listens on port 1
    root = Store(create_store_engine(url), url)
    acme, beta = root.scoped("T0ACME"), root.scoped("T0BETA")
    assert (acme.workspace, beta.workspace, root.workspace) == ("T0ACME", "T0BETA", "")
    with pytest.raises(StoreUnavailable, match="connection refused"):
        acme.read(lambda conn: conn.execute(select(1)).scalar())
    for store in (beta, root):
        with pytest.raises(StoreUnavailable, match="not trying again"):
            store.read(lambda conn: conn.execute(select(1)).scalar())
    root.close()


def test_a_view_needs_a_workspace():
    url = "sqlite:///:memory:"
    with pytest.raises(ValueError, match="team id"):
        Store(create_store_engine(url), url).scoped("")

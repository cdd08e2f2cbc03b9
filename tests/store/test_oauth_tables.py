"""Migration 0005_oauth creates exactly the tables slack_sdk's SQLAlchemy stores expect, and
the stores work on them in the bot's own database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, String, inspect, update

from bot.store import open_store
from bot.store.oauth import OAUTH_TABLES, installation_store, slack_oauth_states, state_store
from bot.store.schema import load_all_tables


def _columns(engine, table: str) -> dict[str, tuple[str, bool]]:
    return {
        c["name"]: (type(c["type"]).__name__, c["nullable"])
        for c in inspect(engine).get_columns(table)
    }


def test_migrated_tables_are_what_the_slack_sdk_stores_build(db_url):
    store = open_store(db_url)
    try:
        # the metadata the stores build for themselves (create_tables() would create this)
        expected = MetaData()
        for table in SQLAlchemyInstallationStore("1.2", store.engine).metadata.sorted_tables:
            table.to_metadata(expected)
        for table in SQLAlchemyOAuthStateStore(600, store.engine).metadata.sorted_tables:
            table.to_metadata(expected)
        assert sorted(expected.tables) == sorted(OAUTH_TABLES)
        with store.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), expected
            )
        mine = [d for d in diff if any(name in repr(d) for name in OAUTH_TABLES)]
        assert mine == []
        for name in OAUTH_TABLES:  # names and nullability, column by column
            want = {c.name: c.nullable for c in expected.tables[name].columns}
            got = {c["name"]: c["nullable"] for c in inspect(store.engine).get_columns(name)}
            assert got == want
        indexes = {i["name"] for n in OAUTH_TABLES for i in inspect(store.engine).get_indexes(n)}
        assert {"slack_installations_idx", "slack_bots_idx"} <= indexes
        # the comparison does see a column the stores would want differently
        expected.tables["slack_bots"].c.bot_token.type = String(100)
        with store.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), expected
            )
        assert [d for d in diff if "bot_token" in repr(d)]
    finally:
        store.close()


def test_the_schema_in_code_matches_the_migrations(db_url):
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), load_all_tables())
        mine = [d for d in diff if any(n in repr(d) for n in (*OAUTH_TABLES, "workspaces"))]
        assert mine == []
    finally:
        store.close()


def test_an_installation_round_trips_and_is_deleted(db_url):
    store = open_store(db_url)
    try:
        installs = installation_store(store, client_id="111.222")
        expires = datetime.now(timezone.utc) + timedelta(hours=12)
        installs.save(
            Installation(
                app_id="A0WHOOWNS",
                team_id="T1",
                team_name="Acme",
                bot_token="xoxe.xoxb-1-T1",
                bot_id="B1",
                bot_user_id="U0BOT1",
                bot_scopes="commands,chat:write",
                bot_refresh_token="xoxe-1-T1",
                bot_token_expires_at=int(expires.timestamp()),
                user_id="U1",
            )
        )
        found = installs.find_installation(enterprise_id=None, team_id="T1")
        assert found is not None and found.bot_token == "xoxe.xoxb-1-T1"
        assert found.bot_refresh_token == "xoxe-1-T1"
        assert abs(found.bot_token_expires_at - int(expires.timestamp())) <= 1
        bot = installs.find_bot(enterprise_id=None, team_id="T1")
        assert bot is not None and bot.bot_user_id == "U0BOT1"
        # another app's client id sees nothing of it
        other = installation_store(store, client_id="333.444")
        assert other.find_installation(enterprise_id=None, team_id="T1") is None
        installs.delete_all(enterprise_id=None, team_id="T1")
        assert installs.find_installation(enterprise_id=None, team_id="T1") is None
        assert installs.find_bot(enterprise_id=None, team_id="T1") is None
    finally:
        store.close()


def test_a_state_is_consumed_once_and_expires(db_url):
    store = open_store(db_url)
    try:
        states = state_store(store, expiration_seconds=600)
        state = states.issue()
        assert states.consume(state) is True
        assert states.consume(state) is False  # single use
        assert states.consume("forged-state") is False
        stale = states.issue()
        past = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=1)
        with store.engine.begin() as conn:  # as if its 600 s were over
            conn.execute(
                update(slack_oauth_states)
                .where(slack_oauth_states.c.state == stale)
                .values(expire_at=past)
            )
        assert states.consume(stale) is False
    finally:
        store.close()

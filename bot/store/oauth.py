"""slack_sdk's OAuth stores in the bot's own database (OAuth mode: installs in several
workspaces).

The tables are slack_sdk's own (``slack_installations``, ``slack_bots``,
``slack_oauth_states``), declared here with its builders on the shared metadata and created
by the migration ``0005_oauth`` — never by ``create_tables()`` at start.
``tests/store/test_oauth_tables.py`` checks that the migrated tables are exactly what the
stores expect.

    installations = installation_store(store, client_id)   # SQLAlchemyInstallationStore
    states = state_store(store, expiration_seconds=600)     # SQLAlchemyOAuthStateStore

On SQLite, lookups run in DEFERRED transactions (no write lock for a read) and saves and
deletes take the write lock at BEGIN, like the rest of the store.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.store.engine import Store
from bot.store.schema import metadata

INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.default_installations_table_name
BOTS_TABLE = SQLAlchemyInstallationStore.default_bots_table_name
STATES_TABLE = SQLAlchemyOAuthStateStore.default_table_name
OAUTH_TABLES = (INSTALLATIONS_TABLE, BOTS_TABLE, STATES_TABLE)

# on the shared metadata, so the schema in code is the whole schema (Alembic's comparison)
slack_installations = SQLAlchemyInstallationStore.build_installations_table(
    metadata, INSTALLATIONS_TABLE
)
slack_bots = SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS_TABLE)
slack_oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES_TABLE)


class SplitInstallationStore(InstallationStore):
    """One SQLAlchemyInstallationStore for lookups (read transactions) and one for writes."""

    def __init__(self, reads: SQLAlchemyInstallationStore, writes: SQLAlchemyInstallationStore):
        self.reads = reads
        self.writes = writes

    @property
    def logger(self) -> Any:
        return self.writes.logger

    def save(self, installation: Installation) -> None:
        self.writes.save(installation)

    def save_bot(self, bot: Bot) -> None:
        self.writes.save_bot(bot)

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        return self.reads.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return self.reads.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.writes.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> None:
        self.writes.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


def installation_store(store: Store, client_id: str) -> SplitInstallationStore:
    """Installations and bot tokens of the app ``client_id`` (every lookup filters on it)."""
    reads = store.engine.execution_options(sqlite_begin="DEFERRED")
    return SplitInstallationStore(
        SQLAlchemyInstallationStore(client_id=client_id, engine=reads),
        SQLAlchemyInstallationStore(client_id=client_id, engine=store.engine),
    )


def state_store(store: Store, *, expiration_seconds: int) -> SQLAlchemyOAuthStateStore:
    """OAuth ``state`` values: each valid for ``expiration_seconds``, consumed once."""
    return SQLAlchemyOAuthStateStore(expiration_seconds=expiration_seconds, engine=store.engine)

"""Workspaces in the store: every row of workspace data carries its Slack workspace.

A workspace is Slack's team id (``T…``; an Enterprise Grid org id may join it later). Slack's
ids are not unique across workspaces (two workspaces may both have a ``C1`` or a ``U1``), so
the ``workspace`` column is the first column of every key: ``PRIMARY KEY (workspace,
channel)``, ``UNIQUE (workspace, channel, slot)`` …

A :class:`bot.store.Store` is bound to one workspace: ``store.scoped("T123")`` is a view of the
same database (same engine, same fail-fast state) whose feature stores — ``QuizStore(view)``,
``OnboardingStore(view)``, their :class:`bot.store.claims.Claims`, ``view.claim_event`` —
filter every query with ``workspace = 'T123'`` and stamp every row they write with it. A store
module follows one pattern:

* a table: :func:`workspace_column` first, and ``"workspace"`` first in every key;
* a query: ``.where(mine(table, self.store), …)`` (joins match the workspace too);
* a write: ``workspace=self.store.workspace`` in ``.values(…)``, ``"workspace"`` in
  ``index_elements``;
* a record: built from :func:`fields` (the row without its workspace).

Rows written before workspaces existed (migration ``0009_workspaces``) belong to the
unassigned workspace ``""`` until :func:`bot.store.workspaces.adopt_unassigned` gives them to
the bot token's workspace (at the first start, or ``whoowns db upgrade --workspace T…``). An
unscoped Store is bound to ``""``: the tests of one feature and a database of one workspace
not yet stamped.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Column, String, Table
from sqlalchemy.sql.elements import ColumnElement

UNASSIGNED = ""  # rows from before workspaces, until adopt_unassigned stamps them
WORKSPACE_LENGTH = 32


def workspace_column() -> Column[str]:
    """The ``workspace`` column (Slack team id), first in every table of workspace data."""
    return Column("workspace", String(WORKSPACE_LENGTH), nullable=False)


class Scoped(Protocol):
    """What :func:`mine` needs of a store: the workspace it is bound to."""

    @property
    def workspace(self) -> str: ...


def mine(table: Table, store: Scoped) -> ColumnElement[bool]:
    """``table.workspace = <the store's workspace>``."""
    return table.c.workspace == store.workspace


def fields(row: Any) -> dict[str, Any]:
    """A row's columns without ``workspace`` (records do not repeat the store's workspace)."""
    return {k: v for k, v in row._mapping.items() if k != "workspace"}

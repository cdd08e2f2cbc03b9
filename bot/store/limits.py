"""The request limits, and the store for operator work that runs without them.

A Store serves requests first: on PostgreSQL every statement ends after a statement timeout,
every lock wait after a lock timeout, and a watchdog drops a call that takes longer than
Slack's 3 s allow (:mod:`bot.store.engine`). An operator's command (erasing a workspace,
giving it the rows from before workspaces) may rightly take minutes; it works in batches on

    unlimited(store)

the same database (same connections, same fail-fast state) where a transaction has neither
timeout and no watchdog. The ping that opens each call keeps its deadline, so a frozen server
is still reported at once.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import event

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine


class Limited(Protocol):
    """A store that may drop its request limits (:class:`bot.store.engine.Store`)."""

    request_limits: bool


S = TypeVar("S", bound=Limited)

# the execution option a Store without request limits puts on its connections
OPTION = "request_limits"
LIFT = "SELECT set_config('statement_timeout', '0', true), set_config('lock_timeout', '0', true)"


def unlimited(store: S) -> S:
    """``store`` for an operator's command: no statement or lock timeout, no watchdog."""
    view = copy.copy(store)
    view.request_limits = False
    return view


def lift_when_asked(engine: Engine) -> None:
    """On PostgreSQL: a transaction on a connection marked ``request_limits=False`` starts by
    lifting the timeouts for itself (``SET LOCAL``; the pooled connection keeps them)."""

    @event.listens_for(engine, "begin")
    def _lift(conn: Connection) -> None:
        if conn.get_execution_options().get(OPTION, True) is False:
            conn.exec_driver_sql(LIFT)


def mark(conn: Any) -> None:
    """Mark ``conn`` (checked out for one call) as free of the request limits."""
    conn.execution_options(**{OPTION: False})

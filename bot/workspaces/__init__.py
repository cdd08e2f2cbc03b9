"""Workspaces: one deployment, one database, many Slack workspaces, nothing shared.

* :mod:`.scopes` — the dependencies and feature services of each workspace (its store view,
  :meth:`bot.store.Store.scoped`), built on first use: the app's middleware puts the
  request's into its context, the ticks use each active workspace's.
* :mod:`.startup` — single-token mode: the bot token's workspace (``auth.test``) is recorded
  and the unassigned rows from before workspaces are given to it.
* :mod:`.choose` — which workspace a CLI command means (``--workspace T…``), its token.
* :mod:`.report` — the rows of ``whoowns workspaces list`` (``forget``: bot/commands).
* :mod:`.revoked` — a workspace whose token Slack refuses is paused with the reason.

The data itself is scoped in the store (:mod:`bot.store.scope`).
"""

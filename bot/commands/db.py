"""``whoowns db upgrade|current``: schema versions of the store (DATABASE_URL).

``whoowns db upgrade --workspace T…`` also gives the rows from before workspaces (revision
0007 left them unassigned) to that workspace; single-token mode does it at its first start.
It works without the time limits of requests, in batches with a progress line each on stderr;
stopped part-way, running it again finishes the work."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from bot.commands._common import workspace_id


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    up = sub.add_parser("upgrade", help="apply every pending migration (safe to run twice)")
    up.add_argument("--database-url", metavar="URL", help="overrides DATABASE_URL")
    up.add_argument(
        "--workspace",
        type=workspace_id,
        metavar="T…",
        help="give the rows from before workspaces to this workspace (Slack team id)",
    )
    cur = sub.add_parser("current", help="print the schema revision of the database")
    cur.add_argument("--database-url", metavar="URL", help="overrides DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    from bot.config import ConfigError, Settings, configure_logging

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"whoowns: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings)
    # the command prints the result itself: not a second time as the migration's log line
    logging.getLogger("bot.store.migrate").setLevel(logging.WARNING)

    from bot.store import StoreUnavailable, display_url, open_store
    from bot.store.connect import sqlite_file
    from bot.store.migrate import head_revision

    url = args.database_url or settings.effective_database_url
    path = sqlite_file(url)
    if args.action == "current" and path is not None and not path.exists():
        # connecting would create the file (and its folder): say there is none instead
        print(f"database at {display_url(url)}: no database file yet", end="")
        print(" ('whoowns db upgrade' creates it)")
        return 0
    try:
        store = open_store(url, migrate=False)
        try:
            before = store.current_revision()
            if args.action == "upgrade":
                after = store.upgrade()
                change = "already at"
                if after != before:
                    change = f"upgraded from {before or 'empty'} to"
                print(f"database at {store.url}: {change} revision {after} (head)")
                if args.workspace:
                    return _assign(store, args.workspace)
            else:
                head = head_revision()
                state = "head" if before == head else f"head is {head}: run 'whoowns db upgrade'"
                print(f"database at {store.url}: revision {before or 'none'} ({state})")
        finally:
            store.close()
    except StoreUnavailable as exc:
        print(f"whoowns: {exc}", file=sys.stderr)
        return 1
    return 0


def _assign(store: Any, workspace: str) -> int:
    from datetime import datetime, timezone

    from bot.commands._common import CommandError
    from bot.commands.workspaces import printer, resumable
    from bot.store.limits import unlimited
    from bot.store.workspaces import WorkspaceConflict, WorkspaceStore, adopt_unassigned

    try:
        with resumable(f"whoowns db upgrade --workspace {workspace}"):
            show = printer(f"adopting into {workspace}")
            moved = adopt_unassigned(unlimited(store), workspace, progress=show)
    except (WorkspaceConflict, CommandError) as exc:
        print(f"whoowns: {exc}", file=sys.stderr)
        return 1
    known = WorkspaceStore(store)
    if known.get(workspace) is None:  # `--workspace T…` on the other commands finds it
        now = datetime.now(timezone.utc)
        known.started(workspace, name=None, bot_user_id=None, now=now)
    print(f"gave {sum(moved.values())} rows from before workspaces to workspace {workspace}")
    return 0

"""``whoowns workspaces list [--json]`` and ``whoowns workspaces forget T… --yes``.

``list``: every workspace the bot knows (installed through OAuth, or the single-token
workspace recorded at start): its name, when installed, the bot's user, its quiz
subscriptions and the last activity, and whether it is paused. ``--json``: a list of
``{"workspace", "name", "installed_at", "bot_user", "subscriptions", "last_activity"}`` (and
``status``, ``paused_reason``, ``enterprise``, ``org_wide``: served by its Enterprise Grid
organisation's org-wide install). Printed, each org-wide install comes first with the
workspaces its admins granted (and those revoked).

``forget``: erases one workspace's rows (quiz, onboarding, event ids …), its installations
and bot tokens, and its entry; other workspaces are untouched. Uninstalling the app keeps the
data until this is run. It works without the time limits of requests, in batches with a
progress line each on stderr; stopped part-way, running it again finishes the work. Exit
status: 0 done; 1 the database is not usable, or the work stopped part-way; 2 bad input (an
unknown workspace, no ``--yes``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

from bot.commands._common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    open_database,
    reporting,
    settings,
    workspace_id,
)
from bot.workspaces.choose import CHAT_WORKSPACE


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="the workspaces the bot is installed in")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    lst.add_argument("--database-url", metavar="URL", help="overrides DATABASE_URL")
    fg = sub.add_parser("forget", help="erase one workspace's data and tokens")
    fg.add_argument("workspace", type=workspace_id, metavar="T…", help="Slack team id")
    fg.add_argument("--yes", action="store_true", help="yes, erase it (cannot be undone)")
    fg.add_argument("--database-url", metavar="URL", help="overrides DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    action = _list if args.action == "list" else _forget
    return reporting(f"whoowns workspaces {args.action}", lambda: action(args))


def _list(args: argparse.Namespace) -> int:
    from bot.store.limits import unlimited
    from bot.workspaces.report import org_rows, workspace_rows

    store = open_database(args, settings())
    try:
        # operator work: it reads every table (activity, rows of no workspace), so it may
        # take longer than a request may
        rows, unassigned = workspace_rows(unlimited(store))
        orgs = org_rows(unlimited(store))
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    for o in orgs:
        state = "active" if o["status"] == "active" else f"PAUSED ({o['paused_reason']})"
        revoked = f"; revoked: {', '.join(o['revoked'])}" if o["revoked"] else ""
        print(
            f"{o['enterprise']:<12} {_name(o):<24} org-wide install {o['installed_at'][:10]}  "
            f"{state}  granted: {', '.join(o['granted']) or 'none yet'}{revoked}"
        )
    if not rows:
        print("No workspace is installed yet.")
    for r in rows:
        state = "active" if r["status"] == "active" else f"PAUSED ({r['paused_reason']})"
        via = f"  via org {r['enterprise']}" if r["org_wide"] else ""
        print(
            f"{r['workspace']:<12} {_name(r):<24} installed {r['installed_at'][:10]}  "
            f"{r['subscriptions']} quiz channel(s)  last activity {_day(r['last_activity'])}  "
            f"{state}{via}"
        )
    if not rows and not unassigned:
        print(
            f"The chat shell keeps its own rows apart: add --workspace {CHAT_WORKSPACE} to a "
            f"command to read them (e.g. whoowns quiz list --workspace {CHAT_WORKSPACE})"
        )
    if unassigned:
        print(
            f"{unassigned} rows belong to no workspace yet (a one-token bot's, before its first "
            "start): the next `whoowns serve` or `whoowns socket` gives them to its bot token's "
            "workspace; `whoowns db upgrade --workspace T…` does it now"
        )
    return EXIT_OK


def _name(row: dict[str, Any]) -> str:
    return str(row["name"] or "-")[:24]


def _day(moment: str | None) -> str:
    return moment[:16].replace("T", " ") if moment else "never"


def _forget(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from bot.store.limits import unlimited
    from bot.store.workspaces import WorkspaceStore, erase_workspace
    from bot.workspaces.choose import installed

    team = args.workspace
    if not args.yes:
        raise CommandError(
            f"this erases every row and token of workspace {team}; "
            f"run 'whoowns workspaces forget {team} --yes'",
            EXIT_USAGE,
        )
    store = open_database(args, settings())
    try:
        if team not in installed(store):
            raise CommandError(f"workspace {team} is not known here", EXIT_USAGE)
        # its schedules stop while its rows go (an interrupted run leaves it listed, paused)
        WorkspaceStore(store).pause(team, "erasing", datetime.now(timezone.utc))
        with resumable(f"whoowns workspaces forget {team} --yes"):
            erased = erase_workspace(unlimited(store), team, progress=printer(f"erasing {team}"))
    finally:
        store.close()
    print(f"forgot workspace {team}: {sum(erased.values()):,} rows erased")
    return EXIT_OK


def printer(label: str) -> Callable[[str, int, int], None]:
    """A progress hook printing ``label: table done/total`` on stderr after each batch."""

    def show(table: str, done: int, total: int) -> None:
        print(f"{label}: {table} {done:,}/{total:,}", file=sys.stderr, flush=True)

    return show


@contextlib.contextmanager
def resumable(command: str) -> Iterator[None]:
    """Ctrl-C part-way: one line saying the batches done so far stay done."""
    try:
        yield
    except KeyboardInterrupt:
        raise CommandError(f"stopped part-way; run '{command}' again to finish") from None

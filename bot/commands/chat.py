"""``whoowns chat [--db URL]``: talk to the bot in the terminal, no Slack workspace needed.

The same Bolt app and listeners as ``whoowns serve``, against an in-process stand-in for the
Slack Web API; state in the embedded SQLite database (``DATABASE_URL`` or ``--db`` to change).
Works interactively and from a pipe: ``printf '/whoowns patching aurora\\n' | whoowns chat``.
Exit status: 0 at /quit or end of input, 1 when the knowledge or ``--db`` is unusable,
2 for a malformed setting.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.kb.models import Knowledge


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        "--db",
        dest="db",
        metavar="URL",
        help="database URL (default: DATABASE_URL, else a SQLite file)",
    )
    from bot.commands._common import add_org_knowledge

    add_org_knowledge(parser)
    parser.add_argument("--no-color", action="store_true", help="plain text, no ANSI colours")
    parser.add_argument("--verbose", action="store_true", help="show the app's log (INFO)")


def _lines(stream: TextIO, interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from stream
        return
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    while True:
        try:
            yield input("\nyou › ")
        except EOFError:
            print()
            return


def run(args: argparse.Namespace) -> int:
    from bot.config import ConfigError, Settings

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"whoowns chat: {exc}", file=sys.stderr)
        return 2
    if args.db:
        settings = dataclasses.replace(settings, database_url=args.db)
    if args.org_knowledge is not None:
        settings = dataclasses.replace(settings, org_knowledge_dir=args.org_knowledge)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )

    from bot.app import InlineExecutor, create_app
    from bot.chat import ChatShell
    from bot.clock import system_clock
    from bot.deps import Deps
    from bot.intent import IntentMatcher
    from bot.slackapi import make_web_client

    opened = _open(settings, args)
    if isinstance(opened, int):
        return opened
    knowledge, store = opened
    interactive = sys.stdin.isatty()
    shell = ChatShell(
        sys.stdout,
        color=sys.stdout.isatty() and not args.no_color,
        echo_input=not interactive,
    ).start()
    try:
        chat_settings = shell.settings_for(settings)
        deps = Deps(
            knowledge=knowledge,
            matcher=IntentMatcher(knowledge),
            store=store,
            client=make_web_client(chat_settings),
            clock=system_clock,
            settings=chat_settings,
        )
        shell.attach(create_app(chat_settings, deps, listener_executor=InlineExecutor()), deps)
        return shell.run(_lines(sys.stdin, interactive))
    except ConfigError as exc:  # e.g. SLACK_CLIENT_ID/SECRET, which Bolt would read itself
        print(f"whoowns chat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print()
        return 0
    finally:
        shell.close()
        if store is not None:
            store.close()


def _open(settings: Settings, args: argparse.Namespace) -> tuple[Knowledge, Any] | int:
    """The knowledge and the store (None: no memory, unless ``--db`` asked for one); an exit
    status when they are unusable (the problems printed)."""
    from bot.features import load_knowledge
    from bot.kb import KnowledgeError
    from bot.store import StoreUnavailable, open_store

    try:
        knowledge = load_knowledge(settings.knowledge_dir, org=settings.org_knowledge_dir)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("whoowns chat: the knowledge did not load", file=sys.stderr)
        return 1
    try:
        return knowledge, open_store(settings.effective_database_url)
    except StoreUnavailable as exc:
        if args.db:
            print(f"whoowns chat: {exc}", file=sys.stderr)
            return 1
        print(f"whoowns chat: {exc} (going on without memory)", file=sys.stderr)
        return knowledge, None

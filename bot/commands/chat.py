"""``whoowns chat [--db URL]``: talk to the bot in the terminal, no Slack workspace needed.

The same Bolt app and listeners as ``whoowns serve``, against an in-process stand-in for the
Slack Web API; state in the embedded SQLite database (``DATABASE_URL`` or ``--db`` to change),
in a workspace of its own (:data:`CHAT_WORKSPACE`) that no real workspace ever adopts.
Works interactively and from a pipe: ``printf '/whoowns patching aurora\\n' | whoowns chat``.
Exit status: 0 at /quit or end of input, 1 when the knowledge or ``--db`` is unusable,
2 for a malformed setting.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.workspaces.choose import CHAT_WORKSPACE

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.kb.models import Knowledge

# The chat shell's rows live in a workspace of their own: never the unassigned one a real
# workspace adopts at its first start, and no Slack team id looks like this.
LOG_FILE = "chat.log"  # in the data folder: log lines never interleave with the conversation
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _configure_logging(data_dir: Path, verbose: bool) -> None:
    """``--verbose``: the log (INFO) on stderr, among the conversation. Otherwise WARNING and
    up go to ``data_dir/chat.log`` (or nowhere, if that cannot be written)."""
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
    else:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(data_dir / LOG_FILE, encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        "--db",
        dest="db",
        metavar="URL",
        help="database URL (default: DATABASE_URL, else a SQLite file)",
    )
    from bot.commands._common import add_knowledge_option, add_org_knowledge

    add_knowledge_option(parser)
    add_org_knowledge(parser)
    parser.add_argument("--no-color", action="store_true", help="plain text, no ANSI colours")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help=f"show the app's log (INFO) here; otherwise it goes to DATA_DIR/{LOG_FILE}",
    )


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


def _terminal_columns() -> int:
    """The terminal's width now (``COLUMNS`` if set, as the standard library reads it); 0, i.e.
    no wrapping, when the output is not a terminal (a pipe keeps whole lines)."""
    return shutil.get_terminal_size(fallback=(0, 0)).columns


def run(args: argparse.Namespace) -> int:
    from bot.config import ConfigError, Settings

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"whoowns chat: {exc}", file=sys.stderr)
        return 2
    if args.db:
        settings = dataclasses.replace(settings, database_url=args.db)
    from bot.commands._common import with_knowledge_option, with_org_knowledge

    settings = with_org_knowledge(with_knowledge_option(settings, args), args)
    _configure_logging(settings.data_dir, args.verbose)

    from bot.app import InlineExecutor, create_app
    from bot.chat.shell import ChatShell
    from bot.clock import system_clock
    from bot.deps import Deps
    from bot.intent import IntentMatcher
    from bot.slack.client import make_web_client

    opened = _open(settings, args)
    if isinstance(opened, int):
        return opened
    knowledge, store = opened
    interactive = sys.stdin.isatty()
    shell = ChatShell(
        sys.stdout,
        color=sys.stdout.isatty() and not args.no_color,
        echo_input=not interactive,
        columns=_terminal_columns,
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
    """The knowledge and the store (one that is not answering, unless ``--db`` asked for it:
    then, as for unusable knowledge, an exit
    status when they are unusable (the problems printed)."""
    from bot.features import load_knowledge
    from bot.kb import KnowledgeError
    from bot.store import StoreUnavailable, open_store, unreachable_store

    try:
        knowledge = load_knowledge(settings.knowledge_dir, org=settings.org_knowledge_dir)
    except KnowledgeError as exc:
        from bot.kb.problems import problem_lines

        for line in problem_lines(exc.problems):
            print(line, file=sys.stderr)
        print("whoowns chat: the knowledge did not load", file=sys.stderr)
        return 1
    try:
        return knowledge, open_store(settings.effective_database_url).scoped(CHAT_WORKSPACE)
    except StoreUnavailable as exc:
        if args.db:
            print(f"whoowns chat: {exc}", file=sys.stderr)
            return 1
        print(f"whoowns chat: {exc} (going on without memory)", file=sys.stderr)
        # calls fail fast with "my database isn't answering", and work if it comes back
        down = unreachable_store(settings.effective_database_url, exc)
        return knowledge, down.scoped(CHAT_WORKSPACE) if down is not None else None

"""Plumbing shared by the subcommands that use the database (quiz, leaderboard, reviews,
progress): settings, knowledge and store opening, ``--now`` parsing, errors → exit status.

Imports nothing heavy at import time (the knowledge, the store and Slack are imported when
used), so a command pays only for what it runs."""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.workspaces.choose import CHAT_WORKSPACE

if TYPE_CHECKING:
    from bot.config import Settings

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
CHANNEL = re.compile(r"[CGD][A-Z0-9]{2,}")
USER = re.compile(r"[UW][A-Z0-9]{2,}")  # W…: Enterprise Grid
WORKSPACE = re.compile(r"T[A-Z0-9]{2,}")


class CommandError(Exception):
    """One line for stderr, and the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.code = code


def reporting(prefix: str, action: Callable[[], int]) -> int:
    """``action()``'s exit status. A :class:`CommandError`, or a database that stops answering
    part-way (``StoreUnavailable``), is printed as one line ``prefix: message`` — no traceback."""
    try:
        return action()
    except CommandError as exc:
        print(f"{prefix}: {exc}", file=sys.stderr)
        return exc.code
    except Exception as exc:
        if "bot.store" in sys.modules:  # only a command that opened the store can lose it
            from bot.store import StoreUnavailable

            if isinstance(exc, StoreUnavailable):
                print(f"{prefix}: {exc}", file=sys.stderr)
                return EXIT_FAIL
        raise


# -- arguments -------------------------------------------------------------------------------


def channel_id(text: str) -> str:
    if not CHANNEL.fullmatch(text):
        raise argparse.ArgumentTypeError(f"expected a channel id like C0123ABCD, got {text!r}")
    return text


def user_id(text: str) -> str:
    """A Slack user id, ``U…`` (or ``W…`` on Enterprise Grid)."""
    if not USER.fullmatch(text):
        raise argparse.ArgumentTypeError(f"expected a Slack user id like U0123ABCD, got {text!r}")
    return text


def add_channel(parser: argparse.ArgumentParser, help_: str = "the channel id (C…)") -> None:
    """``--channel C…`` (required)."""
    parser.add_argument("--channel", type=channel_id, required=True, metavar="C…", help=help_)


def workspace_id(text: str) -> str:
    """A Slack workspace (team) id, ``T…``, or the chat shell's own (``local-chat``)."""
    if not WORKSPACE.fullmatch(text) and text != CHAT_WORKSPACE:
        raise argparse.ArgumentTypeError(f"expected a workspace id like T0123ABCD, got {text!r}")
    return text


def parse_now(text: str) -> datetime:
    """ISO-8601 with an offset (``2024-03-04T08:00:00Z``, ``…+01:00``) -> aware UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected ISO-8601 like 2024-03-04T08:00:00Z, got {text!r}"
        ) from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"give a UTC offset, e.g. {text}Z or {text}+01:00 (got a time without one)"
        )
    return value.astimezone(timezone.utc)


NOW_HELP = "act as if it were this time (ISO-8601 with an offset; default: now)"


def add_now(parser: argparse.ArgumentParser, help_: str = NOW_HELP) -> None:
    parser.add_argument("--now", type=parse_now, metavar="ISO-8601", help=help_)


def add_org_knowledge(parser: argparse.ArgumentParser) -> None:
    """``--org-knowledge DIR``: the organisation's folder, read after the knowledge."""
    parser.add_argument(
        "--org-knowledge",
        metavar="DIR",
        type=Path,
        help="your organisation's teams and resources, read after the knowledge "
        "(default: WHOOWNS_ORG_KNOWLEDGE)",
    )


def with_org_knowledge(conf: Settings, args: argparse.Namespace) -> Settings:
    """``conf`` with ``--org-knowledge`` (when given) in place of WHOOWNS_ORG_KNOWLEDGE."""
    folder = getattr(args, "org_knowledge", None)
    if folder is None:
        return conf
    import dataclasses

    return dataclasses.replace(conf, org_knowledge_dir=folder)


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """``--database-url URL`` alone (the servers: every workspace's data)."""
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the database (default: DATABASE_URL, else a SQLite file in the data folder)",
    )


def with_database_option(conf: Settings, args: argparse.Namespace) -> Settings:
    """``conf`` with ``--database-url`` (when given) in place of DATABASE_URL."""
    url = getattr(args, "database_url", None)
    return dataclasses.replace(conf, database_url=url) if url else conf


def add_database_url(parser: argparse.ArgumentParser) -> None:
    """``--database-url`` and ``--workspace``: whose data, in which database."""
    parser.add_argument("--database-url", metavar="URL", help="overrides DATABASE_URL")
    parser.add_argument(
        "--workspace",
        type=workspace_id,
        metavar="T…",
        help="the Slack workspace (team id); needed when several are installed",
    )


def now_of(args: argparse.Namespace) -> datetime:
    """``--now`` if given, else the current time."""
    return getattr(args, "now", None) or datetime.now(timezone.utc)


# -- settings, knowledge, store, Slack ---------------------------------------------------------


def add_knowledge_option(parser: argparse.ArgumentParser) -> None:
    """``--knowledge DIR``: the knowledge folder, over ``WHOOWNS_KNOWLEDGE``."""
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        type=Path,
        help="the knowledge folder (default: WHOOWNS_KNOWLEDGE, else the shipped knowledge)",
    )


def with_knowledge_option(conf: Settings, args: argparse.Namespace) -> Settings:
    """``conf`` with ``--knowledge DIR`` (when given) as its knowledge folder."""
    folder = getattr(args, "knowledge", None)
    return dataclasses.replace(conf, knowledge_dir=folder) if folder is not None else conf


def settings() -> Settings:
    from bot.config import ConfigError, Settings

    try:
        return Settings.from_env()
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None


def slack_settings() -> Settings:
    """Settings with ``SLACK_BOT_TOKEN`` required (OAuth mode: the client id and secret, for
    the installations' tokens), logging configured (commands that post)."""
    from bot.config import ConfigError, configure_logging

    conf = settings()
    try:
        oauth = conf.oauth_mode
        conf.require(["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"] if oauth else ["SLACK_BOT_TOKEN"])
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    configure_logging(conf)
    return conf


def open_database(args: argparse.Namespace, conf: Settings) -> Any:
    """The whole database (every workspace's rows: ticks, ``workspaces``)."""
    from bot.store import StoreUnavailable
    from bot.store import open_store as open_

    try:
        return open_(getattr(args, "database_url", None) or conf.effective_database_url)
    except StoreUnavailable as exc:
        raise CommandError(str(exc)) from None


def open_store(args: argparse.Namespace, conf: Settings) -> Any:
    """The database seen from the workspace the command is about (``--workspace``, else the
    one installed; :mod:`bot.workspaces.choose`)."""
    from bot.workspaces.choose import WorkspaceChoice, resolve_scope

    store = open_database(args, conf)
    try:
        return resolve_scope(store, getattr(args, "workspace", None))
    except WorkspaceChoice as exc:
        store.close()
        raise CommandError(str(exc), EXIT_USAGE) from None


def choice(action: Callable[[], Any]) -> Any:
    """``action()``; a workspace it cannot choose is a usage error (exit 2)."""
    from bot.workspaces.choose import WorkspaceChoice

    try:
        return action()
    except WorkspaceChoice as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None


# (course folder, organisation folder) -> (the files' fingerprint, the knowledge loaded from them)
_LOADED: dict[tuple[str, str], tuple[str, Any]] = {}


def knowledge(conf: Settings) -> Any:
    """The knowledge of ``conf``'s folders; loaded again only when their files changed since
    an earlier command of this process loaded them (a chat shell, a long-lived tick runner)."""
    from bot.features import load_knowledge
    from bot.kb import KnowledgeError
    from bot.org.reload import fingerprint

    key = (str(conf.knowledge_dir), str(conf.org_knowledge_dir))
    kept = _LOADED.get(key)
    if kept is not None and fingerprint(kept[1]) == kept[0]:
        return kept[1]
    try:
        loaded = load_knowledge(conf.knowledge_dir, org=conf.org_knowledge_dir)
    except KnowledgeError as exc:
        from bot.kb.problems import problem_lines

        lines = "\n".join(problem_lines(exc.problems))
        raise CommandError(f"the knowledge did not load:\n{lines}") from None
    _LOADED[key] = (fingerprint(loaded), loaded)
    return loaded

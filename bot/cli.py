"""The ``whoowns`` command. Libraries raise; only this module (and bot/commands/*) exits.

Each subcommand lives in ``bot/commands/<name>.py`` with two functions:

    configure(parser: argparse.ArgumentParser) -> None
    run(args: argparse.Namespace) -> int          # the exit status

Only the chosen subcommand's module is imported, so ``whoowns ask`` stays fast
(it never imports slack_bolt).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# name -> (module under bot.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("ask", "answer a question in the terminal: whoowns ask patching aurora"),
    "kb": ("kb", "knowledge tools: whoowns kb check [DIR]"),
    "db": ("db", "database schema: whoowns db upgrade | whoowns db current"),
    "chat": ("chat", "talk to the bot in the terminal, no Slack needed: whoowns chat"),
    "serve": ("serve", "run the Slack app over HTTP: whoowns serve [--port PORT]"),
    "socket": ("socket", "run the Slack app over Socket Mode (needs SLACK_APP_TOKEN)"),
    "quiz": (
        "quiz",
        "daily quiz: whoowns quiz subscribe|unsubscribe|list|tick|now|season|…",
    ),
    "leaderboard": ("leaderboard", "a channel's quiz scores: whoowns leaderboard --channel C…"),
    "reviews": ("reviews", "onboarding lessons and review DMs due now: whoowns reviews tick"),
    "tick": ("tick", "everything due now, in every workspace: whoowns tick [--now ISO]"),
    "inventory": (
        "inventory",
        "your databases: whoowns inventory import --from KIND FILE... | list | check",
    ),
    "progress": ("progress", "someone's onboarding progress: whoowns progress --user U… [--json]"),
    "gaps": (
        "gaps",
        "questions the bot could not answer: whoowns gaps [--since 7d] | dismiss TEXT",
    ),
    "practices": (
        "practices",
        "the course's best practices on your databases: whoowns practices [--team T] [--json]",
    ),
    "digest": ("digest", "each channel's weekly digest: whoowns digest list [--json]"),
    "workspaces": ("workspaces", "installed workspaces: whoowns workspaces list | forget T… --yes"),
}

EXIT_USAGE = 2


def _top_parser() -> argparse.ArgumentParser:
    lines = "\n".join(f"  {name:<12} {help_}" for name, (_, help_) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="whoowns",
        usage=f"whoowns [-h] [--version] {{{','.join(COMMANDS)}}} ...",
        description="Who owns which duty for an AWS database service: AWS, the customer, or both.",
        epilog=f"commands:\n{lines}\n\nRun 'whoowns COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] in ("-h", "--help"):
        _top_parser().print_help()
        return 0 if args_list else EXIT_USAGE
    if args_list[0] == "--version":
        from bot import __version__

        print(f"whoowns {__version__}")
        return 0
    name = args_list[0]
    if name not in COMMANDS:
        print(f"whoowns: unknown command {name!r}. Try: {', '.join(COMMANDS)}", file=sys.stderr)
        return EXIT_USAGE
    module = importlib.import_module(f"bot.commands.{COMMANDS[name][0]}")
    parser = argparse.ArgumentParser(prog=f"whoowns {name}", description=COMMANDS[name][1])
    module.configure(parser)
    try:
        args = parser.parse_args(args_list[1:])
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `whoowns ask ... | head`
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``whoowns kb check [DIR]``: load the knowledge files and report every problem.

Exit 0 with a one-line summary when the knowledge loads; exit 1 with one ``FILE:LINE: message
(at key.path)`` line per problem, root causes (YAML syntax errors, unknown keys and values) first
and the problems they likely cause in other files held back (counted); exit 2 for bad usage.
Without DIR it checks WHOOWNS_KNOWLEDGE if set, else ``./knowledge`` when the current folder has
one (a clone), else the knowledge shipped with the package; it always says which folder it
checked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bot.kb.models import Knowledge
    from bot.kb.problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check",
        help="validate the knowledge files and print every problem",
        description="Validate the knowledge files (all of DIR/*.yaml) and print every problem "
        "as FILE:LINE: message (at key.path). Exit 0 if they load, 1 if not.",
    )
    check.add_argument(
        "directory",
        nargs="?",
        metavar="DIR",
        type=Path,
        help="the knowledge folder (default: WHOOWNS_KNOWLEDGE, else ./knowledge if there is "
        "one, else the shipped knowledge)",
    )
    check.add_argument(
        "--knowledge",
        metavar="DIR",
        type=Path,
        dest="knowledge",
        help="same as DIR",
    )
    check.add_argument(
        "--org-knowledge",
        metavar="DIR",
        type=Path,
        help="your organisation's teams and resources, read after the knowledge "
        "(default: WHOOWNS_ORG_KNOWLEDGE)",
    )


def run(args: argparse.Namespace) -> int:
    if args.action == "check":
        return check(args)
    return EXIT_USAGE  # argparse only lets known actions through


def check(args: argparse.Namespace) -> int:
    from bot.features import load_knowledge
    from bot.kb import KnowledgeError, default_knowledge_dir

    if args.directory and args.knowledge and args.directory != args.knowledge:
        print("whoowns kb check: give the folder once (DIR or --knowledge DIR)", file=sys.stderr)
        return EXIT_USAGE
    directory: Path | None = args.directory or args.knowledge
    org: Path | None = args.org_knowledge
    if directory is None or org is None:
        from bot.config import ConfigError, Settings

        try:
            settings = Settings.from_env()
        except ConfigError as exc:
            print(f"whoowns kb check: {exc}", file=sys.stderr)
            return EXIT_USAGE
        directory = directory or settings.knowledge_dir
        org = org or settings.org_knowledge_dir
    chosen = directory is not None  # given as DIR, --knowledge or WHOOWNS_KNOWLEDGE
    directory = directory or _local_knowledge() or default_knowledge_dir()
    try:
        knowledge = load_knowledge(directory, org=org)
    except KnowledgeError as exc:
        print_problems(exc.problems)
        if not chosen:
            checked = f"{directory.resolve()}" + (f" and {org.resolve()}" if org else "")
            print(f"(checked {checked}; another folder: whoowns kb check DIR)")
        return EXIT_PROBLEMS
    print(summary(knowledge))
    return EXIT_OK


def _local_knowledge() -> Path | None:
    """``./knowledge`` when the current folder has one with knowledge files (a clone)."""
    here = Path("knowledge")
    if here.is_dir() and any(here.glob("*.y*ml")):
        return here
    return None


def print_problems(problems: Iterable[Problem]) -> None:
    """The problems in the order to fix them, and how many were held back."""
    from bot.kb.problems import problem_lines, triage

    for line in problem_lines(problems):
        print(line)
    found = triage(problems)
    if not found.held_back:
        count = len(found.causes)
        print(f"{count} problem{'s' if count != 1 else ''}; nothing loaded")


def summary(knowledge: Knowledge) -> str:
    """The one line `kb check` prints when the knowledge loads."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    in_table = len(knowledge.table_duties)
    parts = [
        count(len(knowledge.services), "service", "services"),
        count(len(knowledge.groups), "group", "groups"),
        count(len(knowledge.categories), "category", "categories"),
        count(len(knowledge.duties), "duty", "duties") + f" ({in_table} in the table)",
        count(len(knowledge.exam_points), "exam point", "exam points"),
        count(len(knowledge.security.responsibilities), "security item", "security items"),
        count(len(knowledge.scenarios), "choice scenario", "choice scenarios"),
    ]
    if knowledge.teams or knowledge.resources or knowledge.org_dir is not None:
        parts.append(count(len(knowledge.teams), "team", "teams"))
        parts.append(count(len(knowledge.resources), "resource", "resources"))
    for section, value in knowledge.extras.items():
        size = len(value) if hasattr(value, "__len__") else None
        parts.append(f"{section}: {size} entries" if size is not None else section)
    where = str(knowledge.source_dir)
    if knowledge.org_dir is not None:
        where += f" + {knowledge.org_dir}"
    return f"knowledge OK: {', '.join(parts)} — {where}"

"""``whoowns practices``: the course's best practices on each database, for the terminal and CI.

    whoowns practices [--team T …] [--resource R …] [--status S …] [--json]
                      [--org-knowledge DIR] [--database-url URL] [--workspace T…]

Exit 0 when nothing needs attention, 3 when something does (for CI pipelines), 1 when it could
not run (2: a usage error). ``--json`` prints a list of every matching item, each
``{"resource", "service", "category", "duty", "practice", "status", "team", "team_name",
"evidence", "pending", "confirmed", "course", "source"}``. Confirmations come from the
database (the default one unless ``--database-url``).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from bot.commands._common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    add_database_url,
    add_now,
    add_org_knowledge,
    knowledge,
    now_of,
    open_store,
    reporting,
    settings,
    with_org_knowledge,
)

if TYPE_CHECKING:
    from bot.answers.practices import Finding

EXIT_ATTENTION = 3
STATUS_CHOICES = ("attention", "unknown", "ok", "not_applicable")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--team", action="append", default=[], metavar="TEAM", help="a team id (may be repeated)"
    )
    parser.add_argument(
        "--resource",
        action="append",
        default=[],
        metavar="RESOURCE",
        help="a resource id (may be repeated)",
    )
    parser.add_argument(
        "--status", action="append", default=[], choices=STATUS_CHOICES, help="only these"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    add_org_knowledge(parser)
    add_database_url(parser)
    add_now(parser)


def run(args: argparse.Namespace) -> int:
    return reporting("whoowns practices", lambda: _practices(args))


def _practices(args: argparse.Namespace) -> int:
    from bot.deps import Deps
    from bot.intent import IntentMatcher
    from bot.practices.service import PracticesService

    conf = with_org_knowledge(settings(), args)
    kb = knowledge(conf)
    _check_names(kb, args)
    store = open_store(args, conf)
    try:
        deps = Deps(kb, IntentMatcher(kb), store, settings=conf, clock=lambda: now_of(args))
        findings = _selected(PracticesService(deps), kb, args)
    finally:
        store.close()
    if args.json:
        print(json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False))
    else:
        from bot.practices.text import terminal_lines

        print("\n".join(terminal_lines(findings)))
    return EXIT_ATTENTION if any(f.status == "attention" for f in findings) else EXIT_OK


def _check_names(kb: Any, args: argparse.Namespace) -> None:
    for team in args.team:
        if team not in kb.teams:
            known = ", ".join(kb.teams) or "none are defined"
            raise CommandError(f"unknown team {team!r} (teams: {known})", EXIT_USAGE)
    for resource in args.resource:
        if resource not in kb.resources:
            raise CommandError(
                f"unknown resource {resource!r} (whoowns inventory list shows them)", EXIT_USAGE
            )


def _selected(service: Any, kb: Any, args: argparse.Namespace) -> list[Finding]:
    ids: list[str] | None = None
    if args.resource or args.team:
        held = {r.id for t in args.team for r in kb.resources_of(t)}
        ids = [r for r in kb.resources if r in held or r in args.resource]
    findings: list[Finding] = service.findings(ids)
    if args.team:
        teams = set(args.team)
        findings = [
            f
            for f in findings
            if f.resource in args.resource or (f.team is not None and f.team.id in teams)
        ]
    if args.status:
        findings = [f for f in findings if f.status in args.status]
    return findings

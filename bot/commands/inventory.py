"""``whoowns inventory …``: your organisation's databases and the teams that hold the customer
side of each.

    whoowns inventory import clusters.json instances.json tags.json   # kinds recognised
    whoowns inventory import --from aws-rds-clusters clusters.json \\
        --from aws-rds-instances instances.json [--owner-tag KEY] [--out FILE] [--dry-run] [--prune]
    whoowns inventory import --from aws-dynamodb-backups sessions=pitr-sessions.json
    whoowns inventory fetch [--profile P] [--region R ...|--all-regions] [--out FILE] [--dry-run]
        [--prune]                    # the same, read straight from AWS (pip install 'whoowns[aws]')
    whoowns inventory list [--team T] [--json]
    whoowns inventory check        # resources without an owner, teams without a Slack handle

Every action takes ``--knowledge DIR`` and ``--org-knowledge DIR`` (default WHOOWNS_KNOWLEDGE and
WHOOWNS_ORG_KNOWLEDGE). ``import`` writes ``inventory.yaml`` in the organisation folder unless
``--out`` says otherwise, and never a file ``whoowns kb check`` would refuse; a resource written by
hand beside it that the import matches gains the imported fields in its own file.
Exit status: 0 done; 1 a file of the wrong shape, knowledge that does not load, or (check)
problems listed; 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands._common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    add_org_knowledge,
    reporting,
    settings,
)
from bot.inventory.found import KINDS

if TYPE_CHECKING:
    from bot.inventory import Input
    from bot.inventory.importer import Plan
    from bot.kb.models import Knowledge

DEFAULT_OUT = "inventory.yaml"
BACKUPS = "aws-dynamodb-backups"


class _FromAction(argparse.Action):
    """``--from KIND FILE [FILE...]``, repeatable: a list of (kind, [files])."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        items = [str(v) for v in values] if isinstance(values, list) else []
        if len(items) < 2:
            parser.error("--from needs a KIND and at least one FILE, e.g. --from aws-ec2 ec2.json")
        if items[0] not in tuple(KINDS):
            parser.error(
                f"--from: unknown kind {items[0]!r} (expected one of {', '.join(tuple(KINDS))})"
            )
        getattr(namespace, self.dest).append((items[0], [Path(f) for f in items[1:]]))


def _folders(p: argparse.ArgumentParser) -> None:
    p.add_argument("--knowledge", metavar="DIR", type=Path, help="default: WHOOWNS_KNOWLEDGE")
    add_org_knowledge(p)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    width = max(map(len, KINDS))
    kinds = "\n".join(f"  {kind:<{width}} {command}" for kind, command in KINDS.items())
    i = sub.add_parser(
        "import",
        help="import databases from AWS CLI JSON or a Backstage catalog",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Import the files together (instances join their clusters, tags their\n"
        "resources). Each file's kind is recognised from its shape, or named with --from.\n"
        f"Kinds, and the output they read:\n{kinds}\n"
        "describe-continuous-backups does not name its table: give each file as TABLE=PATH\n"
        "(--from aws-dynamodb-backups sessions=pitr-sessions.json).",
    )
    i.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="a file whose kind is recognised from its shape",
    )
    i.add_argument(
        "--from",
        dest="inputs",
        action=_FromAction,
        nargs="+",
        default=[],
        metavar=("KIND", "FILE"),
        help="what the files are and the files (repeatable)",
    )
    i.add_argument(
        "--owner-tag",
        metavar="KEY",
        help="the tag naming the owning team (default: owner, then team; any case)",
    )
    i.add_argument(
        "--out", metavar="FILE", type=Path, help=f"default: {DEFAULT_OUT} in the org folder"
    )
    i.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    i.add_argument("--prune", action="store_true", help="remove resources the input no longer has")
    _folders(i)
    _fetch_parser(sub)
    ls = sub.add_parser("list", help="the organisation's resources")
    ls.add_argument("--team", metavar="TEAM", help="only the resources where TEAM holds a duty")
    ls.add_argument("--json", action="store_true", help="a JSON list")
    _folders(ls)
    ck = sub.add_parser("check", help="resources without an owner, teams without a handle")
    _folders(ck)


def _fetch_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    f = sub.add_parser(
        "fetch",
        help="import straight from AWS (boto3: pip install 'whoowns[aws]')",
        description="Read the databases and their settings from AWS (read-only calls, every "
        "page) and write what importing the same outputs as files would write.",
    )
    f.add_argument("--profile", metavar="P", help="an AWS profile (default: the standard chain)")
    where = f.add_mutually_exclusive_group()
    where.add_argument(
        "--region", metavar="R", action="append", default=[], help="a region (repeatable)"
    )
    where.add_argument("--all-regions", action="store_true", help="every enabled region")
    f.add_argument("--owner-tag", metavar="KEY", help="the tag naming the owning team")
    f.add_argument(
        "--out", metavar="FILE", type=Path, help=f"default: {DEFAULT_OUT} in the org folder"
    )
    f.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    f.add_argument(
        "--prune",
        action="store_true",
        help="remove resources of the regions read AWS no longer has",
    )
    _folders(f)


def run(args: argparse.Namespace) -> int:
    actions = {"import": import_, "fetch": fetch, "list": list_, "check": check}
    return reporting(f"whoowns inventory {args.action}", lambda: actions[args.action](args))


def _dirs(args: argparse.Namespace) -> tuple[Path | None, Path | None]:
    conf = settings()
    return args.knowledge or conf.knowledge_dir, args.org_knowledge or conf.org_knowledge_dir


def _knowledge(args: argparse.Namespace) -> Knowledge:
    from bot.kb import KnowledgeError, load_knowledge

    course, org = _dirs(args)
    try:
        return load_knowledge(course, org=org, core_only=True)
    except KnowledgeError as exc:
        raise CommandError(f"the knowledge did not load:\n{exc}") from None


# -- import ----------------------------------------------------------------------------------


def import_(args: argparse.Namespace) -> int:
    inputs = [_input(kind, path) for kind, paths in args.inputs for path in paths]
    inputs += [_input(None, path) for path in args.files]
    if not inputs:
        raise CommandError(
            "give the files to import (FILE ..., or --from KIND FILE ...)", EXIT_USAGE
        )
    return _import(args, lambda: inputs)


def fetch(args: argparse.Namespace) -> int:
    """The same import, the outputs read from AWS with boto3 (imported only now)."""
    from bot.inventory.fetch import FetchError, fetch_inputs, regions_of, session

    try:
        aws = session(args.profile)
        regions = regions_of(aws, args.region, args.all_regions)
    except FetchError as exc:
        raise CommandError(str(exc)) from None

    def inputs() -> list[Input]:
        try:
            return fetch_inputs(aws, regions)
        except FetchError as exc:
            raise CommandError(f"{exc}; nothing written") from None

    return _import(args, inputs, frozenset(regions))


def _import(
    args: argparse.Namespace,
    inputs: Callable[[], list[Input]],
    regions: frozenset[str] | None = None,
) -> int:
    """The import, with the cyclic garbage collector paused (as while composing YAML, see
    :mod:`bot.kb.composing`): the outputs read, the merge, the text and the check build a
    few hundred thousand objects in no reference cycle, and with the collector on a third of
    the time went to walking them again and again. Reference counting frees them as before."""
    from bot.kb.composing import collector_paused

    with collector_paused():
        return _import_paused(args, inputs, regions)


def _import_paused(
    args: argparse.Namespace,
    inputs: Callable[[], list[Input]],
    regions: frozenset[str] | None,
) -> int:
    from bot.inventory import ShapeError, plan_import
    from bot.inventory.importer import Options, check_written, current
    from bot.kb import KnowledgeError
    from bot.kb.documents import DocumentError

    course, org = _dirs(args)
    out = _out_path(args.out, org)
    try:
        now = current(course, org, out)
    except KnowledgeError as exc:
        raise CommandError(f"the knowledge did not load:\n{exc}") from None
    except DocumentError as exc:
        raise CommandError(str(exc)) from None
    given = inputs()
    owner_tags = (args.owner_tag,) if args.owner_tag else ("owner", "team")
    try:
        options = Options(owner_tags, prune=args.prune, editable_dir=out.parent, regions=regions)
        plan = plan_import(given, now.knowledge, now.existing, options)
    except ShapeError as exc:
        raise CommandError(f"{exc}; nothing written") from None
    if plan.text != now.checked_text or plan.edits:
        problems = check_written(plan.text, course, org, out, plan.edits)
        if problems:
            lines = "\n".join(str(p) for p in problems)
            raise CommandError(f"the result would not pass kb check; nothing written:\n{lines}")
    _print_plan(plan, out, dry_run=args.dry_run)
    if not args.dry_run:
        for path, text in plan.edits.items():
            _write(path, text)
        if plan.text != now.checked_text:
            _write(out, plan.text)
    return EXIT_OK


def _input(kind: str | None, path: Path) -> Input:
    """One input; ``TABLE=PATH`` for aws-dynamodb-backups (its output names no table)."""
    from bot.inventory import Input

    text = str(path)
    table, sep, file = text.partition("=")
    if kind == BACKUPS and not (sep and table and file):
        raise CommandError(
            f"--from {BACKUPS}: '{text}' is not TABLE=PATH (the output of `aws dynamodb "
            "describe-continuous-backups` does not name its table), "
            "e.g. sessions=pitr-sessions.json",
            EXIT_USAGE,
        )
    if sep and table and file and (kind == BACKUPS or (kind is None and not path.exists())):
        return Input(kind, Path(file), table=table)
    return Input(kind, path)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _out_path(out: Path | None, org: Path | None) -> Path:
    from bot.kb import default_knowledge_dir

    if out is None:
        if org is None:
            raise CommandError(
                "where to write? give --out FILE, or an organisation folder "
                "(--org-knowledge DIR or WHOOWNS_ORG_KNOWLEDGE) for inventory.yaml",
                EXIT_USAGE,
            )
        if not org.is_dir():
            raise CommandError(f"{org}: organisation knowledge folder not found")
        out = org / DEFAULT_OUT
    package = Path(__file__).resolve().parent.parent
    resolved = out.resolve()
    for shipped in (package, default_knowledge_dir().resolve()):
        if resolved.is_relative_to(shipped):
            raise CommandError(
                f"{out}: inside the installed package ({shipped}); write into your own folder"
            )
    return out


def _print_plan(plan: Plan, out: Path, *, dry_run: bool) -> None:
    o = plan.outcome
    for kind in plan.kinds:
        t = o.tally(kind)
        print(
            f"{kind}: {t.imported} imported, {t.updated} updated, {t.unchanged} unchanged, "
            f"{t.skipped} skipped"
        )
    for warning in plan.warnings:
        print(f"warning: {warning}")
    if o.skipped:
        print("skipped:")
        for kind, name, reason in o.skipped:
            print(f"  {name} ({kind}): {reason}")
    _print_kept(plan)
    kept = [m for m in o.missing if m[0] not in o.pruned]
    if kept:
        print("no longer in the input (kept; --prune removes them):")
        for ident, kind in kept:
            print(f"  {ident} ({kind})")
    if o.pruned:
        print(f"{'would remove' if dry_run else 'removed'}: {', '.join(o.pruned)}")
    without = f", {len(o.no_owner)} without an owner" if o.no_owner else ""
    print(f"{out}: {len(o.resources)} resources{without}, {len(o.teams)} teams")
    if dry_run:
        changes = ", ".join(f"{sign}{ident}" for sign, ident in o.changes) or "no changes"
        print(f"dry run: {changes}; nothing written to {out}")
        return
    for path in plan.edits:
        print(f"wrote {path}")
    print(f"wrote {out}")


def _print_kept(plan: Plan) -> None:
    """What the file holds after the merge that a person may want to act on."""
    o = plan.outcome
    if o.apart:
        print("kept apart (different resources whose names differ only in case or punctuation):")
        for kind, name, ident, other in o.apart:
            print(f"  {name} ({kind}) is {ident} ({other} is another resource)")
    if o.hand:
        print("written by hand, gained the imported fields (listed in their imported:):")
        for ident, (where, _) in o.hand.items():
            print(f"  {ident} ({where})")
    if o.no_owner:
        print("without an owner (set owner: by hand, or tag them and import again):")
        for ident, why in o.no_owner:
            print(f"  {ident}: {why}")


# -- list and check ----------------------------------------------------------------------------


def list_(args: argparse.Namespace) -> int:
    k = _knowledge(args)
    if args.team is not None and args.team not in k.teams:
        known = ", ".join(k.teams) or "none are defined"
        raise CommandError(f"unknown team {args.team!r} (teams: {known})", EXIT_USAGE)
    resources = k.resources_of(args.team) if args.team else tuple(k.resources.values())
    rows = [
        {
            "id": r.id,
            "service": r.service,
            "owner": r.owner,
            "environment": r.environment,
            "duties": dict(r.duties),
            "arn": r.arn,
        }
        for r in resources
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    if not resources:
        print("no resources" + (f" for team {args.team}" if args.team else ""))
        return EXIT_OK
    width = max(len(r.id) for r in resources)
    for r in resources:
        duties = ", ".join(f"{d} → {t}" for d, t in r.duties.items())
        extra = f"  ({duties})" if duties else ""
        env = f" [{r.environment}]" if r.environment else ""
        print(f"{r.id:<{width}}  {r.service}{env}  owner: {r.owner or 'no owner'}{extra}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    k = _knowledge(args)
    lines = [
        f"{r.file}: resource '{r.id}' has no owner (the team holding the customer side)"
        for r in k.resources.values()
        if r.owner is None
    ]
    lines += [
        f"{t.file}: team '{t.id}' has no Slack handle (slack: S…, C… or U…)"
        for t in k.teams.values()
        if t.slack is None
    ]
    for line in lines:
        print(line)
    if lines:
        print(f"{len(lines)} inventory problem{'s' if len(lines) != 1 else ''}", file=sys.stderr)
        return EXIT_FAIL
    print(f"inventory OK: {len(k.resources)} resources, {len(k.teams)} teams")
    return EXIT_OK

"""The organisation's sections, ``teams`` and ``resources``: read, checked, turned into values.

    teams:
      platform-db:
        name: Platform DB
        slack: S0PLATFORM          # a user group (S…), channel (C…) or user id (U…); optional
        members: [U0ALICE, U0BOB]  # optional; T0123ABCD:U0ALICE: in that workspace only
        aliases: [dba, db platform]
        practices:                 # optional: the team's bar, per environment
          backups-configured: {min_retention_days: {prod: 7}}
    resources:
      orders-db:
        service: aurora-provisioned      # a service or group id of the knowledge
        owner: platform-db               # optional: the team holding the customer side
        duties: {backups: sre}           # optional: another team for one duty's customer side
        environment: prod
        aliases: [orders database]
        links: [{title: Runbook, url: "https://wiki.example.com/orders-db"}]
        note: shown with every answer about it
        source: "aws rds describe-db-clusters, 2026-12-01"
        arn: "arn:aws:rds:eu-central-1:111122223333:cluster:orders-db"
        settings:                        # optional: as AWS says it is set (bot.kb.settings)
          BackupRetentionPeriod: 7
          MultiAZ: false
        imported: [service, environment, source, arn, settings]

Both are core sections: they load on every path, ``whoowns ask`` included. The loader calls
:func:`read_org` once the course sections are read, with the names those already claim, so a
resource called ``rds`` or a team aliased ``backups`` is refused like any other clash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.kb.models import Duty, Group, Link, Resource, Service, Team
from bot.kb.nodes import Field, Reader, join, node, text, texts
from bot.kb.problems import Problem
from bot.kb.sections import SectionPart, normalize
from bot.kb.settings import read_settings

ORG_SECTIONS = ("teams", "resources")
# Slack ids are per workspace: ``T…:`` names the one an id belongs to (a plain id: any)
SLACK_HANDLE = re.compile(r"(?:T[A-Z0-9]{2,}:)?[SCGUW][A-Z0-9]{2,}")
SLACK_USER = re.compile(r"(?:T[A-Z0-9]{2,}:)?[UW][A-Z0-9]{2,}")
HTTP_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
ARN = re.compile(r"arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+")

TEAM_FIELDS: dict[str, Field] = {
    "name": text(),
    "slack": text(required=False),
    "members": texts(),
    "aliases": texts(),
    "imported": texts(),  # the fields a re-import (Backstage) may overwrite
    "practices": node(required=False),
}
# practice id -> the settings a team may give it (per environment, a whole number of days)
TEAM_PRACTICE_SETTINGS: Mapping[str, tuple[str, ...]] = {
    "backups-configured": ("min_retention_days",),
}
DAYS_MAX = 3650
RESOURCE_FIELDS: dict[str, Field] = {
    "service": text(),
    "owner": text(required=False),
    "duties": node(required=False),
    "environment": text(required=False),
    "aliases": texts(),
    "links": node(required=False),
    "note": text(required=False),
    "source": text(required=False),
    "arn": text(required=False),
    "settings": node(required=False),
    "imported": texts(),
}
LINK_FIELDS: dict[str, Field] = {"title": text(), "url": text()}

# normalised name (no case, punctuation or spaces) -> (what owns it, FILE:LINE), as the loader keeps
Claims = MutableMapping[str, tuple[str, str]]


# Words of service names that carry no meaning of their own ("mysql on an ec2 instance").
CONNECTIVES = frozenset(("a", "an", "and", "for", "in", "of", "on", "or", "the", "with"))


def course_words(services: Mapping[str, Service], groups: Mapping[str, Group]) -> dict[str, str]:
    """word -> the service or group whose name or alias has it: a resource or team may not
    be called one of these on its own ("mysql" is part of RDS, Aurora and MySQL on EC2)."""
    words: dict[str, str] = {}
    for what, things in (("service", services), ("group", groups)):
        for thing in things.values():
            for name in (thing.id, thing.name, *thing.aliases):
                for word in normalize(name).split():
                    if word not in CONNECTIVES:
                        words.setdefault(word, f"{what} '{thing.id}' ('{name}')")
    return words


def org_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The knowledge files of the organisation's folder, in name order (none is fine)."""
    if not folder.is_dir():
        message = "organisation knowledge folder not found (or not a folder)"
        problems.append(Problem(str(folder), 0, "", message))
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
    )


@dataclass(frozen=True)
class OrgSections:
    teams: Mapping[str, Team] = field(default_factory=dict)
    resources: Mapping[str, Resource] = field(default_factory=dict)


def read_org(
    parts: Mapping[str, Sequence[SectionPart]],
    *,
    services: Mapping[str, Service],
    groups: Mapping[str, Group],
    duties: Mapping[str, Duty],
    claims: Claims,
) -> OrgSections:
    """The ``teams`` and ``resources`` of every file; problems go to each part's reader.

    ``claims`` holds the names the course sections already use; team and resource names are
    added to it (one name, one thing)."""
    seen: dict[str, dict[str, str]] = {"team": {}, "resource": {}}
    words = course_words(services, groups)
    teams: dict[str, Team] = {}
    for part in parts.get("teams", ()):
        for ident, key, value, path in _entries(part, "teams", "team", seen["team"]):
            team = _team(part.reader, ident, key, value, path)
            names = (team.id, team.name, *team.aliases)
            _claim(part.reader, f"team '{ident}'", (key, value, path), names, claims, words)
            teams[ident] = team
    resources: dict[str, Resource] = {}
    for part in parts.get("resources", ()):
        for ident, key, value, path in _entries(part, "resources", "resource", seen["resource"]):
            check = _Refs(services, groups, duties, seen["team"])
            resource = _resource(part.reader, ident, key, value, path, check)
            names = (ident, *resource.aliases)
            _claim(part.reader, f"resource '{ident}'", (key, value, path), names, claims, words)
            resources[ident] = resource
    return OrgSections(MappingProxyType(teams), MappingProxyType(resources))


@dataclass(frozen=True)
class _Refs:
    services: Mapping[str, Service]
    groups: Mapping[str, Group]
    duties: Mapping[str, Duty]
    teams: Mapping[str, str]


def _entries(
    part: SectionPart, section: str, what: str, seen: dict[str, str]
) -> list[tuple[str, Node, Node, str]]:
    r = part.reader
    out = []
    for key, value in r.items(part.value, section, f"a mapping of {what} ids to {what}s"):
        path = join(section, str(key.value))
        ident = r.slug(key, path, what)
        if ident is None:
            continue
        if ident in seen:
            r.problem(key, path, f"duplicate {what} id '{ident}' (first defined at {seen[ident]})")
            continue
        seen[ident] = r.where(key)
        out.append((ident, key, value, path))
    return out


def _team(r: Reader, ident: str, key: Node, value: Node, path: str) -> Team:
    f = r.record(value, path, TEAM_FIELDS, at=key, what="team")
    slack = f["slack"] or None
    if isinstance(slack, str) and not SLACK_HANDLE.fullmatch(slack):
        r.problem(
            _child(value, "slack") or key,
            join(path, "slack"),
            f"slack '{slack}' is not a Slack id: give a user group id (S…), a channel id "
            "(C…) or a user id (U…), not a name or @handle; with several workspaces, "
            "prefix the workspace's id (T0123ABCD:S0123ABCD)",
        )
        slack = None
    members = _strs(f["members"])
    for index, member in enumerate(members):
        if not SLACK_USER.fullmatch(member):
            r.problem(
                _item(_child(value, "members"), index) or key,
                join(join(path, "members"), index),
                f"member '{member}' is not a Slack user id (U…, or T…:U… for one workspace)",
            )
    return Team(
        id=ident,
        name=str(f["name"]) or ident,
        slack=slack if isinstance(slack, str) else None,
        members=members,
        aliases=_strs(f["aliases"]),
        file=r.where(key),
        imported=_strs(f["imported"]),
        practices=_team_practices(r, f["practices"], join(path, "practices")),
    )


def _team_practices(
    r: Reader, value: object, path: str
) -> Mapping[str, Mapping[str, Mapping[str, int]]]:
    """``practices: {PRACTICE: {SETTING: {ENVIRONMENT: DAYS}}}`` (see TEAM_PRACTICE_SETTINGS)."""
    if not isinstance(value, Node):
        return MappingProxyType({})
    out: dict[str, Mapping[str, Mapping[str, int]]] = {}
    for key, item in r.items(value, path, "a mapping of practice ids to settings"):
        practice, sub = str(key.value), join(path, str(key.value))
        known = TEAM_PRACTICE_SETTINGS.get(practice)
        if known is None:
            names = ", ".join(TEAM_PRACTICE_SETTINGS)
            r.problem(key, sub, f"practice '{practice}' takes no team setting (these do: {names})")
            continue
        settings: dict[str, Mapping[str, int]] = {}
        for name_node, per_env in r.items(item, sub, "a mapping of setting names to values"):
            name, where = str(name_node.value), join(sub, str(name_node.value))
            if name not in known:
                r.problem(
                    name_node, where, f"unknown setting '{name}' (expected {', '.join(known)})"
                )
                continue
            settings[name] = _per_environment(r, per_env, where)
        out[practice] = MappingProxyType(settings)
    return MappingProxyType(out)


def _per_environment(r: Reader, value: Node, path: str) -> Mapping[str, int]:
    out: dict[str, int] = {}
    for env, days in r.items(value, path, "a mapping of environments to a number of days"):
        where = join(path, str(env.value))
        text_ = str(days.value) if isinstance(days, ScalarNode) else ""
        if not text_.isdigit() or not 1 <= int(text_) <= DAYS_MAX:
            r.problem(days, where, f"expected a number of days from 1 to {DAYS_MAX}")
            continue
        out[str(env.value)] = int(text_)
    return MappingProxyType(out)


def _resource(r: Reader, ident: str, key: Node, value: Node, path: str, refs: _Refs) -> Resource:
    f = r.record(value, path, RESOURCE_FIELDS, at=key, what="resource")
    service = str(f["service"])
    if service and service not in refs.services and service not in refs.groups:
        known = ", ".join((*refs.services, *refs.groups))
        r.problem(
            _child(value, "service") or key,
            join(path, "service"),
            f"unknown service or group '{service}' (expected one of: {known})",
        )
    owner = f["owner"] or None
    if isinstance(owner, str):
        _check_team(r, _child(value, "owner") or key, join(path, "owner"), owner, refs)
    arn = f["arn"] or None
    if isinstance(arn, str) and not ARN.fullmatch(arn):
        r.problem(_child(value, "arn") or key, join(path, "arn"), f"'{arn}' is not an ARN")
    imported = _strs(f["imported"])
    for index, name in enumerate(imported):
        if name not in RESOURCE_FIELDS or name == "imported":
            r.problem(
                _item(_child(value, "imported"), index) or key,
                join(join(path, "imported"), index),
                f"'{name}' is not a resource field (imported lists the fields an import set)",
            )
    return Resource(
        id=ident,
        service=service,
        owner=owner if isinstance(owner, str) else None,
        duties=_duties(r, f["duties"], join(path, "duties"), refs),
        environment=_optional(f["environment"]),
        aliases=_strs(f["aliases"]),
        links=_links(r, f["links"], join(path, "links")),
        note=_optional(f["note"]),
        source=_optional(f["source"]),
        arn=arn if isinstance(arn, str) else None,
        imported=imported,
        file=r.where(key),
        settings=_settings(r, f["settings"], join(path, "settings"), service),
    )


def _settings(r: Reader, value: object, path: str, service: str) -> Mapping[str, object]:
    if not isinstance(value, Node):
        return MappingProxyType({})
    return read_settings(r, value, path, service)


def _check_team(r: Reader, at: Node, path: str, team: str, refs: _Refs) -> None:
    if team not in refs.teams:
        known = ", ".join(refs.teams) or "none are defined"
        r.problem(at, path, f"unknown team '{team}' (teams: {known})")


def _duties(r: Reader, value: object, path: str, refs: _Refs) -> Mapping[str, str]:
    if not isinstance(value, Node):
        return MappingProxyType({})
    out: dict[str, str] = {}
    for key, item in r.items(value, path, "a mapping of duty ids to team ids"):
        duty = str(key.value)
        sub = join(path, duty)
        if duty not in refs.duties:
            r.problem(key, sub, f"unknown duty '{duty}' (expected a duty id such as 'backups')")
            continue
        team = r.text(item, sub)
        if team is not None:
            _check_team(r, item, sub, team, refs)
            out[duty] = team
    return MappingProxyType(out)


def _links(r: Reader, value: object, path: str) -> tuple[Link, ...]:
    if not isinstance(value, Node):
        return ()
    out = []
    for index, item in enumerate(r.sequence(value, path)):
        sub = join(path, index)
        f = r.record(item, sub, LINK_FIELDS, what="link")
        url = str(f["url"])
        if url and not HTTP_URL.fullmatch(url):
            r.problem(_child(item, "url") or item, join(sub, "url"), f"link '{url}' is not http(s)")
            continue
        if url and f["title"]:
            out.append(Link(title=str(f["title"]), url=url))
    return tuple(out)


def _claim(
    r: Reader,
    owner: str,
    entry: tuple[Node, Node, str],
    names: Sequence[str],
    claims: Claims,
    words: Mapping[str, str],
) -> None:
    """Each normalised name names one thing: course services, duties, teams, resources.

    ``entry`` is the key node, value node and key path; ``names`` are the id, then the
    ``name`` (teams), then the aliases, as read."""
    key, value, path = entry
    alias_nodes = _child(value, "aliases")
    alias_count = len(alias_nodes.value) if isinstance(alias_nodes, SequenceNode) else 0
    first_alias = len(names) - alias_count
    for index, name in enumerate(names):
        if index == 0:
            at: Node = key
            where = path
        elif index < first_alias:
            at, where = _child(value, "name") or key, join(path, "name")
        else:
            at = _item(alias_nodes, index - first_alias) or key
            where = join(join(path, "aliases"), index - first_alias)
        normal = normalize(name).replace(" ", "")
        if not normal:
            r.problem(at, where, f"alias '{name}' has no letters or digits")
            continue
        previous = claims.get(normal)
        if previous is None and normal in words:
            r.problem(
                at,
                where,
                f"name '{name}' of {owner} is a word of {words[normal]}: on its own it names "
                "course services, so it cannot name yours (e.g. 'orders-{name}')",
            )
        elif previous is None:
            claims[normal] = (owner, r.where(at))
        elif previous[0] != owner:
            r.problem(
                at,
                where,
                f"name '{name}' of {owner} clashes with {previous[0]} at {previous[1]} "
                "(a name or alias must name exactly one thing)",
            )


def _child(mapping: Node | None, name: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == name:
                return v
    return None


def _item(sequence: Node | None, index: int) -> Node | None:
    if isinstance(sequence, SequenceNode) and index < len(sequence.value):
        return sequence.value[index]
    return None


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, tuple) else ()


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) and value else None

"""The knowledge, as immutable values.

Only :mod:`bot.kb.loader` builds these (from YAML); everything else reads them.
Ids are slugs (``patching``, ``aurora-serverless``). Owners are ``aws``,
``customer`` or ``shared``; ``None`` means the seed does not decide that cell,
and the bot must say so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

Owner = Literal["aws", "customer", "shared"]
OWNERS: tuple[str, ...] = ("aws", "customer", "shared")
OWNER_LABELS: Mapping[str, str] = {"aws": "AWS", "customer": "Customer", "shared": "Shared"}
CATEGORY_IDS: tuple[str, ...] = ("fully-managed", "managed", "unmanaged")


@dataclass(frozen=True)
class Category:
    """A service category of the shared responsibility model."""

    id: str
    name: str  # "Fully Managed"
    description: str
    aws_does: tuple[str, ...]  # "Software Patching: Automatic security updates ..."
    customer_does: tuple[str, ...]
    characteristics: tuple[str, ...]  # may be empty where the seed lists none
    cost: str  # "Higher service cost, lower operational cost"
    when_to_choose: tuple[str, ...]  # "Limited DBA Resources: Small teams with ..."
    best_practices: tuple[str, ...]
    aliases: tuple[str, ...]  # "fully managed", "serverless" ...
    source: str  # seed section, e.g. "Fully Managed Database Services"
    # statement (a characteristic, or a when_to_choose label) -> the category it is compared
    # with: true of this category only relative to that one (the third has it too)
    # (a mapping is not hashable: a category hashes by its other fields, as before)
    compared_with: Mapping[str, str] = field(default_factory=dict, hash=False)

    def baseline_of(self, statement: str) -> str | None:
        """The category ``statement`` (a characteristic or when_to_choose line) is relative to;
        None when it holds of this category alone."""
        return self.compared_with.get(statement_label(statement))


def statement_label(line: str) -> str:
    """The label of a ``when_to_choose`` line ("Existing Expertise: Have ..." -> "Existing
    Expertise"); a characteristic is its own label."""
    label, sep, _ = line.partition(":")
    return label.strip() if sep else line.strip()


@dataclass(frozen=True)
class Cell:
    """Who owns one duty in one category, and what each side does."""

    owner: Owner | None  # None: the seed does not state it
    aws: str  # what AWS does ("" when AWS does nothing here)
    customer: str  # what the customer does ("" when nothing)
    source: str  # seed section the owner comes from


@dataclass(frozen=True)
class Duty:
    """An operational duty (a row of the comparison table, or another duty from the seed)."""

    id: str
    name: str  # "Patching & Updates"
    summary: str  # one line: what the duty is
    aliases: tuple[str, ...]
    in_table: bool  # one of the eight rows of the seed's comparison table
    cells: Mapping[str, Cell]  # category id -> Cell (all three for table duties)
    source: str

    def cell(self, category: str) -> Cell:
        """The cell for ``category``; an undecided cell when the seed says nothing."""
        return self.cells.get(category) or Cell(None, "", "", "")


@dataclass(frozen=True)
class Service:
    id: str
    name: str  # "Amazon Aurora Serverless"
    category: str  # category id
    kind: str  # "NoSQL", "Relational", "Data warehouse", ...
    aliases: tuple[str, ...]
    note: str | None  # exam note shown with every answer about it ("RDS is Managed, ...")
    source: str  # seed section the classification comes from
    # categories the course material also lists it under, unsettled (Redshift: fully-managed)
    also_listed_under: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A name that stands for several services ("aurora" -> both Aurora variants)."""

    id: str
    name: str
    members: tuple[str, ...]  # service ids
    aliases: tuple[str, ...]
    note: str  # why it is a group ("Aurora alone does not say which ...")
    source: str


@dataclass(frozen=True)
class Engine:
    """A database engine word ("mysql") that alone does not say which service runs it: each
    service it can mean is answered side by side, with ``note`` (the owner differs)."""

    id: str
    name: str  # "MySQL"
    aliases: tuple[str, ...]  # "mysql"
    services: tuple[str, ...]  # service ids, in the order answered
    note: str
    source: str


@dataclass(frozen=True)
class Scenario:
    """A "When to Choose" line of the course material's Real-World Scenarios: the situation it
    names, the category it points to, and the words that describe that situation in a question
    ("small team", "no dba")."""

    id: str
    name: str  # "Limited DBA Resources"
    text: str  # "Small teams with minimal database expertise" (the course's words)
    category: str  # category id the course material says to choose
    aliases: tuple[str, ...]  # situation words ("small team", "startup", "no dba")
    source: str  # "Real-World Scenarios: When to Choose Fully Managed"

    @property
    def line(self) -> str:
        """The course's line as its category lists it in ``when_to_choose``."""
        return f"{self.name}: {self.text}"


@dataclass(frozen=True)
class ExamPoint:
    """A "Must Remember" line; ``claim`` makes it usable as a true/false question."""

    id: str
    text: str  # "RDS is Managed, not Fully Managed"
    detail: str  # "(important distinction)" or ""
    source: str


@dataclass(frozen=True)
class SecurityItem:
    id: str
    name: str  # "Data Encryption"
    text: str  # "Configure encryption at rest and in transit"
    owner: Owner  # who does it in the shared security model (the customer, per the seed)
    source: str


@dataclass(frozen=True)
class SecurityModel:
    aws: str  # "AWS Secures the Cloud: Infrastructure, hardware, software"
    customer: str  # "You Secure in the Cloud: Data, configuration, access controls"
    responsibilities: tuple[SecurityItem, ...]
    source: str


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # http(s) only (checked by the loader)


def slack_id_in(value: str, workspace: str | None) -> str | None:
    """A Slack id of the organisation's knowledge as seen in ``workspace``: a plain id
    (``S0DBA``) is usable in any workspace; one prefixed by its workspace (``T0AAA:S0DBA``,
    Slack ids are per workspace) only in that one (None elsewhere, and when ``workspace`` is
    not known)."""
    prefix, sep, ident = value.rpartition(":")
    if not sep:
        return value
    return ident if workspace and prefix == workspace else None


# The kind of Slack handle a team id names: a user group (S…), a channel (C…, G…), a user (U…, W…)
HandleKind = Literal["usergroup", "channel", "user"]
_HANDLE_KINDS: Mapping[str, HandleKind] = {
    "S": "usergroup",
    "C": "channel",
    "G": "channel",
    "U": "user",
    "W": "user",
}


@dataclass(frozen=True)
class Team:
    """A team of the organisation (section ``teams``): who holds the customer side."""

    id: str
    name: str  # "Platform DB"
    # a user group, channel or user id, ``T…:``-prefixed when it is one workspace's (see
    # slack_id_in); None: no handle (plain name only)
    slack: str | None
    members: tuple[str, ...]  # Slack user ids (``U…``, ``T…:U…``); empty: the user group's
    aliases: tuple[str, ...]
    file: str  # FILE:LINE where it is defined (for `whoowns inventory check`)
    imported: tuple[str, ...] = ()  # the fields a re-import (Backstage) may overwrite
    # The team's own bar for a practice: practice id -> setting -> environment -> value
    # (``{"backups-configured": {"min_retention_days": {"prod": 7}}}``); see bot.kb.org
    practices: Mapping[str, Mapping[str, Mapping[str, int]]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @property
    def handle_kind(self) -> HandleKind | None:
        return _HANDLE_KINDS.get(self.slack.rpartition(":")[2][:1]) if self.slack else None

    def handle_in(self, workspace: str | None) -> str | None:
        """The team's Slack id usable in ``workspace`` (see :func:`slack_id_in`), or None."""
        return slack_id_in(self.slack, workspace) if self.slack else None

    def lists(self, user: str, workspace: str | None) -> bool:
        """Is ``user`` in ``members`` as seen in ``workspace`` (a ``T…:U…`` member only in
        that workspace)?"""
        return any(slack_id_in(m, workspace) == user for m in self.members)


@dataclass(frozen=True)
class Resource:
    """One of the organisation's databases (section ``resources``)."""

    id: str  # "orders-db"
    service: str  # a service id or a group id ("aurora") of the knowledge
    owner: str | None  # team id holding the customer side; None: nobody yet (inventory check)
    duties: Mapping[str, str]  # duty id -> team id, where one duty's customer side differs
    environment: str | None  # "prod", "staging", ...
    aliases: tuple[str, ...]
    links: tuple[Link, ...]
    note: str | None  # shown with every answer about it (untrusted text: escape when shown)
    source: str | None  # where it came from ("aws rds describe-db-clusters, 2026-12-01")
    arn: str | None
    imported: tuple[str, ...]  # the fields a re-import may overwrite
    file: str  # FILE:LINE where it is defined
    # What AWS says it is configured to do (bot.kb.settings): AWS's key names -> values typed as
    # botocore's models type them (bool, int, float, str, aware datetime; lists as tuples,
    # structures as read-only mappings). An absent key is unknown: not imported, never guessed.
    settings: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def team_for(self, duty: str) -> str | None:
        """The team id for the customer side of ``duty``: the per-duty team, else the owner."""
        return self.duties.get(duty) or self.owner


@dataclass(frozen=True)
class Knowledge:
    """The whole knowledge base. Dicts keep file order (used for stable output)."""

    categories: Mapping[str, Category]
    duties: Mapping[str, Duty]
    services: Mapping[str, Service]
    groups: Mapping[str, Group]
    exam_points: tuple[ExamPoint, ...]
    security: SecurityModel
    source_dir: Path
    # The organisation's teams and databases (sections ``teams``/``resources``, usually from
    # the WHOOWNS_ORG_KNOWLEDGE folder); empty when there are none.
    teams: Mapping[str, Team] = field(default_factory=dict)
    resources: Mapping[str, Resource] = field(default_factory=dict)
    org_dir: Path | None = None
    engines: Mapping[str, Engine] = field(default_factory=dict)  # engine id -> its services
    scenarios: Mapping[str, Scenario] = field(default_factory=dict)  # "which should I choose"
    # Filled by later features (quiz questions, onboarding lessons); raw validated data.
    extras: Mapping[str, object] = field(default_factory=dict)

    @property
    def table_duties(self) -> tuple[Duty, ...]:
        return tuple(d for d in self.duties.values() if d.in_table)

    def services_in(self, category: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services.values() if s.category == category)

    # -- the organisation ------------------------------------------------------------------------

    def customer_team(self, resource: str, duty: str) -> Team | None:
        """The team for the customer side of ``duty`` on ``resource`` (the per-duty team, else
        the owner); None when the resource has no team for it (or is unknown)."""
        found = self.resources.get(resource)
        team = found.team_for(duty) if found is not None else None
        return self.teams.get(team) if team is not None else None

    def resource_services(self, resource: str) -> tuple[Service, ...]:
        """The services a resource stands for: one, or a group's members (``aurora``)."""
        found = self.resources.get(resource)
        if found is None:
            return ()
        if found.service in self.services:
            return (self.services[found.service],)
        group = self.groups.get(found.service)
        return tuple(self.services[m] for m in group.members) if group is not None else ()

    def resources_of(self, team: str) -> tuple[Resource, ...]:
        """The resources where ``team`` holds the customer side of at least one duty."""
        return tuple(
            r for r in self.resources.values() if r.owner == team or team in r.duties.values()
        )

    def duties_held(self, team: str, resource: str) -> tuple[str, ...]:
        """The duty ids (file order) whose customer side ``team`` holds on ``resource``."""
        found = self.resources.get(resource)
        if found is None:
            return ()
        return tuple(d for d in self.duties if found.team_for(d) == team)

    def teams_of_user(self, user: str, workspace: str | None = None) -> tuple[Team, ...]:
        """The teams that list ``user`` in ``members`` in ``workspace`` (None: the plain
        ids only; user groups are resolved elsewhere)."""
        return tuple(t for t in self.teams.values() if t.lists(user, workspace))

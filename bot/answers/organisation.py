"""Answers about the organisation's databases and teams. Pure data, like the course's answers.

    answer = build_org_answer(query, knowledge, my_teams=("platform-db",))   # -> OrgAnswer
    answer.to_json()

An :class:`OrgAnswer` is an :class:`bot.answers.course.Answer` (so every surface handles it)
with the organisation's rows added: per resource and duty, the course's owner for the resource's
service and the team doing the customer side (the per-duty team, else the owner) whenever the
customer has work there. :func:`bot.answers.build_answer` hands questions naming a resource or
team, and "my databases", here. Text from the organisation's files (notes, titles) is raw:
renderers escape it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from bot.answers.core import (
    Classification,
    OwnerCell,
    TeamRef,
    classify,
    customer_works,
    service_cell,
    team_ref,
)
from bot.answers.course import Answer, build_course_answer
from bot.answers.practices import DEFAULT_RULES, Rules, attention_items
from bot.answers.settings import SettingNote, noted, settings_lines
from bot.intent import Query
from bot.kb.models import Duty, Knowledge, Link, Resource, Service, slack_id_in

ORG_INTENTS = frozenset(("team", "my_resources"))


@dataclass(frozen=True)
class ResourceInfo:
    """What a resource is: its service(s) and category, where it runs, who holds it."""

    id: str
    service: str  # the service or group id of the knowledge
    service_name: str
    services: tuple[Service, ...]  # one, or a group's members (both Aurora variants)
    category_names: tuple[str, ...]  # of ``services``, same order
    environment: str | None
    owner: TeamRef | None
    links: tuple[Link, ...]
    note: str | None  # raw organisation text: escape when shown


@dataclass(frozen=True)
class ResourceRow:
    """One duty of one resource: the course's cell and the team for the customer side."""

    resource: str
    cell: OwnerCell
    team: TeamRef | None  # set whenever the customer has work there (see :func:`_team_for`)
    # who_owns: what the resource is set to do for this duty, as imported (the resource's
    # first row only; nothing when nothing was imported)
    settings: tuple[SettingNote, ...] = ()


@dataclass(frozen=True)
class Holding:
    """A resource a team holds the customer side of, and the duties it holds there."""

    resource: ResourceInfo
    duties: tuple[Duty, ...]
    teams: tuple[TeamRef, ...] = ()  # my_resources: the asker's teams holding it


@dataclass(frozen=True)
class OrgAnswer(Answer):
    resources: tuple[ResourceInfo, ...] = ()  # the resources asked about
    rows: tuple[ResourceRow, ...] = ()  # who_owns / overview of resources
    resource_classes: tuple[tuple[str, Classification], ...] = ()  # (resource, its class)
    team: TeamRef | None = None  # intent team: the team asked about
    holdings: tuple[Holding, ...] = ()  # team / my_resources
    my_teams: tuple[TeamRef, ...] = ()  # my_resources: the asker's teams
    known_user: bool = True  # my_resources: False when the asker is not known (CLI, no --user)
    all_teams: tuple[TeamRef, ...] = ()  # my_resources in no team: the teams that exist
    member: bool = False  # team: the asker is in the team asked about ("Your side of")

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if self.intent in ("who_owns", "overview"):
            out["answers"] = [_row_json(r) for r in self.rows] + out["answers"]
        elif self.intent == "classify":
            mine = [{"resource": r, **_class_json(c)} for r, c in self.resource_classes]
            out["answers"] = mine + out["answers"]
        elif self.intent in ORG_INTENTS:
            out["answers"] = [_holding_json(h) for h in self.holdings]
        if self.intent == "my_resources":
            out["my_teams"] = [t.id for t in self.my_teams]
        return out


def _row_json(row: ResourceRow) -> dict[str, Any]:
    c = row.cell
    return {
        "resource": row.resource,
        "service": c.service,
        "category": c.category,
        "duty": c.duty,
        "owner": c.owner,
        "aws": c.aws,
        "customer": c.customer,
        "source": c.source,
        "team": row.team.id if row.team else None,
        "team_name": row.team.name if row.team else None,
        "settings": [
            {"text": n.text, "keys": list(n.keys), "attention": n.attention} for n in row.settings
        ],
    }


def _class_json(c: Classification) -> dict[str, Any]:
    return {"service": c.service, "category": c.category, "kind": c.kind, "source": c.source}


def _holding_json(h: Holding) -> dict[str, Any]:
    r = h.resource
    return {
        "resource": r.id,
        "service": r.service,
        "services": [s.id for s in r.services],
        "environment": r.environment,
        "duties": [d.id for d in h.duties],
        "team": h.teams[0].id if h.teams else (r.owner.id if r.owner else None),
        "team_name": h.teams[0].name if h.teams else (r.owner.name if r.owner else None),
    }


def resource_info(resource: Resource, knowledge: Knowledge) -> ResourceInfo:
    services = knowledge.resource_services(resource.id)
    group = knowledge.groups.get(resource.service)
    name = group.name if group is not None else services[0].name if services else resource.service
    owner = knowledge.teams.get(resource.owner) if resource.owner else None
    return ResourceInfo(
        id=resource.id,
        service=resource.service,
        service_name=name,
        services=services,
        category_names=tuple(
            knowledge.categories[s.category].name if s.category in knowledge.categories else ""
            for s in services
        ),
        environment=resource.environment,
        owner=team_ref(owner) if owner else None,
        links=resource.links,
        note=resource.note,
    )


def _team_for(cell: OwnerCell, resource: str, knowledge: Knowledge) -> TeamRef | None:
    """The team doing the customer side of ``cell`` on ``resource``, when the customer has
    work there."""
    if not customer_works(cell):
        return None
    team = knowledge.customer_team(resource, cell.duty)
    return team_ref(team) if team else None


def build_org_answer(
    query: Query,
    knowledge: Knowledge,
    *,
    my_teams: tuple[str, ...] | None = None,
    rules: Rules = DEFAULT_RULES,
) -> OrgAnswer:
    """The answer to a question naming resources or a team, or asking "my databases".

    ``my_teams``: the asker's team ids (members lists, else user groups, resolved by the
    surface); None when the asker is not known. ``rules``: the organisation's (which
    environments are production), for the settings an answer flags."""
    resources = [knowledge.resources[r] for r in query.resources if r in knowledge.resources]
    theirs = {s.id for r in resources for s in knowledge.resource_services(r.id)}
    course_only = tuple(s for s in query.services if s not in theirs)
    base = _course_part(query, knowledge, course_only)
    infos = tuple(resource_info(r, knowledge) for r in resources)
    intent = query.intent
    fields: dict[str, Any] = {"intent": intent, "query": query, "resources": infos}
    duty = knowledge.duties.get(query.duty) if query.duty else None
    team = knowledge.teams.get(query.team) if query.team else None
    if intent == "who_owns" and duty is not None:
        rows = _rows(resources, (duty,), knowledge)
        fields["rows"] = _with_settings(rows, duty.id, knowledge, rules)
    elif intent == "overview":
        fields["rows"] = tuple(_rows(resources, tuple(knowledge.duties.values()), knowledge))
    elif intent == "classify":
        fields["resource_classes"] = tuple(
            (r.id, classify(s, query.category, knowledge))
            for r in resources
            for s in knowledge.resource_services(r.id)
        )
    elif intent == "team" and team is not None:
        fields["team"] = team_ref(team)
        fields["holdings"] = tuple(holdings_of(knowledge, (team.id,)))
        fields["member"] = my_teams is not None and team.id in my_teams
    elif intent == "my_resources":
        fields.update(_mine(knowledge, my_teams))
    notes = list(base.notes)
    for info in infos:  # a resource of a group: its own note says which variants it runs
        notes += [s.note for s in info.services if s.note]
    fields["notes"] = tuple(dict.fromkeys(notes))
    inherited = {f.name: getattr(base, f.name) for f in dataclasses.fields(Answer)}
    return OrgAnswer(**{**inherited, **fields})


def _course_part(query: Query, knowledge: Knowledge, services: tuple[str, ...]) -> Answer:
    """The course's answer for the services named beside the resources (or nothing)."""
    if not services:
        return Answer(query=query, intent=query.intent, suggestions=query.suggestions)
    course = dataclasses.replace(query, services=services, resources=(), team=None)
    return build_course_answer(course, knowledge)


def _rows(
    resources: list[Resource], duties: tuple[Duty, ...], knowledge: Knowledge
) -> list[ResourceRow]:
    rows = []
    for r in resources:
        for s in knowledge.resource_services(r.id):
            for d in duties:
                if len(duties) > 1 and not d.in_table and d.cell(s.category).owner is None:
                    continue  # overview: the table's duties and those the seed decides
                cell = service_cell(d, s, knowledge)
                rows.append(ResourceRow(r.id, cell, _team_for(cell, r.id, knowledge)))
    return rows


def _with_settings(
    rows: list[ResourceRow], duty: str, knowledge: Knowledge, rules: Rules
) -> tuple[ResourceRow, ...]:
    """``rows`` with what each resource is set to do for ``duty``, on its first row."""
    out, seen = [], set()
    for row in rows:
        lines = (
            [] if row.resource in seen else settings_lines(knowledge.resources[row.resource], duty)
        )
        seen.add(row.resource)
        if lines:
            items = attention_items(knowledge, resources=(row.resource,), rules=rules)
            flagged = {k: f.practice.id for f in items if f.duty == duty for k in f.evidence or {}}
            row = dataclasses.replace(row, settings=noted(lines, flagged))
        out.append(row)
    return tuple(out)


def holdings_of(knowledge: Knowledge, teams: tuple[str, ...]) -> list[Holding]:
    """The resources where one of ``teams`` holds the customer side, with its duties there."""
    out = []
    for r in knowledge.resources.values():
        holders = [t for t in teams if r.owner == t or t in r.duties.values()]
        if not holders:
            continue
        held = {d for t in holders for d in knowledge.duties_held(t, r.id)}
        services = knowledge.resource_services(r.id)
        given = {d for d, t in r.duties.items() if t in holders}  # assigned by name: held
        duties = tuple(
            d
            for d in knowledge.duties.values()
            if d.id in given
            or (d.id in held and any(customer_works(d.cell(s.category)) for s in services))
        )
        refs = tuple(team_ref(knowledge.teams[t]) for t in holders if t in knowledge.teams)
        out.append(Holding(resource_info(r, knowledge), duties, refs))
    return out


def _mine(knowledge: Knowledge, my_teams: tuple[str, ...] | None) -> dict[str, Any]:
    everyone = tuple(team_ref(t) for t in knowledge.teams.values())
    if my_teams is None:
        return {"known_user": False, "all_teams": everyone}
    mine = tuple(t for t in my_teams if t in knowledge.teams)
    return {
        "my_teams": tuple(team_ref(knowledge.teams[t]) for t in mine),
        "holdings": tuple(holdings_of(knowledge, mine)),
        "all_teams": everyone,
    }


# -- as seen in one workspace ------------------------------------------------------------------
# Slack ids are per workspace: a team's handle ``T0AAA:S0DBA`` may be mentioned in T0AAA only
# (a plain ``S0DBA`` anywhere). The surface that knows the request's workspace turns an answer
# into that workspace's: each handle the id to mention there, or None (the team by its name).


def _ref_in(team: TeamRef | None, workspace: str | None) -> TeamRef | None:
    if team is None or team.slack is None:
        return team
    return dataclasses.replace(team, slack=slack_id_in(team.slack, workspace))


def _refs_in(teams: tuple[TeamRef, ...], workspace: str | None) -> tuple[TeamRef, ...]:
    return tuple(t for t in (_ref_in(t, workspace) for t in teams) if t is not None)


def _info_in(info: ResourceInfo, workspace: str | None) -> ResourceInfo:
    return dataclasses.replace(info, owner=_ref_in(info.owner, workspace))


def holding_in_workspace(holding: Holding, workspace: str | None) -> Holding:
    """``holding`` with its teams' handles as usable in ``workspace``."""
    return dataclasses.replace(
        holding,
        resource=_info_in(holding.resource, workspace),
        teams=_refs_in(holding.teams, workspace),
    )


def in_workspace(answer: Answer, workspace: str | None) -> Answer:
    """``answer`` as shown in ``workspace`` (None: not known, plain handles only): a team's
    handle of another workspace is dropped, so it is shown by its name."""
    if not isinstance(answer, OrgAnswer):
        return answer
    return dataclasses.replace(
        answer,
        resources=tuple(_info_in(i, workspace) for i in answer.resources),
        rows=tuple(dataclasses.replace(r, team=_ref_in(r.team, workspace)) for r in answer.rows),
        team=_ref_in(answer.team, workspace),
        holdings=tuple(holding_in_workspace(h, workspace) for h in answer.holdings),
        my_teams=_refs_in(answer.my_teams, workspace),
        all_teams=_refs_in(answer.all_teams, workspace),
    )

"""The "Who owns this duty?" step's reading: a duty and a service or resource (text, as typed
in Workflow Builder) -> the step's outputs, or one line saying what was not understood.

    found = who_owns("patching", "orders-db", knowledge, matcher)   # -> Owner | Problem
    found.outputs()     # Owner: {"owner", "team_id", "team_name", "summary", "course_section"}

Each field is read on its own with the intent layer (the same fuzzy matching as a question),
then the answer builders give the facts: the course's owner cell for the service, and for one
of the organisation's resources the team doing the customer's side. Nothing here states a fact
of its own. Text the person typed is repeated escaped and cut (:func:`bot.render.mrkdwn.echo`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.answers import OrgAnswer, OwnerCell, TeamRef, build_answer
from bot.intent import IntentMatcher, Query
from bot.kb.models import Knowledge
from bot.render.mrkdwn import OWNER_BADGES, echo, trim

INPUT_LIMIT = 60  # characters of an input repeated in a failure message
SUMMARY_LIMIT = 1000  # the summary output: one line
OWNER_WORDS = {"aws": "AWS", "customer": "the customer", "shared": "shared (AWS and the customer)"}


@dataclass(frozen=True)
class Owner:
    """The step's outputs. ``team_*`` are empty when no team holds the customer's side: a
    service of the course (not one of the organisation's resources), a duty AWS does alone
    there, or a resource whose team the organisation's files do not name."""

    owner: str  # aws | customer | shared
    team_id: str
    team_name: str
    summary: str  # one line, plain text
    course_section: str

    def outputs(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Problem:
    """What was not understood, as the step's error message (one line)."""

    message: str


def _said(text: str) -> str:
    return f"'{echo(text, INPUT_LIMIT)}'"


def _choices(labels: list[str]) -> str:
    labels = list(dict.fromkeys(labels))
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _read_duty(text: str, knowledge: Knowledge, matcher: IntentMatcher) -> str | Problem:
    query = matcher.parse(text)
    if query.duty is not None and query.duty in knowledge.duties:
        return query.duty
    close = [s.label for s in query.suggestions if s.kind == "duty"]
    if close:
        hint = f"did you mean {_choices(close[:3])}?"
    else:
        hint = "the duties I know: " + ", ".join(d.name for d in knowledge.duties.values()) + "."
    if not text.strip():
        return Problem(f"The step needs a duty, e.g. 'patching' or 'backups'; {hint}")
    return Problem(f"I don't know the duty {_said(text)} — {hint}")


def _read_subject(text: str, knowledge: Knowledge, matcher: IntentMatcher) -> Query | Problem:
    """The service, group or resource ``text`` names (one of them), as a query."""
    query = matcher.parse(text)
    if not text.strip():
        return Problem("The step needs a service or one of your databases, e.g. 'aurora'.")
    if len(query.resources) > 1 or (query.resources and _beside_resource(query, knowledge)):
        return Problem(f"{_said(text)} names several databases: name one.")
    if query.resources:
        return query
    if query.services and (len(query.services) == 1 or query.group is not None):
        return query
    close = [s.label for s in query.suggestions if s.kind != "duty"]
    if query.services:  # several services, not one group: "mysql", "rds and dynamodb"
        close = [knowledge.services[s].name for s in query.services if s in knowledge.services]
    if close:
        return Problem(f"{_said(text)} could be {_choices(close[:4])}: name one.")
    examples = "e.g. aurora, rds or dynamodb"
    if knowledge.resources:
        examples += " or one of your databases such as " + next(iter(knowledge.resources))
    return Problem(f"I don't know the service or database {_said(text)} ({examples}).")


def _beside_resource(query: Query, knowledge: Knowledge) -> bool:
    """Does ``query`` name services besides its resource's ("orders-db and rds")?"""
    theirs = {s.id for r in query.resources for s in knowledge.resource_services(r)}
    return any(s not in theirs for s in query.services)


def who_owns(
    duty: str, service: str, knowledge: Knowledge, matcher: IntentMatcher
) -> Owner | Problem:
    """The step's outputs for ``duty`` on ``service`` (a service, group or resource)."""
    duty_id = _read_duty(duty, knowledge, matcher)
    if isinstance(duty_id, Problem):
        return duty_id
    subject = _read_subject(service, knowledge, matcher)
    if isinstance(subject, Problem):
        return subject
    asked = dataclasses.replace(
        subject, text=f"{duty} {service}", intent="who_owns", duty=duty_id, suggestions=()
    )
    answer = build_answer(asked, knowledge)
    if isinstance(answer, OrgAnswer) and answer.rows:
        rows = [(row.cell, row.team) for row in answer.rows]
        where = answer.rows[0].resource
    else:
        rows = [(cell, None) for cell in answer.cells]
        where = ""
    if not rows:  # the builders skipped every id (knowledge reloaded in between)
        return Problem(f"I couldn't find {_said(service)} in the knowledge any more; try again.")
    return _owner(rows, where, answer.group_name)


def _owner(
    rows: list[tuple[OwnerCell, TeamRef | None]], where: str, group: str | None
) -> Owner | Problem:
    cells = [cell for cell, _ in rows]
    first, team = rows[0]
    subject = _subject(first, cells, where, group)
    owners = {cell.owner for cell in cells}
    if len(owners) > 1:
        each = "; ".join(f"{c.service_name}: {OWNER_BADGES[c.owner][1]}" for c in cells)
        return Problem(
            f"{subject} covers services that differ for {first.duty_name} ({each}): "
            "name the one you mean."
        )
    if first.owner is None:
        return Problem(
            f"The course doesn't say who owns {first.duty_name} for {subject}, so I won't guess."
        )
    parts = [part.strip() for cell in cells for part in cell.source.split(";")]
    sections = "; ".join(dict.fromkeys(p for p in parts if p))
    return Owner(
        owner=first.owner,
        team_id=team.id if team else "",
        team_name=team.name if team else "",
        summary=_summary(first, subject, team),
        course_section=sections,
    )


def _subject(first: OwnerCell, cells: list[OwnerCell], where: str, group: str | None) -> str:
    names = list(dict.fromkeys(c.service_name or "" for c in cells))
    service = group if group and len(names) > 1 else " and ".join(names)
    return f"{where} ({service})" if where else service


def _summary(cell: OwnerCell, subject: str, team: TeamRef | None) -> str:
    parts = [f"{cell.duty_name} for {subject}: {OWNER_WORDS[str(cell.owner)]}."]
    if cell.aws:
        parts.append(f"AWS: {cell.aws.rstrip('. ')}.")
    if cell.customer:
        parts.append(f"Customer: {cell.customer.rstrip('. ')}.")
    if team is not None:
        parts.append(f"Customer side here: {team.name}.")
    line = " ".join(" ".join(p.split()) for p in parts)  # one line, whatever the knowledge says
    return trim(line, SUMMARY_LIMIT)

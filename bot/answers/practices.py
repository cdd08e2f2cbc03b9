"""Each practice on each resource: pure data from the knowledge, AWS's settings and the
confirmations recorded in the database.

    findings = evaluate(knowledge, now=now)                      # every resource, every practice
    findings = evaluate(knowledge, now=now, resources=["orders-db"], confirmations=confirmed)
    [f.to_json() for f in findings]                              # `whoowns practices --json`

A practice applies to a resource only where the customer has work in the practice's duty for
the resource's category (:func:`bot.answers.customer_works`, as the answers decide it);
its team is the team doing that customer side (the per-duty team, else the owner). A resource
whose service AWS's API does not describe (Unmanaged, Keyspaces) is ``unknown`` on every
practice until someone confirms it; a confirmation never overrides what AWS's settings say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from bot.answers.core import TeamRef, customer_works, team_ref
from bot.answers.practice_catalog import Practice, practices_of
from bot.answers.practice_checks import CHECKS, PRODUCTION_ONLY, STATUSES, Status, Subject, Verdict
from bot.answers.settings import pending_actions
from bot.kb.models import Knowledge, Resource, Service
from bot.kb.settings import SERVICE_MODELS

if TYPE_CHECKING:
    from bot.config import Settings

DEFAULT_PRODUCTION = ("prod", "production", "prd")
DEFAULT_MIN_DAYS = 1
MIN_DAYS_SETTING = ("backups-configured", "min_retention_days")
_RANK = {s: i for i, s in enumerate(STATUSES)}


class Confirmation(NamedTuple):
    """Someone said the practice is in place where AWS's API cannot show it."""

    by: str  # Slack user id
    at: datetime
    expires: datetime

    def to_json(self) -> dict[str, str]:
        return {"by": self.by, "at": self.at.isoformat(), "expires": self.expires.isoformat()}


class Finding(NamedTuple):
    """One practice on one resource."""

    resource: str
    service: str  # the resource's service or group id
    category: str | None  # the category the practice was decided for
    practice: Practice
    status: Status
    team: TeamRef | None  # the team doing the customer side (None: not applicable / no team)
    evidence: Mapping[str, object] | None  # AWS's settings read, plain data
    said: str  # what is set, in words
    pending: tuple[Mapping[str, object], ...]  # pending maintenance actions (information)
    confirmed: Confirmation | None
    environment: str | None

    @property
    def duty(self) -> str:
        return self.practice.duty

    def to_json(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "service": self.service,
            "category": self.category,
            "duty": self.practice.duty,
            "practice": self.practice.id,
            "status": self.status,
            "team": self.team.id if self.team else None,
            "team_name": self.team.name if self.team else None,
            "evidence": dict(self.evidence) if self.evidence is not None else None,
            "pending": [dict(p) for p in self.pending],
            "confirmed": self.confirmed.to_json() if self.confirmed else None,
            "course": list(self.practice.course),
            "source": self.practice.source,
        }


# (practice id, resource id) -> when and by whom, as recorded (bot.store.practices)
Confirmed = Mapping[tuple[str, str], tuple[str, datetime]]


class Rules(NamedTuple):
    """What the organisation decides beside the knowledge (bot.config)."""

    production: frozenset[str] = frozenset(DEFAULT_PRODUCTION)
    confirm_days: int = 90


DEFAULT_RULES = Rules()


def rules_for(settings: Settings | None) -> Rules:
    """The rules as configured (WHOOWNS_PRODUCTION_ENVIRONMENTS, WHOOWNS_CONFIRM_DAYS); the
    defaults without settings. Every surface hands these down: nothing below reads them."""
    if settings is None:
        return DEFAULT_RULES
    return Rules(frozenset(settings.production_environments), settings.confirm_days)


def evaluate(
    knowledge: Knowledge,
    *,
    now: datetime,
    resources: Iterable[str] | None = None,
    confirmations: Confirmed | None = None,
    rules: Rules = DEFAULT_RULES,
) -> list[Finding]:
    """Every practice on every resource (or on ``resources``), attention first, then unknown,
    ok, not applicable; within a status in the knowledge's order."""
    practices = tuple(practices_of(knowledge.extras).values())
    ids = knowledge.resources if resources is None else resources
    found = [knowledge.resources[r] for r in ids if r in knowledge.resources]
    context = _Context(knowledge, rules, confirmations or {}, now)
    out: list[Finding] = []
    for resource in found:
        out.extend(context.resource(resource, practices))
    out.sort(key=lambda f: _RANK[f.status])  # stable: resource and practice order kept
    return out


class _Context:
    def __init__(
        self, knowledge: Knowledge, rules: Rules, confirmed: Confirmed, now: datetime
    ) -> None:
        self.knowledge = knowledge
        self.rules = rules
        self.confirmed = confirmed
        self.now = now
        self.window = timedelta(days=rules.confirm_days)
        self.refs: dict[str, TeamRef] = {t.id: team_ref(t) for t in knowledge.teams.values()}
        # (services, duty) -> the category where the customer works there, or None
        self.works: dict[tuple[str, str], str | None] = {}

    def category_of(self, resource: Resource, services: Sequence[Service], duty: str) -> str | None:
        key = (resource.service, duty)
        if key not in self.works:
            found = self.knowledge.duties.get(duty)
            cells = [(s.category, found.cell(s.category)) for s in services] if found else []
            self.works[key] = next((c for c, cell in cells if customer_works(cell)), None)
        return self.works[key]

    def resource(self, resource: Resource, practices: Sequence[Practice]) -> list[Finding]:
        services = self.knowledge.resource_services(resource.id)
        model = SERVICE_MODELS.get(resource.service)
        pending = pending_actions(resource)
        first = services[0].category if services else None
        subject = None
        if model is not None:
            subject = Subject(resource.settings, model, resource.service, self.min_days(resource))
        out = []
        for practice in practices:
            category = self.category_of(resource, services, practice.duty)
            if category is None:
                verdict = Verdict("not_applicable", None, "no customer work in this duty here")
                out.append(self.finding(resource, practice, first, verdict, pending))
                continue
            verdict = self.verdict(resource, practice, subject)
            out.append(self.finding(resource, practice, category, verdict, pending))
        return out

    def verdict(self, resource: Resource, practice: Practice, subject: Subject | None) -> Verdict:
        if practice.check in PRODUCTION_ONLY:
            env = resource.environment
            if env is None:
                return Verdict("unknown", None, "no environment set: production or not?")
            if env.lower() not in self.rules.production:
                return Verdict("not_applicable", None, f"not a production environment ({env})")
        if subject is None:
            return Verdict("unknown", None, "not visible in AWS's API: confirm it")
        return CHECKS[practice.check](subject)

    def min_days(self, resource: Resource) -> int:
        team = self.knowledge.teams.get(resource.team_for("backups") or "")
        if team is None or resource.environment is None:
            return DEFAULT_MIN_DAYS
        practice, setting = MIN_DAYS_SETTING
        per_env = team.practices.get(practice, {}).get(setting, {})
        return per_env.get(resource.environment, DEFAULT_MIN_DAYS)

    def finding(
        self,
        resource: Resource,
        practice: Practice,
        category: str | None,
        verdict: Verdict,
        pending: tuple[Mapping[str, object], ...],
    ) -> Finding:
        status, confirmed = verdict.status, None
        if status == "unknown":
            confirmed = self.confirmation(practice.id, resource.id)
            status = "ok" if confirmed is not None else status
        team = None
        if status != "not_applicable":
            team_id = resource.team_for(practice.duty)
            team = self.refs.get(team_id) if team_id else None
        return Finding(
            resource.id,
            resource.service,
            category,
            practice,
            status,
            team,
            verdict.evidence,
            verdict.said,
            pending,
            confirmed,
            resource.environment,
        )

    def confirmation(self, practice: str, resource: str) -> Confirmation | None:
        found = self.confirmed.get((practice, resource))
        if found is None:
            return None
        by, at = found
        expires = at + self.window
        return Confirmation(by, at, expires) if expires > self.now else None


# a confirmation only turns ``unknown`` into ``ok``: what needs attention never depends on it,
# nor on the clock that expires it
_NO_CONFIRMATIONS_AT = datetime(2000, 1, 1, tzinfo=timezone.utc)


def attention_items(
    knowledge: Knowledge, *, resources: Iterable[str] | None = None, rules: Rules = DEFAULT_RULES
) -> list[Finding]:
    """The practices needing attention (on every resource, or on ``resources``), in the
    knowledge's order: what answers and the quiz read beside the owners."""
    found = evaluate(knowledge, now=_NO_CONFIRMATIONS_AT, resources=resources, rules=rules)
    return [f for f in found if f.status == "attention"]


def attention_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """resource id -> how many of its practices need attention (resources with none left out)."""
    counts: dict[str, int] = {}
    for f in findings:
        if f.status == "attention":
            counts[f.resource] = counts.get(f.resource, 0) + 1
    return counts

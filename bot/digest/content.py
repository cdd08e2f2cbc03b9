"""What a team's digest says: pure data from the knowledge and the practices' findings.

The practices are read through the practices feature's service (``context["practices"]``,
its ``findings(resource ids)``), never imported: the digest sees a finding only as
:class:`FindingLike`. Maintenance is read from the resources' settings (AWS's pending
maintenance actions), as information."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.kb.models import Knowledge, Resource
from bot.kb.settings import parse_time

MAINTENANCE_DAYS = 14
# the date a pending action is applied, in the order the answers name them
APPLY_DATES = ("CurrentApplyDate", "AutoAppliedAfterDate", "ForcedApplyDate")


class PracticeLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class TeamLike(Protocol):
    @property
    def id(self) -> str: ...


class FindingLike(Protocol):
    """What the digest reads of a practices finding."""

    @property
    def resource(self) -> str: ...
    @property
    def practice(self) -> PracticeLike: ...
    @property
    def status(self) -> str: ...
    @property
    def team(self) -> TeamLike | None: ...
    @property
    def said(self) -> str: ...


Findings = Callable[[Sequence[str]], Sequence[FindingLike]]


@dataclass(frozen=True)
class Item:
    key: str  # stable across weeks: what the next digest compares
    resource: str
    text: str  # plain text (escaped when rendered)
    kind: str  # attention | maintenance


@dataclass(frozen=True)
class Digest:
    team: str
    team_name: str
    attention: tuple[Item, ...]
    maintenance: tuple[Item, ...]
    new: tuple[Item, ...] = ()
    resolved: tuple[str, ...] = ()  # keys of last week's items gone now
    first: bool = True  # no digest before: nothing to compare
    labels: Mapping[str, str] = field(default_factory=dict)  # resolved key -> words

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in (*self.attention, *self.maintenance))

    @property
    def empty(self) -> bool:
        return not (self.attention or self.maintenance or self.resolved)


def _when(action: Mapping[str, object]) -> tuple[str, datetime] | None:
    for key in APPLY_DATES:
        value = action.get(key)
        when = value if isinstance(value, datetime) else None
        if when is None and isinstance(value, str):
            when = parse_time(value)
        if when is not None:
            return key, when
    return None


def maintenance(resource: Resource, today: date) -> list[Item]:
    """The resource's pending actions applied within :data:`MAINTENANCE_DAYS` of ``today``."""
    listed = resource.settings.get("PendingMaintenanceActions")
    out: list[Item] = []
    for entry in listed if isinstance(listed, tuple) else ():
        details = entry.get("PendingMaintenanceActionDetails") if isinstance(entry, Mapping) else ()
        for action in details or ():
            if not isinstance(action, Mapping):
                continue
            found = _when(action)
            if found is None:
                continue
            key, when = found
            day = when.date()
            if not today <= day <= today + timedelta(days=MAINTENANCE_DAYS):
                continue
            name = str(action.get("Action") or "maintenance")
            how = {"CurrentApplyDate": "applied on", "ForcedApplyDate": "forced on"}
            said = f"{how.get(key, 'applied after')} {day.day} {day.strftime('%b %Y')}"
            item_key = f"maintenance:{resource.id}:{name}:{day.isoformat()}"
            out.append(Item(item_key, resource.id, f"{name}, {said}", "maintenance"))
    return out


def build(
    knowledge: Knowledge, team: str, findings: Findings, today: date,
    last: Sequence[str] | None,
) -> Digest:  # fmt: skip
    """The team's digest on ``today``, compared with ``last`` (the last digest's keys)."""
    ref = knowledge.teams.get(team)
    held = [r for r in knowledge.resources_of(team)]
    attention = tuple(
        Item(f"attention:{f.resource}:{f.practice.id}", f.resource,
             f"{f.practice.name}: {f.said}", "attention")
        for f in findings([r.id for r in held])
        if f.status == "attention" and f.team is not None and f.team.id == team
    )  # fmt: skip
    upcoming = tuple(i for r in held for i in maintenance(r, today))
    digest = Digest(team, ref.name if ref else team, attention, upcoming)
    if last is None:
        return digest
    now_keys = set(digest.keys)
    new = tuple(i for i in (*attention, *upcoming) if i.key not in set(last))
    resolved = tuple(k for k in last if k not in now_keys)
    return Digest(
        team, digest.team_name, attention, upcoming, new, resolved, first=False,
        labels={k: describe_key(k) for k in resolved},
    )  # fmt: skip


def describe_key(key: str) -> str:
    """Words for an item that is gone: ``shop-db · backups-configured``."""
    kind, _, rest = key.partition(":")
    parts = rest.split(":")
    if kind == "attention" and len(parts) == 2:
        return f"{parts[0]} · {parts[1]}: no longer needs attention"
    if kind == "maintenance" and len(parts) >= 2:
        return f"{parts[0]} · {parts[1]}: no longer pending"
    return rest

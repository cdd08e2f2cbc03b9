"""What every answer kind shares: the owner of a duty (one cell of the comparison table) and a
service's category, built from the knowledge. Pure data: no I/O, no Slack, no formatting.

    cell = service_cell(duty, service, knowledge)   # -> OwnerCell, per service
    cell = category_cell(duty, category)            # -> OwnerCell, per category
    found = classify(service, asked, knowledge)     # -> Classification

A cell the seed does not decide has ``owner=None``; the bot never guesses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.kb.models import Category, Cell, Duty, Knowledge, Service, Team


@dataclass(frozen=True)
class OwnerCell:
    """Who owns ``duty`` for one service (who_owns, overview) or one category (duty)."""

    duty: str
    duty_name: str
    category: str
    category_name: str
    owner: str | None  # aws | customer | shared | None (the seed does not state it)
    aws: str  # what AWS does
    customer: str  # what the customer does
    source: str  # seed section
    service: str | None = None  # None for a per-category (duty) row
    service_name: str | None = None


@dataclass(frozen=True)
class Classification:
    service: str
    service_name: str
    kind: str
    category: str
    category_name: str
    category_summary: str
    source: str
    note: str | None  # exam note (RDS / Redshift) or None
    asked_category: str | None = None  # "is X fully managed?" -> "fully-managed"
    matches: bool | None = None  # does X belong to asked_category


def service_cell(duty: Duty, service: Service, knowledge: Knowledge) -> OwnerCell:
    cell = duty.cell(service.category)
    category = knowledge.categories.get(service.category)
    return OwnerCell(
        duty=duty.id,
        duty_name=duty.name,
        category=service.category,
        category_name=category.name if category else service.category,
        owner=cell.owner,
        aws=cell.aws,
        customer=cell.customer,
        source=cell.source,
        service=service.id,
        service_name=service.name,
    )


def category_cell(duty: Duty, category: Category) -> OwnerCell:
    cell = duty.cell(category.id)
    return OwnerCell(
        duty=duty.id,
        duty_name=duty.name,
        category=category.id,
        category_name=category.name,
        owner=cell.owner,
        aws=cell.aws,
        customer=cell.customer,
        source=cell.source,
    )


def classify(service: Service, asked: str | None, knowledge: Knowledge) -> Classification:
    category = knowledge.categories.get(service.category)
    return Classification(
        service=service.id,
        service_name=service.name,
        kind=service.kind,
        category=service.category,
        category_name=category.name if category else service.category,
        category_summary=category.description if category else "",
        source=service.source,
        note=service.note,
        asked_category=asked,
        matches=(service.category == asked) if asked else None,
    )


@dataclass(frozen=True)
class TeamRef:
    id: str
    name: str
    # a user group, channel or user id from the knowledge (``T…:S…``: one workspace's, see
    # in_workspace); None: name only
    slack: str | None


def team_ref(team: Team) -> TeamRef:
    return TeamRef(id=team.id, name=team.name, slack=team.slack)


def customer_works(cell: Cell | OwnerCell) -> bool:
    """Has the customer work in this cell: owner customer or shared, or an AWS cell that still
    says what you configure ("Backup Configuration: Retention policies …")."""
    return cell.owner in ("customer", "shared") or bool(cell.customer)

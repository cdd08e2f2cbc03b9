"""A comparison: categories (or services, through their categories) side by side, per duty.

Pure data from the knowledge, like the course's answers (:mod:`bot.answers.course` calls it
for the ``compare`` intent):

    comparison = build_comparison(sides, duty, knowledge)

One row per duty: every duty of the knowledge, whichever the sides, so every comparison counts
duties the same way (or only the duty asked about). A row ``differs``
when every owner in it is stated and they are not all the same; the rows that differ come
first, then the rows where the owners agree, then the rows the seed leaves open for some side
(knowledge order within each). What each category does, its cost and when to choose it come
from the categories themselves, so every fact traces to the seed like the rest of the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.answers.core import OwnerCell, category_cell, service_cell
from bot.kb.models import Category, Duty, Knowledge, Service


@dataclass(frozen=True)
class Side:
    """One column: a category, or a service compared through its category."""

    category: Category
    service: Service | None = None

    @property
    def name(self) -> str:
        return self.service.name if self.service else self.category.name


@dataclass(frozen=True)
class CompareRow:
    duty: str
    duty_name: str
    cells: tuple[OwnerCell, ...]  # one per side, in side order
    differs: bool  # every owner stated, and not all the same

    @property
    def stated(self) -> bool:
        return all(c.owner is not None for c in self.cells)


@dataclass(frozen=True)
class Comparison:
    sides: tuple[Side, ...]
    rows: tuple[CompareRow, ...]  # differing rows first (see the module doc)
    categories: tuple[Category, ...]  # the distinct categories of the sides, in side order
    duty: str | None = None  # the duty asked about; None: every duty

    @property
    def differing(self) -> tuple[CompareRow, ...]:
        return tuple(r for r in self.rows if r.differs)


def category_sides(category_ids: tuple[str, ...], knowledge: Knowledge) -> tuple[Side, ...]:
    return tuple(Side(knowledge.categories[c]) for c in category_ids if c in knowledge.categories)


def service_sides(services: tuple[Service, ...], knowledge: Knowledge) -> tuple[Side, ...]:
    return tuple(
        Side(knowledge.categories[s.category], s)
        for s in services
        if s.category in knowledge.categories
    )


def build_comparison(
    sides: tuple[Side, ...], duty: Duty | None, knowledge: Knowledge
) -> Comparison:
    def cell(d: Duty, side: Side) -> OwnerCell:
        if side.service is not None:
            return service_cell(d, side.service, knowledge)
        return category_cell(d, side.category)

    categories = tuple(dict.fromkeys(s.category for s in sides))
    # every duty, whichever the sides: one count for every comparison ("6 of 19 duties")
    duties: list[Duty] = [duty] if duty is not None else list(knowledge.duties.values())
    rows = []
    for d in duties:
        cells = tuple(cell(d, s) for s in sides)
        owners = {c.owner for c in cells}
        differs = None not in owners and len(owners) > 1
        rows.append(CompareRow(d.id, d.name, cells, differs))
    rows.sort(key=lambda r: 0 if r.differs else 1 if r.stated else 2)  # stable: knowledge order
    return Comparison(
        sides=sides, rows=tuple(rows), categories=categories, duty=duty.id if duty else None
    )


def compare_json(comparison: Comparison) -> list[dict[str, Any]]:
    """One answer per (side, duty): a service comparison names the service of each."""
    return [
        {
            **({"service": c.service} if c.service else {}),
            "category": c.category,
            "duty": c.duty,
            "owner": c.owner,
            "aws": c.aws,
            "customer": c.customer,
            "differs": row.differs,
            "source": c.source,
        }
        for row in comparison.rows
        for c in row.cells
    ]

"""One id per AWS resource: what an import found, made distinct, each with its entry's id.

- One resource seen twice (``list-tables`` and ``describe-table``, or a tag's ARN) is one.
- Two resources are never one entry: DynamoDB's ``Orders`` and ``orders`` are two tables, an
  RDS instance and a cluster may share a name. Where their slugs meet, the one whose name *is*
  the slug keeps it (else the one the file already knows by that name, else the first in name
  order) and the others are numbered (``orders-2``): :attr:`Assigned.apart` says which.
- The same name in two regions (or accounts) is suffixed with the region (and the account).
- An entry of the generated file keeps its id when the ARN or the exact name matches it; a
  resource written by hand in another file is matched by ARN, exact name or slug (``elsewhere``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.inventory.found import Found

Entries = dict[str, dict[str, object]]


def slug(name: str) -> str:
    """``Orders_DB.prod`` -> ``orders-db-prod``."""
    return "-".join(re.findall(r"[a-z0-9]+", name.casefold()))


@dataclass(frozen=True)
class Assigned:
    item: Found
    ident: str
    elsewhere: bool = False  # a hand-written entry of another file
    apart: str | None = None  # the id of the other resource whose slug this one's met


def distinct(found: Sequence[Found]) -> list[Found]:
    """One Found per resource: the same exact name, the same ARN (or one without), the same
    ref and place where both say one. Of two, the one with an ARN is kept."""
    kept: dict[str, list[Found]] = {}
    for item in found:
        same = kept.setdefault(item.name, [])
        for index, other in enumerate(same):
            if _same(item, other):
                if item.arn and not other.arn:
                    same[index] = item
                break
        else:
            same.append(item)
    return [item for items in kept.values() for item in items]


def _same(a: Found, b: Found) -> bool:
    if a.arn and b.arn:
        return a.arn == b.arn
    return (
        (a.ref is None or b.ref is None or a.ref == b.ref)
        and _fits(a.region, b.region)
        and _fits(a.account, b.account)
    )


def _fits(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


@dataclass
class Ids:
    """The ids of one run. ``resources``: the generated file's entries; ``hand``: resources
    of the other files (id -> (arn, aliases)); ``free(ident)``: the id names nothing else."""

    resources: Entries
    hand: Mapping[str, tuple[str | None, tuple[str, ...]]]
    free: Callable[[str], bool]
    by_alias: dict[str, str] = field(default_factory=dict)  # an entry's exact alias -> its id

    def assign(self, found: Sequence[Found]) -> list[Assigned]:
        items = distinct(found)
        by_arn = {str(v["arn"]): k for k, v in self.resources.items() if v.get("arn")}
        by_arn.update({arn: k for k, (arn, _) in self.hand.items() if arn})
        self.by_alias = {a: k for k, v in self.resources.items() for a in _texts(v.get("aliases"))}
        self.by_alias.update({a: k for k, (_, aliases) in self.hand.items() for a in aliases})
        groups: dict[str, list[Found]] = {}
        for item in items:
            groups.setdefault(slug(item.name) or "resource", []).append(item)
        wanted = [(item, self._wanted(item, base, group, by_arn)) for base, group in groups.items()
                  for item in group]  # fmt: skip
        return self._settle(wanted)

    def _wanted(
        self, item: Found, base: str, group: Sequence[Found], by_arn: Mapping[str, str]
    ) -> tuple[str, int]:
        """The id ``item`` asks for and how strongly (0: its ARN or exact name is on the
        entry; 1: its name is the id; 2: the slug)."""
        if item.arn and item.arn in by_arn:
            return by_arn[item.arn], 0
        if item.name in self.by_alias:
            return self.by_alias[item.name], 0
        places = {(i.region, i.account) for i in group}
        if len(places) > 1 or self._taken_elsewhere(base, item):
            ident = slug(f"{base}-{item.region or 'unknown'}")
            if len({r for r, _ in places}) < len(places):
                ident = slug(f"{ident}-{item.account or 'unknown'}")
            return ident, 2
        return base, 1 if item.name == base else 2

    def _taken_elsewhere(self, ident: str, item: Found) -> bool:
        """The generated file has ``ident`` already, for a resource with another ARN."""
        existing = self.resources.get(ident)
        other = existing.get("arn") if existing else None
        return bool(other and item.arn and other != item.arn)

    def _settle(self, wanted: Iterable[tuple[Found, tuple[str, int]]]) -> list[Assigned]:
        """Each id to one resource; the others numbered. Skipped resources keep what they
        asked for (they write nothing, the id only says the input still has them)."""
        claims: dict[str, list[tuple[int, str, Found]]] = {}
        out: list[Assigned] = []
        for item, (ident, strength) in wanted:
            if item.service is None:
                out.append(Assigned(item, ident))
            else:
                claims.setdefault(ident, []).append((strength, item.name, item))
        used = set(claims)
        for ident, claimants in claims.items():
            claimants.sort(key=lambda c: (c[0], c[1]))
            winner = claimants[0][2]
            out.append(Assigned(winner, ident, elsewhere=ident in self.hand))
            number = 2
            for _, _, item in claimants[1:]:
                while f"{ident}-{number}" in used or not self.free(f"{ident}-{number}"):
                    number += 1
                used.add(f"{ident}-{number}")
                out.append(Assigned(item, f"{ident}-{number}", apart=ident))
        return out


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()

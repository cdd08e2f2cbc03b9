"""The organisation's names in a question: its resources (``orders-db``) and teams (``dba``).

Read before the course's aliases, on units: what the user typed between spaces, hyphens and
dots kept (``orders-db-replica`` is one unit of three parts). A name matches where its parts,
joined without spaces or punctuation, equal some run of typed parts (the same normal form the
loader uses to refuse clashes, so every joined form names one thing): ``orders-db``,
``orders db``, ``ordersdb`` and ``Orders_DB`` are the same name. Precision first:

- A match answers only when it covers whole units. ``orders-db-replica`` (unknown) is never
  ``orders-db``: the leftover part makes the unit a name we do not know, with "did you mean
  orders-db?"; so is a name followed or preceded by an unknown word (``orders db replica``).
- Typos: a typed part that no course word, filler or name part explains is corrected to a part
  of some organisation name under the course's edit budget (:func:`bot.intent.typos.is_typo`);
  parts with digits never are (``orders-db-2`` is not ``orders-db``).
- Word order: a name of two or three parts also matches with its parts in another order when
  they are adjacent (``db orders``), unless another name is spelled that way.
- A course word alone is never a resource: the loader refuses such names, and only whole
  names are in the table. A resource name may hold one (``search-aurora``): it is read as the
  resource, and its words are not read again as the course service.
- A unit left over that looks like an organisation name (rapidfuzz ratio, never used to
  answer) is an unknown term with "did you mean" that name, and is not read as the course.

What the names do not take goes on to the course parser (:mod:`bot.intent.matcher`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from bot.intent.query import Intent, Query, Suggestion
from bot.intent.scores import (
    EXACT,
    MAX_SUGGESTIONS,
    NOT_UNDERSTOOD,
    ORG_LOOSE_CANDIDATES,
    ORG_LOOSE_RATIO,
    SUGGESTED_UNKNOWN,
    TYPO_PENALTY,
    UNKNOWN_TERM_FACTOR,
)
from bot.intent.text import CLASSIFY_WORDS, FILLER, MAX_TOKENS, STOP, clean, stem, wordset
from bot.intent.typos import correct, is_typo, max_edits, same_start

if TYPE_CHECKING:
    from bot.intent.index import AliasIndex
    from bot.kb.models import Knowledge

Entity = tuple[str, str]  # ("resource", "orders-db") | ("team", "platform-db")
_UNIT = re.compile(r"[a-z0-9]+(?:[-_./][a-z0-9]+)*")
_PART = re.compile(r"[a-z0-9]+")
UNORDERED_MAX = 3  # names of up to this many parts also match in another word order

# "my databases", "our dbs", "what do i own": the asker's own resources
MINE = frozenset(("my", "our", "mine", "ours"))
MINE_THINGS = wordset(
    """database databases db dbs resource resources team teams table tables cluster clusters
    stuff own owns"""
)
# Plain words that often follow or precede a name and are not part of it ("does dba hold")
PLAIN = wordset(
    """hold holds held holding up down break broke broken slow fast look looks ok okay go goes
    went ran now"""
)
I_OWN = (frozenset(("i", "we")), frozenset(("own", "hold", "have")))


class OrgIndex(NamedTuple):
    """The organisation's names, built once (:func:`build_org_index`); never written after."""

    names: Mapping[str, Entity]  # joined parts -> the one thing named so
    unordered: Mapping[tuple[str, ...], Entity]  # sorted parts (2-3) -> the one thing
    parts: frozenset[str]  # every part of every name
    buckets: Mapping[str, tuple[str, ...]]  # first letter -> name parts (typo targets)
    joined: tuple[str, ...]  # the joined names (knowledge order)
    joined_entity: tuple[Entity, ...]  # ... and what each names
    alike: Mapping[str, tuple[tuple[str, ...], tuple[Entity, ...]]]  # first letter -> names
    longest: int  # the most parts of one name
    course: frozenset[str]  # words the course parser reads (aliases, filler, connectives)


class OrgReading(NamedTuple):
    """What the organisation's names took from a question."""

    resources: tuple[str, ...]
    teams: tuple[str, ...]
    rest: list[str]  # the words left for the course parser, in order
    unknown: tuple[str, ...]  # units that look like a name we do not know
    suggestions: tuple[Entity, ...]  # "did you mean" for those
    sure: float  # the least sure part of the names matched
    mine: bool  # "my databases"

    @property
    def found(self) -> bool:
        return bool(self.resources or self.teams or self.unknown)


def _parts(name: str) -> tuple[str, ...]:
    return tuple(_PART.findall(clean(name)))


def build_org_index(knowledge: Knowledge, course_words: Iterable[str]) -> OrgIndex | None:
    """The tables for the organisation's names; None when the knowledge has none."""
    if not knowledge.resources and not knowledge.teams:
        return None
    names: dict[str, Entity] = {}
    orders: dict[tuple[str, ...], Entity | None] = {}
    every: set[str] = set()
    longest = 1
    things: list[tuple[Entity, Iterable[str]]] = [
        (("resource", r.id), (r.id, *r.aliases)) for r in knowledge.resources.values()
    ]
    things += [(("team", t.id), (t.id, t.name, *t.aliases)) for t in knowledge.teams.values()]
    for entity, spellings in things:
        for spelling in spellings:
            parts = _parts(spelling)
            if not parts:
                continue
            names.setdefault("".join(parts), entity)
            every.update(parts)
            longest = max(longest, len(parts))
            if 1 < len(parts) <= UNORDERED_MAX:
                key = tuple(sorted(parts))
                orders[key] = entity if orders.get(key, entity) == entity else None
    buckets: dict[str, list[str]] = {}
    for part in sorted(every):
        if part.isalpha():
            buckets.setdefault(part[0], []).append(part)
    return OrgIndex(
        names=names,
        unordered={k: v for k, v in orders.items() if v is not None},
        parts=frozenset(every),
        buckets={k: tuple(v) for k, v in buckets.items()},
        joined=tuple(names),
        joined_entity=tuple(names.values()),
        alike=_by_letter(names),
        longest=longest,
        course=frozenset(course_words) | FILLER | STOP,
    )


def _by_letter(
    names: Mapping[str, Entity],
) -> dict[str, tuple[tuple[str, ...], tuple[Entity, ...]]]:
    letters: dict[str, dict[str, Entity]] = {}
    for joined, entity in names.items():
        letters.setdefault(joined[0], {})[joined] = entity
    return {k: (tuple(v), tuple(v.values())) for k, v in letters.items()}


class _Part(NamedTuple):
    typed: str
    read: str  # the name part it stands for (itself when not corrected)
    sim: float
    unit: int  # index of its unit
    course: bool  # a course word, filler or connective (or a typo of one)
    name: bool  # a part of some organisation name (or a typo of one)

    @property
    def known(self) -> bool:
        return self.course or self.name


def _correct(index: OrgIndex, word: str) -> tuple[str, float] | None:
    """The name part ``word`` is a typo of (fewest edits, then alphabetical), or None."""
    from rapidfuzz.distance import OSA
    from rapidfuzz.process import extract

    limit = max_edits(len(word))
    if limit == 0 or not word.isalpha():
        return None
    best: tuple[int, str] | None = None
    for letter in dict.fromkeys(word[:2]):
        bucket = index.buckets.get(letter, ())
        for part, dist, _ in extract(
            word, bucket, scorer=OSA.distance, score_cutoff=limit, limit=None
        ):
            if same_start(word, part) and is_typo(word, part):
                rank = (int(dist), part)
                best = rank if best is None or rank < best else best
    if best is None:
        return None
    return best[1], round(1.0 - TYPO_PENALTY * best[0] / len(word), 3)


def _read_parts(index: OrgIndex, course: AliasIndex, units: list[str]) -> list[_Part]:
    out: list[_Part] = []
    for u, unit in enumerate(units):
        for word in _PART.findall(unit):
            if len(out) >= MAX_TOKENS:
                return out
            in_course = word in index.course or word in PLAIN or stem(word) in course.keys
            if word in index.parts or in_course:
                out.append(_Part(word, word, EXACT, u, in_course, word in index.parts))
                continue
            fixed = _correct(index, word)
            if fixed is not None:
                out.append(_Part(word, fixed[0], fixed[1], u, False, True))
            else:  # a typo of a course word is known; anything else is not
                typo = correct(course, word) is not None
                out.append(_Part(word, word, EXACT, u, typo, False))
    return out


def _match_at(index: OrgIndex, parts: list[_Part], i: int) -> tuple[Entity, int, float] | None:
    """The longest name starting at part ``i``: (what it names, how many parts, how sure)."""
    for size in range(min(index.longest, len(parts) - i), 0, -1):
        window = parts[i : i + size]
        typed = tuple(p.typed for p in window)
        read = tuple(p.read for p in window)
        for run, sure in ((typed, EXACT), (read, min(p.sim for p in window))):
            # as typed first, then with typos corrected
            found = index.names.get("".join(run))
            if found is None and 1 < size <= UNORDERED_MAX:
                found = index.unordered.get(tuple(sorted(run)))
            if found is not None:
                return found, size, sure
    return None


def _whole_units(parts: list[_Part], i: int, size: int) -> bool:
    """Does parts[i:i+size] cover whole units, with no unknown word right next to it?"""
    first, last = parts[i], parts[i + size - 1]
    before = parts[i - 1] if i > 0 else None
    after = parts[i + size] if i + size < len(parts) else None
    if (before is not None and before.unit == first.unit) or (
        after is not None and after.unit == last.unit
    ):
        return False
    return all(p is None or p.course or p.typed.isdigit() for p in (before, after))


def _look_alikes(index: OrgIndex, unit: str) -> tuple[Entity, ...]:
    """Names spelled like ``unit`` (rapidfuzz ratio), starting like it as typos do."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import extract

    joined = "".join(_PART.findall(unit))
    found: list[tuple[float, int, Entity]] = []
    for letter in dict.fromkeys(joined[:2]):
        choices, entities = index.alike.get(letter, ((), ()))
        hits = extract(
            joined,
            choices,
            scorer=fuzz.ratio,
            score_cutoff=ORG_LOOSE_RATIO,
            limit=ORG_LOOSE_CANDIDATES,
        )
        found += [(-score, i, entities[i]) for name, score, i in hits if same_start(joined, name)]
    return tuple(dict.fromkeys(e for _, _, e in sorted(found)))[:ORG_LOOSE_CANDIDATES]


def _containing(index: OrgIndex, part: str) -> tuple[Entity, ...]:
    """The first names (knowledge order) holding ``part``, for "did you mean"."""
    found: list[Entity] = []
    for joined, entity in zip(index.joined, index.joined_entity, strict=True):
        if part in joined and entity not in found:
            found.append(entity)
            if len(found) == ORG_LOOSE_CANDIDATES:
                break
    return tuple(found)


def read_org(index: OrgIndex, course: AliasIndex, text: str) -> OrgReading:
    """The organisation's names in ``text``, and the words left for the course parser."""
    units = _UNIT.findall(clean(text))
    parts = _read_parts(index, course, units)
    taken: set[int] = set()  # unit indexes consumed
    found: dict[str, list[str]] = {"resource": [], "team": []}
    unknown: list[str] = []
    suggestions: list[Entity] = []
    sure = EXACT
    i = 0
    while i < len(parts):
        hit = _match_at(index, parts, i)
        if hit is None:
            i += 1
            continue
        (kind, ident), size, match_sure = hit
        covered = {p.unit for p in parts[i : i + size]}
        if _whole_units(parts, i, size):
            found[kind].append(ident)
            sure = min(sure, match_sure)
        else:  # cut from a longer name we do not know: ask, never answer another's
            for j in (i - 1, i + size):  # an unknown word right next to it is part of it
                if 0 <= j < len(parts) and not parts[j].course:
                    covered.add(parts[j].unit)
            unknown.append(" ".join(units[u] for u in sorted(covered)))
            suggestions.append((kind, ident))
        taken |= covered
        while i < len(parts) and parts[i].unit in taken:
            i += 1
    for u, unit in enumerate(units):
        if u in taken or all(p.course for p in parts if p.unit == u):
            continue
        alike = _look_alikes(index, unit)
        ours = [p.read for p in parts if p.unit == u and p.name and not p.course]
        if not alike and ours and "".join(_PART.findall(unit)) != ours[0]:
            alike = _containing(index, ours[0])  # "orders-mysql": a name of ours, unknown
        if alike:
            taken.add(u)
            unknown.append(unit)
            suggestions.extend(alike)
    rest = [
        p.typed
        for p in parts
        if p.unit not in taken and (p.typed not in PLAIN or p.typed in index.course)
    ]
    typed = frozenset(p.typed for p in parts)
    mine = bool(typed & MINE and typed & MINE_THINGS) or bool(typed & I_OWN[0] and typed & I_OWN[1])
    return OrgReading(
        resources=tuple(dict.fromkeys(found["resource"])),
        teams=tuple(dict.fromkeys(found["team"])),
        rest=rest,
        unknown=tuple(dict.fromkeys(unknown)),
        suggestions=tuple(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS],
        sure=sure,
        mine=mine,
    )


def org_query(text: str, found: OrgReading, course: Query, index: AliasIndex) -> Query:
    """The question, from what the organisation's names took (``found``) and the course's
    reading of the rest (``course``): a resource with a duty is who_owns, with a category or a
    "kind" word classify, alone overview; a team alone is ``team``; "my databases" with nothing
    named is ``my_resources``; a name we do not know is an unknown term with "did you mean"."""
    kb = index.kb
    services = [s.id for r in found.resources for s in kb.resource_services(r)]
    services = list(dict.fromkeys((*services, *course.services)))
    group = course.group
    kinds = {kb.resources[r].service for r in found.resources}
    if found.resources and not course.services and len(kinds) == 1:
        only = next(iter(kinds))
        group = only if only in kb.groups else None
    suggestions = tuple(_suggestion(index, e, course.duty) for e in found.suggestions)
    unknown = (*found.unknown, *course.unknown_terms)
    factor = UNKNOWN_TERM_FACTOR if unknown else 1.0
    intent: Intent
    team = None
    if found.resources:
        if course.duty:
            intent = "who_owns"
        elif course.category or frozenset(found.rest) & CLASSIFY_WORDS:
            intent = "classify"
        else:
            intent = "overview"
        confidence = found.sure * factor
    elif found.teams:
        intent, team, confidence = "team", found.teams[0], found.sure * factor
    elif found.mine and not course.services and not unknown:
        intent, confidence = "my_resources", EXACT
    elif course.intent in ("help", "unknown"):
        intent, confidence = "unknown", SUGGESTED_UNKNOWN if suggestions else NOT_UNDERSTOOD
    else:
        intent, confidence = course.intent, course.confidence * factor
    return Query(
        text=text,
        intent=intent,
        duty=course.duty,
        services=tuple(services),
        group=group if intent != "unknown" else None,
        category=course.category,
        confidence=round(confidence, 3),
        suggestions=tuple(dict.fromkeys((*suggestions, *course.suggestions)))[:MAX_SUGGESTIONS],
        unknown_terms=tuple(dict.fromkeys(unknown)),
        resources=found.resources,
        team=team,
        categories=course.categories,
        engine=course.engine if not found.resources else None,
        foreign=course.foreign,
    )


def _suggestion(index: AliasIndex, entity: Entity, duty: str | None) -> Suggestion:
    kind, ident = entity
    kb = index.kb
    label = kb.teams[ident].name if kind == "team" else ident
    if kind == "team":
        text = f"what does {ident} own"
    elif duty:
        text = f"{kb.duties[duty].name} for {ident}"
    else:
        text = ident
    return Suggestion(kind=kind, id=ident, label=label, text=text)

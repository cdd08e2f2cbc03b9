"""The disambiguation rules run over the kept matches, each returning a new :class:`Reading`.

A rule never writes to its input: it returns the matches it keeps, the positions now used,
and what it adds to the "did you mean" entities (``ambiguous``) and to the unknown terms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

from bot.intent.index import AliasIndex, Entity
from bot.intent.spans import NAME_KINDS, Match, Token
from bot.intent.typos import similar

_T = TypeVar("_T")


def unique(items: Iterable[_T]) -> tuple[_T, ...]:
    """``items`` without repeats, in first-seen order."""
    return tuple(dict.fromkeys(items))


class Reading(NamedTuple):
    """What the question says so far (immutable; a NamedTuple, cheap to define at import)."""

    matches: tuple[Match, ...]
    used: frozenset[int]  # positions taken by a match
    ambiguous: tuple[Entity, ...] = ()  # entities to suggest instead of answering, no repeats
    unknown: tuple[str, ...] = ()  # unknown terms, no repeats

    def adding(
        self,
        matches: Iterable[Match],
        *,
        used: frozenset[int] | None = None,
        ambiguous: Iterable[Entity] = (),
        unknown: Iterable[str] = (),
    ) -> Reading:
        return Reading(
            matches=tuple(matches),
            used=self.used if used is None else used,
            ambiguous=unique((*self.ambiguous, *ambiguous)),
            unknown=unique((*self.unknown, *unknown)),
        )


Rule = Callable[[Reading, list[Token], AliasIndex], Reading]


def _phrase(tokens: list[Token], positions: Iterable[int]) -> str:
    """The words typed from the first to the last of ``positions``."""
    span = sorted(positions)
    return " ".join(tokens[p].raw for p in range(span[0], span[-1] + 1))


def siblings(reading: Reading, tokens: list[Token], index: AliasIndex) -> Reading:
    """ "aurora serverless and provisioned": the variant word next to a member of a group
    names another member of the same group - both are answered.

    The word may be free, or taken by a one-word duty match when typed exactly as in the
    member's name ("provisioned" is Aurora Provisioned here, not Hardware Provisioning;
    "provisioning" stays the duty)."""
    matches = reading.matches
    taken = {min(m.positions): m for m in matches if len(m.positions) == 1}
    used = reading.used
    added: list[Match] = []
    dropped: set[Match] = set()
    for m in matches:
        a = m.alias
        group = index.group_of.get(a.id) if a.kind == "service" else None
        if group is None:
            continue
        for pos in (max(m.positions) + 1, min(m.positions) - 1):
            if not 0 <= pos < len(tokens):
                continue
            t = tokens[pos]
            variant = index.variants.get(t.key or "")
            if variant is None or variant[0] == a.id or index.group_of[variant[0]] != group:
                continue
            holder = taken.get(pos)
            if pos in used and not (
                holder is not None
                and holder.alias.kind == "duty"
                and t.raw in index.member_words[variant[0]]
            ):
                continue
            if holder is not None:
                dropped.add(holder)
            sibling = Match(index.first_alias[variant[0]], frozenset((pos,)), t.sim, 1)
            added.append(sibling)
            taken[pos] = sibling
            used = used | {pos}
    if not added:
        return reading
    kept = [m for m in matches if m not in dropped] + added
    return reading.adding(kept, used=used)


def cut_short(reading: Reading, tokens: list[Token], index: AliasIndex) -> Reading:
    """Drops the service matches that look cut from a longer name with a typo in it."""
    kept: list[Match] = []
    ambiguous: list[Entity] = []
    for m in reading.matches:
        longer = _longer_names(m, tokens, index)
        if longer:
            ambiguous.extend(longer)
        else:
            kept.append(m)
    if not ambiguous:
        return reading
    return reading.adding(kept, ambiguous=ambiguous)


def _longer_names(m: Match, tokens: list[Token], index: AliasIndex) -> tuple[Entity, ...]:
    """Is service match ``m`` likely the start or end of a longer name with a typo in it?

    "self-hosted msql": "self-hosted" alone names the custom-database service, but the
    unknown word next to it looks like the word that would make it "self-hosted mysql".
    Then neither is answered: returns both (the longer names first), else ()."""
    a = m.alias
    if a.kind not in NAME_KINDS:  # an engine word too: "sel-fhosted mysql"
        return ()
    lo, hi = min(m.positions), max(m.positions)
    found: list[Entity] = []
    for pos, table in ((hi + 1, index.extend_right), (lo - 1, index.extend_left)):
        if not 0 <= pos < len(tokens):
            continue
        t = tokens[pos]
        if t.key is not None or t.filler or not t.raw.isalpha():
            continue
        for word, kind, ident in table.get(a.keys, ()):
            if (kind, ident) != (a.kind, a.id) and similar(t.raw, word):
                found.append((kind, ident))
    return (*found, (a.kind, a.id)) if found else ()


def qualified(reading: Reading, tokens: list[Token], index: AliasIndex) -> Reading:
    """ "rds custom": "custom" names the custom database only as "custom database"; right
    next to another name it qualifies that name ("RDS Custom", which the knowledge does not
    have). Neither is answered: the phrase is an unknown term, both become suggestions."""
    matches = reading.matches
    names = {p: m for m in matches if m.alias.kind in ("service", "group") for p in m.positions}
    dropped: set[Match] = set()
    ambiguous: list[Entity] = []
    unknown: list[str] = []
    for m in matches:
        a = m.alias
        nouns = index.qualifiers.get((a.kind, a.id, a.keys)) if a.kind == "service" else None
        if nouns is None or m in dropped:
            continue
        pos = min(m.positions)
        if tokens[pos].after in nouns:
            continue  # "custom database" typed in full
        before, after = names.get(pos - 1), names.get(pos + 1)
        if before is not None and before.alias.id != a.id and not tokens[pos - 1].after:
            other, span = before, (min(before.positions), pos)
        elif after is not None and after.alias.id != a.id and not tokens[pos].after:
            other, span = after, (pos, max(after.positions))
        else:
            continue
        dropped |= {m, other}
        for e in sorted((m, other), key=lambda e: min(e.positions)):
            ambiguous.append((e.alias.kind, e.alias.id))
        unknown.append(_phrase(tokens, span))
    if not dropped:
        return reading
    kept = [m for m in matches if m not in dropped]
    return reading.adding(kept, ambiguous=ambiguous, unknown=unknown)


def unknown_qualifier(reading: Reading, tokens: list[Token], index: AliasIndex) -> Reading:
    """ "documentdb elastic", "elastic documentdb": an unknown word right next to a service
    name (no connective between) names another AWS product the knowledge does not have.
    The look-alike is never answered: the phrase is an unknown term, the name a suggestion."""
    used = reading.used
    kept: list[Match] = []
    ambiguous: list[Entity] = []
    unknown: list[str] = []
    for m in reading.matches:
        pos = _unknown_beside(m, tokens, used) if m.alias.kind in ("service", "group") else None
        if pos is None:
            kept.append(m)
            continue
        ambiguous.append((m.alias.kind, m.alias.id))
        used = used | {pos}
        unknown.append(_phrase(tokens, (*m.positions, pos)))
    if not unknown:
        return reading
    return reading.adding(kept, used=used, ambiguous=ambiguous, unknown=unknown)


def _unknown_beside(m: Match, tokens: list[Token], used: frozenset[int]) -> int | None:
    """The free position right next to ``m`` (no connective between) holding an unknown
    word, or None."""
    lo, hi = min(m.positions), max(m.positions)
    for pos, glued in (
        (hi + 1, not tokens[hi].after),
        (lo - 1, lo > 0 and not tokens[lo - 1].after),
    ):
        if not glued or not 0 <= pos < len(tokens) or pos in used:
            continue
        t = tokens[pos]
        if t.key is None and not t.filler and t.raw.isalpha() and len(t.raw) > 2:
            return pos
    return None


def odd_variants(reading: Reading, tokens: list[Token], index: AliasIndex) -> Reading:
    """Drops the service matches qualified by a variant word of another category.

    "redshift serverless": the knowledge has Amazon Redshift (Managed) and Aurora Serverless
    (Fully Managed), not Redshift Serverless. Answering Redshift could state the wrong owner,
    so neither is answered: the phrase is an unknown term and both become suggestions.
    "dynamodb serverless" is kept (the same category: no owner could differ)."""
    used = reading.used
    kept: list[Match] = []
    ambiguous: list[Entity] = []
    unknown: list[str] = []
    for m in reading.matches:
        pos = _odd_variant_at(m, tokens, used, index)
        if pos is None:
            kept.append(m)
            continue
        variant = index.variants[tokens[pos].key or ""]
        ambiguous += [("service", m.alias.id), ("service", variant[0])]
        used = used | {pos}
        unknown.append(_phrase(tokens, (*m.positions, pos)))
    if not unknown:
        return reading
    return reading.adding(kept, used=used, ambiguous=ambiguous, unknown=unknown)


def _odd_variant_at(
    m: Match, tokens: list[Token], used: frozenset[int], index: AliasIndex
) -> int | None:
    """The free position next to service match ``m`` holding a variant word of another
    category, or None."""
    a = m.alias
    if a.kind != "service":
        return None
    category = index.kb.services[a.id].category
    lo, hi = min(m.positions), max(m.positions)
    for pos in (hi + 1, lo - 1):
        if not 0 <= pos < len(tokens) or pos in used:
            continue
        variant = index.variants.get(tokens[pos].key or "")
        if variant is not None and variant[1] != category:
            return pos
    return None


def engine_named(reading: Reading, tokens: list[Token], index: AliasIndex) -> Reading:
    """ "patching mysql on rds": an engine word next to a service it can mean only says which
    engine that service runs; the service is answered, not every service of the engine.

    "mysql innstalled on ec2": a word left free (or taken by a category only: "ec2") belongs to
    the name of one of its services, which the question likely meant with a typo: the engine
    word is freed again and becomes "did you mean" suggestions, never a guess; so it is next
    to an unknown word ("selfhosted mysql", "mysql heatwave": a name the knowledge lacks). An
    engine word alone ("patching mysql") stays: every service it can mean is answered."""
    if not any(m.alias.kind == "engine" for m in reading.matches):
        return reading
    named: set[str] = set()
    for m in reading.matches:
        a = m.alias
        if a.kind == "service":
            named.add(a.id)
        elif a.kind == "group":
            named.update(index.kb.groups[a.id].members)
    # free: no match took it, or only another engine or family word ("ec2"), or a category
    # named through service words alone (not "fully managed")
    taken = {
        p
        for m in reading.matches
        if m.alias.kind not in ("category", "engine")
        or (m.alias.kind == "category" and not all(k in index.service_words for k in m.alias.keys))
        for p in m.positions
    }
    dropped: list[Match] = []
    freed: set[int] = set()
    for m in reading.matches:
        if m.alias.kind != "engine":
            continue
        services = set(index.kb.engines[m.alias.id].services)
        free = {t.key for t in tokens if t.pos not in taken | m.positions and t.key is not None}
        if named & services:
            dropped.append(m)
        elif _beside_unknown(m, tokens) or any(
            e[1] in services for k in free for e in index.service_words.get(k, ())
        ):
            dropped.append(m)
            freed |= m.positions
    if not dropped:
        return reading
    kept = (m for m in reading.matches if m not in dropped)
    return reading.adding(kept, used=reading.used - freed)


def _beside_unknown(m: Match, tokens: list[Token]) -> bool:
    lo, hi = min(m.positions), max(m.positions)
    return any(
        0 <= p < len(tokens)
        and tokens[p].key is None
        and not tokens[p].filler
        and tokens[p].raw.isalpha()
        for p in (lo - 1, hi + 1)
    )


# In this order: siblings first take the words they name; then the names cut short, the
# qualifiers, the odd variants and the names qualified by an unknown word give up their answer
# for suggestions; last, an engine word
# beside one of its services gives way to it.
RULES: tuple[Rule, ...] = (
    siblings,
    cut_short,
    qualified,
    odd_variants,
    unknown_qualifier,
    engine_named,
)


def chosen_duty(duties: list[Match], tokens: list[Token]) -> Match | None:
    """The duty answered when several are named (``duties`` in question order).

    The longest phrase wins ("security patches" over "backups"); of two sharing a word, the one
    with more words typed exactly as in its alias; among equals, a duty word
    typed right before another duty's words only qualifies it - the last word of such a
    compound is the head ("provisioned capacity scaling" asks about scaling); otherwise the
    first named wins ("patching and backups")."""
    if not duties:
        return None
    longest = max(len(m.alias.keys) for m in duties)
    # of two longest phrases sharing a word, the one typed as the duty's own words ("security
    # groups" is Network Security, over "configures security" read as "security configuration")
    duties = [m for m in duties if len(m.alias.keys) == longest]
    duties = [
        m
        for m in duties
        if not any(o.exact > m.exact and o.positions & m.positions for o in duties)
    ]
    starts = {min(m.positions) for m in duties}
    for m in duties:
        end = max(m.positions)
        if end + 1 in starts and not tokens[end].after:
            continue  # a modifier of the next duty
        return m
    return duties[0]

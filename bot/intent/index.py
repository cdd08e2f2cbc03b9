"""The alias index: every table the parser reads, built once from the knowledge, then frozen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from bot.intent.scores import BEHEADED_MIN_LEN, LOOSE_MIN_LEN
from bot.intent.text import FILLER, STOP, stem, words

if TYPE_CHECKING:
    from bot.kb.models import Knowledge

Entity = tuple[str, str]  # (kind, id): ("service", "rds"), ("group", "aurora"), ("engine", ...)
AliasEntry = tuple[str, str, tuple[str, ...]]  # (kind, id, keys)
Extension = tuple[str, str, str]  # (the next word of a longer name, its kind, its id)
FuzzyBucket = tuple[tuple[str, ...], tuple[tuple[str, bool], ...]]  # words, (key, is_filler)


class Alias(NamedTuple):
    kind: str
    id: str
    keys: tuple[str, ...]  # stemmed words, connectives removed, in alias order
    text: str  # normalised alias text (for the "longer alias" tie-break)
    rank: int  # knowledge order of the entity
    words: tuple[str, ...]  # ``text`` split (kept to count the words typed exactly)


class AliasIndex(NamedTuple):
    """Every table, built by :func:`build_index`; immutable (a NamedTuple: cheaper to define at
    import than a frozen dataclass, which matters to the cold start of ``whoowns ask``), and
    its mappings are never written once built."""

    kb: Knowledge
    aliases: tuple[Alias, ...]
    # One-word service names that are only a qualifier of a dropped noun ("custom" of
    # "custom database"): (kind, id, keys) -> the nouns.
    qualifiers: Mapping[AliasEntry, frozenset[str]]
    raw_vocab: Mapping[str, str]  # raw alias word -> its key (its stem)
    keys: frozenset[str]  # every key
    by_rarest: Mapping[str, tuple[Alias, ...]]  # an alias under its rarest key
    service_words: Mapping[str, tuple[Entity, ...]]  # key -> services/groups with it
    extend_right: Mapping[tuple[str, ...], tuple[Extension, ...]]  # keys -> longer names
    extend_left: Mapping[tuple[str, ...], tuple[Extension, ...]]
    variants: Mapping[str, tuple[str, str]]  # variant key -> (member id, its category)
    group_of: Mapping[str, str]  # member service id -> group id
    member_words: Mapping[str, frozenset[str]]  # member id -> words of its aliases
    first_alias: Mapping[str, Alias]  # service id -> its first alias
    fuzzy: Mapping[str, FuzzyBucket]  # first letter -> typo targets
    beheaded: Mapping[str, tuple[tuple[str, str, bool], ...]]  # word[1:] -> (word, key, filler)
    loose: Mapping[str, tuple[tuple[Entity, int], ...]]  # look-alike word -> (entity, rank)
    loose_words: tuple[str, ...]


def build_index(knowledge: Knowledge) -> AliasIndex:
    aliases, raw_vocab, qualifiers = _aliases(knowledge)
    right, left = _extensions(aliases)
    group_of = {m: g.id for g in knowledge.groups.values() for m in g.members}
    fuzzy, beheaded = _fuzzy(raw_vocab)
    loose = _loose(aliases)
    return AliasIndex(
        kb=knowledge,
        aliases=aliases,
        qualifiers=qualifiers,
        raw_vocab=raw_vocab,
        keys=frozenset(raw_vocab.values()),
        by_rarest=_by_rarest(aliases),
        service_words=_service_words(aliases),
        extend_right=right,
        extend_left=left,
        variants=_variants(knowledge, aliases),
        group_of=group_of,
        member_words={
            m: frozenset(
                w for a in aliases if (a.kind, a.id) == ("service", m) for w in a.text.split()
            )
            for m in group_of
        },
        first_alias=_first_alias(aliases),
        fuzzy=fuzzy,
        beheaded=beheaded,
        loose=loose,
        loose_words=tuple(loose),
    )


def _aliases(
    knowledge: Knowledge,
) -> tuple[tuple[Alias, ...], dict[str, str], dict[AliasEntry, frozenset[str]]]:
    """Every alias of every service, group, engine, duty and category, in knowledge order."""
    aliases: list[Alias] = []
    seen: set[AliasEntry] = set()
    raw_vocab: dict[str, str] = {}
    # (kind, id, keys) -> the nouns; None once the word is a name alone.
    qualifiers: dict[AliasEntry, set[str] | None] = {}

    def add(kind: str, ident: str, rank: int, texts: Iterable[str]) -> None:
        for text in texts:
            typed = words(text)
            kept = [w for w in typed if w not in STOP]
            for w in kept:
                if w not in raw_vocab:
                    raw_vocab[w] = stem(w)
            keys = tuple(raw_vocab[w] for w in kept)
            if kind == "service" and len(keys) == 1:
                entry = (kind, ident, keys)
                nouns = qualifiers.get(entry, set())
                if typed[-1] in STOP and nouns is not None:
                    qualifiers[entry] = nouns | {typed[-1]}
                else:
                    qualifiers[entry] = None
            if not keys or (kind, ident, keys) in seen:
                continue
            seen.add((kind, ident, keys))
            aliases.append(Alias(kind, ident, keys, " ".join(kept), rank, tuple(kept)))

    kinds = (
        ("service", knowledge.services.values()),
        ("group", knowledge.groups.values()),
        ("engine", knowledge.engines.values()),
        ("duty", knowledge.duties.values()),
        ("category", knowledge.categories.values()),
    )
    # An id read as words is a name of last resort: where another entity's own alias or name
    # reads the same ("self-managed databases", a family word), the id gives way to it.
    spoken = {
        _keys(text): (kind, e.id) for kind, es in kinds for e in es for text in (*e.aliases, e.name)
    }
    rank = 0
    for kind, entities in kinds:
        for e in entities:
            id_text = e.id.replace("-", " ")
            own = spoken.get(_keys(id_text), (kind, e.id)) == (kind, e.id)
            add(kind, e.id, rank, (*e.aliases, e.name, *((id_text,) if own else ())))
            rank += 1
    frozen = {k: frozenset(v) for k, v in qualifiers.items() if v is not None}
    return tuple(aliases), raw_vocab, frozen


def _keys(text: str) -> tuple[str, ...]:
    """An alias as the index compares it: stemmed words, connectives dropped."""
    return tuple(stem(w) for w in words(text) if w not in STOP)


def _by_rarest(aliases: Iterable[Alias]) -> dict[str, tuple[Alias, ...]]:
    """Each alias is indexed under its rarest key: it can only match if that key is present."""
    freq: dict[str, int] = {}
    for a in aliases:
        for k in a.keys:
            freq[k] = freq.get(k, 0) + 1
    by_key: dict[str, list[Alias]] = {}
    for a in aliases:
        rarest = min(a.keys, key=lambda k: (freq[k], k))
        by_key.setdefault(rarest, []).append(a)
    return {k: tuple(v) for k, v in by_key.items()}


def _service_words(aliases: Iterable[Alias]) -> dict[str, tuple[Entity, ...]]:
    """key -> services/groups with an alias containing it (for "did you mean", never a guess)."""
    owners: dict[str, dict[Entity, int]] = {}
    for a in aliases:
        if a.kind in ("service", "group"):
            for k in a.keys:
                owners.setdefault(k, {})[(a.kind, a.id)] = a.rank
    return {k: tuple(sorted(v, key=lambda e: v[e])) for k, v in owners.items()}


def _extensions(
    aliases: Iterable[Alias],
) -> tuple[
    dict[tuple[str, ...], tuple[Extension, ...]], dict[tuple[str, ...], tuple[Extension, ...]]
]:
    """Longer service names a match could be cut from: keys -> (next word, kind, id)."""
    right: dict[tuple[str, ...], dict[Extension, None]] = {}
    left: dict[tuple[str, ...], dict[Extension, None]] = {}
    for a in aliases:
        if a.kind in ("service", "group"):
            for i in range(1, len(a.keys)):
                right.setdefault(a.keys[:i], {})[(a.keys[i], a.kind, a.id)] = None
                left.setdefault(a.keys[i:], {})[(a.keys[i - 1], a.kind, a.id)] = None
    return {k: tuple(v) for k, v in right.items()}, {k: tuple(v) for k, v in left.items()}


def _variants(knowledge: Knowledge, aliases: tuple[Alias, ...]) -> dict[str, tuple[str, str]]:
    """Variant words: what tells one member of a group from the others ("serverless" makes
    Aurora Serverless). Key -> (member id, its category). Next to a service of another
    category ("redshift serverless") it names a variant the knowledge does not have."""
    variants: dict[str, tuple[str, str]] = {}
    for g in knowledge.groups.values():
        group_keys = {k for a in aliases if (a.kind, a.id) == ("group", g.id) for k in a.keys}
        member_keys = {
            m: {k for a in aliases if (a.kind, a.id) == ("service", m) for k in a.keys}
            for m in g.members
        }
        for m, keys in member_keys.items():
            others: set[str] = set().union(*(v for o, v in member_keys.items() if o != m))
            for k in keys - group_keys - others:
                variants[k] = (m, knowledge.services[m].category)
    return variants


def _first_alias(aliases: Iterable[Alias]) -> dict[str, Alias]:
    first: dict[str, Alias] = {}
    for a in aliases:
        if a.kind == "service":
            first.setdefault(a.id, a)
    return first


def _fuzzy(
    raw_vocab: Mapping[str, str],
) -> tuple[dict[str, FuzzyBucket], dict[str, tuple[tuple[str, str, bool], ...]]]:
    """Fuzzy candidates, bucketed by first letter: raw words and their stems (and fillers);
    and the same words without their first letter, for a typo that lost it."""
    buckets: dict[str, dict[str, tuple[str, bool]]] = {}
    for w, key in raw_vocab.items():
        buckets.setdefault(w[0], {}).setdefault(w, (key, False))
        buckets.setdefault(key[0], {}).setdefault(key, (key, False))
    for w in sorted(FILLER):
        buckets.setdefault(w[0], {}).setdefault(w, ("", True))
    fuzzy = {c: (tuple(d), tuple(d.values())) for c, d in buckets.items()}
    beheaded: dict[str, list[tuple[str, str, bool]]] = {}
    for bucket in buckets.values():
        for w, (key, is_filler) in bucket.items():
            if len(w) > BEHEADED_MIN_LEN:
                beheaded.setdefault(w[1:], []).append((w, key, is_filler))
    return fuzzy, {k: tuple(sorted(v)) for k, v in beheaded.items()}


def _loose(aliases: Iterable[Alias]) -> dict[str, tuple[tuple[Entity, int], ...]]:
    """Names for loose "did you mean" of unknown words: alias word/joined alias -> entities."""
    loose: dict[str, dict[Entity, int]] = {}
    for a in aliases:
        if a.kind in ("service", "group"):
            for w in (a.text.replace(" ", ""), *a.text.split()):
                if len(w) >= LOOSE_MIN_LEN and w not in FILLER:
                    loose.setdefault(w, {}).setdefault((a.kind, a.id), a.rank)
    return {w: tuple(d.items()) for w, d in loose.items()}

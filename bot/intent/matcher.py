"""The parser: how a question is read, start to end.

Intents: who_owns, overview, duty, classify, explain, compare, choose, team, my_resources,
help, smalltalk, unknown
(``query.Intent``). The organisation's resources and teams are read first, on their own terms
(:mod:`bot.intent.org`); the steps below read what they leave.

How a question is read (all tables are built once, in ``index.build_index``; thresholds and
confidences are named in ``scores``). Steps by module: 1 ``text``, 2 ``spans`` and ``typos``,
3 ``spans``, 4 and 4b ``rules`` and ``suggest``, 5 here:

1. Clean (``markup``): mentions (``<@U1>``, ``<#C1|x>``, ``<!here>``, typed ``@here``), links
   (the URL always, the label too when it is a URL or host name: ``<https://u|label>`` keeps
   "label"), bare URLs and host names, emoji codes and formatting characters are dropped,
   ``&amp;`` is unescaped, accents and emoji are dropped, text is case-folded; only the first
   500 characters and 60 words are read.
2. Words: adjacent words that join into a known word are merged ("dynamo db" -> "dynamodb").
   Connectives ("on", "an", "the", "amazon", "database", ...) are dropped, in questions and in
   aliases alike. Each remaining word is, in this order: a word of some alias (exact, or after
   a light suffix strip: "patched" -> "patch"), a filler word ("who", "responsible", ...), or
   a typo of one of those. Typos are corrected only within a strict edit budget that depends
   on the word's length (``typos.max_edits``): words of three letters or fewer must match exactly,
   four-letter words may only have a doubled letter ("rdss") or two letters swapped ("qldb" is
   neither "quldb" nor "ddb"), five-letter words one insertion, deletion or swap of adjacent
   letters (never a substitution: "mssql" is not "mysql"), longer words one edit (two from
   eight letters), and the first letter must match (or be swapped with the second, or be
   missing from a word of five letters or more: "erverless"). Nothing else is matched fuzzily.
3. Aliases: every alias of every service, group, duty and category is a phrase of words. An
   alias matches where its words occur in its order, with at most two unknown or filler words
   between them and no other known word ("mysql 8 on my ec2" matches "mysql on ec2"; the
   knowledge lists the other word orders it accepts, e.g. "ec2 mysql"). A two-word duty alias
   also matches reversed when adjacent ("configure security"). Overlapping matches are
   resolved greedily - TIE RULE: more words first, then more words typed exactly as in the
   alias ("provisioning" is closer to "hardware provisioning" than to "provisioned aurora"),
   then services before groups before duties before categories, then the longer alias text,
   then the earlier position in the question, then knowledge order (the order of the YAML
   files). A match is kept while at least one of its words is not yet used by a kept match,
   and it may share words only with names ("mysql and postgres on ec2"), never a name with a
   duty or category. Several duties: the longest phrase is answered; among equals, a duty word
   typed right before another duty's words (no connective between) only qualifies it - the
   last of such a compound is the head ("provisioned capacity scaling" is scaling); otherwise
   the one named first. The others become suggestions. A typo close to several words takes
   the fewest edits, then a non-filler word, then the longer word, then alphabetical order.
4. What is left: a word of some service alias that matched no whole alias ("mysql": RDS, Aurora
   and MySQL on EC2 all run it) gives "did you mean" suggestions, never a guess. Any other word
   that is neither known nor filler is an unknown term ("qldb"), with loose look-alike
   suggestions, only from names spelled alike (same first letter, or the first two swapped:
   "streams" suggests nothing). The recognised duty is kept either way.
   A category named only through a word of service names ("patching ec2": "databases installed
   on ec2") with a duty and no service also suggests those services.
4b. Names next to names: a variant word next to a member of a group names the sibling member
   ("aurora serverless and provisioned" is both; the word is taken from a one-word duty match
   only when typed as in the member's name). A one-word service name that is only a qualifier
   of a connective noun ("custom" of "custom database") right next to another name, with no
   connective between ("rds custom"), is not answered: the phrase is an unknown term and both
   names become suggestions ("custom database" typed in full still names it).
4c. An unknown word right next to a service name, no connective between ("documentdb
   elastic", "elastic documentdb"), names another AWS product: the name is not answered, the
   phrase is an unknown term and the name a suggestion.
5. Intent: duty + service -> who_owns; service + category or a "kind/type/category" word ->
   classify; service alone -> overview; duty alone -> duty; category alone -> explain; only
   greetings, thanks or acknowledgements ("thanks!", "ok") -> smalltalk; a question asking
   which to choose ("should I use dynamodb or rds for a small team", "dynamodb or rds?") ->
   choose, with the situations it names (:mod:`bot.intent.choose`; its other unknown words
   describe the situation, never a service); nothing recognised
   and nothing unknown -> help; otherwise unknown. Common words of other languages are
   fillers, never unknown terms; two of them (or "¿", "¡") mark the question ``foreign``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from bot.intent.choose import (
    Asked,
    PhraseIndex,
    Situation,
    build_situations,
    chooses,
    is_side,
    situations_in,
)
from bot.intent.compare import compares
from bot.intent.index import AliasIndex, Entity, build_index
from bot.intent.org import OrgIndex, build_org_index, org_query, read_org
from bot.intent.query import INTENTS, Intent, Query, Suggestion
from bot.intent.rules import RULES, Reading, chosen_duty, unique
from bot.intent.scores import (
    ALL_CATEGORIES,
    AMBIGUOUS_FACTOR,
    AMBIGUOUS_MAX,
    CHOICE_UNMATCHED,
    DUTY_UNSURE_FACTOR,
    FILLER_ONLY_HELP,
    HELP_ASKED,
    MAX_SUGGESTIONS,
    NOT_UNDERSTOOD,
    SUGGESTED_UNKNOWN,
    UNKNOWN_TERM_FACTOR,
)
from bot.intent.spans import NAME_KINDS, Match, Token, candidates, join, resolve, tokens
from bot.intent.suggest import loose_suggestions, suggest, suggest_duty
from bot.intent.text import (
    CATEGORY_WORDS,
    CLASSIFY_WORDS,
    FILLER,
    FOREIGN,
    FOREIGN_MARKS,
    GREETING_WORDS,
    HELP_WORDS,
    SMALLTALK_WORDS,
    THANKS_WORDS,
    words,
)

if TYPE_CHECKING:
    from bot.kb.models import Knowledge

__all__ = ["INTENTS", "IntentMatcher", "Query", "Suggestion"]


class _Named(NamedTuple):
    """What the kept matches name, in question order."""

    services: tuple[str, ...]  # a group expanded to its members
    group: str | None  # the group, when the services are exactly its members
    duty: Match | None  # the duty answered
    category: Match | None
    other_duties: tuple[str, ...]  # duties named besides the answered one
    sure: float  # the least sure word of the answered matches
    categories: tuple[str, ...] = ()  # every category named, in question order (compare)
    engine: str | None = None  # the engine word that named the services ("mysql")


class IntentMatcher:
    """Reads questions against one knowledge base. Build once, call :meth:`parse` many times."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._index: AliasIndex = build_index(knowledge)
        self._situations = PhraseIndex(build_situations(knowledge))
        self._org: OrgIndex | None = build_org_index(knowledge, self._index.raw_vocab)

    def parse(self, text: str) -> Query:
        """What ``text`` asks. Any text gets a query (``unknown`` when unreadable); a bug
        raises, and the surface that asked turns it into a polite answer."""
        text = text if isinstance(text, str) else str(text)
        if self._org is not None:  # the organisation's names first (bot.intent.org)
            found = read_org(self._org, self._index, text)
            if found.found or found.mine:
                return org_query(text, found, self._parse_words(text, found.rest), self._index)
        return self._parse_words(text, words(text))

    def _parse_words(self, text: str, typed: list[str]) -> Query:
        """The course's reading of the words ``typed`` (cleaned) of ``text``."""
        index = self._index
        joined = join(index, typed)
        if not joined:
            return Query(text=text, intent="help", confidence=HELP_ASKED)
        toks = tokens(index, joined)
        situation = situations_in(self._situations, toks)
        if situation.positions:  # a situation's words ("a small team") are no unknown names
            toks = [situation.absorb(t) for t in toks]
        kept = resolve(candidates(index, toks))
        reading = Reading(tuple(kept), frozenset().union(*[m.positions for m in kept]))
        for rule in RULES:
            reading = rule(reading, toks, index)
        named = _named(index, sorted(reading.matches, key=lambda m: min(m.positions)), toks)
        ambiguous, unknown = _leftovers(index, reading, named, toks)
        choose = chooses(_asked(reading, named, situation, joined))
        unread: tuple[str, ...] = ()
        if choose:  # the situation's words are not services ("small team", "legacy oracle app")
            unread = tuple(u for u in unknown if " " not in u and not is_side(toks, u))
            unknown = tuple(u for u in unknown if u not in unread)
            named = named._replace(duty=None, other_duties=())  # the duty's words: the situation
        foreign = _foreign(text, joined)
        if foreign:  # words of another language are not services we lack
            unknown = tuple(u for u in unknown if " " in u)
        duty_id = named.duty.alias.id if named.duty else None
        cat_id = named.category.alias.id if named.category else None
        suggestions = [suggest(index, kind, ident, duty_id, cat_id) for kind, ident in ambiguous]
        if unknown:
            skip = frozenset(ambiguous)
            suggestions += loose_suggestions(index, unknown, duty_id, cat_id, skip)
        if named.services:
            for other in named.other_duties:
                suggestions.append(suggest_duty(index, other, named.group, named.services))
        raws = frozenset([t.raw for t in toks])
        intent, conf = _intent(named, raws, bool(unknown), bool(ambiguous), bool(suggestions))
        conf *= UNKNOWN_TERM_FACTOR if foreign else 1.0  # words were left unread
        if compares(named.services, named.duty is not None, named.categories, joined):
            intent = "compare"
        if choose:
            intent = "choose"
            conf = named.sure * (CHOICE_UNMATCHED if unread and not situation.scenarios else 1.0)
            conf *= UNKNOWN_TERM_FACTOR if unknown else 1.0
        return Query(
            text=text,
            intent=intent,
            duty=duty_id,
            services=named.services,
            group=named.group if named.services else None,
            category=cat_id,
            confidence=round(max(0.0, min(1.0, conf)), 3),
            suggestions=tuple(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS],
            unknown_terms=unknown,
            categories=named.categories if intent in ("compare", "choose") else (),
            engine=named.engine if named.services else None,
            smalltalk=_smalltalk(raws) if intent == "smalltalk" else None,
            foreign=foreign,
            scenarios=situation.scenarios if choose else (),
            situation=unread if choose and not situation.scenarios else (),
        )


def _asked(reading: Reading, named: _Named, situation: Situation, joined: list[str]) -> Asked:
    """What :func:`bot.intent.choose.chooses` reads of a question."""
    sides = [m for m in reading.matches if m.alias.kind in (*NAME_KINDS, "category")]
    return Asked(
        sides=len(sides),
        services=bool(named.services),
        category=named.category is not None,
        classify=not CLASSIFY_WORDS.isdisjoint(joined),
        duty=named.duty.positions if named.duty else None,
        situation=situation,
        typed=frozenset(joined),
    )


def _smalltalk(raws: frozenset[str]) -> str:
    if raws & THANKS_WORDS:
        return "thanks"
    return "greeting" if raws & GREETING_WORDS else "ack"


def _foreign(text: str, joined: list[str]) -> bool:
    """Is the question in another language ("¿Quién hace los backups de DynamoDB?")?"""
    return not FOREIGN_MARKS.isdisjoint(text) or sum(w in FOREIGN for w in joined) >= 2


def _named(index: AliasIndex, matches: list[Match], toks: list[Token]) -> _Named:
    """The services, group, duty and category the matches (in question order) name."""
    services: list[str] = []
    group: str | None = None
    engine: str | None = None
    category: Match | None = None
    categories: list[str] = []
    duty = chosen_duty([m for m in matches if m.alias.kind == "duty"], toks)
    other_duties: list[str] = []
    primary: list[Match] = [duty] if duty else []
    for m in matches:
        a = m.alias
        if a.kind == "service" and a.id not in services:
            services.append(a.id)
            primary.append(m)
        elif a.kind == "group":
            members = index.kb.groups[a.id].members
            if group is None:
                group = a.id
            services.extend(s for s in members if s not in services)
            primary.append(m)
        elif a.kind == "engine":
            engine = engine or a.id
            services.extend(s for s in index.kb.engines[a.id].services if s not in services)
            primary.append(m)
        elif a.kind == "duty":
            if duty and a.id != duty.alias.id and a.id not in other_duties:
                other_duties.append(a.id)
        elif a.kind == "category":
            if category is None:
                category = m
                primary.append(m)
            if a.id not in categories:
                categories.append(a.id)
    if group is not None and set(services) != set(index.kb.groups[group].members):
        group = None  # a group plus other services: answer per service
    return _Named(
        services=tuple(services),
        group=group,
        duty=duty,
        category=category,
        other_duties=tuple(other_duties),
        sure=min((m.sim for m in primary), default=1.0),
        categories=tuple(categories),
        engine=engine,
    )


def _leftovers(
    index: AliasIndex, reading: Reading, named: _Named, toks: list[Token]
) -> tuple[tuple[Entity, ...], tuple[str, ...]]:
    """The entities to suggest and the unknown terms, the rules' first: an ambiguous service
    word left over gives suggestions, any other word neither known nor filler is unknown."""
    ambiguous: list[Entity] = []
    unknown: list[str] = []
    if named.category is not None and named.duty is not None and not named.services:
        # "patching ec2": "ec2" names the Unmanaged category only through "databases installed
        # on ec2"; the services it names are the likelier meaning - suggest them.
        owners = [index.service_words.get(k, ()) for k in named.category.alias.keys]
        if all(0 < len(n) <= AMBIGUOUS_MAX for n in owners):
            for n in owners:
                ambiguous.extend(n)
    for t in toks:
        if t.pos in reading.used:
            continue
        if t.key is not None and t.raw not in FILLER:
            owner_list = index.service_words.get(t.key, ())
            if 0 < len(owner_list) <= AMBIGUOUS_MAX:
                ambiguous.extend(e for e in owner_list if e[1] not in named.services)
        elif t.key is None and not t.filler and _looks_like_name(t.raw):
            unknown.append(t.raw)
    return (
        unique((*reading.ambiguous, *ambiguous)) if ambiguous else reading.ambiguous,
        unique((*reading.unknown, *unknown)) if unknown else reading.unknown,
    )


def _looks_like_name(word: str) -> bool:
    return len(word) >= 2 and not word.isdigit() and any(c.isalpha() for c in word)


def _intent(
    named: _Named, raws: frozenset[str], unknown: bool, ambiguous: bool, suggested: bool
) -> tuple[Intent, float]:
    """The intent and its confidence, from what was named and what was left over."""
    base = named.sure
    if named.services:
        if named.duty:
            intent: Intent = "who_owns"
        elif named.category or raws & CLASSIFY_WORDS:
            intent = "classify"
        else:
            intent = "overview"
        conf = base * (UNKNOWN_TERM_FACTOR if unknown else 1.0)
        return intent, conf * (AMBIGUOUS_FACTOR if ambiguous else 1.0)
    if named.duty:
        return "duty", base * (DUTY_UNSURE_FACTOR if (unknown or ambiguous) else 1.0)
    if named.category and not unknown and not ambiguous:
        return "explain", base
    if not unknown and not ambiguous and not named.category:
        if raws & CATEGORY_WORDS and not raws & HELP_WORDS:
            return "explain", ALL_CATEGORIES  # "what are the categories": all of them
        if raws & SMALLTALK_WORDS and not raws & HELP_WORDS and not raws - FILLER - FOREIGN:
            return "smalltalk", HELP_ASKED  # "thanks!", "hello", "ok": one friendly line
        if raws & HELP_WORDS or not raws - FILLER:
            return "help", (HELP_ASKED if raws & HELP_WORDS else FILLER_ONLY_HELP)
        return "unknown", NOT_UNDERSTOOD
    return "unknown", SUGGESTED_UNKNOWN if suggested else NOT_UNDERSTOOD

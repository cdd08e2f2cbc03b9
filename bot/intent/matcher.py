"""Free text -> what was asked. The only module that uses rapidfuzz.

CONTRACT (the rest of the bot relies on these names):

    matcher = IntentMatcher(knowledge)   # builds every matching structure once
    query = matcher.parse("who patches aurora?")   # -> Query, never raises

Intents: who_owns, overview, duty, classify, explain, help, unknown.

How a question is read (all tables are built once, in ``IntentMatcher.__init__``):

1. Clean: Slack markup (``<@U1>``, ``<#C1|x>``, ``<!here>``, ``<https://u|label>``) is dropped
   (a link keeps its label), ``&amp;`` is unescaped, accents and emoji are dropped, text is
   case-folded; only the first 500 characters and 60 words are read.
2. Words: adjacent words that join into a known word are merged ("dynamo db" -> "dynamodb").
   Connectives ("on", "an", "the", "amazon", "database", ...) are dropped, in questions and in
   aliases alike. Each remaining word is, in this order: a word of some alias (exact, or after
   a light suffix strip: "patched" -> "patch"), a filler word ("who", "responsible", ...), or
   a typo of one of those. Typos are corrected only within a strict edit budget that depends
   on the word's length (``_max_edits``): words of three letters or fewer must match exactly,
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
5. Intent: duty + service -> who_owns; service + category or a "kind/type/category" word ->
   classify; service alone -> overview; duty alone -> duty; category alone -> explain; nothing
   recognised and nothing unknown -> help; otherwise unknown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from bot.kb.models import Knowledge

INTENTS: tuple[str, ...] = (
    "who_owns",
    "overview",
    "duty",
    "classify",
    "explain",
    "help",
    "unknown",
)


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" candidate: re-asking ``text`` asks the suggested question."""

    kind: str  # "service" | "group" | "duty" | "category"
    id: str
    label: str  # display name ("Amazon DynamoDB")
    text: str  # the full question to re-ask ("patching dynamodb")


@dataclass(frozen=True)
class Query:
    text: str  # what the user typed (raw, unescaped)
    intent: str  # one of INTENTS
    duty: str | None = None  # duty id
    services: tuple[str, ...] = ()  # service ids, a group expanded to its members
    group: str | None = None  # group id when the question named a group ("aurora")
    category: str | None = None  # category asked about (explain, or "is X fully managed")
    confidence: float = 0.0  # 0..1
    suggestions: tuple[Suggestion, ...] = ()
    unknown_terms: tuple[str, ...] = ()  # words that look like a service we do not know ("qldb")


MAX_CHARS = 500
MAX_TOKENS = 60
MAX_SUGGESTIONS = 5
_MAX_GAP = 2  # unknown/filler words allowed inside one alias match
_AMBIGUOUS_MAX = 6  # a leftover word naming more services than this is too vague to suggest


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Kind priority in tie-breaks (lower first).
_KIND_RANK = {"service": 0, "group": 1, "duty": 2, "category": 3}

# Connectives: dropped from questions and aliases alike ("mysql on an ec2 instance" == "mysql ec2").
_STOP = _wordset(
    """a an the of on in at for to with and or by from into onto via vs versus
    amazon aws database databases db dbs instance instances installed running run runs deployed
    &"""
)

# Words of a question that carry no service/duty meaning. Never fuzzy targets of content; a
# typo of one of them is absorbed here instead of being read as a service.
_FILLER = _wordset(
    """who whos whom what whats which where when why how is are was were be been being am do does
    did doing done has have had having will would should shall can could may might must
    i me my mine we us our ours you your yours they them their it its this that these those
    there here he she his her one ones someone somebody anyone
    responsible responsibility responsibilities responsable owner owners own owns owning owned
    handle handles handled handling handler take takes taking care look looks looking after
    manage manages managing manager management job task tasks duty duties work works
    in charge charged accountable deal deals dealing looks
    please pls plz thanks thank thx hi hello hey yo ok okay so just also too then than
    tell show give explain explains explained describe list me know want need needs like about
    not no yes yeah nope
    side part whose whoever any all every each some both either neither other others
    really actually exactly still only more most less least much many very
    service services server servers cloud provider vendor customer customers me team teams
    company org prod production staging dev test environment env cluster clusters instance
    table tables engine engines thing things stuff case situation setup
    question answer ask asking mean means meaning meant kind kinds type types sort category
    categories categorized categorised categorize classified classify classification class
    choose choosing chose pick picking select prefer use using used
    difference different between compare compared
    new old current latest version versions major minor
    myself yourself ourselves themselves itself hook charge behalf end side level layer part
    whole entire key keys day daily night nightly week weekly regular regularly usually
    automatically auto automatic manual manually basically generally typically normally
    get gets got make makes made set sets keep keeps run need needed supposed expected
    right wrong true false correct sure idea anyone everyone nobody our us
    now today currently still yet already ever never always sometimes often
    if else because since while though although whether
    help usage commands command example examples start
    """
)

_CLASSIFY_WORDS: frozenset[str] = _wordset(
    """kind kinds type types sort category categories categorized categorised categorize
    classified classify classification class"""
)
_EXPLAIN_WORDS = _wordset(
    """mean means meaning meant explain explains explained describe define definition
    choose choosing chose pick picking when why difference"""
)
_CATEGORY_WORDS = _wordset("category categories types kinds")
_HELP_WORDS = _wordset("help usage commands command examples example hi hello hey start")
_FILLER = _FILLER | _CLASSIFY_WORDS | _EXPLAIN_WORDS | _HELP_WORDS

_SLACK_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_WORD = re.compile(r"[a-z0-9]+")


def _slack_replace(m: re.Match[str]) -> str:
    target, label = m.group(1), m.group(2)
    if target[:1] in ("@", "#", "!"):
        return " "  # user / channel / special mention: not part of the question
    return f" {label} " if label else " "  # a link keeps its label, a bare URL goes


def _clean(text: str) -> str:
    text = text[:MAX_CHARS]
    text = _SLACK_MARKUP.sub(_slack_replace, text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = text.replace("’", "'").replace("'s ", " ").replace("'", "").replace("&", " and ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.casefold()


def _words(text: str) -> list[str]:
    return _WORD.findall(_clean(text))[:MAX_TOKENS]


def _stem(word: str) -> str:
    """A light, conservative suffix strip, applied to alias words and question words alike."""
    if len(word) < 4 or not word.isalpha():
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    for suffix, keep in (("ation", 4), ("ing", 3), ("ed", 3)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            break
    else:
        if w.endswith(("ches", "shes", "sses", "xes", "zes")):
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _occurrences(
    alias: _Alias,
    keys: tuple[str, ...],
    tokens: list[_Token],
    positions: dict[str, list[int]],
    max_gap: int,
) -> list[_Match]:
    """Where ``keys`` occur in order, with at most ``max_gap`` unknown/filler words between."""
    out: list[_Match] = []
    n = len(tokens)
    words = alias.text.split()
    if keys != alias.keys:  # reversed duty alias
        words = words[::-1]
    for start in positions.get(keys[0], ()):
        chosen = [start]
        gaps = 0
        for k in keys[1:]:
            p = chosen[-1] + 1
            while p < n and tokens[p].key is None and gaps <= max_gap:
                gaps += 1
                p += 1
            if p >= n or gaps > max_gap or tokens[p].key != k:
                break
            chosen.append(p)
        else:
            sim = min(tokens[p].sim for p in chosen)
            exact = sum(tokens[p].raw == w for p, w in zip(chosen, words, strict=True))
            out.append(_Match(alias, frozenset(chosen), sim, exact))
    return out


def _similar(word: str, known: str) -> bool:
    """Loose look-alike test, only for "did you mean" (never to answer)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(word, known) >= 60


def _same_start(word: str, known: str) -> bool:
    """A look-alike starts like the word (or with its first two letters swapped), as typos do."""
    return word[:1] == known[:1] or (word[:2] == known[1::-1] and len(word) > 1)


def _doubled_or_swapped(probe: str, choice: str) -> bool:
    """The only typos read in a four-letter word: a doubled letter ("rdss") or a swap ("rsd")."""
    if len(choice) == len(probe):
        return sorted(choice) == sorted(probe)
    return len(choice) == len(probe) - 1 and any(
        probe[i] == probe[i + 1] and probe[:i] + probe[i + 1 :] == choice
        for i in range(len(probe) - 1)
    )


def _max_edits(length: int) -> int:
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2


class _Alias(NamedTuple):
    kind: str
    id: str
    keys: tuple[str, ...]  # stemmed words, connectives removed, in alias order
    text: str  # normalised alias text (for the "longer alias" tie-break)
    rank: int  # knowledge order of the entity


class _Token(NamedTuple):
    raw: str  # the word as typed (after cleaning)
    key: str | None  # the alias word it stands for, or None (filler / unknown)
    pos: int  # position among non-connective words
    sim: float  # 1.0 exact, lower when corrected
    filler: bool  # a filler word (or a typo of one)
    after: str = ""  # the connective typed right after it ("" when the next word is a token)


class _Match(NamedTuple):
    alias: _Alias
    positions: frozenset[int]
    sim: float
    exact: int  # how many of its words were typed exactly as in the alias


class IntentMatcher:
    """Reads questions against one knowledge base. Build once, call :meth:`parse` many times."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._kb = knowledge
        aliases: list[_Alias] = []
        seen: set[tuple[str, str, tuple[str, ...]]] = set()
        # Vocabulary: raw alias words -> key (its stem)
        raw_vocab: dict[str, str] = {}

        # One-word service names that are only a qualifier of a dropped noun: "custom" of
        # "custom database". (kind, id, keys) -> the nouns; None once the word is a name alone.
        qualifiers: dict[tuple[str, str, tuple[str, ...]], set[str] | None] = {}

        def add(kind: str, ident: str, rank: int, texts: Iterable[str]) -> None:
            for text in texts:
                typed = _words(text)
                words = [w for w in typed if w not in _STOP]
                for w in words:
                    if w not in raw_vocab:
                        raw_vocab[w] = _stem(w)
                keys = tuple(raw_vocab[w] for w in words)
                if kind == "service" and len(keys) == 1:
                    entry = (kind, ident, keys)
                    nouns = qualifiers.get(entry, set())
                    if typed[-1] in _STOP and nouns is not None:
                        qualifiers[entry] = nouns | {typed[-1]}
                    else:
                        qualifiers[entry] = None
                if not keys or (kind, ident, keys) in seen:
                    continue
                seen.add((kind, ident, keys))
                aliases.append(_Alias(kind, ident, keys, " ".join(words), rank))

        rank = 0
        for s in knowledge.services.values():
            add("service", s.id, rank, (*s.aliases, s.name, s.id.replace("-", " ")))
            rank += 1
        for g in knowledge.groups.values():
            add("group", g.id, rank, (*g.aliases, g.name, g.id.replace("-", " ")))
            rank += 1
        for d in knowledge.duties.values():
            add("duty", d.id, rank, (*d.aliases, d.name, d.id.replace("-", " ")))
            rank += 1
        for c in knowledge.categories.values():
            add("category", c.id, rank, (*c.aliases, c.name, c.id.replace("-", " ")))
            rank += 1
        self._aliases = tuple(aliases)
        self._qualifiers = {k: frozenset(v) for k, v in qualifiers.items() if v is not None}

        self._raw_vocab = raw_vocab
        self._keys = frozenset(raw_vocab.values())

        # Each alias is indexed under its rarest key: it can only match if that key is present.
        freq: dict[str, int] = {}
        for a in aliases:
            for k in a.keys:
                freq[k] = freq.get(k, 0) + 1
        by_key: dict[str, list[_Alias]] = {}
        for a in aliases:
            rarest = min(a.keys, key=lambda k: (freq[k], k))
            by_key.setdefault(rarest, []).append(a)
        self._by_rarest = {k: tuple(v) for k, v in by_key.items()}

        # key -> services/groups with an alias containing it (for "did you mean", never a guess).
        owners: dict[str, dict[tuple[str, str], int]] = {}
        for a in aliases:
            if a.kind in ("service", "group"):
                for k in a.keys:
                    owners.setdefault(k, {})[(a.kind, a.id)] = a.rank
        self._service_words = {k: tuple(sorted(v, key=lambda e: v[e])) for k, v in owners.items()}

        # Longer service names a match could be cut from: keys -> (next word, kind, id).
        right: dict[tuple[str, ...], dict[tuple[str, str, str], None]] = {}
        left: dict[tuple[str, ...], dict[tuple[str, str, str], None]] = {}
        for a in aliases:
            if a.kind in ("service", "group"):
                for i in range(1, len(a.keys)):
                    right.setdefault(a.keys[:i], {})[(a.keys[i], a.kind, a.id)] = None
                    left.setdefault(a.keys[i:], {})[(a.keys[i - 1], a.kind, a.id)] = None
        self._extend_right = {k: tuple(v) for k, v in right.items()}
        self._extend_left = {k: tuple(v) for k, v in left.items()}

        # Variant words: what tells one member of a group from the others ("serverless" makes
        # Aurora Serverless). Key -> (member id, its category). Next to a service of another
        # category ("redshift serverless") it names a variant the knowledge does not have.
        variants: dict[str, tuple[str, str]] = {}
        for g in knowledge.groups.values():
            group_keys = {k for a in aliases if (a.kind, a.id) == ("group", g.id) for k in a.keys}
            member_keys = {
                m: {k for a in aliases if (a.kind, a.id) == ("service", m) for k in a.keys}
                for m in g.members
            }
            for m, keys in member_keys.items():
                others = set().union(*(v for o, v in member_keys.items() if o != m))
                for k in keys - group_keys - others:
                    variants[k] = (m, knowledge.services[m].category)
        self._variants = variants
        # Siblings: "aurora serverless and provisioned" names both members of the group.
        self._group_of = {m: g.id for g in knowledge.groups.values() for m in g.members}
        self._member_words = {
            m: frozenset(
                w for a in aliases if (a.kind, a.id) == ("service", m) for w in a.text.split()
            )
            for m in self._group_of
        }
        self._first_alias: dict[str, _Alias] = {}
        for a in aliases:
            if a.kind == "service":
                self._first_alias.setdefault(a.id, a)

        # Fuzzy candidates, bucketed by first letter: raw words and their stems.
        buckets: dict[str, dict[str, tuple[str, bool]]] = {}
        for w, key in raw_vocab.items():
            buckets.setdefault(w[0], {}).setdefault(w, (key, False))
            buckets.setdefault(key[0], {}).setdefault(key, (key, False))
        for w in sorted(_FILLER):
            buckets.setdefault(w[0], {}).setdefault(w, ("", True))
        self._fuzzy = {c: (tuple(d), tuple(d.values())) for c, d in buckets.items()}
        beheaded: dict[str, list[tuple[str, str, bool]]] = {}
        for bucket in buckets.values():
            for w, (key, is_filler) in bucket.items():
                if len(w) >= 6:
                    beheaded.setdefault(w[1:], []).append((w, key, is_filler))
        self._beheaded = {k: tuple(sorted(v)) for k, v in beheaded.items()}

        # Names for loose "did you mean" of unknown words: (alias word/joined alias, kind, id).
        loose: dict[str, dict[tuple[str, str], int]] = {}
        for a in aliases:
            if a.kind in ("service", "group"):
                for w in (a.text.replace(" ", ""), *a.text.split()):
                    if len(w) >= 3 and w not in _FILLER:
                        loose.setdefault(w, {}).setdefault((a.kind, a.id), a.rank)
        self._loose = {w: tuple(d.items()) for w, d in loose.items()}
        self._loose_words = tuple(loose)

    # ------------------------------------------------------------------ parsing

    def parse(self, text: str) -> Query:
        """What ``text`` asks. Never raises: anything unreadable is an ``unknown`` query."""
        try:
            return self._parse(text if isinstance(text, str) else str(text))
        except Exception:  # a bug must not take the bot down; the question is just not understood
            import logging

            logging.getLogger(__name__).exception("could not parse a question")
            return Query(text=text if isinstance(text, str) else "", intent="unknown")

    def _parse(self, text: str) -> Query:
        words = self._join(_words(text))
        if not words:
            return Query(text=text, intent="help", confidence=1.0)
        tokens = self._tokens(words)
        matches = self._resolve(self._candidates(tokens))

        used: set[int] = set()
        for m in matches:
            used |= m.positions
        ambiguous: dict[tuple[str, str], None] = {}
        unknown: list[str] = []
        matches = self._siblings(matches, tokens, used)
        matches = [m for m in matches if not self._cut_short(m, tokens, ambiguous)]
        matches = self._qualified(matches, tokens, ambiguous, unknown)
        matches = [m for m in matches if not self._odd_variant(m, tokens, used, ambiguous, unknown)]
        matches.sort(key=lambda m: min(m.positions))
        services: list[str] = []
        group: str | None = None
        category: _Match | None = None
        duty = self._chosen_duty([m for m in matches if m.alias.kind == "duty"], tokens)
        other_duties: list[str] = []
        primary: list[_Match] = [duty] if duty else []
        for m in matches:
            a = m.alias
            if a.kind == "service" and a.id not in services:
                services.append(a.id)
                primary.append(m)
            elif a.kind == "group":
                members = self._kb.groups[a.id].members
                if group is None:
                    group = a.id
                services.extend(s for s in members if s not in services)
                primary.append(m)
            elif a.kind == "duty":
                if duty and a.id != duty.alias.id and a.id not in other_duties:
                    other_duties.append(a.id)
            elif a.kind == "category" and category is None:
                category = m
                primary.append(m)
        if group is not None and set(services) != set(self._kb.groups[group].members):
            group = None  # a group plus other services: answer per service
        if category is not None and duty is not None and not services:
            # "patching ec2": "ec2" names the Unmanaged category only through "databases installed
            # on ec2"; the services it names are the likelier meaning - suggest them.
            named = [self._service_words.get(k, ()) for k in category.alias.keys]
            if all(0 < len(n) <= _AMBIGUOUS_MAX for n in named):
                for n in named:
                    ambiguous.update(dict.fromkeys(n))

        # Leftovers: ambiguous service words -> suggestions; unknown words -> unknown terms.
        raws = {t.raw for t in tokens}
        for t in tokens:
            if t.pos in used:
                continue
            if t.key is not None and t.raw not in _FILLER:
                named = self._service_words.get(t.key, ())
                if 0 < len(named) <= _AMBIGUOUS_MAX:
                    for e in named:
                        if e[1] not in services:
                            ambiguous[e] = None
            elif (
                t.key is None
                and not t.filler
                and self._looks_like_name(t.raw)
                and t.raw not in unknown
            ):
                unknown.append(t.raw)

        duty_id = duty.alias.id if duty else None
        cat_id = category.alias.id if category else None
        classify_word = bool(raws & _CLASSIFY_WORDS)
        base = min((m.sim for m in primary), default=1.0)

        suggestions: list[Suggestion] = []
        for kind, ident in ambiguous:
            suggestions.append(self._suggest(kind, ident, duty_id, cat_id))
        if unknown:
            suggestions.extend(self._loose_suggestions(unknown, duty_id, cat_id, ambiguous))
        for other in other_duties:
            if services:
                suggestions.append(self._suggest_duty(other, group, services))

        if services:
            if duty_id:
                intent = "who_owns"
            elif cat_id or classify_word:
                intent = "classify"
            else:
                intent = "overview"
            conf = base * (0.85 if unknown else 1.0) * (0.95 if ambiguous else 1.0)
        elif duty_id:
            intent = "duty"
            conf = base * (0.6 if (unknown or ambiguous) else 1.0)
        elif cat_id and not unknown and not ambiguous:
            intent = "explain"
            conf = base
        elif not unknown and not ambiguous and not cat_id:
            if raws & _CATEGORY_WORDS and not raws & _HELP_WORDS:
                intent, conf = "explain", 0.8  # "what are the categories": all of them
            elif raws & _HELP_WORDS or not raws - _FILLER:
                intent, conf = "help", (1.0 if raws & _HELP_WORDS else 0.5)
            else:
                intent, conf = "unknown", 0.0
        else:
            intent = "unknown"
            conf = 0.3 if suggestions else 0.0
        return Query(
            text=text,
            intent=intent,
            duty=duty_id,
            services=tuple(services),
            group=group if services else None,
            category=cat_id,
            confidence=round(max(0.0, min(1.0, conf)), 3),
            suggestions=tuple(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS],
            unknown_terms=tuple(unknown),
        )

    def _join(self, words: list[str]) -> list[str]:
        """Merge adjacent words that form one known word ("dynamo db" -> "dynamodb")."""
        out: list[str] = []
        i = 0
        vocab = self._raw_vocab
        while i < len(words):
            w = words[i]
            if i + 1 < len(words):
                joined = w + words[i + 1]
                if joined in vocab and (w not in vocab or words[i + 1] in _STOP):
                    out.append(joined)
                    i += 2
                    continue
            out.append(w)
            i += 1
        return out

    def _tokens(self, words: list[str]) -> list[_Token]:
        tokens: list[_Token] = []
        vocab = self._raw_vocab
        glued = False  # the previous word was a token (no connective since)
        for w in words:
            if w in _STOP:
                if glued:
                    tokens[-1] = tokens[-1]._replace(after=w)
                glued = False
                continue
            glued = True
            pos = len(tokens)
            if w in vocab:
                tokens.append(_Token(w, vocab[w], pos, 1.0, False))
            elif w in _FILLER:
                tokens.append(_Token(w, None, pos, 1.0, True))
            elif (s := _stem(w)) in self._keys:
                tokens.append(_Token(w, s, pos, 0.98, False))
            else:
                fixed = self._correct(w)
                if fixed is None:
                    tokens.append(_Token(w, None, pos, 0.0, False))
                else:
                    key, is_filler, sim = fixed
                    tokens.append(_Token(w, key or None, pos, sim, is_filler))
        return tokens

    def _correct(self, word: str) -> tuple[str, bool, float] | None:
        """The known word ``word`` is a typo of, within the strict edit budget, or None."""
        budget = _max_edits(len(word))
        if budget == 0 or not word.isalpha():
            return None
        from rapidfuzz.distance import OSA, Indel
        from rapidfuzz.process import extract

        best: tuple[tuple[int, int, int, str], tuple[str, bool]] | None = None
        for probe in dict.fromkeys((word, _stem(word))):
            limit = _max_edits(len(probe)) if probe != word else budget
            if limit == 0:
                continue
            first = (probe[0], probe[1]) if len(probe) > 1 and probe[1] != probe[0] else (probe[0],)
            for letter in first:
                bucket = self._fuzzy.get(letter)
                if bucket is None:
                    continue
                choices, values = bucket
                found = extract(probe, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
                for choice, dist, index in found:
                    if dist == 0 or abs(len(choice) - len(probe)) > limit:
                        continue
                    if choice[0] != probe[0] and not (
                        len(choice) > 1 and choice[0] == probe[1] and choice[1] == probe[0]
                    ):
                        continue
                    if len(probe) <= 4 and not _doubled_or_swapped(probe, choice):
                        continue
                    # short words: one insertion/deletion, or one swap of adjacent letters
                    if (
                        len(probe) <= 5
                        and Indel.distance(probe, choice) > 1
                        and not (dist == 1 and sorted(probe) == sorted(choice))
                    ):
                        continue
                    key, is_filler = values[index]
                    rank = (dist, 1 if is_filler else 0, -len(choice), choice)
                    if best is None or rank < best[0]:
                        best = (rank, (key, is_filler))
            # a lost first letter ("erverless"), for words of five letters or more
            for choice, key, is_filler in self._beheaded.get(probe, ()) if len(probe) >= 5 else ():
                rank = (1, 1 if is_filler else 0, -len(choice), choice)
                if best is None or rank < best[0]:
                    best = (rank, (key, is_filler))
        if best is None:
            return None
        dist = best[0][0]
        key, is_filler = best[1]
        return key, is_filler, round(1.0 - 0.5 * dist / len(word), 3)

    def _candidates(self, tokens: list[_Token]) -> list[_Match]:
        """Every place an alias occurs: its words in order, only unknown/filler words between.

        A two-word duty alias also matches reversed when its words are adjacent ("configure
        security" is "security configuration")."""
        positions: dict[str, list[int]] = {}
        for t in tokens:
            if t.key is not None:
                positions.setdefault(t.key, []).append(t.pos)
        out: list[_Match] = []
        for key in positions:
            for alias in self._by_rarest.get(key, ()):
                keys = alias.keys
                if any(k not in positions for k in keys):
                    continue
                out.extend(_occurrences(alias, keys, tokens, positions, _MAX_GAP))
                if alias.kind == "duty" and len(keys) == 2 and keys[0] != keys[1]:
                    out.extend(_occurrences(alias, keys[::-1], tokens, positions, 0))
        return out

    def _siblings(
        self, matches: list[_Match], tokens: list[_Token], used: set[int]
    ) -> list[_Match]:
        """ "aurora serverless and provisioned": the variant word next to a member of a group
        names another member of the same group - both are answered.

        The word may be free, or taken by a one-word duty match when typed exactly as in the
        member's name ("provisioned" is Aurora Provisioned here, not Hardware Provisioning;
        "provisioning" stays the duty)."""
        taken = {min(m.positions): m for m in matches if len(m.positions) == 1}
        added: list[_Match] = []
        dropped: set[_Match] = set()
        for m in matches:
            a = m.alias
            group = self._group_of.get(a.id) if a.kind == "service" else None
            if group is None:
                continue
            for pos in (max(m.positions) + 1, min(m.positions) - 1):
                if not 0 <= pos < len(tokens):
                    continue
                t = tokens[pos]
                variant = self._variants.get(t.key or "")
                if variant is None or variant[0] == a.id or self._group_of[variant[0]] != group:
                    continue
                holder = taken.get(pos)
                if pos in used and not (
                    holder is not None
                    and holder.alias.kind == "duty"
                    and t.raw in self._member_words[variant[0]]
                ):
                    continue
                if holder is not None:
                    dropped.add(holder)
                sibling = _Match(self._first_alias[variant[0]], frozenset((pos,)), t.sim, 1)
                added.append(sibling)
                taken[pos] = sibling
                used.add(pos)
        if not added:
            return matches
        return [m for m in matches if m not in dropped] + added

    def _qualified(
        self,
        matches: list[_Match],
        tokens: list[_Token],
        ambiguous: dict[tuple[str, str], None],
        unknown: list[str],
    ) -> list[_Match]:
        """ "rds custom": "custom" names the custom database only as "custom database"; right
        next to another name it qualifies that name ("RDS Custom", which the knowledge does not
        have). Neither is answered: the phrase is an unknown term, both become suggestions."""
        names = {p: m for m in matches if m.alias.kind in ("service", "group") for p in m.positions}
        dropped: set[_Match] = set()
        for m in matches:
            a = m.alias
            nouns = self._qualifiers.get((a.kind, a.id, a.keys)) if a.kind == "service" else None
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
                ambiguous[(e.alias.kind, e.alias.id)] = None
            phrase = " ".join(tokens[p].raw for p in range(span[0], span[1] + 1))
            if phrase not in unknown:
                unknown.append(phrase)
        return [m for m in matches if m not in dropped] if dropped else matches

    @staticmethod
    def _chosen_duty(duties: list[_Match], tokens: list[_Token]) -> _Match | None:
        """The duty answered when several are named (``duties`` in question order).

        The longest phrase wins ("security patches" over "backups"); among equals, a duty word
        typed right before another duty's words only qualifies it - the last word of such a
        compound is the head ("provisioned capacity scaling" asks about scaling); otherwise the
        first named wins ("patching and backups")."""
        if not duties:
            return None
        longest = max(len(m.alias.keys) for m in duties)
        starts = {min(m.positions) for m in duties}
        for m in duties:
            if len(m.alias.keys) != longest:
                continue
            end = max(m.positions)
            if end + 1 in starts and not tokens[end].after:
                continue  # a modifier of the next duty
            return m
        return next(m for m in duties if len(m.alias.keys) == longest)

    def _cut_short(
        self, m: _Match, tokens: list[_Token], ambiguous: dict[tuple[str, str], None]
    ) -> bool:
        """Is service match ``m`` likely the start or end of a longer name with a typo in it?

        "self-hosted msql": "self-hosted" alone names the custom-database service, but the
        unknown word next to it looks like the word that would make it "self-hosted mysql".
        Then neither is answered; both become suggestions."""
        a = m.alias
        if a.kind not in ("service", "group"):
            return False
        lo, hi = min(m.positions), max(m.positions)
        cut = False
        for pos, table in ((hi + 1, self._extend_right), (lo - 1, self._extend_left)):
            if not 0 <= pos < len(tokens):
                continue
            t = tokens[pos]
            if t.key is not None or t.filler or not t.raw.isalpha():
                continue
            for word, kind, ident in table.get(a.keys, ()):
                if (kind, ident) != (a.kind, a.id) and _similar(t.raw, word):
                    ambiguous[(kind, ident)] = None
                    cut = True
        if cut:
            ambiguous[(a.kind, a.id)] = None
        return cut

    def _odd_variant(
        self,
        m: _Match,
        tokens: list[_Token],
        used: set[int],
        ambiguous: dict[tuple[str, str], None],
        unknown: list[str],
    ) -> bool:
        """Is service match ``m`` qualified by a variant word of another category?

        "redshift serverless": the knowledge has Amazon Redshift (Managed) and Aurora Serverless
        (Fully Managed), not Redshift Serverless. Answering Redshift could state the wrong owner,
        so neither is answered: the phrase is an unknown term and both become suggestions.
        "dynamodb serverless" is kept (the same category: no owner could differ)."""
        a = m.alias
        if a.kind != "service":
            return False
        category = self._kb.services[a.id].category
        lo, hi = min(m.positions), max(m.positions)
        for pos in (hi + 1, lo - 1):
            if not 0 <= pos < len(tokens) or pos in used:
                continue
            variant = self._variants.get(tokens[pos].key or "")
            if variant is None or variant[1] == category:
                continue
            ambiguous[("service", a.id)] = None
            ambiguous[("service", variant[0])] = None
            used.add(pos)
            span = sorted((*m.positions, pos))
            phrase = " ".join(tokens[p].raw for p in range(span[0], span[-1] + 1))
            if phrase not in unknown:
                unknown.append(phrase)
            return True
        return False

    @staticmethod
    def _resolve(candidates: list[_Match]) -> list[_Match]:
        """Greedy, in the order stated in the module doc (TIE RULE)."""
        candidates.sort(
            key=lambda m: (
                -len(m.alias.keys),
                -m.exact,
                _KIND_RANK[m.alias.kind],
                -len(m.alias.text),
                min(m.positions),
                m.alias.rank,
            )
        )
        used: dict[int, str] = {}  # position -> what took it (a name, a duty or a category)
        kept: list[_Match] = []
        for m in candidates:
            what = "name" if m.alias.kind in ("service", "group") else m.alias.kind
            taken = [used[p] for p in m.positions if p in used]
            if len(taken) == len(m.positions) or any(t != what for t in taken):
                continue
            for p in m.positions:
                used[p] = what
            kept.append(m)
        return kept

    @staticmethod
    def _looks_like_name(word: str) -> bool:
        return len(word) >= 2 and not word.isdigit() and any(c.isalpha() for c in word)

    # ------------------------------------------------------------------ suggestions

    def _label(self, kind: str, ident: str) -> str:
        if kind == "service":
            return self._kb.services[ident].name
        if kind == "group":
            return self._kb.groups[ident].name
        if kind == "duty":
            return self._kb.duties[ident].name
        return self._kb.categories[ident].name

    def _suggest(self, kind: str, ident: str, duty: str | None, category: str | None) -> Suggestion:
        label = self._label(kind, ident)
        if duty:
            text = f"{self._kb.duties[duty].name} for {label}"
        elif category:
            text = f"is {label} {self._kb.categories[category].name}"
        else:
            text = label
        return Suggestion(kind=kind, id=ident, label=label, text=text)

    def _suggest_duty(self, duty: str, group: str | None, services: list[str]) -> Suggestion:
        name = self._kb.duties[duty].name
        if group:
            target = self._kb.groups[group].name
        else:
            target = " and ".join(self._kb.services[s].name for s in services)
        return Suggestion(kind="duty", id=duty, label=name, text=f"{name} for {target}")

    def _loose_suggestions(
        self,
        unknown: list[str],
        duty: str | None,
        category: str | None,
        skip: dict[tuple[str, str], None],
    ) -> list[Suggestion]:
        from rapidfuzz import fuzz
        from rapidfuzz.process import extract

        found: dict[tuple[str, str], tuple[float, int]] = {}
        for word in unknown:
            hits = extract(word, self._loose_words, scorer=fuzz.ratio, score_cutoff=65, limit=10)
            for choice, score, _ in hits:
                if not _same_start(word, choice):
                    continue  # "streams" is not spelled like "postgres"
                for entity, rank in self._loose[choice]:
                    if entity in skip:
                        continue
                    if entity not in found or score > found[entity][0]:
                        found[entity] = (score, rank)
        ordered = sorted(found, key=lambda e: (-found[e][0], found[e][1]))
        return [self._suggest(k, i, duty, category) for k, i in ordered[:3]]

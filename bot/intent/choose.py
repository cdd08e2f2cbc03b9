"""When a question asks which to choose, and the situation it names.

    situations = build_situations(knowledge)       # once, in IntentMatcher
    found = situations_in(situations, tokens)      # the scenarios named, and the words they used
    chooses(Asked(...))                            # -> bool

A *situation* is one of the knowledge's ``scenarios`` (the course material's "When to Choose"
lines), named by one of its phrases ("small team", "no dba", "unpredictable traffic"): the
phrase's words in order (compared after the light suffix strip), connectives dropped, at most
:data:`MAX_SITUATION_GAP` other word between two of them. A phrase right after a negation ("not a
small team") does not count, unless the phrase starts with one itself ("no dba"). Overlapping
phrases: the longer wins, then the earlier.

A question asks to choose (intent ``choose``) when:

* it names a situation and asks to choose ("should I use", "which … for", "pick", "better") or
  names something to choose between (a service, a family word, a category), and no duty other
  than the situation's own words ("rds or dynamodb for compliance": compliance is the
  situation; "who owns compliance for rds" stays a duty question);
* or, with no situation, it names a service and asks to choose ("should I use dynamodb?"), or
  names two or more joined by "or" ("dynamodb or rds?"). A service with a category ("is rds
  managed or not") is a classification, one category alone ("when to choose unmanaged") is
  explained: neither is a choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from bot.intent.spans import Token
from bot.intent.text import STOP, stem, words, wordset

if TYPE_CHECKING:
    from bot.kb.models import Knowledge

MAX_SITUATION_GAP = 1  # other words allowed between two words of a situation phrase

# Words that ask to choose on their own, and pairs that do ("should I use", "which … go with").
CHOICE_WORDS = wordset(
    """choose choosing chose pick picking select selecting recommend recommended
    recommendation better best suitable suited prefer preferable option options alternative
    alternatives"""
)
USE_WORDS = wordset("use using go")
ASKING_WORDS = wordset("should which what would could")
NEGATIONS = wordset("no not without dont never lack lacking nor")
OR_WORDS = wordset("or")
SIDE_CONNECTIVES = wordset("or vs versus")  # what joins the sides of a choice


class Phrase(NamedTuple):
    scenario: str  # scenario id
    keys: tuple[str, ...]  # stemmed words, connectives dropped
    negated: bool  # the phrase itself starts with a negation ("no dba")
    rank: int  # knowledge order


class Situation(NamedTuple):
    scenarios: tuple[str, ...]  # scenario ids, in question order, no repeats
    positions: frozenset[int]  # the token positions the phrases used
    negated: frozenset[int] = frozenset()  # positions of phrases typed after a negation

    def absorb(self, token: Token) -> Token:
        """``token`` read as a filler when it is a situation's word, even negated, and no alias
        word ("small" of "not a small team"): never an unknown name, nor the unknown word
        beside a name."""
        if token.pos in self.positions | self.negated and token.key is None:
            return token._replace(filler=True)
        return token


def build_situations(knowledge: Knowledge) -> tuple[Phrase, ...]:
    """Every situation phrase of the knowledge, longest first (then knowledge order)."""
    phrases: list[Phrase] = []
    for rank, scenario in enumerate(knowledge.scenarios.values()):
        for alias in scenario.aliases:
            typed = [w for w in words(alias) if w not in STOP]
            if typed:
                keys = tuple(stem(w) for w in typed)
                phrases.append(Phrase(scenario.id, keys, typed[0] in NEGATIONS, rank))
    return tuple(sorted(phrases, key=lambda p: (-len(p.keys), p.rank)))


class PhraseIndex:
    """The situation phrases (as :func:`build_situations` orders them) by their first word:
    a question looks only at the phrases whose first word it typed, in that same order."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.phrases = tuple(phrases)
        by_first: dict[str | None, list[int]] = {}
        for n, phrase in enumerate(self.phrases):
            by_first.setdefault(phrase.keys[0], []).append(n)
        self._by_first = {k: tuple(v) for k, v in by_first.items()}

    def typed(self, present: set[str | None]) -> list[Phrase]:
        """The phrases every word of which is in ``present``, in order."""
        at = sorted(n for word in present for n in self._by_first.get(word, ()))
        return [p for p in map(self.phrases.__getitem__, at) if present.issuperset(p.keys)]


def _fits(token: Token, stemmed: str, key: str) -> bool:
    return stemmed == key or token.key == key


def _occurrence(
    phrase: Phrase, toks: list[Token], stems: list[str], start: int
) -> tuple[int, ...] | None:
    """The positions of ``phrase`` starting at ``start``, or None (``stems``: each token's
    :func:`stem`)."""
    if not _fits(toks[start], stems[start], phrase.keys[0]):
        return None
    chosen = [start]
    for key in phrase.keys[1:]:
        p = chosen[-1] + 1
        last = min(len(toks), p + MAX_SITUATION_GAP + 1)
        found = next((q for q in range(p, last) if _fits(toks[q], stems[q], key)), None)
        if found is None:
            return None
        chosen.append(found)
    return tuple(chosen)


def situations_in(phrases: PhraseIndex | Iterable[Phrase], toks: list[Token]) -> Situation:
    """The situations ``toks`` name: non-overlapping phrases, longest first, then earliest."""
    stems = [stem(t.raw) for t in toks]  # once per question, not once per phrase and position
    present = set(stems).union(t.key for t in toks)  # a phrase with a word not typed: skipped
    index = phrases if isinstance(phrases, PhraseIndex) else PhraseIndex(phrases)
    used: set[int] = set()
    negated: set[int] = set()
    found: list[tuple[int, str]] = []
    for phrase in index.typed(present):
        for start in range(len(toks)):
            at = _occurrence(phrase, toks, stems, start)
            if at is None or not used.isdisjoint(at) or not negated.isdisjoint(at):
                continue
            if not phrase.negated and start > 0 and toks[start - 1].raw in NEGATIONS:
                negated.update(at)  # "not a small team": no situation, and no service either
                continue
            used.update(at)
            found.append((at[0], phrase.scenario))
    ordered = dict.fromkeys(s for _, s in sorted(found))
    return Situation(tuple(ordered), frozenset(used), frozenset(negated))


class Asked(NamedTuple):
    """What :func:`chooses` needs to know about a question."""

    sides: int  # names and categories named (a family word counts once)
    services: bool  # services were named
    category: bool  # a category was named (with a service: a classification)
    classify: bool  # a "kind/type/category" word was typed
    duty: frozenset[int] | None  # the answered duty's positions (None: no duty)
    situation: Situation
    typed: frozenset[str]  # every word typed, connectives too


def asks_to_choose(typed: frozenset[str]) -> bool:
    """A word that asks to choose, or a question word with "use" ("what should I use")."""
    return bool(typed & CHOICE_WORDS) or bool(typed & USE_WORDS and typed & ASKING_WORDS)


def chooses(asked: Asked) -> bool:
    """Does the question ask which to choose (see the module doc)?"""
    cue = asks_to_choose(asked.typed)
    alternatives = asked.sides >= 2 and bool(asked.typed & OR_WORDS)
    situation = bool(asked.situation.scenarios)
    if asked.duty is not None:
        inside = asked.duty <= asked.situation.positions
        if not (situation and inside and (cue or alternatives)):
            return False
    if asked.services and (asked.category or asked.classify) and not cue and not situation:
        return False  # "is rds managed or not": a classification
    if situation:
        return cue or asked.sides >= 1 or bool(asked.typed & ASKING_WORDS)
    if not asked.services and asked.sides < 2:
        return False  # "when to choose unmanaged": the category explained
    return asked.sides >= 1 and (cue or alternatives)


def is_side(toks: list[Token], raw: str) -> bool:
    """Is the word ``raw`` one side of a choice ("qldb" in "dynamodb or qldb")? Other unknown
    words of a choice describe the situation ("small", "oracle") and are never services."""
    for t in toks:
        if t.raw == raw:
            before = toks[t.pos - 1].after if t.pos > 0 else ""
            return t.after in SIDE_CONNECTIVES or before in SIDE_CONNECTIVES
    return False

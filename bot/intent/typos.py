"""Typo correction within a strict edit budget, and the loose look-alike tests for suggestions."""

from __future__ import annotations

from collections.abc import Callable

from bot.intent.index import AliasIndex
from bot.intent.scores import (
    BEHEADED_MIN_LEN,
    DOUBLED_OR_SWAPPED_MAX_LEN,
    EXACT_ONLY_MAX_LEN,
    LOOK_ALIKE_RATIO,
    NO_SUBSTITUTION_MAX_LEN,
    ONE_EDIT_MAX_LEN,
    TYPO_PENALTY,
)
from bot.intent.text import stem

# (edits, 1 for a filler word, -length, the word): lower is the better correction
_Rank = tuple[int, int, int, str]
_Best = tuple[_Rank, tuple[str, bool]] | None


def max_edits(length: int) -> int:
    if length <= EXACT_ONLY_MAX_LEN:
        return 0
    if length <= ONE_EDIT_MAX_LEN:
        return 1
    return 2


def similar(word: str, known: str) -> bool:
    """Loose look-alike test, only for "did you mean" (never to answer)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(word, known) >= LOOK_ALIKE_RATIO


def same_start(word: str, known: str) -> bool:
    """A look-alike starts like the word (or with its first two letters swapped), as typos do."""
    return word[:1] == known[:1] or (word[:2] == known[1::-1] and len(word) > 1)


def doubled_or_swapped(probe: str, choice: str) -> bool:
    """The only typos read in a four-letter word: a doubled letter ("rdss") or a swap ("rsd")."""
    if len(choice) == len(probe):
        return sorted(choice) == sorted(probe)
    return len(choice) == len(probe) - 1 and any(
        probe[i] == probe[i + 1] and probe[:i] + probe[i + 1 :] == choice
        for i in range(len(probe) - 1)
    )


def correct(index: AliasIndex, word: str) -> tuple[str, bool, float] | None:
    """The known word ``word`` is a typo of, within the strict edit budget, or None.

    Returns (its key, "" for a filler word; whether it is a filler word; its similarity)."""
    budget = max_edits(len(word))
    if budget == 0 or not word.isalpha():
        return None
    best: _Best = None
    for probe in dict.fromkeys((word, stem(word))):
        limit = max_edits(len(probe)) if probe != word else budget
        if limit == 0:
            continue
        best = _best_typo(index, probe, limit, best)
        # a lost first letter ("erverless"), for words of five letters or more
        lost = index.beheaded.get(probe, ()) if len(probe) >= BEHEADED_MIN_LEN else ()
        for choice, key, is_filler in lost:
            rank = (1, 1 if is_filler else 0, -len(choice), choice)
            if best is None or rank < best[0]:
                best = (rank, (key, is_filler))
    if best is None:
        return None
    dist = best[0][0]
    key, is_filler = best[1]
    return key, is_filler, round(1.0 - TYPO_PENALTY * dist / len(word), 3)


def _best_typo(index: AliasIndex, probe: str, limit: int, best: _Best) -> _Best:
    """``best``, or a better correction of ``probe`` among words starting like it."""
    from rapidfuzz.distance import OSA, Indel
    from rapidfuzz.process import extract

    first = (probe[0], probe[1]) if len(probe) > 1 and probe[1] != probe[0] else (probe[0],)
    for letter in first:
        bucket = index.fuzzy.get(letter)
        if bucket is None:
            continue
        choices, values = bucket
        found = extract(probe, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        for choice, dist, i in found:
            if not _typo_of(probe, choice, dist, limit, Indel.distance):
                continue
            key, is_filler = values[i]
            rank = (dist, 1 if is_filler else 0, -len(choice), choice)
            if best is None or rank < best[0]:
                best = (rank, (key, is_filler))
    return best


def _typo_of(
    probe: str, choice: str, dist: int, limit: int, indel: Callable[[str, str], int]
) -> bool:
    """May ``probe`` be read as ``choice``, ``dist`` edits away (OSA)? ``indel``: the
    insertion/deletion distance (rapidfuzz, passed in to keep the import lazy and once)."""
    if dist == 0 or abs(len(choice) - len(probe)) > limit:
        return False
    if choice[0] != probe[0] and not (
        len(choice) > 1 and choice[0] == probe[1] and choice[1] == probe[0]
    ):
        return False
    if len(probe) <= DOUBLED_OR_SWAPPED_MAX_LEN and not doubled_or_swapped(probe, choice):
        return False
    # short words: one insertion/deletion, or one swap of adjacent letters
    return not (
        len(probe) <= NO_SUBSTITUTION_MAX_LEN
        and indel(probe, choice) > 1
        and not (dist == 1 and sorted(probe) == sorted(choice))
    )


def is_typo(probe: str, choice: str) -> bool:
    """May the typed word ``probe`` be read as ``choice`` under the strict edit budget (the
    rules of :func:`correct`, for one candidate)? Words with digits are never corrected."""
    from rapidfuzz.distance import OSA, Indel

    limit = max_edits(len(probe))
    if limit == 0 or not probe.isalpha() or not choice.isalpha():
        return False
    dist = OSA.distance(probe, choice, score_cutoff=limit)
    return dist <= limit and _typo_of(probe, choice, dist, limit, Indel.distance)

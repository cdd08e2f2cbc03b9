"""Words -> tokens -> every place an alias occurs -> the matches kept (the TIE RULE)."""

from __future__ import annotations

from typing import NamedTuple

from bot.intent.index import Alias, AliasIndex
from bot.intent.scores import EXACT, MAX_GAP, STEMMED, UNREAD
from bot.intent.text import FILLER, FOREIGN, STOP, stem
from bot.intent.typos import correct

# Kind priority in tie-breaks (lower first).
KIND_RANK = {"service": 0, "group": 1, "engine": 2, "duty": 3, "category": 4}
NAME_KINDS = frozenset(("service", "group", "engine"))  # what names services


class Token(NamedTuple):
    raw: str  # the word as typed (after cleaning)
    key: str | None  # the alias word it stands for, or None (filler / unknown)
    pos: int  # position among non-connective words
    sim: float  # 1.0 exact, lower when corrected
    filler: bool  # a filler word (or a typo of one)
    after: str = ""  # the connective typed right after it ("" when the next word is a token)


class Match(NamedTuple):
    alias: Alias
    positions: frozenset[int]
    sim: float
    exact: int  # how many of its words were typed exactly as in the alias


def join(index: AliasIndex, words: list[str]) -> list[str]:
    """Merge adjacent words that form one known word ("dynamo db" -> "dynamodb")."""
    out: list[str] = []
    i = 0
    vocab = index.raw_vocab
    while i < len(words):
        w = words[i]
        if i + 1 < len(words):
            joined = w + words[i + 1]
            if joined in vocab and (w not in vocab or words[i + 1] in STOP):
                out.append(joined)
                i += 2
                continue
        out.append(w)
        i += 1
    return out


def tokens(index: AliasIndex, words: list[str]) -> list[Token]:
    """Each word that is not a connective: an alias word, a filler word, a typo, or unknown."""
    out: list[Token] = []
    vocab = index.raw_vocab
    glued = False  # the previous word was a token (no connective since)
    for w in words:
        if w in STOP:
            if glued:
                out[-1] = out[-1]._replace(after=w)
            glued = False
            continue
        glued = True
        pos = len(out)
        if w in vocab:
            out.append(Token(w, vocab[w], pos, EXACT, False))
        elif w in FILLER or w in FOREIGN:  # another language's words are never services
            out.append(Token(w, None, pos, EXACT, True))
        elif (s := stem(w)) in index.keys:
            out.append(Token(w, s, pos, STEMMED, False))
        else:
            fixed = correct(index, w)
            if fixed is None:
                out.append(Token(w, None, pos, UNREAD, False))
            else:
                key, is_filler, sim = fixed
                out.append(Token(w, key or None, pos, sim, is_filler))
    return out


def candidates(index: AliasIndex, tokens: list[Token]) -> list[Match]:
    """Every place an alias occurs: its words in order, only unknown/filler words between.

    A two-word duty alias also matches reversed when its words are adjacent ("configure
    security" is "security configuration")."""
    positions: dict[str, list[int]] = {}
    for t in tokens:
        if t.key is not None:
            positions.setdefault(t.key, []).append(t.pos)
    out: list[Match] = []
    for key in positions:
        for alias in index.by_rarest.get(key, ()):
            keys = alias.keys
            if len(keys) == 1:  # its one key is ``key``: present
                word = alias.words[0]
                for p in positions[key]:
                    t = tokens[p]
                    out.append(Match(alias, frozenset((p,)), t.sim, 1 if t.raw == word else 0))
                continue
            if not all(map(positions.__contains__, keys)):
                continue
            out.extend(_occurrences(alias, keys, tokens, positions, MAX_GAP))
            if alias.kind == "duty" and len(keys) == 2 and keys[0] != keys[1]:
                out.extend(_occurrences(alias, keys[::-1], tokens, positions, 0))
    return out


def _occurrences(
    alias: Alias,
    keys: tuple[str, ...],
    tokens: list[Token],
    positions: dict[str, list[int]],
    max_gap: int,
) -> list[Match]:
    """Where ``keys`` occur in order, with at most ``max_gap`` unknown/filler words between."""
    out: list[Match] = []
    n = len(tokens)
    words = alias.words if keys == alias.keys else alias.words[::-1]  # reversed duty alias
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
            out.append(Match(alias, frozenset(chosen), sim, exact))
    return out


def _tie_rank(m: Match) -> tuple[int, int, int, int, int, int]:
    return (
        -len(m.alias.keys),
        -m.exact,
        KIND_RANK[m.alias.kind],
        -len(m.alias.text),
        min(m.positions),
        m.alias.rank,
    )


def resolve(candidates: list[Match]) -> list[Match]:
    """Greedy, in the order stated in the package doc (TIE RULE)."""
    used: dict[int, str] = {}  # position -> what took it (a name, a duty or a category)
    kept: list[Match] = []
    for m in sorted(candidates, key=_tie_rank):
        what = "name" if m.alias.kind in NAME_KINDS else m.alias.kind
        taken = [used[p] for p in m.positions if p in used]
        if len(taken) == len(m.positions) or any(t != what for t in taken):
            continue
        for p in m.positions:
            used[p] = what
        kept.append(m)
    return kept

"""The gaps service (in every request's ``context["gaps"]``) and its daily purge.

    gaps.record(answer)            # after an answer: queued, written in the background
    gaps.top(now, limit=5)         # the most asked the current knowledge still fails (reads only)
    gaps.dismiss("what is qldb")   # dropped (it comes back if asked again)
    gaps.recheck()                 # from the tick: deletes the gaps the knowledge answers now

Re-checked against the knowledge: a listed gap is asked again of the current knowledge, and
one answered fully now (someone added the service or an alias) is left out; the minute tick
deletes those, once per knowledge version (after a reload), so reading never writes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.answers import Answer, build_answer
from bot.background.writes import BackgroundWrites
from bot.gaps.reports import Reports
from bot.gaps.text import gap_kind, normalise

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.features import TickContext

logger = logging.getLogger(__name__)

SERVICE = "gaps"  # the context key
REPORTED = "reported"  # the kind of a gap someone reported from an answer card
DEFAULT_RETENTION_DAYS = 90
PAGE = 50  # rows read at a time while re-checking
# workspace -> the knowledge its stored gaps were last re-checked against, in this process
RECHECKED: dict[str, object] = {}


@dataclass(frozen=True)
class Gap:
    text: str
    kind: str
    count: int
    first_seen: datetime
    last_seen: datetime
    reasons: tuple[str, ...] = ()  # reported: the latest reasons given, newest first
    contacts: tuple[str, ...] = ()  # reported: who said they may be contacted (user ids)

    def to_json(self) -> dict[str, Any]:
        """The object ``whoowns gaps --json`` prints (times ISO-8601, UTC); a ``reported``
        gap adds its latest ``reasons`` and the ``contacts`` who may be asked."""
        out: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "count": self.count,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
        }
        if self.kind == REPORTED:
            out.update(reasons=list(self.reasons), contacts=list(self.contacts))
        return out


def _fields(row: Any) -> tuple[str, str, int, datetime, datetime]:
    return row.text, row.kind, row.count, row.first_seen, row.last_seen


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class GapsService:
    def __init__(self, deps: Deps, *, recorder: BackgroundWrites | None = None) -> None:
        self.deps = deps
        self.recorder = recorder or deps.background
        self.retention = retention(deps)
        self.reports = Reports(deps)

    def _gaps(self) -> Any:
        from bot.store.gaps import GapStore

        return GapStore(self.deps.store)

    # -- recording ---------------------------------------------------------------------------
    def record(self, answer: Answer) -> bool:
        """Queue ``answer``'s question when the bot could not answer it fully; True if queued.
        Never raises and never waits for the database."""
        kind = gap_kind(answer)
        text = normalise(answer.query.text) if kind else ""
        if not kind or not text or self.deps.store is None:
            return False
        now = self.deps.clock()
        return self.recorder.submit(lambda: self._write(text, kind, now))

    def _write(self, text: str, kind: str, now: datetime) -> None:
        from bot.store import StoreUnavailable

        try:
            self._gaps().record(text, kind, now)
        except StoreUnavailable as exc:
            logger.debug("knowledge gap not recorded: %s", exc)

    def flush(self, timeout: float = 1.0) -> bool:
        """Wait (at most ``timeout`` s) for queued gaps to be written."""
        return self.recorder.flush(timeout)

    # -- reading -----------------------------------------------------------------------------
    def still_a_gap(self, text: str) -> bool:
        """Does the current knowledge still fail to answer ``text`` fully?"""
        answer = build_answer(self.deps.matcher.parse(text), self.deps.knowledge)
        return gap_kind(answer) is not None

    def top(
        self, now: datetime, *, limit: int, since: datetime | None = None, kinds: Sequence[str] = ()
    ) -> list[Gap]:
        """The ``limit`` most asked gaps (of ``kinds``, or all) last seen since ``since``
        (default: the retention), each still unanswered by the current knowledge. Reads only:
        the tick deletes the answered ones. Reported answers are kept until dismissed or older
        than the retention."""
        oldest = now - self.retention
        since = oldest if since is None or since < oldest else since
        found: list[Gap] = []
        for row in self._rows(since, kinds):
            if row.kind == REPORTED:  # a person's word: kept until dismissed or too old
                reasons, contacts = self.reports.details(row.text)
                found.append(Gap(*_fields(row), reasons=reasons, contacts=contacts))
            elif self.still_a_gap(row.text):
                found.append(Gap(*_fields(row)))
            if len(found) >= limit:
                break
        return found

    def _rows(self, since: datetime, kinds: Sequence[str] = ()) -> Iterator[Any]:
        """The stored gaps last seen since ``since``, most asked first, a page at a time."""
        gaps = self._gaps()
        offset = 0
        while True:
            rows = gaps.top(since=since, limit=PAGE, offset=offset, kinds=kinds)
            yield from rows
            if len(rows) < PAGE:
                return
            offset += PAGE

    def recheck(self, now: datetime) -> int:
        """Delete the stored gaps the current knowledge now answers fully; how many went.
        Once per knowledge (the next after a reload): a gap is recorded only when the
        knowledge of its time could not answer it."""
        knowledge = self.deps.knowledge
        workspace = str(self.deps.store.workspace) if self.deps.store is not None else ""
        if RECHECKED.get(workspace) is knowledge:
            return 0
        answered = [
            (row.text, row.kind)
            for row in self._rows(now - self.retention)
            if row.kind != REPORTED and not self.still_a_gap(row.text)
        ]
        gaps = self._gaps()
        for text, kind in answered:
            gaps.dismiss(text, [kind])
        RECHECKED[workspace] = knowledge
        return len(answered)

    def dismiss(self, text: str) -> int:
        """Drop the gap ``text`` (normalised as when recorded); how many kinds of it went."""
        text = normalise(text)
        self.reports.dismiss(text)
        return int(self._gaps().dismiss(text))

    def purge(self, now: datetime) -> int:
        self.reports.purge(now - self.retention)
        return int(self._gaps().purge(now - self.retention))


def retention(deps: Deps) -> timedelta:
    """How long a gap or a report is kept after it was last seen."""
    days = deps.settings.gaps_retention_days if deps.settings else DEFAULT_RETENTION_DAYS
    return timedelta(days=days)


def due(now: datetime, context: TickContext) -> set[str] | None:
    """The workspaces whose gaps tick has something to do at ``now``: gaps or reports past
    the retention to forget, gaps not yet re-checked against this knowledge (None: cannot
    tell)."""
    store = context.deps.store
    if store is None:
        return None
    from bot.store.reports import gaps_work

    work = gaps_work(store, now - retention(context.deps))
    knowledge = context.deps.knowledge
    return set(work.stale) | {ws for ws in work.recorded if RECHECKED.get(ws) is not knowledge}


def tick(now: datetime, context: TickContext) -> int:
    """The minute job: gaps not asked for the retention period are forgotten, and (once per
    knowledge) the ones the knowledge answers now are deleted; how many went."""
    gaps: GapsService = context.services[SERVICE]
    if context.deps.store is None:
        return 0
    from bot.store import StoreUnavailable

    try:
        purged = gaps.purge(now)
        answered = gaps.recheck(now)
    except StoreUnavailable as exc:
        logger.warning("could not purge or re-check knowledge gaps: %s", exc)
        return 0
    if purged:
        logger.info("forgot %d knowledge gaps not asked for %d days", purged, gaps.retention.days)
    if answered:
        logger.info("deleted %d knowledge gaps the knowledge answers now", answered)
    return purged + answered

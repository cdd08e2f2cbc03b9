"""The digests' tick: each channel's digest posted once on its scheduled day, through the
delivery protocol (claim → post → record, :mod:`bot.slack.delivery`), and the scheduler's due
check. The message is built when it is claimed and kept with the claim, so a digest resumed
after a crash posts what was claimed; its item keys become the channel's "last week" once it is
recorded."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from slack_sdk import WebClient

from bot.digest.content import FindingLike, Findings, build
from bot.digest.render import digest_message
from bot.features import TickContext
from bot.kb.models import Knowledge
from bot.quiz.schedule import ScheduleError, due_slot, make_schedule
from bot.slack.delivery import LEASE, Courier, Delivered, Delivery, Fault, new_token
from bot.store.digests import DigestStore, Subscription, digest_work, post_id_for

logger = logging.getLogger(__name__)
KIND = "digest"
PRACTICES = "practices"  # the practices feature's service: findings(resource ids)


def no_findings(resources: Sequence[str]) -> Sequence[FindingLike]:
    return ()


@dataclass
class DigestReport:
    now: datetime
    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (channel, what happened)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (channel, error)

    def count(self, what: str) -> int:
        return sum(1 for _, w in self.outcomes if w == what)

    def summary(self) -> str:
        at = self.now.strftime("%Y-%m-%dT%H:%MZ")
        parts = [f"{self.count(w)} {w}" for w in ("posted", "resumed", "quiet", "failed", "retry")]
        return f"digest tick {at}: " + ", ".join(p for p in parts if not p.startswith("0 "))


class DigestEngine:
    def __init__(
        self,
        knowledge: Knowledge,
        store: object,
        client: WebClient | None,
        findings: Findings = no_findings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        fault: Fault | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.digests = DigestStore(store)  # type: ignore[arg-type]
        self.findings = findings
        self.courier = Courier(client, sleep=sleep, fault=fault)

    def tick(self, now: datetime) -> DigestReport:
        report = DigestReport(now)
        self._resume(now, report)
        for sub in self.digests.subscriptions():
            try:
                slot = due_slot(make_schedule(sub.at, sub.tz, sub.days), now, sub.starts_at)
            except ScheduleError as exc:
                report.errors.append((sub.channel, str(exc)))
                continue
            if slot is None:
                continue
            day = slot.local_date.isoformat()
            if self.digests.post(post_id_for(sub.channel, day)) is None:
                self._post(sub, day, now, report)
        return report

    def _post(self, sub: Subscription, day: str, now: datetime, report: DigestReport) -> None:
        digest = build(
            self.knowledge, sub.team, self.findings, date.fromisoformat(day), sub.last_items
        )
        if digest.empty:
            if self.digests.quiet(sub, day, now):
                report.outcomes.append((sub.channel, "quiet"))
            return
        token = new_token()
        message = digest_message(digest).kwargs()
        at = self.courier.current(now)
        if not self.digests.claim(sub, day, message, digest.keys, token, at):
            return  # another tick claimed it
        key = (post_id_for(sub.channel, day),)
        d = Delivery(KIND, self.digests.claims, key, token, sub.channel)
        result = self.courier.deliver(d, message, now)
        self._outcome(sub.channel, sub.team, key, result, report, "posted")

    def _resume(self, now: datetime, report: DigestReport) -> None:
        """Claims whose holder is gone (released, or past the lease): take over, look, post."""
        for post in self.digests.takeovers(self.courier.current(now), LEASE):
            token = new_token()
            key = (post.id,)
            at = self.courier.current(now)
            if not self.digests.claims.take_over(key, post.claim_token, token, at, LEASE):
                continue
            d = Delivery(KIND, self.digests.claims, key, token, post.channel, taken_over=True)
            result = self.courier.deliver(d, post.message, now)
            self._outcome(post.channel, post.team, key, result, report, "resumed")

    def _outcome(
        self, channel: str, team: str, key: tuple[str], result: Delivered,
        report: DigestReport, done: str,
    ) -> None:  # fmt: skip
        if result.status == "posted":
            post = self.digests.post(key[0])
            if post is not None:
                self.digests.remember(channel, team, post.items)
            report.outcomes.append((channel, done))
            return
        report.outcomes.append((channel, result.status))
        if result.error:
            report.errors.append((channel, result.error))


def tick(now: datetime, context: TickContext) -> DigestReport:
    """The minute job (run by :mod:`bot.scheduler`) on the context's background client."""
    deps = context.deps
    practices = context.services.get(PRACTICES)
    findings: Findings = practices.findings if practices is not None else no_findings
    engine = DigestEngine(deps.knowledge, deps.store, deps.client, findings)
    report = engine.tick(now)
    if report.outcomes or report.errors:
        logger.info("%s", report.summary())
    return report


def due(now: datetime, context: TickContext) -> set[str] | None:
    """The workspaces with a digest due and not yet done, or a claim to take over."""
    store = context.deps.store
    if store is None:
        return None
    subs, teams, done = digest_work(store, now, LEASE)
    for sub in subs:
        if sub.workspace in teams:
            continue
        try:
            slot = due_slot(make_schedule(sub.at, sub.tz, sub.days), now, sub.starts_at)
        except ScheduleError:
            teams.add(sub.workspace)
            continue
        if slot is not None:
            post_id = post_id_for(sub.channel, slot.local_date.isoformat())
            if (sub.workspace, post_id) not in done:
                teams.add(sub.workspace)
    return teams

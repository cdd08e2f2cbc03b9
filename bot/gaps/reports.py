"""Answers reported as wrong or unclear: kept privately, counted as ``reported`` gaps.

    reports = Reports(deps)      # part of the gaps service: context["gaps"].reports
    reports.record(asked, card=("C1", "1700000000.000100"), user="U1", reason="…", contact=False)
    # -> "recorded" | "already" (the same person, the same card: kept once) | "not_recorded"

A report keeps the question (normalised as a gap is: no markup, no user or channel id), the
answer's intent and service ids and the reason; the person's user id only when they said they
may be contacted. Its key is a keyed digest (HMAC with the app's signing secret) of the card
and the person, so the database holds no readable trace of who reported without consent, and
a double click or a second submit of the same dialog is recorded once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import TYPE_CHECKING, Any, Literal

from bot.gaps.text import normalise
from bot.render.feedback import Reported

if TYPE_CHECKING:
    from bot.deps import Deps

logger = logging.getLogger(__name__)

Outcome = Literal["recorded", "already", "not_recorded"]
SHOWN_REASONS = 3  # the latest reasons listed with a reported gap


class Reports:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _store(self) -> Any:
        from bot.store.reports import ReportStore

        return ReportStore(self.deps.store)

    def key(self, card: tuple[str, str], user: str, question: str) -> str:
        secret = (self.deps.settings.signing_secret if self.deps.settings else None) or ""
        message = "\n".join((*card, user, question)).encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    def record(
        self, asked: Reported, *, card: tuple[str, str], user: str, reason: str, contact: bool
    ) -> Outcome:
        """Keep one report; never raises (the store down: ``"not_recorded"``)."""
        from bot.store import StoreUnavailable
        from bot.store.reports import ReportRow

        text = normalise(asked.question) or "no words"
        if self.deps.store is None:
            return "not_recorded"
        row = ReportRow(
            key=self.key(card, user, asked.question),
            text=text,
            intent=asked.intent,
            services=asked.services,
            reason=reason,
            contact=user if contact else None,
            reported_at=self.deps.clock(),
        )
        try:
            return "recorded" if self._store().record(row) else "already"
        except StoreUnavailable as exc:
            logger.warning("a report on an answer was not recorded: %s", exc)
            return "not_recorded"

    def details(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The latest reasons given for ``text`` and who may be contacted about it."""
        rows = self._store().latest(text, limit=50)
        reasons = tuple(r.reason for r in rows if r.reason)[:SHOWN_REASONS]
        contacts = tuple(dict.fromkeys(r.contact for r in rows if r.contact))
        return reasons, contacts

    def dismiss(self, text: str) -> int:
        return int(self._store().dismiss([text]))

    def purge(self, before: Any) -> int:
        return int(self._store().purge(before))

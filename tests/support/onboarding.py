"""Reading what onboarding sent and did: the DMs to a person, the buttons of a message, a time,
a user's review log, which cards lessons add, the next moment a DM may go out."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from bot.localslack import LocalSlack
from bot.onboarding.cards import CATEGORY, EXAM, OWNER, CardSpec
from bot.onboarding.timing import at_local, is_working_day, local_date
from bot.store.onboarding import OnboardingStore
from bot.store.onboarding.tables import onboarding_review_log
from bot.store.scope import mine
from tests.support.payloads import assert_valid_message

_VALID: set[tuple[str, float]] = set()  # calls whose payload was already validated


def dms(slack: LocalSlack, user: str) -> list[dict[str, Any]]:
    """Every message posted to ``user``'s DM, as sent (blocks decoded and validated)."""
    out = []
    for call in slack.calls_to("chat.postMessage", ok=True):
        if call.args.get("channel") == user:
            payload = {"text": call.args.get("text", ""), "blocks": call.json_arg("blocks") or []}
            key = (str((call.response or {}).get("ts")), call.at)
            if key not in _VALID:
                assert_valid_message(payload)
                _VALID.add(key)
            out.append(payload)
    return out


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in payload.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def review_log(ob: OnboardingStore, user: str) -> list[dict[str, Any]]:
    """Every review ``user`` made (rating, right or wrong, how it came), oldest first."""
    r = onboarding_review_log.c
    stmt = (
        select(onboarding_review_log)
        .where(mine(onboarding_review_log, ob.store), r.user_id == user)
        .order_by(r.reviewed_at, r.id)
    )
    return ob.store.read(lambda conn: [dict(x._mapping) for x in conn.execute(stmt)])


LESSON_KINDS = (OWNER, CATEGORY, EXAM)  # the cards lessons add to every learner's deck


def from_lessons(card: CardSpec) -> bool:
    """A card every lesson learner gets (a core fact), not only when asked."""
    return card.kind in LESSON_KINDS


def next_send(now: datetime, at: time, tz: str | None, *, working_days: bool) -> datetime:
    """The next instant strictly after local today at which a DM may go out."""
    day = local_date(now, tz)
    for offset in range(0, 8):
        candidate_day = day + timedelta(days=offset)
        if working_days and not is_working_day(candidate_day):
            continue
        candidate = at_local(candidate_day, at, tz)
        if candidate > now:
            return candidate
    raise AssertionError("unreachable: a week always has a working day")

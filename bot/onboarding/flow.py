"""What both onboarding flows (lessons, reviews) stand on: the engine's parts, settings,
users, progress and completion. :class:`bot.onboarding.engine.OnboardingEngine` is the whole."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.bank import Question
from bot.kb.models import Knowledge
from bot.onboarding import org_lesson, render, render_org, srs, timing
from bot.onboarding import progress as progress_mod
from bot.onboarding.cards import Deck
from bot.onboarding.lessons import Lesson, Section, lesson_cards, lesson_content, track
from bot.onboarding.progress import CardView, Progress
from bot.onboarding.results import AskedQuestion
from bot.slack.delivery import Courier, slack_error
from bot.store.onboarding import (
    CHANNEL_KEY,
    FAILED,
    POSTED,
    CardState,
    OnboardingStore,
    Scheduler,
    User,
    send_id_for,
)

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.store import Store

logger = logging.getLogger(__name__)

REVIEW_BATCH = 5
NEW_CARD_DELAY = timedelta(days=1)  # a lesson's cards come up for review the next day
DEFAULT_SEND_AT = "10:00"


class Flow:
    """The onboarding engine's parts and what both flows use."""

    def __init__(
        self,
        knowledge: Knowledge,
        store: Store,
        client: WebClient | None,  # None: read only (progress)
        *,
        default_channel: str | None = None,
        deck: Deck | None = None,
        sleep: Callable[[float], None] = time.sleep,
        teams: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``teams``: the team ids of users, as the surface or the tick found them (members
        lists and Slack user groups); a user not in it: the teams listing them as members."""
        self.knowledge = knowledge
        self.ob = OnboardingStore(store)
        self.workspace = store.workspace or None  # a T…:U… member is in the team there only
        self.client = client
        self.courier = Courier(client, sleep=sleep)
        self.default_channel = default_channel
        self.deck = deck or Deck(knowledge)
        self.lessons: tuple[Lesson, ...] = track(knowledge)  # the course's, for everyone
        self.scheduler = srs.make_scheduler()
        self.teams = teams or {}
        self._tracks: dict[str, tuple[Lesson, ...]] = {}

    # -- a user's track: the course's lessons, and "Your team's databases" for a team member ---

    def team_ids(self, user: str) -> tuple[str, ...]:
        if user in self.teams:
            return tuple(self.teams[user])
        return tuple(t.id for t in self.knowledge.teams_of_user(user, self.workspace))

    def lessons_for(self, user: str) -> tuple[Lesson, ...]:
        """The user's track: the course's lessons, then (when the user is in a team holding
        some of the organisation's databases) the lesson about them."""
        if user not in self._tracks:
            extra = None
            if self.lessons and self.knowledge.resources:
                extra = org_lesson.org_lesson(
                    self.knowledge,
                    self.team_ids(user),
                    len(self.lessons) + 1,
                    self.deck.questions,
                    render_org.ORG_LESSON_TITLE,
                )
            self._tracks[user] = (*self.lessons, extra) if extra else self.lessons
        return self._tracks[user]

    def lesson_sections(self, lesson: Lesson) -> list[Section]:
        if org_lesson.is_org_lesson(lesson):
            return render_org.org_lesson_sections(org_lesson.holdings(lesson, self.knowledge))
        return lesson_content(lesson, self.knowledge)

    def cards_of(self, lesson: Lesson) -> tuple[str, ...]:
        """The review cards a lesson adds to the learner's deck (those the deck has)."""
        if org_lesson.is_org_lesson(lesson):
            return self.deck.known(org_lesson.org_cards(lesson, self.knowledge))
        return self.deck.known(lesson_cards(lesson, self.knowledge))

    # -- settings ----------------------------------------------------------------------------

    def channel(self) -> str | None:
        """The onboarding channel: set with ``/whoowns onboarding here``, else the env's."""
        return self.ob.setting(CHANNEL_KEY) or self.default_channel

    def set_channel(self, channel: str, by: str | None, now: datetime) -> None:
        self.ob.set_setting(CHANNEL_KEY, channel, by, now)

    def set_time(self, user: str, at: str, tz: str | None, now: datetime) -> User:
        self.user_row(user, now)
        row = self.ob.set_preferences(user, send_at=at, tz=tz)
        assert row is not None
        return row

    # -- users -------------------------------------------------------------------------------

    def slack_user(self, user: str) -> dict[str, Any] | None:
        """The user's ``users.info`` profile; None when Slack cannot say."""
        try:
            info = self.courier.slack.users_info(user=user)["user"]
        except (SlackApiError, SlackClientError, OSError, KeyError, TypeError):
            logger.warning("users.info failed for %s; their time zone defaults to UTC", user)
            return None
        return info if isinstance(info, dict) else None

    def user_tz(self, user: str, info: dict[str, Any] | None = None) -> str:
        """The user's Slack time zone (``users.info``); UTC when unknown or unreachable."""
        info = info if info is not None else self.slack_user(user)
        tz = str((info or {}).get("tz") or "")
        return tz if timing.is_zone(tz) else timing.DEFAULT_TZ

    def user_row(self, user: str, now: datetime, info: dict[str, Any] | None = None) -> User:
        existing = self.ob.user(user)
        if existing is not None:
            return existing
        tz = self.user_tz(user, info)
        return self.ob.ensure_user(user, now, tz=tz, send_at=DEFAULT_SEND_AT)

    def stop(self, user: str, now: datetime) -> bool:
        return self.ob.stop(user, now)

    def _sent_ids(self, user: str) -> set[str]:
        """The lessons sent to ``user``, or being sent: a lesson whose DM failed is not."""
        return {s.lesson_id for s in self.ob.lessons(user) if s.state != FAILED}

    # -- people Slack cannot reach -----------------------------------------------------------

    def stopped_ids(self) -> set[str]:
        """The people no DM goes to (Slack could not reach them), until they come back."""
        return {s.user_id for s in self.ob.stopped_users()}

    def unreachable(self, user: str, reason: str, now: datetime) -> None:
        """Slack cannot reach ``user`` for good (``reason``): stop every DM to them."""
        if self.ob.stop_delivery(user, reason, self.courier.current(now)):
            logger.warning("DMs to %s stopped: %s (until they use the bot again)", user, reason)

    def came_back(self, user: str) -> bool:
        """``user`` used the bot: DMs go to them again (True when they were stopped)."""
        back = self.ob.came_back(user)
        if back:
            logger.info("%s is back: their DMs resume", user)
        return back

    def asked(self, question: Question, seed: str) -> AskedQuestion:
        return AskedQuestion(question, question.options_for(seed))

    def _schedule(self, card_id: str, now: datetime) -> Scheduler:
        def run(current: CardState | None, rating: int) -> dict[str, Any]:
            return srs.row_values(
                current.fsrs if current is not None else None, card_id, rating, now, self.scheduler
            )

        return run

    # -- "Quiz me on this" -------------------------------------------------------------------

    def quiz_me(self, user: str, card_ids: tuple[str, ...], now: datetime) -> render.Message:
        known = self.deck.known(card_ids)
        if not known:
            return render.added_cards_message([], 0, None)
        row = self.user_row(user, now)
        added = self.ob.add_cards(
            user, [(cid, srs.new_row_values(cid, now)) for cid in known], now, "quiz-me"
        )
        labels = [self.deck.cards[c].label for c in added]
        p = self.progress(user, now)
        nxt = render.when(p.next_review, row.tz) if p.next_review else None
        return render.added_cards_message(labels, len(known) - len(added), nxt)

    # -- progress and completion -------------------------------------------------------------

    def _back_for_review(self, user: str, card: CardState | None, now: datetime) -> datetime | None:
        """When the review DM bringing ``card`` back comes (Home's "Next review" is the same
        moment for the earliest card), not the card's due instant."""
        if card is None:
            return None
        row = self.ob.user(user)
        tz = row.tz if row else timing.DEFAULT_TZ
        at = timing.parse_time(row.send_at if row else DEFAULT_SEND_AT) or timing.DEFAULT_TIME
        today = timing.local_date(now, tz).isoformat()
        sent_today = self.ob.review_send(send_id_for(user, today)) is not None
        return progress_mod.review_moment(card.due, now, tz, at, sent_today=sent_today)

    def progress(self, user: str, now: datetime) -> Progress:
        row = self.ob.user(user)
        tz = row.tz if row else timing.DEFAULT_TZ
        send_at = row.send_at if row else DEFAULT_SEND_AT
        sent = [s.lesson_id for s in self.ob.lessons(user) if s.state == POSTED]
        answers = self.ob.lesson_answers(user)
        answered = [(a.lesson_id, a.question) for a in answers]
        cards = [
            CardView(c.card_id, c.due, c.state, c.stability, c.reps) for c in self.ob.cards(user)
        ]
        today = timing.local_date(now, tz).isoformat()
        sent_today = self.ob.review_send(send_id_for(user, today)) is not None
        lessons = self.lessons_for(user)
        return progress_mod.compute(
            user=user,
            lessons=lessons,
            deck=self.deck,
            required=tuple(c for x in lessons[len(self.lessons) :] for c in self.cards_of(x)),
            invited=bool(row and row.invited_at),
            started=bool(row and row.started_at),
            stopped=bool(row and row.stopped_at),
            completed_at=row.completed_at if row else None,
            sent_lessons=sent,
            answered=answered,
            cards=cards,
            reviewed_at=[*self.ob.review_days(user), *(a.answered_at for a in answers)],
            now=now,
            tz=tz,
            send_at=send_at,
            sent_today=sent_today,
            unreachable=self._unreachable(user),
        )

    def _unreachable(self, user: str) -> progress_mod.Unreachable | None:
        stopped = self.ob.stopped_user(user)
        if stopped is None:
            return None
        return progress_mod.Unreachable(stopped.reason, stopped.stopped_at)

    def _maybe_complete(self, user: str, now: datetime) -> bool:
        """Congratulate once, when the user has just completed onboarding."""
        p = self.progress(user, now)
        if not p.completed or p.completed_at is not None:
            return False
        if not self.ob.claim_completion(user, now):
            return False
        try:
            self.courier.send(user, render.completion_message(p).kwargs())
        except (SlackApiError, SlackClientError, OSError) as exc:
            logger.warning("congratulation DM to %s failed: %s", user, slack_error(exc))
        channel = self.channel()
        if channel:
            try:
                self.courier.send(channel, render.completion_note(user, p).kwargs())
            except (SlackApiError, SlackClientError, OSError) as exc:
                logger.warning("completion note in %s failed: %s", channel, slack_error(exc))
        return True


def mastered(card: CardState | None) -> bool:
    """True when ``card`` has just reached the state that counts as learnt."""
    return card is not None and srs.is_mastered(card.state, card.stability)

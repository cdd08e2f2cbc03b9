"""The lesson "Your team's databases" through the real Bolt app against LocalSlack: a member of
a team holding some of the organisation's databases gets it after the course's lessons (members
list or Slack user group, in a click and in the minute tick), with review cards for (resource,
duty) → team that count towards completion; anyone else gets exactly the course's track."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from bot.features import TickContext
from bot.localslack.ids import dm_channel_for
from bot.onboarding import progress as progress_mod
from bot.onboarding.cards import Deck
from bot.onboarding.lessons import track
from bot.onboarding.progress import CardView
from bot.onboarding.render import parse_lesson_answer, parse_review_answer
from bot.onboarding.service import SERVICE, OnboardingService, tick
from bot.org.membership import Memberships
from bot.store.onboarding import OnboardingStore
from tests.support.bolt import Bot, Clock, make_bot, make_deps, settings_for
from tests.support.onboarding import buttons, dms
from tests.support.payloads import all_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org"
ALICE = "U0ALICE"  # in platform-db's members list (examples/org/teams.yaml)
ERIN = "U0ERIN"  # in data-eng through its Slack user group only
NOBODY = "U0NOBODY"  # in no team
MORE = """\
teams:
  data-eng:
    name: Data Engineering
    slack: S0DATAENG
resources:
  clicks-table:
    service: dynamodb
    owner: data-eng
    note: "Ask <!channel> before a restore & co"
"""


@pytest.fixture(scope="module")
def org_kb(tmp_path_factory: pytest.TempPathFactory):
    from bot.features import load_knowledge

    folder = tmp_path_factory.mktemp("org")
    for f in EXAMPLE.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    (folder / "more.yaml").write_text(MORE)
    return load_knowledge(org=folder)


@pytest.fixture(scope="module")
def org_matcher(org_kb):
    from bot.intent import IntentMatcher

    return IntentMatcher(org_kb)


@pytest.fixture
def bot(org_kb, org_matcher, store, slack) -> Bot:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))  # Monday
    deps = make_deps(org_kb, org_matcher, slack, store, clock=clock, settings=settings_for(slack))
    return make_bot(deps, slack)


def click(bot: Bot, element: dict[str, Any], user: str) -> None:
    bot.click(element, user, channel=dm_channel_for(user))


def button(message: dict[str, Any], label: str) -> dict[str, Any]:
    return next(b for b in buttons(message) if b["text"]["text"] == label)


def to_last_lesson(bot: Bot, user: str) -> dict[str, Any]:
    """Onboard ``user``, Start, and *Next lesson* until a lesson has no *Next lesson*."""
    bot.command("onboard", user=user)
    click(bot, button(dms(bot.slack, user)[0], "Start"), user)
    lesson = dms(bot.slack, user)[-1]
    while any(b["text"]["text"] == "Next lesson" for b in buttons(lesson)):
        click(bot, button(lesson, "Next lesson"), user)
        lesson = dms(bot.slack, user)[-1]
    return lesson


def answers(bot: Bot, lesson: dict[str, Any], *, right: bool) -> list[dict[str, Any]]:
    """One button per question of ``lesson``: the right option, or a wrong one."""
    deck = Deck(bot.deps.knowledge)
    picked: dict[int, dict[str, Any]] = {}
    for b in buttons(lesson):
        parsed = parse_lesson_answer(b.get("value", ""))
        if parsed is None or parsed[1] in picked:
            continue
        engine = OnboardingService(bot.deps).engine(None, {ALICE: ("platform-db",)})
        topic = engine.lesson(parsed[0], ALICE).questions[parsed[1]]
        question = deck.question(topic)
        if (parsed[2] == question.answer) == right:
            picked[parsed[1]] = b
    return [picked[i] for i in sorted(picked)]


def review_until_org_cards(bot: Bot, user: str) -> list[dict[str, Any]]:
    """*Review now* again and again, answering the course's cards right, until a review DM
    holds ``org-team`` cards: their answer buttons ([] when none came)."""
    deck = Deck(bot.deps.knowledge)
    for _ in range(60):
        before = len(dms(bot.slack, user))
        bot.command("review", user=user)
        sent = dms(bot.slack, user)
        if len(sent) == before:
            return []
        cards = [
            (b, p) for b in buttons(sent[-1]) if (p := parse_review_answer(b.get("value", "")))
        ]
        org = [b for b, p in cards if p[1].startswith("org-team:")]
        if org:
            return org
        for b, p in cards:
            if p[2] == deck.question(p[1]).answer:
                click(bot, b, user)
    return []


def test_a_team_member_gets_the_lesson_after_the_course(bot, org_kb):
    course = len(track(org_kb))
    last = to_last_lesson(bot, ALICE)
    assert last["text"] == f"Lesson {course + 1} of {course + 1}: Your team's databases"
    text = all_text(last)
    # each resource platform-db holds, its service and category, the duties it holds there
    assert "orders-db (Amazon Aurora Provisioned, Managed, prod)" in text
    assert "orders-db-replica (Amazon RDS, Managed, prod)" in text
    assert "search-aurora" in text
    assert "payments-ledger" not in text and "clicks-table" not in text  # other teams'
    [orders] = [line for line in text.splitlines() if line.startswith("• *Your team does*")][:1]
    assert "Patching &amp; Updates" in orders
    assert "Backups" not in orders  # orders-db's backups are SRE's (examples/org)
    assert "Who does the customer side of" in text
    assert "Which category is *orders-db*?" in text
    assert "That was the last lesson" in text


def test_the_lesson_s_answers_give_org_cards_that_come_back_in_review(bot):
    ob = OnboardingStore(bot.deps.store)
    last = to_last_lesson(bot, ALICE)
    cards = {c.card_id for c in ob.cards(ALICE)}
    assert "org-team:orders-db:patching" in cards
    assert "org-team:orders-db-replica:patching" in cards
    assert not any(c.startswith("org-team:orders-db:backups") for c in cards)  # SRE's duty
    for b in answers(bot, last, right=False):
        click(bot, b, ALICE)
    wrong = [a.question for a in ob.lesson_answers(ALICE) if a.lesson_id == "org-databases"]
    assert len(wrong) == 3 and any(q.startswith("org-team:") for q in wrong)

    # the next day, reviewing what is due (right answers) brings the team's cards up
    bot.clock.at = datetime(2026, 3, 3, 10, 0, tzinfo=timezone.utc)
    team_buttons = review_until_org_cards(bot, ALICE)
    assert team_buttons, "no org card came up for review"
    review = dms(bot.slack, ALICE)[-1]
    assert "Who does the customer side of" in all_text(review)
    options = {p[2] for b in team_buttons if (p := parse_review_answer(b["value"]))}
    assert "platform-db" in options and len(options) >= 2  # the teams as options
    right = next(b for b in team_buttons if b["value"].endswith("|platform-db"))
    click(bot, right, ALICE)
    send_id, card_id, _ = parse_review_answer(right["value"])
    [item] = [i for i in ob.review_items(send_id) if i.card_id == card_id]
    assert item.answered_at is not None and item.correct
    engine = OnboardingService(bot.deps).engine(None)  # Alice is in a members list
    p = engine.progress(ALICE, bot.clock())
    assert p.lessons_done == 1  # the org lesson (every question answered, wrongly)
    assert p.lessons_total == len(track(bot.deps.knowledge)) + 1
    assert p.table_cards_total == len(Deck(bot.deps.knowledge).table_cards) + len(
        [c for c in cards if c.startswith("org-team:")]
    )


def test_someone_in_no_team_gets_exactly_the_course_track(bot, org_kb, knowledge):
    course = len(track(org_kb))
    last = to_last_lesson(bot, NOBODY)
    assert last["text"].startswith(f"Lesson {course} of {course}:")
    assert not any(
        c.card_id.startswith("org-") for c in OnboardingStore(bot.deps.store).cards(NOBODY)
    )
    engine = OnboardingService(bot.deps).engine(None)
    p = engine.progress(NOBODY, bot.clock())
    assert (p.lessons_total, p.table_cards_total) == (course, len(Deck(knowledge).table_cards))


def test_a_user_group_member_gets_it_in_a_click_and_from_the_tick(bot, org_kb):
    bot.slack.workspace.usergroups["S0DATAENG"] = [ERIN]
    course = len(track(org_kb))
    bot.command("onboard", user=ERIN)
    [welcome] = dms(bot.slack, ERIN)
    assert f"{course + 1} lessons" in all_text(welcome)
    click(bot, button(welcome, "Start"), ERIN)
    lesson = dms(bot.slack, ERIN)[-1]
    for _ in range(course - 1):  # the course's lessons, today
        click(bot, button(lesson, "Next lesson"), ERIN)
        lesson = dms(bot.slack, ERIN)[-1]
    assert lesson["text"].startswith(f"Lesson {course} of {course + 1}")
    # the next working day at 10:00, the minute tick sends the org lesson
    bot.clock.at = datetime(2026, 3, 3, 10, 0, tzinfo=timezone.utc)
    services = {SERVICE: OnboardingService(bot.deps), "teams": Memberships(bot.deps)}
    tick(bot.clock(), TickContext(deps=bot.deps, services=services))
    title = f"Lesson {course + 1} of {course + 1}: Your team's databases"
    [sent] = [m for m in dms(bot.slack, ERIN) if m["text"] == title]
    text = all_text(sent)
    assert "clicks-table (Amazon DynamoDB" in text
    assert "Ask &lt;!channel&gt; before a restore &amp; co" in text  # the folder's text, escaped


def test_completion_counts_the_org_cards_for_a_member(org_kb):
    deck = Deck(org_kb)
    lessons = track(org_kb)
    now = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
    answered = [(x.id, q) for x in lessons for q in x.questions]
    mastered = [CardView(c, now + timedelta(days=30), "review", 40.0, 5) for c in deck.table_cards]
    org = ("org-team:orders-db:patching", "org-team:orders-db-replica:patching")
    assert all(c in deck.cards for c in org)

    def completed(cards: list[CardView], required: tuple[str, ...]) -> bool:
        return progress_mod.compute(
            user=ALICE,
            lessons=lessons,
            deck=deck,
            required=required,
            invited=True,
            started=True,
            stopped=False,
            completed_at=None,
            sent_lessons=[x.id for x in lessons],
            answered=answered,
            cards=cards,
            reviewed_at=[],
            now=now,
            tz="UTC",
            send_at="10:00",
            sent_today=False,
        ).completed

    just = mastered[: progress_mod.needed(len(deck.table_cards))]  # 90 % of the table cards
    assert completed(just, ())  # a non-member: enough
    assert not completed(just, org)  # a member: 90 % of the table and org cards together
    org_done = [CardView(c, now + timedelta(days=30), "review", 40.0, 5) for c in org]
    assert completed([*just, *org_done], org)

"""Every question of the bank has exactly one answer a careful reader of the course material
would defend: no wrong option is a category, service or team of which the course material (or
the organisation's files) says the same thing.

The reading below is this test's own, taken from the course material and written out here, so
that the bank is checked against it and not against itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.answers.practice_catalog import practices_of
from bot.bank import Option, Question, build_bank, org_questions
from bot.features import load_knowledge
from bot.kb.models import CATEGORY_IDS, Knowledge
from tests.support.inventory import EXAMPLE_ORG

FULLY, MANAGED, UNMANAGED = CATEGORY_IDS

# Statements the course material makes of one category that hold for another as well. The Key
# Characteristics of Managed are comparatives ("more", "greater", "increased"): they describe
# Managed compared with Fully Managed, and Unmanaged even more so. Three "When to Choose
# Managed" reasons fit Unmanaged just as well: it needs DBAs, gives every version and feature
# (software installation is the customer's) and all of performance tuning.
SAID_OF_SEVERAL: dict[str, frozenset[str]] = {
    "more customer control over database engine": frozenset({MANAGED, UNMANAGED}),
    "greater flexibility in configuration": frozenset({MANAGED, UNMANAGED}),
    "increased operational responsibility": frozenset({MANAGED, UNMANAGED}),
    "requires more database administration expertise": frozenset({MANAGED, UNMANAGED}),
    "have experienced database administrators": frozenset({MANAGED, UNMANAGED}),
    "need particular database versions or features": frozenset({MANAGED, UNMANAGED}),
    "require specific performance tuning": frozenset({MANAGED, UNMANAGED}),
}

# Services the course material puts in two categories without settling which: Redshift is an
# "Example of Fully Managed Services" and "Managed" in the Service Classification. (RDS is in
# the same list, but "RDS is Managed, not Fully Managed" settles it.) A question that names the
# section it asks about ("Service Classification") has one answer again.
LISTED_UNDER_SEVERAL: dict[str, frozenset[str]] = {
    "redshift": frozenset({FULLY, MANAGED}),
}
SETTLING_SECTION = "Service Classification"


def categories_said(k: Knowledge, service: str, q: Question) -> frozenset[str]:
    if SETTLING_SECTION in q.text:
        return frozenset({k.services[service].category})
    return LISTED_UNDER_SEVERAL.get(service, frozenset({k.services[service].category}))


def owners_said(k: Knowledge, service: str, duty: str, q: Question) -> set[str]:
    cells = (k.duties[duty].cells.get(c) for c in categories_said(k, service, q))
    return {c.owner for c in cells if c is not None and c.owner is not None}


def statements_fit(q: Question) -> set[str]:
    """The categories every statement quoted in ``q`` describes (a pair of "when to choose"
    lines: both must fit; a line not in SAID_OF_SEVERAL fits its own category only)."""
    found = [cats for words, cats in SAID_OF_SEVERAL.items() if words in q.text.lower()]
    if not found or (q.topic.startswith("scenario-pair:") and len(found) < 2):
        return {q.answer}
    return set(frozenset.intersection(*found))


def defensible(k: Knowledge, q: Question) -> set[str]:
    """The option keys a careful reader of the course material could defend for ``q``."""
    form, _, rest = q.topic.partition(":")
    parts = rest.split(":")
    if form == "owner":
        return owners_said(k, parts[0], parts[1], q)
    if form == "category":
        return set(categories_said(k, parts[0], q))
    if form == "org-category":
        return set(categories_said(k, k.resources[parts[0]].service, q))
    if form == "pick":
        return {o.key for o in q.options if parts[0] in categories_said(k, o.key, q)}
    if form == "truefalse":
        said = categories_said(k, parts[0], q)
        truth = {"true"} if parts[1] in said else {"false"}
        return truth | {"false"} if len(said) > 1 and parts[1] in said else truth
    if form == "org-fleet":  # the team doing the customer side of the practice's duty there
        resource, practice = parts
        parts = [resource, practices_of(k.extras)[practice].duty]
        form = "org-team"
    if form == "org-team":
        resource, duty = parts
        team = k.resources[resource].team_for(duty)
        return {o.key for o in q.options if o.key == team or o.label == k.teams[team].name}
    if form in ("scenario", "scenario-pair", "trait", "cost", "exam-category"):
        return statements_fit(q)
    return {q.answer}


def unsound(k: Knowledge, bank: tuple[Question, ...]) -> list[str]:
    out = []
    for q in bank:
        fits = defensible(k, q)
        wrong_but_defensible = sorted(fits & {o.key for o in q.options} - {q.answer})
        if q.answer not in fits or wrong_but_defensible:
            labels = [q.option(key).label for key in wrong_but_defensible]
            out.append(f"{q.topic or q.id}: {q.text} -> {q.correct.label}, also {labels}")
    return out


@pytest.fixture(scope="module")
def org_knowledge():
    return load_knowledge(org=EXAMPLE_ORG)


def test_every_course_question_has_exactly_one_defensible_answer(knowledge):
    bank = build_bank(knowledge)
    assert {q.kind for q in bank} >= {"owner", "category", "pick", "scenario", "trait"}
    assert unsound(knowledge, bank) == []


def test_every_question_about_the_example_organisation_has_exactly_one_answer(org_knowledge):
    bank = org_questions(org_knowledge)
    assert {q.kind for q in bank} == {"org-team", "org-category", "org-fleet"}
    assert unsound(org_knowledge, bank) == []


def test_the_fleet_questions_ask_what_the_settings_show_and_name_one_team(org_knowledge):
    fleet = {q.topic: q for q in org_questions(org_knowledge) if q.kind == "org-fleet"}
    failover = fleet["org-fleet:orders-db:multi-az-in-production"]
    assert failover.text == (
        "*orders-db* runs in production without Multi-AZ. Which team sets up its failover?"
    )
    assert failover.correct.label == "Platform DB"
    pitr = fleet["org-fleet:payments-ledger:backups-configured"]
    assert pitr.text.startswith("*payments-ledger*: point-in-time recovery: not enabled.")
    assert pitr.correct.label == "Payments"
    # a practice in order, or a database whose settings were not imported, is never asked
    assert "org-fleet:orders-db:backups-configured" not in fleet
    assert not any(topic.startswith("org-fleet:legacy-crm:") for topic in fleet)


def test_the_reading_above_catches_a_two_answer_question(knowledge):
    """The check is not empty: a question that offers Unmanaged for a Managed comparative is
    caught, and so is Redshift offered as a wrong "Fully Managed" option."""
    two_answers = Question(
        "t1",
        "trait",
        "Which category has this key characteristic: *increased operational responsibility*?",
        tuple(Option(c, knowledge.categories[c].name) for c in CATEGORY_IDS),
        MANAGED,
        "",
        "",
        topic=f"trait:{MANAGED}:2",
    )
    assert len(unsound(knowledge, (two_answers,))) == 1


def test_a_fresh_channel_first_question_is_a_sound_one(knowledge, store, client, slack):
    from bot.quiz.engine import QuizEngine

    monday_0800 = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)
    engine = QuizEngine(knowledge, store, client)
    for channel in ("C1", "CFRESH", "C0QUIZ"):
        engine.quiz.subscribe(
            channel, "09:00", "Europe/Berlin", "weekdays", "U0ADMIN", monday_0800 - timedelta(1)
        )
    assert sorted(engine.tick(monday_0800).posted) == ["C0QUIZ", "C1", "CFRESH"]
    for channel in ("C1", "CFRESH", "C0QUIZ"):
        post = engine.quiz.post_for(channel, "2024-01-15")
        assert post is not None
        first = Question.from_json(post.question)
        assert unsound(knowledge, (first,)) == [], channel

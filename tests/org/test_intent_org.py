"""Resource and team names are read with the precision of service names (bot/intent/org.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "resource"),
    [
        ("patching orders-db", "orders-db"),
        ("who patches orders-db-replica?", "orders-db-replica"),  # a near-duplicate name
        ("backups ORDERS_DB", "orders-db"),
        ("ordersdb scaling", "orders-db"),
        ("who patches oders db", "orders-db"),  # a typo
        ("orders-db-replca patching", "orders-db-replica"),  # a typo in the longer name
        ("backups db orders", "orders-db"),  # word order
        ("who is in charge of backups for the orders database please", "orders-db"),  # alias
        ("search-aurora backups", "search-aurora"),  # a whole name holding a course word
        ("orders-rds backups", "orders-rds"),
    ],
)
def test_resource_names_are_understood(org_matcher, text, resource):
    query = org_matcher.parse(text)
    assert query.resources == (resource,)
    assert query.unknown_terms == ()


@pytest.mark.parametrize(
    ("text", "unknown", "suggested"),
    [
        ("backups orders-db-2", "orders-db-2", "orders-db"),  # digits are never typos
        ("patching orders-db-replica-2", "orders-db-replica-2", "orders-db-replica"),
        ("backups new-orders-db", "new-orders-db", "orders-db"),
        ("patching orders db staging2", "orders db staging2", "orders-db"),
        ("orders-mysql backups", "orders-mysql", "orders-db"),
    ],
)
def test_a_name_close_to_a_resource_asks_and_never_answers_another(
    org_matcher, text, unknown, suggested
):
    query = org_matcher.parse(text)
    assert query.resources == ()
    assert unknown in query.unknown_terms
    assert suggested in [s.id for s in query.suggestions if s.kind == "resource"]
    assert query.intent not in ("who_owns", "overview")  # nobody's answer, course or ours


def test_a_course_word_alone_never_names_a_resource(org_matcher):
    query = org_matcher.parse("backups aurora")
    assert query.resources == ()
    assert query.group == "aurora"
    assert query.intent == "who_owns"


def test_a_resource_next_to_a_course_service(org_matcher):
    query = org_matcher.parse("patching orders-db and dynamodb")
    assert query.intent == "who_owns"
    assert query.resources == ("orders-db",)
    assert query.services == ("aurora-provisioned", "dynamodb")


def test_the_aurora_group_resource_stands_for_both_variants(org_matcher):
    query = org_matcher.parse("search-aurora")
    assert query.intent == "overview"
    assert set(query.services) == {"aurora-serverless", "aurora-provisioned"}
    assert query.group == "aurora"


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("what does platform-db own", "platform-db"),
        ("team platform-db", "platform-db"),
        ("what does the dba team own", "platform-db"),  # an alias
        ("which databases does Data Engineering hold", "data-eng"),  # the name
        ("what does payments own", "payments"),
    ],
)
def test_team_questions(org_matcher, text, team):
    query = org_matcher.parse(text)
    assert (query.intent, query.team) == ("team", team)


@pytest.mark.parametrize("text", ["my databases", "our dbs", "what do I own", "my team"])
def test_my_databases(org_matcher, text):
    assert org_matcher.parse(text).intent == "my_resources"


def test_course_questions_read_as_before(org_matcher, matcher):
    for text in ("patching aurora", "who backs up dynamo", "is rds fully managed", "qldb"):
        assert org_matcher.parse(text) == matcher.parse(text)

"""build_answer: the owners, texts, notes and JSON a user gets for each kind of question."""

from __future__ import annotations

import json

import pytest

from bot.answers import build_answer
from bot.intent import Query

# The seed's "Comparison Table for Exam", as printed there (the knowledge must agree).
SEED_TABLE = {
    "hardware-provisioning": ("aws", "aws", "customer"),
    "software-installation": ("aws", "aws", "customer"),
    "patching": ("aws", "shared", "customer"),
    "backups": ("aws", "shared", "customer"),
    "scaling": ("aws", "shared", "customer"),
    "performance-tuning": ("shared", "customer", "customer"),
    "security-configuration": ("shared", "customer", "customer"),
    "high-availability": ("aws", "shared", "customer"),
}
COLUMNS = ("fully-managed", "managed", "unmanaged")


def ask(matcher, knowledge, text):
    return build_answer(matcher.parse(text), knowledge)


@pytest.mark.parametrize("duty", SEED_TABLE)
def test_who_owns_gives_the_seed_owner_for_every_service(knowledge, duty):
    for service in knowledge.services.values():
        query = Query(text="", intent="who_owns", duty=duty, services=(service.id,))
        (cell,) = build_answer(query, knowledge).cells
        expected = SEED_TABLE[duty][COLUMNS.index(service.category)]
        assert (cell.service, cell.category, cell.owner) == (service.id, service.category, expected)
        source_cell = knowledge.duties[duty].cells[service.category]
        assert (cell.aws, cell.customer, cell.source) == (
            source_cell.aws,
            source_cell.customer,
            source_cell.source,
        )
        assert "Comparison Table for Exam" in cell.source


def test_patching_aurora_answers_both_variants_side_by_side(knowledge, matcher):
    answer = ask(matcher, knowledge, "patching aurora")
    assert answer.intent == "who_owns"
    rows = [(c.service, c.category, c.owner) for c in answer.cells]
    assert rows == [
        ("aurora-serverless", "fully-managed", "aws"),
        ("aurora-provisioned", "managed", "shared"),
    ]
    assert answer.group_name == knowledge.groups["aurora"].name
    assert knowledge.groups["aurora"].note in answer.notes
    shared = answer.cells[1]
    assert shared.aws and shared.customer  # a Shared cell says what each side does


@pytest.mark.parametrize("text", ["backups rds", "is rds fully managed", "rds", "redshift"])
def test_rds_and_redshift_answers_carry_the_exam_note(knowledge, matcher, text):
    answer = ask(matcher, knowledge, text)
    (service,) = answer.query.services
    note = knowledge.services[service].note
    assert note and "not Fully Managed" in note
    assert note in answer.notes


def test_an_undecided_cell_is_not_repeated_in_a_note(knowledge, matcher):
    undecided = next(
        (d, s)
        for d in knowledge.duties.values()
        for s in knowledge.services.values()
        if d.cell(s.category).owner is None
    )
    duty, service = undecided
    answer = build_answer(
        Query(text="", intent="who_owns", duty=duty.id, services=(service.id,)), knowledge
    )
    (cell,) = answer.cells
    assert cell.owner is None
    assert not any("does not state" in n for n in answer.notes)  # the row says it, once
    assert answer.to_json()["answers"][0]["owner"] is None


def test_overview_lists_table_duties_first_then_only_decided_others(knowledge, matcher):
    answer = ask(matcher, knowledge, "rds")
    assert answer.intent == "overview"
    duties = [c.duty for c in answer.cells]
    table = [d.id for d in knowledge.table_duties]
    assert duties[: len(table)] == table
    assert all(c.owner is not None for c in answer.cells[len(table) :])
    decided_others = [
        d.id for d in knowledge.duties.values() if not d.in_table and d.cell("managed").owner
    ]
    assert duties[len(table) :] == decided_others


def test_duty_alone_gives_the_owner_in_each_category(knowledge, matcher):
    answer = ask(matcher, knowledge, "who owns patching?")
    assert answer.intent == "duty"
    assert [(c.category, c.owner, c.service) for c in answer.cells] == [
        ("fully-managed", "aws", None),
        ("managed", "shared", None),
        ("unmanaged", "customer", None),
    ]


def test_an_engine_word_answers_each_service_side_by_side_with_a_note(knowledge, matcher):
    answer = ask(matcher, knowledge, "patching mysql")
    assert answer.intent == "who_owns" and answer.suggestions == ()
    assert [c.service for c in answer.cells] == list(knowledge.engines["mysql"].services)
    assert {c.owner for c in answer.cells} == {"aws", "shared", "customer"}  # the owner differs
    assert knowledge.engines["mysql"].note in answer.notes
    data = answer.to_json()
    assert data["engine"] == "mysql" and data["intent"] == "who_owns"
    assert [a["service"] for a in data["answers"]] == list(knowledge.engines["mysql"].services)


def test_an_ambiguous_service_word_still_answers_the_duty_per_category(knowledge, matcher):
    answer = ask(matcher, knowledge, "patching serverless")
    assert answer.intent == "duty" and len(answer.cells) == 3
    assert [s.id for s in answer.suggestions] == ["aurora-serverless"]


def test_classify_says_whether_the_service_is_in_the_asked_category(knowledge, matcher):
    answer = ask(matcher, knowledge, "is rds fully managed?")
    (c,) = answer.classifications
    assert (c.service, c.category, c.asked_category, c.matches) == (
        "rds",
        "managed",
        "fully-managed",
        False,
    )
    aurora = ask(matcher, knowledge, "is aurora fully managed")
    assert [(c.service, c.matches) for c in aurora.classifications] == [
        ("aurora-serverless", True),
        ("aurora-provisioned", False),
    ]
    kind = ask(matcher, knowledge, "what kind of service is dynamodb")
    (c,) = kind.classifications
    assert (c.kind, c.category, c.matches) == ("NoSQL", "fully-managed", None)


def test_explain_gives_the_category_and_its_services(knowledge, matcher):
    answer = ask(matcher, knowledge, "when to choose unmanaged")
    (category,) = answer.categories
    assert category.id == "unmanaged" and category.when_to_choose
    members = dict(answer.category_services)["unmanaged"]
    assert [s.id for s in members] == [s.id for s in knowledge.services_in("unmanaged")]
    every = ask(matcher, knowledge, "what are the categories")
    assert [c.id for c in every.categories] == list(knowledge.categories)


@pytest.mark.parametrize(
    ("text", "term"), [("memcached", "memcached"), ("qldb", "qldb"), ("cosmos db", "cosmos")]
)
def test_an_unknown_service_gets_no_unrelated_suggestions_but_the_covered_services(
    knowledge, matcher, text, term
):
    """memcached, qldb and cosmos db all got the same four unrelated buttons."""
    answer = ask(matcher, knowledge, text)
    assert answer.intent == "unknown"
    assert answer.unknown_terms == (term,)
    assert answer.cells == () and answer.suggestions == ()
    assert answer.covered == tuple(knowledge.services.values())
    assert answer.to_json()["covered_services"] == list(knowledge.services)


def test_an_unknown_service_keeps_the_recognised_duty_per_category(knowledge, matcher):
    answer = ask(matcher, knowledge, "qldb backups")
    assert (answer.intent, answer.unknown_terms) == ("duty", ("qldb",))
    assert [c.category for c in answer.cells] == list(knowledge.categories)
    assert answer.suggestions == () and answer.covered == tuple(knowledge.services.values())


def test_something_close_is_suggested_instead_of_the_list(knowledge, matcher):
    answer = ask(matcher, knowledge, "documentdb2 backups")
    assert [s.id for s in answer.suggestions] == ["documentdb"]
    assert answer.covered == ()


def test_a_question_not_understood_without_an_unknown_name_still_offers_examples(
    knowledge, matcher
):
    answer = ask(matcher, knowledge, "who is responsible")
    assert answer.suggestions and answer.covered == ()


def test_help_offers_examples_that_work(knowledge, matcher):
    answer = ask(matcher, knowledge, "help")
    assert answer.intent == "help" and len(answer.suggestions) >= 3
    for s in answer.suggestions:
        assert matcher.parse(s.text).intent not in ("unknown", "help"), s.text


def test_a_query_naming_ids_the_knowledge_lacks_does_not_crash(knowledge):
    query = Query(text="x", intent="who_owns", duty="nope", services=("nothing",))
    answer = build_answer(query, knowledge)
    assert answer.intent == "unknown" and answer.cells == ()


CELL_KEYS = {"service", "category", "duty", "owner", "aws", "customer", "source"}
JSON_KEYS = {
    "categories",
    "covered_services",
    "engine",
    "query",
    "intent",
    "duty",
    "services",
    "group",
    "category",
    "answers",
    "confidence",
    "suggestions",
    "notes",
    "unknown_terms",
    "resources",  # the organisation's resources named ([] here)
    "team",  # the organisation's team asked about (null here)
}


@pytest.mark.parametrize(
    ("text", "intent", "answer_keys"),
    [
        ("patching aurora", "who_owns", CELL_KEYS),
        ("dynamodb", "overview", CELL_KEYS),
        ("scaling", "duty", {"category", "duty", "owner", "aws", "customer", "source"}),
        ("is redshift fully managed", "classify", {"service", "category", "kind", "matches"}),
        ("what does managed mean", "explain", {"category", "name", "description", "services"}),
        ("qldb", "unknown", set()),
        ("", "help", set()),
    ],
)
def test_to_json_has_the_documented_shape(knowledge, matcher, text, intent, answer_keys):
    data = ask(matcher, knowledge, text).to_json()
    assert set(data) == JSON_KEYS
    assert data["intent"] == intent and data["query"] == text
    assert isinstance(data["services"], list)
    assert 0 <= data["confidence"] <= 1
    for row in data["answers"]:
        assert answer_keys <= set(row)
    assert bool(data["answers"]) == bool(answer_keys)
    for s in data["suggestions"]:
        assert set(s) == {"text", "label", "kind", "id"}
    assert json.loads(json.dumps(data)) == data  # plain JSON types only


def test_to_json_of_a_question_without_services(knowledge, matcher):
    data = ask(matcher, knowledge, "patching qldb").to_json()
    assert data["services"] == [] and data["duty"] == "patching"
    assert data["unknown_terms"] == ["qldb"]
    assert [row["category"] for row in data["answers"]] == list(knowledge.categories)

"""The question bank generated from the shipped knowledge (plus custom questions)."""

from __future__ import annotations

import collections
import shutil

import pytest

from bot.bank import build_bank
from bot.features import load_knowledge
from bot.kb import KnowledgeError


@pytest.fixture(scope="module")
def bank(knowledge):
    return build_bank(knowledge)


def by_text(bank, fragment):
    return [q for q in bank if fragment in q.text]


def test_at_least_80_distinct_questions_from_the_shipped_knowledge(bank):
    generated = [q for q in bank if q.kind != "custom"]
    assert len({q.id for q in generated}) >= 80
    assert len({(q.text, tuple(o.label for o in q.options)) for q in generated}) == len(generated)


def test_every_kind_the_issue_asks_for_is_there(bank):
    kinds = collections.Counter(q.kind for q in bank)
    for kind in ("owner", "category", "pick", "truefalse", "scenario", "security", "custom"):
        assert kinds[kind] > 0, kind


def test_every_question_is_well_formed(bank):
    for q in bank:
        assert 2 <= len(q.options) <= 5, q.text
        assert len({o.key for o in q.options}) == len(q.options), q.text
        assert len({o.label for o in q.options}) == len(q.options), q.text
        assert q.correct in q.options
        assert q.explanation and q.source
        assert all(len(o.label) <= 75 for o in q.options)


def test_ids_are_stable_across_loads(bank, knowledge):
    again = build_bank(load_knowledge(knowledge.source_dir))
    assert [q.id for q in again] == [q.id for q in bank]


def test_rds_is_not_fully_managed(bank):
    [q] = by_text(bank, "True or false: *Amazon RDS* is Fully Managed.")
    assert q.correct.label == "False"
    assert "important distinction" in q.explanation  # the seed's exam note, said to the user
    [q] = by_text(bank, "Which category is *Amazon RDS*?")
    assert q.correct.label == "Managed"


def test_owner_questions_follow_the_comparison_table(bank):
    [q] = by_text(bank, "Who owns *Patching & Updates* for *Amazon RDS*?")
    assert q.correct.label == "Shared"
    assert [o.label for o in q.options] == ["AWS", "Customer", "Shared"]
    [q] = by_text(bank, "Who owns *Hardware Provisioning* for *MongoDB on EC2*?")
    assert q.correct.label == "Customer"
    [q] = by_text(bank, "Who owns *High Availability* for *Amazon DynamoDB*?")
    assert q.correct.label == "AWS"


def test_security_model_encryption_is_the_customers(bank):
    [q] = by_text(bank, "*Data Encryption* (configure encryption at rest")
    assert q.correct.label == "Customer"
    assert q.source.startswith("Key Security Responsibilities")


def test_scenarios_from_when_to_choose(bank):
    [q] = by_text(bank, "*Limited DBA Resources*")
    assert q.correct.label == "Fully Managed"
    [q] = by_text(bank, "*Legacy Systems*")
    assert q.correct.label == "Unmanaged"


def test_which_of_these_is_fully_managed_has_one_right_option(bank, knowledge):
    picks = [q for q in bank if q.kind == "pick" and "*Fully Managed*" in q.text]
    assert picks
    for q in picks:
        categories = [
            knowledge.services[o.key].category for o in q.options if o.key in knowledge.services
        ]
        assert categories.count("fully-managed") == 1
        assert knowledge.services[q.answer].category == "fully-managed"


def test_options_shuffled_per_post_but_deterministic(bank):
    q = by_text(bank, "Which category is *Amazon DynamoDB*?")[0]
    orders = {tuple(o.key for o in q.options_for(f"C1/2024-01-{d:02d}")) for d in range(1, 29)}
    assert len(orders) > 1  # shuffled differently across posts
    assert q.options_for("C1/2024-01-05") == q.options_for("C1/2024-01-05")  # same post, same


def test_custom_questions_are_merged(bank):
    [q] = [q for q in bank if q.id == "custom-small-team-spiky-traffic"]
    assert q.correct.label == "Amazon DynamoDB"
    assert len(q.options) == 3


def test_bad_custom_questions_are_reported_with_file_and_line(tmp_path, knowledge):
    folder = tmp_path / "kb"
    shutil.copytree(knowledge.source_dir, folder)
    (folder / "quiz-team.yaml").write_text(
        "quiz:\n"
        "  ok-one:\n"
        "    question: Who?\n"
        "    answer: AWS\n"
        "    wrong: [Customer]\n"
        "    explanation: Because.\n"
        "    source: Runbook\n"
        "  too-many:\n"
        "    question: Who?\n"
        "    answer: A\n"
        "    wrong: [B, C, D, E, F]\n"
        "    explanation: e\n"
        "    source: s\n"
        "  no-answer:\n"
        "    question: Who?\n"
        "    wrong: [B]\n"
        "    explanation: e\n"
        "    source: s\n"
    )
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(folder)
    text = str(err.value)
    assert "quiz-team.yaml:11: give 1 to 4 wrong options" in text
    assert "quiz-team.yaml:14: missing field 'answer'" in text
    assert "ok-one" not in text

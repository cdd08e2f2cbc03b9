"""The question set (tests/data/phrasings.yaml): every phrasing reads as its author expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

PHRASINGS = Path(__file__).resolve().parents[1] / "data" / "phrasings.yaml"
CASES = yaml.safe_load(PHRASINGS.read_text(encoding="utf-8"))


def test_the_set_is_large_and_covers_the_knowledge(knowledge):
    assert len(CASES) >= 200
    duties = {c.get("duty") for c in CASES}
    services = {s for c in CASES for s in c.get("services", [])}
    intents = {c["intent"] for c in CASES}
    assert set(knowledge.duties) <= duties
    assert set(knowledge.services) <= services
    assert intents == {
        "who_owns",
        "overview",
        "duty",
        "classify",
        "explain",
        "compare",
        "choose",
        "help",
        "smalltalk",
        "unknown",
    }
    assert any(c.get("group") == "aurora" for c in CASES)
    assert sum(1 for c in CASES if c.get("unknown")) >= 15  # look-alike services
    assert sum(1 for c in CASES if c.get("suggests")) >= 8  # ambiguous engines


@pytest.mark.parametrize("case", CASES, ids=[repr(c["q"])[:60] for c in CASES])
def test_phrasing(matcher, case):
    query = matcher.parse(case["q"])
    got = {
        "intent": query.intent,
        "duty": query.duty,
        "services": sorted(query.services),
        "group": query.group,
    }
    want = {
        "intent": case["intent"],
        "duty": case.get("duty"),
        "services": sorted(case.get("services", [])),
        "group": case.get("group"),
    }
    assert got == want
    if "category" in case:
        assert query.category == case["category"]
    if case["intent"] == "compare" and not case.get("services"):
        assert list(query.categories) == case["categories"]
    if case["intent"] == "choose":  # the situations named, in question order
        assert list(query.scenarios) == case.get("scenarios", [])
        assert not set(query.unknown_terms) - set(case.get("unknown", []))
    assert set(case.get("unknown", [])) <= set(query.unknown_terms)
    assert set(case.get("suggests", [])) <= {s.id for s in query.suggestions}
    if case["intent"] == "unknown" or case.get("unknown"):
        assert query.confidence < 1.0
    assert query.text == case["q"]

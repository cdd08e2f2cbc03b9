"""The intent layer beyond the question set: robustness, precision, determinism, suggestions."""

from __future__ import annotations

import dataclasses
import random
import time
from pathlib import Path

import pytest
import yaml

from bot.intent import INTENTS, IntentMatcher, Query
from bot.kb.models import Service

CASES = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "phrasings.yaml").read_text(encoding="utf-8")
)

ODD_INPUTS = [
    "",
    " ",
    "\n\t\r",
    "\x00\x01\x02",
    "<",
    ">",
    "<>",
    "<<<>>>",
    "<@U123>",
    "<@U123|bob> <#C1|general> <!here> <!subteam^S1|devs>",
    "<https://x|y>",
    "&amp;&lt;&gt;&",
    "🦄" * 500,
    "‮rds‬",
    "ﬁ ＲＤＳ backups",
    "x" * 4000,
    ("patching aurora " * 300)[:4000],
    "a " * 2000,
    "-" * 4000,
    "1234567890",
    "rds" * 1333,
    "'" * 50,
    "who's who's who's",
    "\ud800 rds \udfff",  # lone surrogates (not valid UTF-8)
    "<@" * 2000,
    "|" * 4000,
    "a\u0301urora patching",  # a combining accent
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_odd_input_never_raises_and_keeps_the_raw_text(matcher, text):
    query = matcher.parse(text)
    assert isinstance(query, Query)
    assert query.intent in INTENTS
    assert query.text == text
    assert 0.0 <= query.confidence <= 1.0


def test_a_bug_in_the_parser_raises_instead_of_answering_not_understood(matcher, monkeypatch):
    """parse hides nothing: the tests above fail on any exception, and only the surfaces turn
    one into a polite answer (tests/cli/test_ask.py, tests/listeners/test_errors.py)."""
    import bot.intent.matcher

    def tokens(index, words):
        raise RuntimeError("a bug")

    monkeypatch.setattr(bot.intent.matcher, "tokens", tokens)
    with pytest.raises(RuntimeError, match="a bug"):
        matcher.parse("patching aurora")


def test_random_input_never_raises(matcher):
    rng = random.Random(1234)
    alphabet = "abcdefghijklmnopqrstuvwxyz  <>|@#!&;:-_/.,?'\"0123456789é漢🙂\u200b\n"
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        query = matcher.parse(text)
        assert query.intent in INTENTS


def test_a_4000_character_message_is_cheap(matcher):
    text = ("who is responsible for patching aurora on our team please " * 80)[:4000]
    matcher.parse(text)  # warm-up
    start = time.perf_counter()
    query = matcher.parse(text)
    assert time.perf_counter() - start < 0.05  # generous: the budget is ~1 ms
    assert query.intent == "who_owns" and query.duty == "patching"


def test_slack_markup_is_ignored_but_the_text_is_kept(matcher):
    text = "<@U024BE7LH> <!channel> patching <https://evil.example/qldb|aurora> :thumbsup:"
    query = matcher.parse(text)
    assert query.text == text
    assert (query.intent, query.duty, query.group) == ("who_owns", "patching", "aurora")
    assert query.unknown_terms == ()  # an emoji code is not a word of the question


def _variants(word: str) -> set[str]:
    """Single typos that keep the first letter: deletion, doubling, adjacent swap."""
    out = set()
    for i in range(1, len(word)):
        out.add(word[:i] + word[i + 1 :])
        out.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    out.discard(word)
    return out


def test_a_typo_in_a_service_name_never_names_another_service(knowledge, matcher):
    targets = [(a, {s.id}) for s in knowledge.services.values() for a in (*s.aliases, s.name)]
    targets += [(a, set(g.members)) for g in knowledge.groups.values() for a in g.aliases]
    resolved = checked = 0
    for alias, expected in targets:
        words = alias.lower().split()
        for i, word in enumerate(words):
            if len(word) < 4 or word in ("amazon", "aws"):
                continue
            for typo in sorted(_variants(word)):
                text = " ".join([*words[:i], typo, *words[i + 1 :]])
                services = set(matcher.parse(f"patching {text}").services)
                checked += 1
                assert not services or services == expected, (text, services)
                resolved += services == expected
    assert checked > 2000
    assert resolved / checked > 0.85  # and most typos are still understood


LOOK_ALIKES = [
    "qldb", "memcached", "elasticache", "neptune", "timestream", "mariadb", "cosmosdb", "redis",
    "oracle", "mssql", "sqlserver", "rdb", "rdbms", "dsql", "ddbx", "scylladb",
    "docstore", "keyvault", "bigquery", "snowflake", "couchdb",
]  # fmt: skip


@pytest.mark.parametrize("word", LOOK_ALIKES)
def test_a_look_alike_service_is_never_matched(matcher, knowledge, word):
    for duty in knowledge.table_duties:
        query = matcher.parse(f"{duty.name} {word}")
        assert query.services == (), (duty.id, word, query)
        assert query.duty == duty.id  # the recognised part is kept
    alone = matcher.parse(f"who owns {word}")
    assert alone.services == () and alone.intent != "overview"


def test_aliases_in_the_knowledge_read_as_their_own_entity(knowledge, matcher):
    for s in knowledge.services.values():
        for alias in (*s.aliases, s.name):
            assert matcher.parse(alias).services == (s.id,), alias
    for g in knowledge.groups.values():
        for alias in (*g.aliases, g.name):
            assert matcher.parse(alias).group == g.id, alias
    for d in knowledge.duties.values():
        for alias in (*d.aliases, d.name):
            query = matcher.parse(alias)
            assert (query.intent, query.duty) == ("duty", d.id), alias
    for c in knowledge.categories.values():
        for alias in (*c.aliases, c.name):
            query = matcher.parse(alias)
            assert (query.intent, query.category) == ("explain", c.id), alias


def test_every_suggestion_asks_what_it_suggests(knowledge, matcher):
    seen = 0
    for case in CASES:
        for s in matcher.parse(case["q"]).suggestions:
            again = matcher.parse(s.text)
            seen += 1
            if s.kind == "service":
                assert s.id in again.services, (case["q"], s)
            elif s.kind == "group":
                assert again.group == s.id, (case["q"], s)
            elif s.kind == "duty":
                assert again.duty == s.id, (case["q"], s)
            assert s.label
    assert seen >= 20


def test_parsing_is_deterministic(knowledge, matcher):
    other = IntentMatcher(knowledge)
    for case in CASES:
        assert matcher.parse(case["q"]) == other.parse(case["q"]) == matcher.parse(case["q"])


def test_two_duties_answer_the_first_and_suggest_the_other(matcher):
    first = matcher.parse("patching and backups for rds")
    assert first.duty == "patching"
    assert [(s.kind, s.id) for s in first.suggestions] == [("duty", "backups")]
    assert matcher.parse("backups and patching for rds").duty == "backups"


def test_the_longer_alias_wins(matcher):
    # "security patches" is patching, not security configuration + patching
    assert matcher.parse("security patches rds").duty == "patching"
    # "aurora serverless" is the variant, not the group
    query = matcher.parse("aurora serverless backups")
    assert query.services == ("aurora-serverless",) and query.group is None


def test_confidence_reflects_how_sure_the_reading_is(matcher):
    exact = matcher.parse("patching rds")
    typo = matcher.parse("patchng rdss")
    ambiguous = matcher.parse("mysql innstalled on ec2")
    unknown = matcher.parse("qldb")
    assert exact.confidence == 1.0
    assert 0.5 < typo.confidence < 1.0
    assert ambiguous.confidence < typo.confidence
    assert unknown.confidence == 0.0


@pytest.mark.parametrize(
    ("text", "engine", "on_ec2"),
    [
        ("patching mysql", "mysql", "mysql-on-ec2"),
        ("patching postgres", "postgresql", "postgresql-on-ec2"),
        ("patching postgresql", "postgresql", "postgresql-on-ec2"),
    ],
)
def test_an_engine_word_answers_every_service_it_can_mean(matcher, knowledge, text, engine, on_ec2):
    """An engine word alone: RDS, both Aurora variants and the EC2 setup, from the engines."""
    query = matcher.parse(text)
    assert (query.intent, query.duty, query.engine) == ("who_owns", "patching", engine)
    assert query.services == knowledge.engines[engine].services
    assert set(query.services) == {"rds", "aurora-serverless", "aurora-provisioned", on_ec2}
    assert query.suggestions == () and query.unknown_terms == ()


@pytest.mark.parametrize(
    ("text", "services"),
    [
        ("patching mysql on rds", ("rds",)),
        ("mysql rds backups", ("rds",)),
        ("aurora mysql backups", ("aurora-serverless", "aurora-provisioned")),
        ("backups mysql on ec2", ("mysql-on-ec2",)),
    ],
)
def test_an_engine_word_beside_one_of_its_services_names_that_service(matcher, text, services):
    query = matcher.parse(text)
    assert (query.services, query.engine) == (services, None)


def test_every_engine_of_the_course_names_is_an_engine_word(matcher):
    query = matcher.parse("patching mongodb")  # the course names MongoDB only on EC2
    assert (query.intent, query.services, query.engine) == (
        "who_owns",
        ("mongodb-on-ec2",),
        "mongodb",
    )
    query = matcher.parse("backups for cassandra")  # Keyspaces is Apache Cassandra compatible
    assert (query.services, query.engine) == (("keyspaces", "self-managed"), "cassandra")


def test_an_engine_word_in_a_name_with_a_typo_is_suggested_not_answered(matcher):
    query = matcher.parse("mysql innstalled on ec2")
    assert query.services == ()
    assert {"mysql-on-ec2", "rds"} <= {s.id for s in query.suggestions}


def test_a_name_cut_short_by_a_typo_is_not_answered(matcher):
    # "self-hosted" alone is the family of self-run databases; "msql" looks like the missing
    # "mysql"
    query = matcher.parse("patching self-hosted msql")
    assert query.services == ()
    assert {"mysql-on-ec2", "self-managed-databases"} <= {s.id for s in query.suggestions}


def test_a_new_service_in_the_knowledge_is_understood_without_code(knowledge):
    neptune = Service(
        id="neptune",
        name="Amazon Neptune",
        category="fully-managed",
        kind="Graph",
        aliases=("neptune", "amazon neptune"),
        note=None,
        source="test",
    )
    bigger = dataclasses.replace(knowledge, services={**knowledge.services, "neptune": neptune})
    query = IntentMatcher(bigger).parse("who patches neptun?")
    assert (query.intent, query.duty, query.services) == ("who_owns", "patching", ("neptune",))


TEMPLATES = ("{d} {s}", "who owns {d} for {s}?", "{s} {d}", "who is responsible for {d} on {s}")


def test_every_duty_with_every_service_in_any_order(knowledge, matcher):
    targets = [(s.name, s.id, (s.id,), None) for s in knowledge.services.values()]
    targets += [(s.aliases[0], s.id, (s.id,), None) for s in knowledge.services.values()]
    targets += [(g.name, g.id, g.members, g.id) for g in knowledge.groups.values()]
    failures = []
    for duty in knowledge.duties.values():
        for d in (duty.name, duty.aliases[0]):
            for s, _, services, group in targets:
                for template in TEMPLATES:
                    text = template.format(d=d, s=s)
                    q = matcher.parse(text)
                    got = (q.intent, q.duty, set(q.services), q.group)
                    if got != ("who_owns", duty.id, set(services), group):
                        failures.append((text, got))
    assert failures == []


@pytest.mark.parametrize(
    ("text", "phrase", "service"),
    [
        ("patching redshift serverless", "redshift serverless", "redshift"),
        ("is redshift serverless fully managed", "redshift serverless", "redshift"),
        ("serverless redshift backups", "serverless redshift", "redshift"),
        ("patching rds serverless", "rds serverless", "rds"),
    ],
)
def test_a_variant_the_knowledge_lacks_is_not_answered_as_the_base_service(
    matcher, text, phrase, service
):
    # Redshift is Managed (patching: Shared); "Redshift Serverless" is not in the seed, and
    # "serverless" is what makes Aurora Serverless Fully Managed: no owner for it, ask back.
    query = matcher.parse(text)
    assert query.services == ()
    assert query.unknown_terms == (phrase,)
    assert {service, "aurora-serverless"} <= {s.id for s in query.suggestions}


def test_a_variant_word_of_the_same_category_keeps_the_service(matcher):
    query = matcher.parse("patching documentdb serverless")  # Fully Managed either way
    assert (query.intent, query.services) == ("who_owns", ("documentdb",))


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("streams for dynamodb", set()),  # "streams" is not spelled like "postgres"
        ("redis ha", set()),  # two letters more than "rds": not close enough to suggest
        ("mssql backups", {"rds", "mysql-on-ec2", "aurora"}),
    ],
)
def test_look_alike_suggestions_are_spelled_alike(matcher, text, suggested):
    assert {s.id for s in matcher.parse(text).suggestions} == suggested


def test_a_duty_on_ec2_answers_the_ec2_services_side_by_side(matcher):
    for text in ("patching ec2", "patching on ec2", "who patches databases installed on ec2"):
        query = matcher.parse(text)
        assert (query.intent, query.duty, query.services, query.engine) == (
            "who_owns",
            "patching",
            ("mysql-on-ec2", "postgresql-on-ec2", "mongodb-on-ec2"),
            "ec2",
        ), text
        assert query.confidence == 1.0


def test_of_two_duties_the_more_specific_one_is_answered_and_the_other_suggested(matcher):
    # "provisioned capacity scaling": the last word of a compound is its head
    query = matcher.parse("dynamodb provisioned capacity scaling")
    assert (query.duty, query.services) == ("scaling", ("dynamodb",))
    assert [(s.kind, s.id) for s in query.suggestions] == [
        ("duty", "hardware-provisioning"),
        ("duty", "capacity-planning"),
    ]
    assert query.suggestions[0].text == "Hardware Provisioning for Amazon DynamoDB"
    # a longer phrase beats a shorter one wherever it stands
    assert matcher.parse("backups and security patches for rds").duty == "patching"
    # duties joined by a connective: the first named, as before
    assert matcher.parse("scaling and backups for rds").duty == "scaling"


def test_both_aurora_variants_named_together_are_both_answered(matcher):
    query = matcher.parse("patching aurora serverless and provisioned")
    assert (query.intent, query.duty) == ("who_owns", "patching")
    assert query.services == ("aurora-serverless", "aurora-provisioned")
    assert query.suggestions == () and query.unknown_terms == ()
    # "provisioning" is still the duty, not the other variant
    query = matcher.parse("aurora serverless provisioning")
    assert (query.duty, query.services) == ("hardware-provisioning", ("aurora-serverless",))


def test_rds_custom_is_not_answered_as_rds_and_the_custom_database(matcher):
    # the seed has no "RDS Custom"; "custom" alone qualifies the name next to it
    query = matcher.parse("patching rds custom")
    assert (query.intent, query.duty, query.services) == ("duty", "patching", ())
    assert query.unknown_terms == ("rds custom",)
    assert [s.id for s in query.suggestions] == ["rds", "self-managed"]
    assert query.suggestions[1].text == (
        "Patching & Updates for Custom database on self-managed servers"
    )
    # named apart, or in full, both still work
    assert matcher.parse("patching rds and custom databases").services == ("rds", "self-managed")
    assert matcher.parse("custom database patching").services == ("self-managed",)
    # "self-managed" alone is the family word: each database you run yourself
    assert matcher.parse("self-managed patching").services == (
        "mysql-on-ec2",
        "postgresql-on-ec2",
        "mongodb-on-ec2",
        "self-managed",
    )


@pytest.mark.parametrize(
    "text",
    [
        "What changes between Managed and Unmanaged?",
        "how does managed differ from unmanaged",
        "what differs between managed and unmanaged",
        "managed vs unmanaged: what changed",
    ],
)
def test_a_comparison_in_other_words_names_no_unknown_service(matcher, text):
    # "changes", "differ" ask to compare; they are no product the knowledge lacks
    query = matcher.parse(text)
    assert (query.intent, query.categories) == ("compare", ("managed", "unmanaged"))
    assert query.unknown_terms == () and query.suggestions == ()

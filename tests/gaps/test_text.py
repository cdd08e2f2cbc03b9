"""What a gap keeps of a question, and which questions are gaps."""

from __future__ import annotations

import pytest

from bot.answers import build_answer
from bot.gaps.text import MAX_TEXT, gap_kind, normalise


def test_markup_ids_punctuation_and_case_are_removed():
    typed = (
        "<@U0ALICE|alice> <!here> Who patches <#C0DBTEAM|db-team> <https://evil.example|QLDB>, "
        "see https://x.example/a?b=1 :thinking_face: *ASAP*!! U0123ABCD asked mail@corp.example"
    )
    assert normalise(typed) == "who patches qldb see asap asked"


def test_a_link_whose_label_is_an_address_keeps_neither():
    assert normalise("<https://evil.example|aws.amazon.com> aurora") == "aurora"


def test_words_in_capitals_are_not_taken_for_ids():
    assert normalise("DYNAMODB backups?") == "dynamodb backups"


def test_the_text_is_capped_at_200_characters():
    kept = normalise("QLDB! " * 100)
    assert kept == ("qldb " * 40).strip()  # 200 characters, the trailing space dropped
    assert len(kept) == MAX_TEXT - 1


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what is qldb", "unknown_term"),
        ("qldb backups", "unknown_term"),  # the duty is answered, the service is not known
        ("serverless", "no_intent"),  # a word of two services' names, answers neither
        (
            "patching serverless",
            "low_confidence",
        ),  # answered per category; "ec2" may mean 3 services
        ("patching aurora", None),
        ("who patches rdss", None),  # a typo corrected with confidence
        ("help", None),
        ("hello", None),
        ("thanks", None),
    ],
)
def test_the_kind_of_gap(question, kind, knowledge, matcher):
    assert gap_kind(build_answer(matcher.parse(question), knowledge)) == kind

"""Slack markup in a question: only the words someone typed are read."""

from __future__ import annotations

import pytest

from bot.answers import build_answer
from bot.intent.markup import strip_markup
from bot.render.blocks import answer_message

ISSUE_EXAMPLE = "patching <!channel> @here <https://evil.example|aws.amazon.com> aurora"


def test_the_issue_example_answers_aurora_and_nothing_else(matcher, knowledge):
    query = matcher.parse(ISSUE_EXAMPLE)
    assert (query.intent, query.duty, query.group) == ("who_owns", "patching", "aurora")
    assert query.unknown_terms == () and query.suggestions == ()
    message = answer_message(build_answer(query, knowledge))
    shown = "\n".join([message.text, *_texts(message.blocks)])
    assert "I don't know" not in shown and "Did you mean" not in shown
    # what the bot echoes stays escaped: no live mention, no disguised link
    assert "&lt;!channel&gt;" in shown and "&lt;https://evil.example|aws.amazon.com&gt;" in shown
    assert "<!channel>" not in shown and "<https://evil" not in shown


def _texts(node: object) -> list[str]:
    """Every text Slack shows (mrkdwn and plain_text objects), not button values."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text"):
            return [node["text"]]
        return [t for v in node.values() for t in _texts(v)]
    if isinstance(node, (list, tuple)):
        return [t for v in node for t in _texts(v)]
    return []


@pytest.mark.parametrize(
    "text",
    [
        "patching <!here> aurora",
        "patching <!subteam^S012AB|@dbas> aurora",
        "patching <@U024BE7LH> <#C024BE7LR|general> aurora",
        "patching @channel @everyone @alice.b aurora",
        "patching <https://aws.amazon.com/rds/aurora/> aurora",
        "patching <http://www.example.org|www.example.org> aurora",
        "patching <https://evil.example|https://aws.amazon.com> aurora",
        "patching https://evil.example/qldb?x=1 aurora",
        "patching www.evil.example/qldb aurora",
        "patching docs.aws.amazon.com aurora",
        "patching <mailto:dba@example.com|dba@example.com> aurora",
        "*patching* _aurora_",
        "~patching~ `aurora`",
        "> patching aurora",
        "```patching aurora```",
        ":rotating_light: patching aurora :+1::skin-tone-2:",
        "&lt;!channel&gt; patching aurora",
    ],
)
def test_markup_is_not_read_as_words(matcher, text):
    query = matcher.parse(text)
    assert (query.intent, query.duty, query.group) == ("who_owns", "patching", "aurora")
    assert query.unknown_terms == () and query.suggestions == ()


def test_a_link_label_that_is_not_an_address_is_read():
    assert strip_markup("<https://example.org/x|backups rds>").split() == ["backups", "rds"]
    assert strip_markup("<https://example.org/x|example.org>").split() == []


def test_a_time_or_a_ratio_is_not_an_emoji_code():
    assert strip_markup("rds at 09:00:30").split() == ["rds", "at", "09:00:30"]

"""Answer cards as Block Kit: valid per slack_sdk, readable, escaped."""

from __future__ import annotations

import pytest

from bot.answers import Answer, build_answer
from bot.intent import Query
from bot.render.blocks import SHARE_ACTION, answer_message, apology_message, shared_message
from bot.render.course_blocks import REASK_ACTION
from bot.render.feedback import REPORT_ACTION
from bot.render.help_blocks import CORE_HELP, HelpEntry, help_message
from tests.support.answers import aurora_patching, cell, rds_classify, unknown_service
from tests.support.payloads import all_text, assert_valid_message

QUESTIONS = [
    "patching aurora",
    "who patches dynamodb?",
    "backups for rds",
    "rds",
    "aurora",
    "backups",
    "is redshift fully managed",
    "is dynamodb fully managed",
    "what category is documentdb",
    "explain managed",
    "explain fully managed",
    "patching qldb",
    "xyzzy",
    "",
]


def ask(knowledge, matcher, text: str) -> Answer:
    return build_answer(matcher.parse(text), knowledge)


def elements(blocks, kind: str) -> list[dict]:
    """The card's elements of ``kind``, without the "Wrong or unclear?" every card has (see
    tests/render/test_feedback.py)."""
    return [
        el
        for b in blocks
        if b["type"] == "actions"
        for el in b["elements"]
        if el["type"] == kind and el.get("action_id") != REPORT_ACTION
    ]


@pytest.mark.parametrize("text", QUESTIONS)
def test_every_card_is_valid_block_kit(knowledge, matcher, text):
    message = answer_message(ask(knowledge, matcher, text))
    assert_valid_message(message.kwargs())
    shared = shared_message(ask(knowledge, matcher, text), user_id="U0ALICE")
    blocks = assert_valid_message(shared.kwargs())
    assert not elements(blocks, "button")  # the shared post: only "Wrong or unclear?"


def test_aurora_shows_both_variants_side_by_side_with_what_each_side_does(knowledge, matcher):
    blocks = assert_valid_message(
        answer_message(ask(knowledge, matcher, "patching aurora")).kwargs()
    )
    side_by_side = [b for b in blocks if b["type"] == "section" and len(b.get("fields", [])) == 2]
    assert side_by_side, "the two Aurora variants should be fields of one section"
    serverless, provisioned = (f["text"] for f in side_by_side[0]["fields"])
    assert "Aurora Serverless" in serverless and "*AWS*" in serverless
    assert "Aurora Provisioned" in provisioned and "*Shared*" in provisioned
    assert "AWS does:" in provisioned and "You do:" in provisioned
    assert "Comparison Table for Exam" in all_text({"text": "x", "blocks": blocks})


def test_a_single_service_card_has_badge_category_and_source(knowledge, matcher):
    message = answer_message(ask(knowledge, matcher, "who patches dynamodb?"))
    text = all_text(message.kwargs())
    assert "Amazon DynamoDB" in text
    assert "Fully Managed" in text
    assert ":cloud: *AWS*" in text
    assert "Source: Comparison Table for Exam" in text
    assert "Patching" in message.text and "AWS" in message.text


def test_owner_badges_read_without_colour():
    blocks = answer_message(aurora_patching()).blocks
    text = all_text({"text": "x", "blocks": list(blocks)})
    assert ":cloud: *AWS*" in text
    assert ":handshake: *Shared*" in text


def test_an_undecided_cell_says_the_seed_does_not_state_it():
    query = Query(text="monitoring rds", intent="who_owns", duty="monitoring", services=("rds",))
    undecided = cell("rds", "Amazon RDS", "managed", "Managed", None, duty_name="Monitoring")
    message = answer_message(Answer(query=query, intent="who_owns", cells=(undecided,)))
    text = all_text(message.kwargs())
    assert "Not stated" in text
    assert "the course material does not state who owns this" in text
    assert "AWS owns" not in text and "Customer" not in message.text


def test_rds_is_managed_not_fully_managed_with_the_exam_note_once(knowledge, matcher):
    message = answer_message(ask(knowledge, matcher, "is rds fully managed"))
    text = all_text(message.kwargs())
    assert "*No*" in text
    assert "*Managed*" in text
    assert text.count("RDS is Managed, not Fully Managed") >= 1
    section_texts = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert sum("RDS is Managed, not Fully Managed" in t for t in section_texts) == 1


def test_classify_yes(knowledge, matcher):
    text = all_text(answer_message(ask(knowledge, matcher, "is dynamodb fully managed")).kwargs())
    assert "*Yes*" in text and "Fully Managed" in text


def test_classify_from_a_hand_built_answer():
    blocks = answer_message(rds_classify()).blocks
    text = all_text({"text": "x", "blocks": list(blocks)})
    assert "*No* — Amazon RDS is *Managed*, not Fully Managed." in text
    assert "Exam note" in text


def test_overview_is_a_compact_table_of_all_duties(knowledge, matcher):
    answer = ask(knowledge, matcher, "rds")
    assert answer.intent == "overview"
    payload = answer_message(answer).kwargs()
    blocks = assert_valid_message(payload)
    (table,) = payload["attachments"][0]["blocks"]
    assert table["type"] == "table"
    text = all_text(payload)
    for duty in knowledge.table_duties:
        assert duty.name in text  # a table cell is literal text, never mrkdwn
    assert "Managed" in text
    assert len(blocks) <= 10


def test_duty_by_category_names_each_category(knowledge, matcher):
    message = answer_message(ask(knowledge, matcher, "backups"))
    text = all_text(message.kwargs())
    for category in knowledge.categories.values():
        assert f"*{category.name}*" in text


def test_explain_shows_what_each_side_does_cost_and_when(knowledge, matcher):
    text = all_text(answer_message(ask(knowledge, matcher, "explain managed")).kwargs())
    managed = knowledge.categories["managed"]
    assert managed.cost in text
    assert "When to choose it" in text
    assert "AWS does" in text and "You do" in text


def test_unknown_service_keeps_the_duty_and_offers_did_you_mean():
    message = answer_message(unknown_service())
    blocks = assert_valid_message(message.kwargs())
    text = all_text(message.kwargs())
    assert "I don't cover *qldb*: it is not a service in my knowledge." in text
    assert "Fully Managed" in text and ":handshake: *Shared*" in text  # the duty's owners kept
    buttons = elements(blocks, "button")
    reask = [b for b in buttons if b["action_id"].startswith(REASK_ACTION)]
    assert [b["value"] for b in reask] == ["patching dynamodb", "patching documentdb"]
    assert len({b["action_id"] for b in buttons}) == len(buttons)  # unique per message
    assert not [b for b in buttons if b["action_id"] == SHARE_ACTION]


def test_unknown_from_the_real_matcher(knowledge, matcher):
    message = answer_message(ask(knowledge, matcher, "patching qldb"))
    text = all_text(message.kwargs())
    assert "I don't cover *qldb*: it is not a service in my knowledge." in text
    assert "Patching" in text  # the duty part is kept
    assert "Services I cover: Amazon DynamoDB, " in text
    assert not elements(message.blocks, "button")[:-1]  # only "Share in channel"


@pytest.mark.parametrize("text", ["memcached", "qldb", "cosmos db"])
def test_an_unknown_service_alone_gets_no_unrelated_buttons(knowledge, matcher, text):
    message = answer_message(ask(knowledge, matcher, text))
    assert_valid_message(message.kwargs())
    assert elements(message.blocks, "button") == []
    shown = all_text(message.kwargs())
    assert "it is not a service in my knowledge" in shown
    assert "Services I cover: " + ", ".join(s.name for s in knowledge.services.values()) in shown


def test_at_most_five_suggestions():
    answer = unknown_service()
    many = tuple(answer.suggestions) * 4
    answer = Answer(query=answer.query, intent="unknown", unknown_terms=("qldb",), suggestions=many)
    buttons = elements(answer_message(answer).blocks, "button")
    assert len(buttons) == 5


def test_every_ephemeral_answer_has_share_with_the_question(knowledge, matcher):
    message = answer_message(ask(knowledge, matcher, "patching aurora"))
    [share] = [b for b in elements(message.blocks, "button") if b["action_id"] == SHARE_ACTION]
    assert share["value"] == "patching aurora"
    assert share["text"]["text"] == "Share in channel"
    no_share = answer_message(ask(knowledge, matcher, "patching aurora"), shareable=False)
    assert not elements(no_share.blocks, "button")


def test_shared_post_names_the_asker_from_the_user_id(knowledge, matcher):
    message = shared_message(ask(knowledge, matcher, "patching aurora"), user_id="U0ALICE")
    assert message.blocks[0]["text"]["text"].startswith("<@U0ALICE> asked: patching aurora")
    assert message.text.startswith("<@U0ALICE> asked:")


HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0ADMINS>",
    "<@U0BOSS>",
    "<https://evil.example|aws.amazon.com>",
    "<#C0SECRET>",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_user_text_is_escaped_everywhere(knowledge, matcher, hostile):
    for text in (f"patching aurora {hostile}", f"{hostile} patching qldb", hostile):
        answer = ask(knowledge, matcher, text)
        for message in (answer_message(answer), shared_message(answer, user_id="U0ALICE")):
            payload = message.kwargs()
            visible = all_text(payload)
            # the asker mention is the only "<" the bot writes, and it comes from the user id
            visible = visible.replace("<@U0ALICE>", "")
            assert "<" not in visible and ">" not in visible, visible
            for button in elements(message.blocks, "button"):
                assert button["value"] in (text, *[s.text for s in answer.suggestions])


def test_escaping_keeps_the_text_readable():
    answer = aurora_patching("patching aurora <!channel> & <@U0BOSS>")
    text = all_text(answer_message(answer).kwargs())
    assert "patching aurora &lt;!channel&gt; &amp; &lt;@U0BOSS&gt;" in text


def test_text_slack_already_escaped_is_echoed_as_typed_not_double_escaped(knowledge, matcher):
    # Slack sends "patching & backups <rds>" typed in a message or command as below
    answer = ask(knowledge, matcher, "patching &amp; backups &lt;rds&gt; &amp;lt;!here&amp;gt;")
    for message in (answer_message(answer), shared_message(answer, user_id="U0ALICE")):
        text = all_text(message.kwargs())
        assert "patching &amp; backups &lt;rds&gt; &amp;lt;!here&amp;gt;" in text  # shows as typed
        assert "&amp;amp;" not in text
        assert "<rds>" not in text and "<!here>" not in text


def test_a_4000_character_question_is_echoed_short(knowledge, matcher):
    text = "patching aurora " + "x" * 4000
    answer = ask(knowledge, matcher, text)
    for message in (answer_message(answer), shared_message(answer, user_id="U0ALICE")):
        assert_valid_message(message.kwargs())
        assert "x" * 250 not in all_text(message.kwargs())
        assert "…" in all_text(message.kwargs())
    for button in elements(answer_message(answer).blocks, "button"):
        assert len(button["value"]) <= 2000


def test_help_lists_every_subcommand_and_features_can_add_theirs():
    message = help_message()
    assert_valid_message(message.kwargs())
    text = all_text(message.kwargs())
    for example in (
        "/whoowns patching aurora",
        "/whoowns rds",
        "/whoowns is redshift fully managed",
        "/whoowns explain managed",
        "/whoowns help",
    ):
        assert f"`{example}`" in text
    quiz = HelpEntry("/whoowns quiz subscribe 09:00", "a daily question in this channel")
    assert "`/whoowns quiz subscribe 09:00`" in all_text(help_message((*CORE_HELP, quiz)).kwargs())


def test_help_intent_renders_help(knowledge, matcher):
    answer = ask(knowledge, matcher, "help")
    if answer.intent == "help":
        assert "/whoowns patching aurora" in all_text(answer_message(answer).kwargs())


def test_apology_has_something_to_try_and_no_error_text():
    message = apology_message()
    assert_valid_message(message.kwargs())
    assert "/whoowns help" in message.text
    assert "Traceback" not in message.text and "Error" not in message.text


@pytest.mark.parametrize("text", ["backups dynamodb", "backups"])
def test_a_duty_aws_owns_says_in_one_line_what_you_still_configure(knowledge, matcher, text):
    """DynamoDB backups: not "AWS owns this" and then "You do: …"."""
    configured = knowledge.duties["backups"].cells["fully-managed"].customer
    shown = all_text(answer_message(ask(knowledge, matcher, text)).kwargs())
    assert f"*AWS* owns this; you still configure {configured}" in shown
    assert f"You do:* {configured}" not in shown


@pytest.mark.parametrize("text", ["patching mysql", "patching postgres", "patching postgresql"])
def test_an_engine_word_shows_each_service_side_by_side_without_buttons(knowledge, matcher, text):
    message = answer_message(ask(knowledge, matcher, text))
    blocks = assert_valid_message(message.kwargs())
    shown = all_text(message.kwargs())
    assert "can mean each of these; the owner differs" in shown
    fields = [f["text"] for b in blocks if b["type"] == "section" for f in b.get("fields", [])]
    names = ["Amazon RDS", "Amazon Aurora Serverless", "Amazon Aurora Provisioned"]
    assert [n for n in names if any(f"*{n}*" in f for f in fields)] == names
    assert any("on EC2*" in f for f in fields)
    assert [e["action_id"] for e in elements(blocks, "button")] == [SHARE_ACTION]

"""The App Home view: valid, ≤ 100 blocks, with the responsibility matrix."""

from __future__ import annotations

from bot.render.home import build_home_view, matrix_text
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import section
from tests.support.payloads import all_text, assert_valid_view


def test_home_is_a_valid_view_with_examples_matrix_and_security(knowledge):
    view = assert_valid_view(build_home_view(knowledge))
    assert view["type"] == "home"
    text = all_text(view)
    assert "/whoowns patching aurora" in text
    assert "Responsibility matrix" in text
    assert escape_mrkdwn(knowledge.security.aws) in text
    assert escape_mrkdwn(knowledge.security.customer) in text


def test_matrix_has_every_table_duty_with_an_owner_per_category(knowledge):
    text = matrix_text(knowledge)
    lines = text.splitlines()
    for name in knowledge.categories.values():
        assert name.name in lines[0]
    for duty in knowledge.table_duties:
        i = lines.index(f"*{escape_mrkdwn(duty.name)}*")
        owners = lines[i + 1].split(" | ")
        assert len(owners) == 3
        expected = [duty.cell(c).owner for c in knowledge.categories]
        words = {"aws": "AWS", "customer": "Customer", "shared": "Shared"}
        assert [o.split()[-1] for o in owners] == [words[e] for e in expected]


def test_matrix_matches_the_seed_for_patching(knowledge):
    text = matrix_text(knowledge)
    assert (
        "*Patching &amp; Updates*\n:cloud: AWS | :handshake: Shared | :bust_in_silhouette: Customer"
        in text
    )


def test_features_add_sections_and_the_view_stays_within_100_blocks(knowledge):
    quiz = [section("*Your quiz stats*: 3 answered, 2 correct").to_dict()]
    view = assert_valid_view(build_home_view(knowledge, extra_sections=[quiz]))
    assert "Your quiz stats" in all_text(view)
    flood = [[section(f"row {i}").to_dict() for i in range(40)] for _ in range(5)]
    view = assert_valid_view(build_home_view(knowledge, extra_sections=[quiz, *flood]))
    assert len(view["blocks"]) <= 100
    assert "Your quiz stats" in all_text(view)
    assert "Responsibility matrix" in all_text(view)


# Everything a person can type, named in /whoowns help and on the Home tab: the example the
# help shows for each (the command as one would type it).
EVERY_THING_TO_DO = (
    "/whoowns patching aurora",
    "/whoowns rds vs dynamodb",
    "/whoowns managed vs unmanaged",
    "/whoowns my databases",
    "/whoowns quiz subscribe",
    "/whoowns quiz topics",
    "/whoowns quiz reveal",
    "/whoowns quiz resume",
    "/whoowns leaderboard",
    "/whoowns onboard",
    "/whoowns onboarding time",
    "/whoowns onboarding stop",
    "/whoowns review",
    "/whoowns help",
)


def test_help_and_home_name_everything_a_person_can_do(knowledge, matcher, tmp_path):
    from bot.localslack import LocalSlack
    from bot.store import open_store
    from tests.support.bolt import make_bot, make_deps
    from tests.support.slack_requests import app_home_opened, event_callback

    store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    try:
        with LocalSlack() as slack:
            bot = make_bot(make_deps(knowledge, matcher, slack, store), slack)
            help_text = all_text(bot.command("help"))
            bot.send(event_callback(app_home_opened("U0ALICE")))
            [call] = slack.calls_to("views.publish")
            home_text = all_text({"text": "", "blocks": call.json_arg("view")["blocks"]})
    finally:
        store.close()
    for where, text in (("help", help_text), ("Home", home_text)):
        missing = [thing for thing in EVERY_THING_TO_DO if thing not in text]
        assert missing == [], f"{where} does not name {missing}"

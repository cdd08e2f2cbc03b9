"""A reader marks an answer "Wrong or unclear?": a dialog asks why, the report is kept
privately (no user id unless they agree), joins the knowledge gaps as ``reported``, and they
are thanked in one line. Through the real Bolt app against LocalSlack, on both databases."""

from __future__ import annotations

import json

from bot.store import StoreUnavailable, unreachable_store
from tests.support.gaps import ADMIN, make_gaps_bot
from tests.support.payloads import all_text, assert_valid_message
from tests.support.slack_requests import app_home_opened


def test_a_report_keeps_the_question_intent_services_and_reason_but_not_who(bot):
    card = bot.command("patching aurora")
    dialog = bot.click_report(card)
    assert dialog["type"] == "modal" and dialog["title"]["text"] == "Wrong or unclear?"
    assert "patching aurora" in all_text({"blocks": dialog["blocks"]})
    bot.submit(dialog, reason="Aurora Provisioned patching is on us, not shared")
    assert bot.told() == [
        ":white_check_mark: Thanks: your report on this answer was recorded privately for the "
        "people who keep the knowledge."
    ]
    [report] = bot.reports()
    assert (report["text"], report["intent"]) == ("patching aurora", "who_owns")
    assert report["services"] == "aurora-serverless,aurora-provisioned"
    assert report["reason"] == "Aurora Provisioned patching is on us, not shared"
    assert report["contact"] is None
    assert "U0ALICE" not in json.dumps(report, default=str)
    assert ("patching aurora", "reported", 1) in bot.recorded()


def test_who_reported_is_kept_only_when_they_tick_you_may_contact_me(bot):
    bot.submit(bot.click_report(bot.command("rds")), contact=True)
    bot.submit(bot.click_report(bot.command("rds", user="U0BOB")), user="U0BOB")
    contacts = sorted(str(r["contact"]) for r in bot.reports())
    assert contacts == ["None", "U0ALICE"]  # Bob did not tick the box: no trace of him
    assert ("rds", "reported", 2) in bot.recorded()


def test_a_double_click_and_a_double_submit_record_once(bot):
    card = bot.command("backups for dynamodb")
    first, second = bot.click_report(card), bot.click_report(card)
    bot.submit(first, reason="unclear")
    bot.submit(first, reason="unclear")
    bot.submit(second, reason="still unclear")
    assert len(bot.reports()) == 1
    assert ("backups for dynamodb", "reported", 1) in bot.recorded()
    thanks, *again = bot.told()
    assert thanks.startswith(":white_check_mark: Thanks: your report")
    assert (
        again
        == [":white_check_mark: Thanks: you reported this answer already; it is recorded once."] * 2
    )


def test_a_reason_of_4000_characters_is_one_line_cut_at_the_limit(bot):
    dialog = bot.click_report(bot.command("patching rds"))
    [reason_input] = [b for b in dialog["blocks"] if b.get("block_id") == "reason"]
    assert reason_input["element"]["max_length"] == 200
    assert reason_input["element"].get("multiline") is False
    assert reason_input["hint"]["text"] == "One line, up to 200 characters."
    bot.submit(dialog, reason="wrong\n\n" + "x" * 4000)
    [report] = bot.reports()
    assert report["reason"].startswith("wrong xxx") and report["reason"].endswith("…")
    assert len(report["reason"]) == 200 and "\n" not in report["reason"]


def test_markup_in_a_reason_is_escaped_on_the_admins_home(bot):
    bot.submit(bot.click_report(bot.command("patching aurora")), reason="<!channel> is *wrong*")
    bot.event(app_home_opened(ADMIN))
    [call] = bot.slack.calls_to("views.publish")
    view = call.json_arg("view")
    shown = json.dumps(view)
    assert "Reported answers" in shown
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert "patching aurora* \\u2014 1\\u00d7" in shown


def test_admins_home_lists_the_most_reported_first_with_who_may_be_contacted(bot):
    for user in ("U0A1", "U0A2", "U0A3"):
        bot.submit(bot.click_report(bot.command("rds", user=user), user=user), user=user)
    bot.submit(bot.click_report(bot.command("patching aurora")), reason="too long", contact=True)
    bot.event(app_home_opened(ADMIN))
    bot.event(app_home_opened("U0ALICE"))
    admin, other = (c.json_arg("view") for c in bot.slack.calls_to("views.publish"))
    [reports] = [
        b["text"]["text"]
        for b in admin["blocks"]
        if b["type"] == "section" and b["text"]["text"].startswith("*Reported answers*")
    ]
    assert reports.index("*rds* — 3×") < reports.index("*patching aurora* — 1×")
    assert "“too long”" in reports and "may be contacted: <@U0ALICE>" in reports
    assert "Reported answers" not in json.dumps(other)


def test_a_report_is_not_dropped_because_the_knowledge_answers_the_question(bot):
    bot.submit(bot.click_report(bot.command("patching aurora")), reason="wrong owner")
    [gap] = bot.services["gaps"].top(bot.clock.now, limit=5)
    assert gap.to_json()["kind"] == "reported"
    assert gap.to_json()["reasons"] == ["wrong owner"]


def test_the_card_in_the_channel_has_the_control_too(bot):
    card = bot.command("patching aurora")
    buttons = [e for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons][-1] == "Wrong or unclear?"
    assert "style" not in buttons[-1]  # unobtrusive: a plain button, last in its row
    assert_valid_message(card)


def test_with_the_database_down_the_person_is_told_it_was_not_recorded(
    knowledge, matcher, slack, tmp_path
):
    down = unreachable_store(f"sqlite:///{tmp_path}/x.db", StoreUnavailable("db: down"))
    bot = make_gaps_bot(knowledge, matcher, slack, down)
    bot.submit(bot.click_report(bot.command("patching aurora")), reason="wrong")
    assert bot.told() == [
        ":warning: Sorry, your report was *not* recorded: the database is not answering. "
        "Please try again in a few minutes."
    ]


def test_a_forged_button_value_opens_nothing_and_says_so(bot):
    card = bot.command("patching aurora")
    for block in card["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == "report_answer":
                element["value"] = '{"q": "x", "i": "<!channel>", "s": []}'
    assert bot.click_report(card) is None
    assert bot.told() == [
        ":warning: Sorry, I could not read that report, so it was not recorded. "
        "Ask the question again and use the button under the new answer."
    ]

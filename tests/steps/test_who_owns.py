"""The "Who owns this duty?" step, run by Workflow Builder: a signed ``function_executed``
event in, one ``functions.completeSuccess`` (the outputs) or ``functions.completeError`` (what
was not understood) out, against LocalSlack with the real Bolt app."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from bot.localslack.calls import token_fingerprint
from bot.localslack.ids import BOT_TOKEN
from bot.steps import listeners
from tests.support.slack_requests import event_callback
from tests.support.steps import FUNCTION_TOKEN, bot_on, ended, function_executed

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


@pytest.fixture
def bot(org_knowledge, org_matcher, slack, sqlite_store):
    return bot_on(org_knowledge, org_matcher, slack, sqlite_store)


def run(bot, duty: str, service: str) -> tuple[str, object]:
    bot.event(function_executed("who_owns", {"duty": duty, "service": service}))
    return ended(bot.slack)


def test_a_resource_of_the_organisation_gives_owner_team_and_course_section(bot):
    kind, outputs = run(bot, "backups", "orders-db")
    assert kind == "success"
    assert outputs == {
        "owner": "shared",
        "team_id": "sre",  # orders-db's backups are SRE's (per-duty team), not its owner's
        "team_name": "SRE",
        "summary": "Backups for orders-db (Amazon Aurora Provisioned): shared (AWS and the "
        "customer). AWS: Basic Maintenance: Routine backups and basic patching. Customer: "
        "Advanced Backups: Custom backup strategies and retention. Customer side here: SRE.",
        "course_section": "Comparison Table for Exam; Managed Database Services",
    }
    manifest = yaml.safe_load(MANIFEST.read_text())["functions"]["who_owns"]
    assert set(outputs) == set(manifest["output_parameters"]["properties"])


def test_the_resource_owner_holds_a_duty_without_its_own_team(bot):
    kind, outputs = run(bot, "patching", "orders database")  # an alias of orders-db
    assert (kind, outputs["owner"], outputs["team_id"], outputs["team_name"]) == (
        "success",
        "shared",
        "platform-db",
        "Platform DB",
    )


def test_a_course_service_has_an_owner_and_no_team(bot):
    kind, outputs = run(bot, "pathcing", "dynamo")  # typos read as in questions
    assert kind == "success"
    assert (outputs["owner"], outputs["team_id"], outputs["team_name"]) == ("aws", "", "")
    assert outputs["summary"].startswith("Patching & Updates for Amazon DynamoDB: AWS.")
    assert "\n" not in outputs["summary"] and "*" not in outputs["summary"]
    assert outputs["course_section"] == "Comparison Table for Exam; Fully Managed Database Services"


def test_a_duty_aws_does_alone_names_no_team_even_on_a_resource(bot):
    kind, outputs = run(bot, "physical infrastructure", "legacy-crm")
    assert (kind, outputs["owner"], outputs["team_id"]) == ("success", "aws", "")


def test_an_unknown_duty_fails_naming_it_and_the_duties_known(bot):
    kind, error = run(bot, "xyz", "rds")
    assert kind == "error"
    assert error.startswith("I don't know the duty 'xyz' — the duties I know: Hardware ")
    assert "Patching & Updates" in error


def test_an_unknown_service_fails_naming_it(bot):
    assert run(bot, "patching", "qldb") == (
        "error",
        "I don't know the service or database 'qldb' (e.g. aurora, rds or dynamodb or one of "
        "your databases such as orders-db).",
    )


def test_a_service_word_of_several_services_fails_with_the_choices(bot):
    assert run(bot, "patching", "mysql") == (
        "error",
        "'mysql' could be Amazon RDS, Amazon Aurora Serverless, Amazon Aurora Provisioned or "
        "MySQL on EC2: name one.",
    )


def test_a_group_whose_members_differ_fails_rather_than_guess(bot):
    kind, error = run(bot, "patching", "aurora")
    assert kind == "error"
    assert "Amazon Aurora Serverless: AWS; Amazon Aurora Provisioned: Shared" in error


def test_a_group_whose_members_agree_answers_for_both(bot):
    kind, outputs = run(bot, "hardware provisioning", "aurora")
    assert (kind, outputs["owner"]) == ("success", "aws")
    assert outputs["course_section"] == (
        "Comparison Table for Exam; Fully Managed Database Services; Managed Database Services"
    )


def test_a_cell_the_course_does_not_decide_fails_without_a_guess(bot):
    assert run(bot, "monitoring", "rds") == (
        "error",
        "The course doesn't say who owns Monitoring for Amazon RDS, so I won't guess.",
    )


def test_two_databases_at_once_fail(bot):
    assert run(bot, "patching", "orders-db and rds") == (
        "error",
        "'orders-db and rds' names several databases: name one.",
    )


@pytest.mark.parametrize(
    "inputs",
    [{}, {"duty": "", "service": ""}, {"duty": 42, "service": ["rds"]}],
    ids=["missing", "empty", "not-text"],
)
def test_missing_or_empty_inputs_fail_saying_what_is_needed(bot, inputs):
    bot.event(function_executed("who_owns", inputs))
    kind, error = ended(bot.slack)
    assert kind == "error" and error.startswith("The step needs a duty")


def test_slack_markup_and_long_text_are_repeated_escaped_and_cut(bot):
    kind, error = run(bot, "<!channel> " + "x" * 4000, "rds")
    assert kind == "error"
    assert "<!channel>" not in error and "&lt;!channel&gt;" in error
    assert len(error) < 600


def test_a_bug_fails_the_run_with_an_apology_and_logs_no_token(bot, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(listeners, "who_owns", broken)
    with caplog.at_level(logging.DEBUG):
        kind, error = run(bot, "patching", "rds")
    assert (kind, error) == ("error", listeners.APOLOGY)
    assert "boom" in caplog.text  # the traceback is logged …
    assert FUNCTION_TOKEN not in caplog.text  # … never the run's token


def test_each_run_completes_with_its_own_token_not_the_apps(bot):
    for n, (duty, service) in enumerate([("patching", "rds"), ("nonsense", "rds")]):
        token = f"xwfp-111-222-run{n}"
        bot.event(function_executed("who_owns", {"duty": duty, "service": service}, token=token))
    completions = [c for c in bot.slack.calls if c.method.startswith("functions.complete")]
    assert [c.method for c in completions] == [
        "functions.completeSuccess",
        "functions.completeError",
    ]
    assert [c.token for c in completions] == [
        token_fingerprint("xwfp-111-222-run0"),
        token_fingerprint("xwfp-111-222-run1"),
    ]
    assert token_fingerprint(BOT_TOKEN) not in {c.token for c in completions}


def test_slack_refusing_the_result_ends_the_run_as_failed_and_is_logged(bot, caplog):
    bot.slack.fail("functions.completeSuccess", status=500, times=1)
    with caplog.at_level(logging.WARNING):
        bot.event(function_executed("who_owns", {"duty": "patching", "service": "rds"}))
    [success] = bot.slack.calls_to("functions.completeSuccess")
    [error] = bot.slack.calls_to("functions.completeError")
    assert success.status == 500 and error.ok
    assert error.args["error"] == listeners.SLACK_REFUSED
    assert "Slack did not take the result: internal_error" in caplog.text
    assert FUNCTION_TOKEN not in caplog.text


def test_slack_down_for_both_completions_is_logged_and_the_listener_returns(bot, caplog):
    bot.slack.fail("functions.completeSuccess", status=500, times=1)
    bot.slack.fail("functions.completeError", status=500, times=1)
    with caplog.at_level(logging.WARNING):
        bot.event(function_executed("who_owns", {"duty": "patching", "service": "rds"}))
    assert "could not fail it either: internal_error" in caplog.text


def test_the_event_is_acknowledged_before_the_step_completes(
    org_knowledge, org_matcher, slack, sqlite_store
):
    """With Bolt's own listener pool: Slack gets its 200 while the completion is still held."""
    bot = bot_on(org_knowledge, org_matcher, slack, sqlite_store, inline=False)
    slack.stall("functions.completeSuccess")
    try:
        event = function_executed("who_owns", {"duty": "backups", "service": "rds"})
        response = bot.send(event_callback(event, event_id="Ev0STEPACK"))
        assert response.status == 200
        [held] = slack.wait_for("functions.completeSuccess", timeout=5)
    finally:
        slack.release()
    assert held.json_arg("outputs")["owner"] == "shared"

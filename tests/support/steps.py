"""Workflow Builder step runs as Slack sends them: a ``function_executed`` event (wrap it with
``event_callback`` or send it with ``Bot.event``), and what the run ended with.

    bot.event(function_executed("who_owns", {"duty": "patching", "service": "rds"}))
    ended(bot.slack)   # -> ("success", {"owner": "aws", ...}) or ("error", "I don't know …")
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from bot.localslack import LocalSlack
from bot.localslack.ids import APP_ID
from tests.support.bolt import Bot, Clock, make_bot, make_deps, settings_for

# the event's own token, Slack's "bot_access_token" for this run (not the app's bot token)
FUNCTION_TOKEN = "xwfp-111-222-localworkflowtoken"
EXECUTION_ID = "Fx0LOCAL0001"

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # the steps' runs happen at

TITLES = {"who_owns": "Who owns this duty?", "start_onboarding": "Start onboarding for a person"}


def function_executed(
    callback_id: str,
    inputs: dict[str, Any],
    *,
    execution_id: str = EXECUTION_ID,
    token: str = FUNCTION_TOKEN,
) -> dict[str, Any]:
    """The ``function_executed`` event of one run of the step ``callback_id``."""
    return {
        "type": "function_executed",
        "function": {
            "id": "Fn0LOCAL0001",
            "callback_id": callback_id,
            "title": TITLES.get(callback_id, callback_id),
            "type": "app",
            "app_id": APP_ID,
            "input_parameters": [],
            "output_parameters": [],
        },
        "inputs": dict(inputs),
        "function_execution_id": execution_id,
        "workflow_execution_id": "Wx0LOCAL0001",
        "event_ts": "1700000000.000300",
        "bot_access_token": token,
    }


def ended(slack: LocalSlack) -> tuple[str, Any]:
    """How the one run so far ended: ``("success", outputs)`` or ``("error", message)``;
    fails unless exactly one completion call reached Slack and Slack took it."""
    calls = [
        c
        for c in slack.calls
        if c.method in ("functions.completeSuccess", "functions.completeError")
    ]
    assert len(calls) == 1, [(c.method, c.args) for c in calls]
    [call] = calls
    assert call.ok, call.response
    if call.method == "functions.completeSuccess":
        outputs = call.args["outputs"]
        return "success", json.loads(outputs) if isinstance(outputs, str) else outputs
    return "error", call.args["error"]


def bot_on(knowledge: Any, matcher: Any, slack: LocalSlack, store: Any, **kwargs: Any) -> Bot:
    """The real Bolt app on ``store``, talking to ``slack``, its clock at :data:`MONDAY`."""
    deps = make_deps(
        knowledge, matcher, slack, store, clock=Clock(MONDAY), settings=settings_for(slack)
    )
    return make_bot(deps, slack, **kwargs)

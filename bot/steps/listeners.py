"""Workflow Builder custom steps: Slack runs them as ``function_executed`` events.

    who_owns            "Who owns this duty?"  duty, service (text) -> owner, team_id,
                        team_name, summary, course_section
    start_onboarding    "Start onboarding for a person"  user (, signed_up_by) -> status,
                        user, message

Bolt acknowledges a ``function_executed`` event before the listener runs and hands the
listener the event's own token (``bot_access_token``) on ``client``, ``complete`` and ``fail``
(``functions.completeSuccess`` / ``functions.completeError``). Every run ends in exactly one
of them, promptly: an input the bot cannot read fails with what was not understood, anything
unexpected fails with a short apology (the traceback goes to the log, never to Slack).
If Slack cannot take the result, the run is failed instead, and the log says so.

Onboarding is the onboarding feature's own service, found in the request's context (features
never import each other): the same welcome DM, the same once-per-person rule as
``/whoowns onboard``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, Complete, Fail
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.deps import Deps
from bot.listeners.registry import Registry
from bot.steps.enrol import Enrolled, NotEnrolled, enrol
from bot.steps.who_owns import Problem, who_owns

logger = logging.getLogger(__name__)

WHO_OWNS = "who_owns"
START_ONBOARDING = "start_onboarding"
APOLOGY = "Something went wrong on whoowns' side while running this step; please try again."
SLACK_REFUSED = "Slack did not take this step's result; please run the workflow again."


def _finish(
    step: str, context: BoltContext, complete: Complete, fail: Fail, work: Callable[[], Any]
) -> None:
    """Run ``work`` (-> outputs dict, or the error line) and end the run with complete or fail;
    nothing escapes to Bolt (the event is already acknowledged)."""
    execution = context.function_execution_id
    try:
        result = work()
    except Exception:
        logger.exception("step %s (%s) failed", step, execution)
        result = APOLOGY
    try:
        if isinstance(result, dict):
            complete(outputs=result)
            return
        fail(result)
        return
    except (SlackApiError, SlackClientError, OSError) as exc:
        logger.warning(
            "step %s (%s): Slack did not take the result: %s", step, execution, _why(exc)
        )
    if isinstance(result, dict):  # the run would wait forever: end it as failed
        try:
            fail(SLACK_REFUSED)
        except (SlackApiError, SlackClientError, OSError) as exc:
            logger.warning("step %s (%s): could not fail it either: %s", step, execution, _why(exc))


def _why(exc: BaseException) -> str:
    """A Slack error's code (never the request, which carries the token)."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return type(exc).__name__


def _text(inputs: dict[str, Any], key: str) -> str:
    value = inputs.get(key)
    return value if isinstance(value, str) else ""


def handle_who_owns(
    inputs: dict[str, Any], complete: Complete, fail: Fail, context: BoltContext
) -> None:
    def work() -> dict[str, str] | str:
        deps: Deps = context["deps"]
        knowledge, matcher = deps.live.pair  # one reload-safe read
        found = who_owns(_text(inputs, "duty"), _text(inputs, "service"), knowledge, matcher)
        return found.message if isinstance(found, Problem) else found.outputs()

    _finish(WHO_OWNS, context, complete, fail, work)


def handle_start_onboarding(
    inputs: dict[str, Any], complete: Complete, fail: Fail, client: Any, context: BoltContext
) -> None:
    def work() -> dict[str, str] | str:
        deps: Deps = context["deps"]
        user, by = _text(inputs, "user"), _text(inputs, "signed_up_by") or None
        done = enrol(context, client, user, by, deps)
        if isinstance(done, NotEnrolled):
            return done.message
        return _outputs(done)

    _finish(START_ONBOARDING, context, complete, fail, work)


def _outputs(done: Enrolled) -> dict[str, str]:
    return {"status": done.status, "user": done.user, "message": done.message}


def register(app: App, deps: Deps, registry: Registry) -> None:
    app.function(WHO_OWNS)(handle_who_owns)
    app.function(START_ONBOARDING)(handle_start_onboarding)

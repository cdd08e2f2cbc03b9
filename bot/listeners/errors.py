"""One way to fail: the log gets the traceback, the user a short apology (never the error).
The store being down (:class:`StoreUnavailable`) is logged in one line and told as such:
"my database isn't answering, try again in a minute".

:func:`handle_error` is the app's global ``@app.error`` handler. A failure before the
acknowledgement of a slash command is answered in the acknowledgement itself; a failure after
it is answered through the ``response_url`` (commands, buttons) or in the conversation
(mentions, DMs).

Listeners that acknowledge first and then work (buttons, slow subcommands) run that work inside
``with reported(body, context):``. With ``process_before_response=False`` Bolt discards the
acknowledgement of a listener that raises after ``ack()``, so these failures are reported here,
through the same :func:`report_failure`, instead of escaping to Bolt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.error import BoltUnhandledRequestError

from bot.render.blocks import apology_message
from bot.render.primitives import Message, notice_message
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)

STORE_DOWN = (
    ":warning: My database isn't answering right now, so I couldn't do that. "
    "Please try again in a minute. (Questions like `/whoowns patching aurora` still work.)"
)


def failure_message(error: BaseException) -> Message:
    """The database being down is said plainly (it is not a bug); anything else: the apology."""
    return notice_message(STORE_DOWN) if isinstance(error, StoreUnavailable) else apology_message()


def _unreachable(error: BaseException) -> bool:
    """Slack (a response_url, the Web API) could not be reached: the network, not a bug."""
    return isinstance(error, OSError)  # URLError, refused, reset, timed out


def _log_failure(error: BaseException, body: dict[str, Any]) -> None:
    if isinstance(error, StoreUnavailable):  # expected while it is down: one line, no trace
        logger.warning("could not handle %s: %s", describe(body), error)
    elif _unreachable(error):
        where = "its response_url" if body.get("response_url") else "Slack"
        logger.warning("could not reach %s for %s: %s", where, describe(body), error)
    else:
        logger.error("failed to handle %s", describe(body), exc_info=error)


def describe(body: dict[str, Any]) -> str:
    """What was being handled, for the log (ids and types only, never user text)."""
    if body.get("command"):
        return f"command {body.get('command')} from {body.get('user_id')}"
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        return f"event {event.get('type')} ({body.get('event_id')}) from {event.get('user')}"
    if body.get("type"):
        actions = [a.get("action_id") for a in body.get("actions") or []]
        return f"{body.get('type')} {actions} from {(body.get('user') or {}).get('id')}"
    return "request"


def report_failure(error: BaseException, body: dict[str, Any], context: BoltContext) -> None:
    """Log the traceback; tell the user, where they are, that it failed and what to try."""
    _log_failure(error, body)
    if _unreachable(error):
        return  # an apology would go the same way
    apology = failure_message(error)
    try:
        respond = context.respond
        if respond is not None and respond.response_url:
            respond(response_type="ephemeral", replace_original=False, **apology.kwargs())
            return
        event = body.get("event") or {}
        if event.get("channel") and event.get("type") in ("app_mention", "message"):
            thread = event.get("thread_ts") or (
                event.get("ts") if event.get("type") == "app_mention" else None
            )
            context.client.chat_postMessage(
                channel=event["channel"], thread_ts=thread, **apology.kwargs()
            )
    except Exception:
        logger.exception("could not send the apology for %s", describe(body))


@contextmanager
def reported(body: dict[str, Any], context: BoltContext) -> Iterator[None]:
    """Work after ``ack()``: a failure is reported, never raised into Bolt."""
    try:
        yield
    except Exception as error:
        report_failure(error, body, context)


def handle_error(
    error: Exception,
    body: dict[str, Any],
    request: BoltRequest,
    response: BoltResponse | None,
    context: BoltContext,
) -> BoltResponse | None:
    if isinstance(error, BoltUnhandledRequestError):
        return None
    if body.get("command") and response is not None:
        # not acknowledged yet: the apology travels in the acknowledgement
        _log_failure(error, body)
        payload = {"response_type": "ephemeral", **failure_message(error).kwargs()}
        return BoltResponse(
            status=200,
            body=json.dumps(payload),
            headers={"content-type": ["application/json;charset=utf-8"]},
        )
    report_failure(error, body, context)
    if response is not None and response.status >= 500:
        return BoltResponse(status=200, body="")  # a 500 would only make Slack retry or warn
    return None

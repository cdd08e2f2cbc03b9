"""The shape every Slack request must have before Bolt sees it.

Bolt reads fields such as ``authorizations[0]``, ``user.id`` or ``actions[0].action_id`` while
it builds its request, before any listener or error handler runs, so a signed request with a
field of the wrong type was an HTTP 500 with a traceback. :func:`problem` names the first field
that is missing or of the wrong type (``None`` when the request is well formed), only for the
fields Slack always sends or the bot relies on; :func:`kind` says what the request is, which
decides the answer (an Events API delivery gets an empty 200: Slack retries anything else and
may turn delivery off; a command or interaction gets 400).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

Kind = Literal["command", "interaction", "event"]

# fields Slack sends with every slash command (form values: non-empty strings)
COMMAND_FIELDS: tuple[str, ...] = (
    "command",
    "user_id",
    "channel_id",
    "team_id",
    "trigger_id",
    "response_url",
)


def kind(text: str, content_type: str | None) -> Kind:
    """What the raw body ``text`` is, decided as Bolt's ``parse_body`` decides how to read it:
    JSON is an Events API delivery, a form with ``payload`` an interaction, else a command."""
    if content_type == "application/json" or text.startswith("{"):
        return "event"
    return "interaction" if "payload" in text else "command"


def _text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _dict_with_text(value: object, key: str) -> bool:
    return isinstance(value, dict) and _text(value.get(key))


def _optional(body: Mapping[str, Any], key: str, ok: Callable[[object], bool]) -> str | None:
    if key in body and not ok(body[key]):
        return key
    return None


def _command_problem(body: Mapping[str, Any]) -> str | None:
    for key in COMMAND_FIELDS:
        if not _text(body.get(key)):
            return key
    if not isinstance(body.get("text", ""), str):
        return "text"
    return None


def _action_problem(actions: object) -> str | None:
    if not isinstance(actions, list) or not actions:
        return "actions"
    for i, action in enumerate(actions):
        if not _dict_with_text(action, "action_id"):
            return f"actions[{i}].action_id"
        for key in ("type", "block_id"):
            if key in action and not _text(action[key]):
                return f"actions[{i}].{key}"
        if "value" in action and not isinstance(action["value"], str):
            return f"actions[{i}].value"
    return None


def _interaction_problem(body: Mapping[str, Any]) -> str | None:
    if not _text(body.get("type")):
        return "type"
    if not _dict_with_text(body.get("user"), "id"):
        return "user.id"
    if body["type"] == "block_actions" and (found := _action_problem(body.get("actions"))):
        return found
    for key in ("channel", "team"):
        if key in body and body[key] is not None and not _dict_with_text(body[key], "id"):
            return f"{key}.id"
    if "message" in body and not _dict_with_text(body["message"], "ts"):
        return "message.ts"
    for key in ("container", "view"):
        if found := _optional(body, key, lambda v: isinstance(v, dict)):
            return found
    for key in ("trigger_id", "response_url"):
        if found := _optional(body, key, _text):
            return found
    return None


def _function_executed(event: Mapping[str, Any]) -> str | None:
    """A Workflow Builder step run: Bolt matches on the callback id, hands the listener the
    inputs and completes the run with the execution id and the event's own token."""
    if not _dict_with_text(event.get("function"), "callback_id"):
        return "event.function.callback_id"
    if not isinstance(event.get("inputs"), dict):
        return "event.inputs"
    for key in ("function_execution_id", "bot_access_token"):
        if not _text(event.get(key)):
            return f"event.{key}"
    return None


def _team_access(event: Mapping[str, Any]) -> str | None:
    """An org admin granted or revoked workspaces: their ids."""
    ids = event.get("team_ids")
    if not isinstance(ids, list) or not all(_text(i) for i in ids):
        return "event.team_ids"
    return None


def _app_home_opened(event: Mapping[str, Any]) -> str | None:
    """Home or Messages tab opened: whose, and which tab."""
    if not _text(event.get("user")):
        return "event.user"
    if "tab" in event and not _text(event["tab"]):
        return "event.tab"
    return None


# per event type: the fields that event must have (beside those every event has)
EVENT_CHECKS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    "function_executed": _function_executed,
    "team_access_granted": _team_access,
    "team_access_revoked": _team_access,
    "app_home_opened": _app_home_opened,
}


def _event_problem(body: Mapping[str, Any]) -> str | None:
    if not _text(body.get("type")):
        return "type"
    if body["type"] == "url_verification":
        return None if isinstance(body.get("challenge"), str) else "challenge"
    if body["type"] != "event_callback":
        return None  # app_rate_limited and the like: Bolt acknowledges them
    for key in ("event_id", "team_id"):
        if not _text(body.get(key)):
            return key
    auths = body.get("authorizations", [])
    if not isinstance(auths, list) or not all(isinstance(a, dict) for a in auths):
        return "authorizations"
    event = body.get("event")
    if not isinstance(event, dict):
        return "event"
    if not _text(event.get("type")):
        return "event.type"
    for key in ("user", "channel"):  # an id, or an object in events such as user_change
        if key in event and not (_text(event[key]) or isinstance(event[key], dict)):
            return f"event.{key}"
    if "ts" in event and not _text(event["ts"]):
        return "event.ts"
    if "text" in event and not isinstance(event["text"], str):
        return "event.text"
    check = EVENT_CHECKS.get(event["type"])
    return check(event) if check is not None else None


def problem(body: Mapping[str, Any], request_kind: Kind) -> str | None:
    """The first field of ``body`` that is missing or of the wrong type, or ``None``."""
    check = {
        "command": _command_problem,
        "interaction": _interaction_problem,
        "event": _event_problem,
    }[request_kind]
    return check(body)

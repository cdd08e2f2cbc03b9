"""Signed but malformed Slack requests, generated from valid ones: each breaks one field the bot
relies on (missing, or of the wrong type), or the body itself (a ``payload`` that is not JSON,
an event that is a number). Deterministic for a seed.

    for kind, request in malformed_requests(300, seed=9):  # "command", "interaction", "event"
        ...
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode

from tests.support import slack_requests as sr

Kind = str  # "command", "interaction" or "event"

WRONG_TYPES: tuple[Any, ...] = (None, 42, 3.5, True, [], ["x"], {}, {"id": 1}, "")
MISSING = object()


def _command_fields() -> dict[str, str]:
    body, _ = sr.slash_command("patching aurora")
    return dict(parse_qsl(body))


COMMAND_REQUIRED = ("command", "user_id", "channel_id", "team_id", "trigger_id", "response_url")


def _interaction() -> dict[str, Any]:
    body, _ = sr.block_actions(
        [sr.button_action("share_answer", value="patching aurora")],
        message={"ts": "1700000000.000100", "text": "x", "blocks": []},
    )
    return json.loads(dict(parse_qsl(body))["payload"])


def _event_envelope(rng: random.Random) -> dict[str, Any]:
    event = {
        "type": rng.choice(["app_mention", "message", "app_home_opened"]),
        "user": "U0ALICE",
        "channel": "C0GENERAL",
        "text": "<@U0BOT> who patches rds?",
        "ts": "1700000000.000200",
        "tab": "home",
        "channel_type": "im",
    }
    body, _ = sr.event_callback(event, event_id=f"Ev{rng.randrange(10**9)}")
    return json.loads(body)


def _set(target: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]  # paths below only walk dicts and lists
    if value is MISSING:
        del target[path[-1]]  # type: ignore[arg-type]  # a dict key here
    else:
        target[path[-1]] = value  # type: ignore[index]  # a dict key or a list index


# values that are still well formed at a path (an optional field left out, and the like)
STILL_VALID: dict[tuple[str | int, ...], tuple[Any, ...]] = {
    ("actions", 0, "value"): (MISSING, ""),
    ("actions", 0, "type"): (MISSING,),
    ("channel",): (MISSING, None),
    ("container",): (MISSING, {}, {"id": 1}),
    ("message",): (MISSING,),
    ("trigger_id",): (MISSING,),
    ("response_url",): (MISSING,),
    ("event", "user"): (MISSING, {}, {"id": 1}),
    ("event", "channel"): (MISSING, {}, {"id": 1}),
    ("event", "text"): (MISSING, ""),
    ("event", "ts"): (MISSING,),
    ("authorizations",): (MISSING, []),
}


def _same(a: Any, b: Any) -> bool:
    return a is b or (type(a) is type(b) and a == b)


def _wrong(rng: random.Random, path: tuple[str | int, ...]) -> Any:
    valid = STILL_VALID.get(path, ())
    choices = [v for v in (MISSING, *WRONG_TYPES) if not any(_same(v, ok) for ok in valid)]
    return rng.choice(choices)


def _broken_command(rng: random.Random) -> sr.Request:
    fields: dict[str, Any] = _command_fields()
    field = rng.choice(COMMAND_REQUIRED)
    if rng.random() < 0.5:
        del fields[field]
    else:  # a form value is always a string: a blank one
        fields[field] = rng.choice(["", "   "])
    return sr.sign(urlencode(fields), content_type=sr.FORM)


INTERACTION_PATHS: tuple[tuple[str | int, ...], ...] = (
    ("type",),
    ("user",),
    ("user", "id"),
    ("actions",),
    ("actions", 0),
    ("actions", 0, "action_id"),
    ("actions", 0, "value"),
    ("actions", 0, "type"),
    ("channel",),
    ("channel", "id"),
    ("container",),
    ("message",),
    ("message", "ts"),
    ("trigger_id",),
    ("response_url",),
)


def _broken_interaction(rng: random.Random) -> sr.Request:
    roll = rng.random()
    if roll < 0.1:  # not a JSON object at all
        payload_text = rng.choice(["{not json", "[1, 2]", "42", '"text"', "null"])
        return sr.sign(urlencode({"payload": payload_text}), content_type=sr.FORM)
    payload = _interaction()
    if roll < 0.15:
        payload["actions"] = []
    else:
        path = rng.choice(INTERACTION_PATHS)
        _set(payload, path, _wrong(rng, path))
    return sr.sign(urlencode({"payload": json.dumps(payload)}), content_type=sr.FORM)


EVENT_PATHS: tuple[tuple[str, ...], ...] = (
    ("event",),
    ("event", "type"),
    ("event", "user"),
    ("event", "channel"),
    ("event", "text"),
    ("event", "ts"),
    ("event_id",),
    ("team_id",),
    ("type",),
    ("authorizations",),
)


def _broken_event(rng: random.Random) -> sr.Request:
    envelope = _event_envelope(rng)
    path = rng.choice(EVENT_PATHS)
    _set(envelope, path, _wrong(rng, path))
    return sr.sign(json.dumps(envelope), content_type=sr.JSON)


MAKERS: dict[Kind, Callable[[random.Random], sr.Request]] = {
    "command": _broken_command,
    "interaction": _broken_interaction,
    "event": _broken_event,
}


def malformed_requests(count: int, *, seed: int = 9) -> Iterator[tuple[Kind, sr.Request]]:
    """``count`` signed malformed requests, the three kinds in turn."""
    rng = random.Random(seed)
    kinds = list(MAKERS)
    for i in range(count):
        kind = kinds[i % len(kinds)]
        yield kind, MAKERS[kind](rng)

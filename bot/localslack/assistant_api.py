"""The ``assistant.threads.*`` methods of the Messages tab, checked as Slack documents them:

* ``assistant.threads.setSuggestedPrompts``: ``channel_id`` and ``prompts`` required, up to
  four prompts, each with a ``title`` and a ``message``; ``title`` and ``thread_ts``
  optional.
* ``assistant.threads.setStatus``: ``channel_id``, ``thread_ts`` and ``status`` required;
  ``loading_messages`` at most 10.

A call that breaks a rule answers ``invalid_arguments`` (Slack's answer to a malformed call).
Recorded like every call (``LocalSlack.calls_to(...)``); nothing else is kept.
"""

from __future__ import annotations

from typing import Any

from bot.localslack.responses import Args, Response, json_arg, web_api
from bot.localslack.workspace import Workspace

MAX_PROMPTS = 4
MAX_LOADING_MESSAGES = 10
INVALID: Response = {"ok": False, "error": "invalid_arguments"}


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


@web_api("assistant.threads.setSuggestedPrompts")
def set_suggested_prompts(ws: Workspace, args: Args) -> Response:
    prompts = json_arg(args, "prompts")
    if not _text(args.get("channel_id")) or not isinstance(prompts, list):
        return INVALID
    if not 0 < len(prompts) <= MAX_PROMPTS:
        return INVALID
    for prompt in prompts:
        if not isinstance(prompt, dict) or not all(
            _text(prompt.get(k)) for k in ("title", "message")
        ):
            return INVALID
    if "title" in args and not isinstance(args["title"], str):
        return INVALID
    return {"ok": True}


@web_api("assistant.threads.setStatus")
def set_status(ws: Workspace, args: Args) -> Response:
    if not all(_text(args.get(k)) for k in ("channel_id", "thread_ts")):
        return INVALID
    if not isinstance(args.get("status"), str):  # "" clears it
        return INVALID
    loading = json_arg(args, "loading_messages", [])
    if not isinstance(loading, list) or len(loading) > MAX_LOADING_MESSAGES:
        return INVALID
    return {"ok": True}

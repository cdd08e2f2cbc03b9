"""The Messages tab's two Slack calls. Neither ever stops an answer: a refusal is logged in
one line naming what is missing (never the token) and remembered for
:data:`REFUSED_SECONDS` per workspace and method, so a workspace without the scope or the
plan costs one call and one log line an hour, not one per message.

* ``assistant.threads.setSuggestedPrompts`` (scope ``assistant:write``), in agent view
  without ``thread_ts``: Slack's docs say a ``thread_ts`` makes the call fail silently for an
  agent app.
* ``assistant.threads.setStatus`` (``chat:write``, for now also ``assistant:write``) on the
  person's message (its thread, else its ``ts``): Slack removes the status when the app
  replies, or after two minutes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.agent.prompts import MAX_PROMPTS, TITLE, WORKING, Prompt

logger = logging.getLogger(__name__)

REFUSED_SECONDS = 3600  # after a refusal, the method is not asked again for this long
PROMPTS = "assistant.threads.setSuggestedPrompts"
STATUS = "assistant.threads.setStatus"
SCOPES = {PROMPTS: "assistant:write", STATUS: "chat:write"}  # what each method needs
PASSING = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable"})
PLAN_HINT = "agent features need a paid Slack plan and the app's agent view (manifest agent_view)"


class MessagesTab:
    """One per app: the calls, and the refusals remembered (``clock``: ``deps.clock``)."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._refused: dict[tuple[str, str], datetime] = {}  # (workspace, method) -> until

    def suggest(
        self, client: Any, channel: str, prompts: Sequence[Prompt], *, team: str | None
    ) -> bool:
        """Set ``prompts`` in the person's DM with the app; False when not set."""
        if not prompts:
            return False
        if len(prompts) > MAX_PROMPTS:
            raise ValueError(f"at most {MAX_PROMPTS} prompts, got {len(prompts)}")
        return self._call(
            client,
            PROMPTS,
            team,
            lambda: client.assistant_threads_setSuggestedPrompts(
                channel_id=channel, title=TITLE, prompts=[p.to_dict() for p in prompts]
            ),
        )

    def working(self, client: Any, channel: str, thread_ts: str, *, team: str | None) -> bool:
        """Show "is looking that up…" under the person's message until the reply; False when
        not shown."""
        return self._call(
            client,
            STATUS,
            team,
            lambda: client.assistant_threads_setStatus(
                channel_id=channel, thread_ts=thread_ts, status=WORKING
            ),
        )

    def _call(self, client: Any, method: str, team: str | None, call: Callable[[], Any]) -> bool:
        if client is None:
            return False
        key = (team or "", method)
        now = self._clock()
        with self._lock:
            until = self._refused.get(key)
        if until is not None and until > now:
            return False
        try:
            call()
            return True
        except SlackApiError as exc:
            where = team or "this workspace"
            if _passing(exc):  # rate limit, Slack's own error: asked again next time
                logger.warning("%s failed in %s: %s", method, where, exc.response.get("error"))
                return False
            logger.warning("%s refused in %s: %s", method, where, _why(method, exc))
        except (SlackClientError, OSError) as exc:  # Slack unreachable: not remembered
            logger.warning("%s failed in %s: %s", method, team or "this workspace", exc)
            return False
        with self._lock:
            self._refused[key] = now + timedelta(seconds=REFUSED_SECONDS)
        return False


def _passing(exc: SlackApiError) -> bool:
    status = int(getattr(exc.response, "status_code", 200) or 200)
    return status == 429 or status >= 500 or exc.response.get("error") in PASSING


def _why(method: str, exc: SlackApiError) -> str:
    """What is missing, in words, from Slack's answer (its error code and ``needed``)."""
    response = exc.response
    error = str(response.get("error") or "unknown_error")
    if error == "missing_scope":
        needed = response.get("needed") or SCOPES[method]
        return f"missing_scope: add the bot scope {needed} and reinstall the app"
    if error == "not_allowed_token_type":
        return "not_allowed_token_type: the method needs the bot token (xoxb-)"
    return f"{error} ({PLAN_HINT})"

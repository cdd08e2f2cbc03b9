"""A workspace whose token Slack no longer accepts is paused, with Slack's reason.

The ticks of each workspace run on a :class:`WatchedClient`: it remembers the first answer
that says the *token* is bad (:data:`AUTH_ERRORS`) and, from then on, fails every call at once
with it instead of asking Slack again. After the tick, :func:`revoked_reason` confirms with one
``auth.test`` (``account_inactive`` may also be about the person a DM was for) and the
workspace is paused; the other workspaces go on.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

AUTH_ERRORS = frozenset({"invalid_auth", "account_inactive", "token_revoked", "not_authed"})


class WatchedClient(WebClient):
    """A WebClient that notices when Slack refuses its token."""

    auth_error: str | None = None

    def api_call(self, api_method: str, **kwargs: Any) -> Any:  # every Web API method
        if self.auth_error is not None and api_method != "auth.test":
            raise SlackApiError(self.auth_error, {"ok": False, "error": self.auth_error})
        try:
            return super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            code = exc.response.get("error") if exc.response is not None else None
            if code in AUTH_ERRORS:
                self.auth_error = str(code)
            raise


def watched(client: WebClient) -> WatchedClient:
    """A :class:`WatchedClient` with ``client``'s token, URL, timeout and retries."""
    return WatchedClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=dict(client.headers),
        retry_handlers=list(client.retry_handlers),
    )


def revoked_reason(client: Any) -> str | None:
    """Slack's reason when ``client``'s token is no longer accepted (checked with auth.test),
    else None. Clients that are not watched are never judged."""
    if not isinstance(client, WatchedClient) or client.auth_error is None:
        return None
    try:
        client.auth_test()
    except SlackApiError as exc:
        code = exc.response.get("error") if exc.response is not None else None
        if code in AUTH_ERRORS:
            return str(code)
        return None
    client.auth_error = None  # the token works: the error was about someone else
    return None

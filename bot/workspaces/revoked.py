"""A workspace whose token Slack no longer accepts is paused, with Slack's reason.

The ticks of each workspace run on a :class:`WatchedClient`: it remembers the first answer
that says the *token* is bad (:data:`AUTH_ERRORS`) and, from then on, fails every call at once
with it instead of asking Slack again. After the tick, :func:`revoked_reason` confirms with one
``auth.test`` (``account_inactive`` may also be about the person a DM was for) and the
workspace is paused; the other workspaces go on.
"""

from __future__ import annotations

from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

C = TypeVar("C", bound=WebClient)
AUTH_ERRORS = frozenset({"invalid_auth", "account_inactive", "token_revoked", "not_authed"})
# Web API methods that need ``team_id`` with an org-wide token (Slack's "changes to APIs for
# org-wide apps"; ignored with a workspace token): those whoowns calls, and the listings
TEAM_ID_METHODS = frozenset(
    {"usergroups.users.list", "usergroups.list", "users.list", "conversations.list", "team.info"}
)


class TeamClient(WebClient):
    """A WebClient on an org-wide token that names its workspace (``team_id``) on the
    methods that need it (:data:`TEAM_ID_METHODS`)."""

    team_id: str | None = None

    def api_call(self, api_method: str, **kwargs: Any) -> Any:
        if self.team_id and api_method in TEAM_ID_METHODS:
            for key in ("params", "data", "json"):
                if isinstance(kwargs.get(key), dict) and "team_id" not in kwargs[key]:
                    kwargs[key] = {**kwargs[key], "team_id": self.team_id}
                    break
            else:
                kwargs["params"] = {**(kwargs.get("params") or {}), "team_id": self.team_id}
        return super().api_call(api_method, **kwargs)


def for_team(client: WebClient, team_id: str) -> WebClient:
    """``client`` (same token, URL, retries; a watched one keeps its watch) naming ``team_id``
    where an org-wide token needs it."""
    copy: TeamClient
    if isinstance(client, WatchedClient):
        watching = _watched(client, retry_handlers=list(client.retry_handlers))
        watching.watch = client.watch
        copy = watching
    else:
        copy = _copy(TeamClient, client, list(client.retry_handlers))
    copy.team_id = team_id
    return copy


class _Watch:
    """What the clients of one workspace's tick found: Slack's first refusal of the token."""

    auth_error: str | None = None


class WatchedClient(TeamClient):
    """A WebClient that notices when Slack refuses its token (shared with the copies it makes
    for claimed posts, :meth:`without_retries`)."""

    watch: _Watch

    @property
    def auth_error(self) -> str | None:
        return self.watch.auth_error

    @auth_error.setter
    def auth_error(self, value: str | None) -> None:
        self.watch.auth_error = value

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

    def without_retries(self) -> WatchedClient:
        """This client with no automatic retries (bot.slack.client.without_retries), watching
        the same token: a refusal seen by a claimed post pauses the workspace too."""
        copy = _watched(self, retry_handlers=[])
        copy.watch = self.watch
        return copy


def watched(client: WebClient) -> WatchedClient:
    """A :class:`WatchedClient` with ``client``'s token, URL, timeout and retries."""
    return _watched(client, retry_handlers=list(client.retry_handlers))


def _watched(client: WebClient, *, retry_handlers: list[Any]) -> WatchedClient:
    made = _copy(WatchedClient, client, retry_handlers)
    made.watch = _Watch()
    made.team_id = getattr(client, "team_id", None)
    return made


def _copy(kind: type[C], client: WebClient, retry_handlers: list[Any]) -> C:
    return kind(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=dict(client.headers),
        retry_handlers=retry_handlers,
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

"""Which ``response_url`` the bot will post to, and where a reply goes otherwise.

A signed request carries a ``response_url`` for the replies after the acknowledgement. The bot
posts only to https URLs on Slack's own hosts (``slack.com`` and its subdomains such as
``hooks.slack.com``, ``slack-gov.com`` and its subdomains) or on the origin of the configured
``SLACK_API_URL`` (the local stand-in, a proxy). Any other value (malformed, another host,
plain http) is logged in one line and the request's ``respond`` posts through the Web API
instead: ``chat.postMessage`` for an in-channel reply, ``chat.postEphemeral`` to the person
otherwise, nowhere when the request names no channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import BoltRequest

from bot.deps import Deps
from bot.listeners.errors import describe
from bot.listeners.plain import Plain

logger = logging.getLogger(__name__)

SLACK_DOMAINS = ("slack.com", "slack-gov.com")
# where Slack's response_urls start: nothing after the host but a path, so nothing to parse
_SLACK_PREFIXES = ("https://hooks.slack.com/", "https://hooks.slack-gov.com/")


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.scheme not in ("http", "https"):
        return None
    return parts.scheme, parts.hostname.lower(), port


def allowed(url: object, api_url: str | None) -> bool:
    """True when ``url`` is a response_url the bot may post to (see the module)."""
    if not isinstance(url, str):
        return False
    api_origin, api_prefix = _api(api_url)
    if url.startswith(_SLACK_PREFIXES) or (api_prefix and url.startswith(api_prefix)):
        return True  # the usual cases, without parsing the URL
    origin = _origin(url)
    if origin is None:
        return False
    scheme, host, _ = origin
    if scheme == "https" and any(host == d or host.endswith("." + d) for d in SLACK_DOMAINS):
        return True
    return api_origin is not None and origin == api_origin


@lru_cache(maxsize=8)
def _api(api_url: str | None) -> tuple[tuple[str, str, int | None] | None, str]:
    """The origin of the configured Web API address, and how a URL on it starts (``""``:
    parse every URL to tell: the address names a user or is not a plain origin)."""
    origin = _origin(api_url) if api_url is not None else None
    if origin is None or api_url is None:
        return None, ""
    parts = urlsplit(api_url)
    if "@" in parts.netloc or parts.netloc.lower() != parts.netloc:
        return origin, ""
    return origin, f"{parts.scheme}://{parts.netloc}/"


class WebApiRespond:
    """``respond`` for a request whose response_url was refused: the Web API instead."""

    response_url = None  # nothing to post to: apologies after a failure go nowhere

    def __init__(self, client: Any, channel: str | None, user: str | None) -> None:
        self.client = client
        self.channel = channel
        self.user = user

    def __call__(self, text: str = "", **kwargs: Any) -> Any:
        message = {k: kwargs[k] for k in ("blocks", "attachments") if kwargs.get(k)}
        if kwargs.get("delete_original") or not self.channel:
            return None
        if kwargs.get("response_type") == "in_channel":
            return self.client.chat_postMessage(channel=self.channel, text=text, **message)
        if not self.user:
            return None
        return self.client.chat_postEphemeral(
            channel=self.channel, user=self.user, text=text, **message
        )


def guard(deps: Deps) -> Plain:
    """A global middleware: a refused response_url is replaced by :class:`WebApiRespond`."""
    api_url = deps.settings.slack_api_url if deps.settings is not None else None

    def check_response_url(request: BoltRequest, next: Callable[[], None]) -> None:
        context = request.context
        url = context.get("response_url")
        if url is not None and not allowed(url, api_url):
            shown = str(url)[:80].encode("unicode_escape").decode("ascii")
            logger.warning(
                "ignored a response_url that is not Slack's (%r) for %s: replying through "
                "the Web API",
                shown,
                describe(request.body),
            )
            context["response_url"] = None
            context["respond"] = WebApiRespond(context.client, context.channel_id, context.user_id)
        next()

    return Plain(check_response_url)

"""The Slack Web API client: every call honours ``SLACK_API_URL`` and retries what is safe.

``make_web_client(settings)`` builds a ``slack_sdk.WebClient`` with

- ``base_url=settings.slack_api_url`` (Slack, GovSlack, or a LocalSlack in tests);
- retry handlers: rate limits (HTTP 429, waiting ``Retry-After`` — off by default in
  slack_sdk), connection errors, and server errors (500/503, with backoff);
- a short timeout for calls made while a user waits (:data:`REQUEST_TIMEOUT`), or a longer
  one for background fan-out (:data:`BACKGROUND_TIMEOUT`, more rate-limit retries), see
  :func:`make_background_client`.

slack_sdk already redacts the ``Authorization`` header in its DEBUG logs; the token is only
ever sent in that header. ``bot.config.configure_logging`` redacts anything token-shaped
besides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.http_retry import (
    BackoffRetryIntervalCalculator,
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    RetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

if TYPE_CHECKING:
    from bot.config import Settings

REQUEST_TIMEOUT = 5.0  # seconds: a user is waiting
BACKGROUND_TIMEOUT = 30.0  # seconds: scheduled fan-out, nobody is waiting on this call


def retry_handlers(
    *, rate_limit_retries: int = 2, server_error_retries: int = 1
) -> list[RetryHandler]:
    """Connection resets (2 tries), 429 + Retry-After, 500/503 (exponential backoff)."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor=0.5)
    return [
        ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        RateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        ServerErrorRetryHandler(max_retry_count=server_error_retries, interval_calculator=backoff),
    ]


def make_web_client(
    settings: Settings,
    *,
    timeout: float = REQUEST_TIMEOUT,
    rate_limit_retries: int = 2,
    server_error_retries: int = 1,
) -> WebClient:
    """A WebClient for ``settings`` (bot token, API base URL) with retries for 429/5xx/resets."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,  # type: ignore[arg-type]  # urllib takes float seconds
        retry_handlers=retry_handlers(
            rate_limit_retries=rate_limit_retries, server_error_retries=server_error_retries
        ),
    )


def without_retries(client: WebClient) -> WebClient:
    """The same client (token, URL, timeout, headers) with no automatic retries at all: for
    claimed posts (bot/delivery.py), where a retry after a timeout, a dropped connection or a
    5xx must first look for the message it may already have posted, and 429 waits renew the
    claim's lease. A client that knows how to copy itself (a workspace's watched client)
    makes the copy."""
    copy_itself = getattr(client, "without_retries", None)
    if callable(copy_itself):
        made: WebClient = copy_itself()
        return made
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=dict(client.headers),
        retry_handlers=[],  # [] is none; None would mean slack_sdk's defaults
    )


def make_background_client(settings: Settings) -> WebClient:
    """For scheduled fan-out: a longer timeout and patience with rate limits."""
    return make_web_client(
        settings, timeout=BACKGROUND_TIMEOUT, rate_limit_retries=5, server_error_retries=2
    )

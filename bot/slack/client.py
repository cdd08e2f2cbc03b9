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

import logging
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.http_retry import (
    BackoffRetryIntervalCalculator,
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    RetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator

if TYPE_CHECKING:
    from bot.config import Settings

REQUEST_TIMEOUT = 5.0  # seconds: a user is waiting
BACKGROUND_TIMEOUT = 30.0  # seconds: scheduled fan-out, nobody is waiting on this call
Sleep = Callable[[float], None]
logger = logging.getLogger(__name__)


def simulated_wait(seconds: float) -> None:
    """A wait that is logged, not slept (WHOOWNS_SIMULATED_WAITS: fault-injection benches,
    whose stand-in for Slack answers many 429s with Retry-After and whose clock is injected)."""
    logger.debug("waiting %.1f s (simulated)", seconds)


def waiter(settings: Settings | None) -> Sleep:
    """How background ticks wait out Retry-After and backoffs: really, unless simulated."""
    return simulated_wait if settings is not None and settings.simulated_waits else time.sleep


class _WaitVia(RetryIntervalCalculator):
    """slack_sdk's backoff, waited out by ``sleep`` (slack_sdk then sleeps 0)."""

    def __init__(self, inner: RetryIntervalCalculator, sleep: Sleep) -> None:
        self.inner, self.sleep = inner, sleep

    def calculate_sleep_duration(self, current_attempt: int) -> float:
        self.sleep(self.inner.calculate_sleep_duration(current_attempt))
        return 0.0


class _RateLimitVia(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (Retry-After, plus up to 1 s), waited out by ``sleep``."""

    def __init__(self, max_retry_count: int, sleep: Sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.sleep = sleep

    def prepare_for_next_attempt(self, *, state: Any, request: Any, **kw: Any) -> None:
        response, error = kw.get("response"), kw.get("error")
        if response is None:
            raise error if isinstance(error, BaseException) else RuntimeError("no response")
        state.next_attempt_requested = True
        found = [v for k, v in response.headers.items() if k.lower() == "retry-after"]
        self.sleep((int(found[0][0]) if found else 1) + random.random())
        state.increment_current_attempt()


def retry_handlers(
    *, rate_limit_retries: int = 2, server_error_retries: int = 1, sleep: Sleep | None = None
) -> list[RetryHandler]:
    """Connection resets (2 tries), 429 + Retry-After, 500/503 (exponential backoff);
    ``sleep``: who waits (None: slack_sdk, with time.sleep)."""
    backoff: RetryIntervalCalculator = BackoffRetryIntervalCalculator(backoff_factor=0.5)
    if sleep is not None:
        backoff = _WaitVia(backoff, sleep)
    rate_limit = (
        RateLimitErrorRetryHandler(max_retry_count=rate_limit_retries)
        if sleep is None
        else _RateLimitVia(rate_limit_retries, sleep)
    )
    return [
        ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        rate_limit,
        ServerErrorRetryHandler(max_retry_count=server_error_retries, interval_calculator=backoff),
    ]


def make_web_client(
    settings: Settings,
    *,
    timeout: float = REQUEST_TIMEOUT,
    rate_limit_retries: int = 2,
    server_error_retries: int = 1,
    sleep: Sleep | None = None,
) -> WebClient:
    """A WebClient for ``settings`` (bot token, API base URL) with retries for 429/5xx/resets."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,  # type: ignore[arg-type]  # urllib takes float seconds
        retry_handlers=retry_handlers(
            rate_limit_retries=rate_limit_retries,
            server_error_retries=server_error_retries,
            sleep=sleep,
        ),
    )


def without_retries(client: WebClient) -> WebClient:
    """The same client (token, URL, timeout, headers) with no automatic retries at all: for
    claimed posts (bot/slack/delivery.py), where a retry after a timeout, a dropped connection or a
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
        settings,
        timeout=BACKGROUND_TIMEOUT,
        rate_limit_retries=5,
        server_error_retries=2,
        sleep=waiter(settings) if settings.simulated_waits else None,
    )

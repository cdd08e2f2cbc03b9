"""The Bolt app: wiring only. Nothing happens at import; ``create_app`` builds everything.

    app = create_app(settings, deps)    # deps: knowledge, matcher, store, client, clock

Request verification (Slack's signature, 5-minute window) stays on: Bolt checks every HTTP
request and answers 401 to forged, unsigned or stale ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from slack_bolt import App

from bot.config import Settings
from bot.deps import Deps
from bot.features import Feature
from bot.listeners.executor import AckInPlaceExecutor, take_mark
from bot.listeners.wiring import register_all
from bot.slack.client import make_web_client

if TYPE_CHECKING:
    from bot.oauth.installs import OAuthInstalls
    from bot.workspaces.scopes import WorkspaceScopes

P = ParamSpec("P")
R = TypeVar("R")


class _NotTheEnvironmentToken(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment itself even when it is given a
    ``client``, and then warns at every start that the token "will be unused": the client
    carries that same token, so the warning says nothing. Only that one line is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client` as well")


_BOLT_LOGGER = "bot.slack"
_TOKEN_NOTE_FILTER = _NotTheEnvironmentToken()


class InlineExecutor(Executor):
    """Runs each listener at once, in the calling thread: replies come in a fixed order.

    For the chat shell and tests. Slack-facing servers keep a thread pool, so the
    acknowledgement never waits for the work after it.
    """

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        take_mark()  # everything runs in place here anyway
        future: Future[R] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def create_app(
    settings: Settings,
    deps: Deps,
    *,
    listener_executor: Executor | None = None,
    features: Sequence[Feature] | None = None,
    services: Mapping[str, Any] | None = None,
    socket_mode: bool = False,
    oauth: OAuthInstalls | None = None,
    scopes: WorkspaceScopes | None = None,
) -> App:
    """The app for ``settings`` (bot token, signing secret) and ``deps``.

    ``listener_executor`` runs listeners after the acknowledgement (default: a small pool;
    answers in the ack in place); the chat shell passes one that runs them at once, in order.
    ``features``: default :data:`bot.features.FEATURES`; ``services``: theirs, if already built
    (``whoowns serve`` shares them with the ticker).
    ``socket_mode=True``: no signing secret needed (Socket Mode requests are not signed).
    OAuth mode (``settings.oauth_mode``, HTTP only): installs in several workspaces through
    ``oauth`` (built from ``deps`` when not given), no bot token.
    ``scopes``: each request gets its workspace's deps and services (OAuth mode builds one
    when not given; single-token mode's ``deps.store`` is already its workspace's).
    """
    settings.require(["SLACK_BOT_TOKEN"] if socket_mode else settings.http_requirements())
    kwargs: dict[str, Any] = {"listener_executor": listener_executor or AckInPlaceExecutor()}
    bolt_logger = logging.getLogger(_BOLT_LOGGER)
    if _TOKEN_NOTE_FILTER not in bolt_logger.filters:
        bolt_logger.addFilter(_TOKEN_NOTE_FILTER)
    client = deps.client or make_web_client(settings)
    if not client.token:
        client.token = settings.bot_token
    if settings.oauth_mode and not socket_mode:
        from bot.oauth.installs import OAuthInstalls

        oauth = oauth or OAuthInstalls.build(settings, deps.store, client, deps.clock)
        kwargs.update(oauth.app_kwargs())  # the install flow and authorize per workspace
        if scopes is None:
            from bot.features import installed
            from bot.workspaces.scopes import WorkspaceScopes

            scopes = WorkspaceScopes(deps, installed() if features is None else features)
    else:
        oauth = None
    app = App(
        name="whoowns",
        signing_secret=settings.signing_secret or "",  # "": Bolt must not read the env
        client=client,  # carries the bot token; Bolt checks it with auth.test here
        process_before_response=False,
        request_verification_enabled=True,
        logger=bolt_logger,
        **kwargs,
    )
    if oauth is not None:
        oauth.register(app)  # uninstall listeners, before the features' catch-all
    register_all(app, deps, features=features, services=services, scopes=scopes)
    # slack_sdk's WebhookClient (Bolt's respond) logs each failed response_url post at ERROR,
    # once per retry; the listener's error handling logs it once, in one line
    logging.getLogger("slack_sdk.webhook.client").setLevel(logging.CRITICAL)
    return app

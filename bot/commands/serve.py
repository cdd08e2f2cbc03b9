"""``whoowns serve [--host HOST] [--port PORT] [--database-url URL]``: the Slack app over
HTTP on a production server.

One Request URL, ``POST /slack/events``, for slash commands, interactivity and events;
``GET /health`` for the platform. In OAuth mode (``SLACK_CLIENT_ID`` and
``SLACK_CLIENT_SECRET`` instead of ``SLACK_BOT_TOKEN``, :mod:`bot.oauth`) also
``GET /slack/install`` and ``GET /slack/oauth_redirect``: installs in several workspaces.
Exit status: 0 after SIGTERM/Ctrl-C, 1 when the knowledge, the database or Slack is not
usable at start-up, 2 for a missing or malformed setting.
Every start-up failure is one line on stderr (the knowledge lists each problem).

:func:`build_runtime` is the wiring shared with ``whoowns socket``.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from slack_bolt import App

    from bot.config import Settings
    from bot.deps import Deps
    from bot.features import Feature
    from bot.kb.models import Knowledge
    from bot.web.ticker import Job

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_STARTUP, EXIT_CONFIG = 0, 1, 2
DEFAULT_HOST = "0.0.0.0"


class StartupError(Exception):
    """Start-up cannot go on; ``lines`` go to stderr as they are."""

    def __init__(self, *lines: str, code: int = EXIT_STARTUP) -> None:
        super().__init__(lines[-1] if lines else "start-up failed")
        self.lines = lines
        self.code = code


@dataclass
class Runtime:
    """Everything a running bot holds; ``close()`` releases it."""

    settings: Settings
    deps: Deps
    app: App
    tick_jobs: list[Job] = field(default_factory=list)

    def close(self) -> None:
        if self.deps.store is not None:
            self.deps.store.close()


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port 1..65535, got {value}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    from bot.commands._common import add_database_option, add_knowledge_option, add_org_knowledge

    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="HOST",
        help=f"address to listen on (default {DEFAULT_HOST}: every interface)",
    )
    parser.add_argument(
        "--port", type=_port, metavar="PORT", help="port to listen on (default: PORT, else 3000)"
    )
    add_database_option(parser)
    add_knowledge_option(parser)
    add_org_knowledge(parser)


def load_settings(required: list[str] | None, args: argparse.Namespace | None = None) -> Settings:
    """Settings from the environment, checked for ``required`` (None: what ``whoowns serve``
    needs in its mode), with the command line's ``--knowledge``, ``--org-knowledge`` and
    ``--database-url``."""
    from bot.commands._common import (
        with_database_option,
        with_knowledge_option,
        with_org_knowledge,
    )
    from bot.config import ConfigError, Settings

    try:
        settings = Settings.from_env()
        settings.require(settings.http_requirements() if required is None else required)
    except ConfigError as exc:
        raise StartupError(f"whoowns: {exc}", code=EXIT_CONFIG) from None
    if args is not None:
        settings = with_org_knowledge(with_knowledge_option(settings, args), args)
        settings = with_database_option(settings, args)
    return settings


def build_runtime(settings: Settings, *, socket_mode: bool = False) -> Runtime:
    """Knowledge, store (migrated), Web API client (checked with auth.test), Bolt app."""
    from bot.clock import system_clock
    from bot.deps import Deps
    from bot.features import build_services, installed
    from bot.intent import IntentMatcher
    from bot.slack.client import make_web_client
    from bot.store import StoreUnavailable, open_store

    features = installed()
    knowledge = _knowledge(settings, features)
    client = make_web_client(settings)
    oauth_mode = settings.oauth_mode and not socket_mode
    identity = _identity(settings, oauth_mode=oauth_mode)

    try:
        store = open_store(settings.effective_database_url)
    except StoreUnavailable as exc:
        raise StartupError(f"whoowns: {exc}") from None

    if not oauth_mode:  # one workspace: the bot token's, with the rows from before
        from bot.workspaces.startup import adopt

        try:
            store = adopt(store, identity, system_clock())
        except StoreUnavailable as exc:
            store.close()
            raise StartupError(f"whoowns: {exc}") from None
    deps = Deps(
        knowledge=knowledge,
        matcher=IntentMatcher(knowledge),
        store=store,
        client=client,
        clock=system_clock,
        settings=settings,
    )
    try:
        services = build_services(deps, features)  # one set for the app and the ticker
        app, tick_jobs = _app_and_ticks(settings, deps, features, services, socket_mode)
    except Exception:
        store.close()
        raise
    if oauth_mode:
        from bot.oauth.setup import describe

        where = describe(deps.store)
    else:
        where = f"team {identity.get('team_id')}, bot {identity.get('user_id')}"
    logger.info(
        "whoowns %s ready: %s, database %s, %d services, %d teams, %d resources",
        _version(),
        where,
        store.url,
        len(knowledge.services),
        len(knowledge.teams),
        len(knowledge.resources),
    )
    return Runtime(settings=settings, deps=deps, app=app, tick_jobs=tick_jobs)


def _knowledge(settings: Settings, features: Sequence[Feature]) -> Knowledge:
    from bot.features import load_knowledge
    from bot.kb import KnowledgeError

    try:
        return load_knowledge(
            settings.knowledge_dir, features=features, org=settings.org_knowledge_dir
        )
    except KnowledgeError as exc:
        from bot.kb.problems import problem_lines

        raise StartupError(
            *problem_lines(exc.problems), "whoowns: the knowledge did not load; not starting"
        ) from None


def _app_and_ticks(
    settings: Settings,
    deps: Deps,
    features: Sequence[Feature],
    services: Mapping[str, Any],
    socket_mode: bool,
) -> tuple[App, list[Job]]:
    """The Bolt app and the minute jobs (OAuth mode: each feature's per installed workspace);
    scheduled fan-out gets a patient client (longer timeout, more rate-limit retries)."""
    if settings.oauth_mode and not socket_mode:
        from bot.oauth.setup import oauth_runtime

        return oauth_runtime(settings, deps, features, services)
    from bot.app import create_app
    from bot.slack.client import make_background_client
    from bot.web.ticker import build_tick_jobs

    app = create_app(settings, deps, features=features, services=services, socket_mode=socket_mode)
    background = dataclasses.replace(deps, client=make_background_client(settings))
    return app, build_tick_jobs(background, features=features, services=services)


def _identity(settings: Settings, *, oauth_mode: bool = False) -> Any:
    """auth.test's answer for the bot token (OAuth mode has none: api.test tells that the API
    answers); a refused token or an unreachable API stops here."""
    from slack_sdk.errors import SlackApiError

    from bot.config import DEFAULT_SLACK_API_URL

    try:
        return _api_check(settings) if oauth_mode else _auth_check(settings)
    except SlackApiError as exc:
        if not _answered_like_slack(exc):
            not_json = str(exc.response.get("error")).startswith(NOT_JSON)
            raise StartupError(
                f"whoowns: SLACK_API_URL {settings.slack_api_url} does not look like the Slack "
                f"Web API (auth.test got HTTP {exc.response.status_code}"
                f"{', not JSON' if not_json else ''}); "
                f"check the URL (default {DEFAULT_SLACK_API_URL})"
            ) from None
        reason = exc.response.get("error", "unknown error")
        raise StartupError(
            f"whoowns: Slack refused SLACK_BOT_TOKEN (auth.test: {reason}); "
            "check the Bot User OAuth Token"
        ) from None
    except OSError as exc:
        reason = getattr(exc, "reason", None) or exc
        reason = getattr(reason, "strerror", None) or str(reason)
        raise StartupError(
            f"whoowns: the Slack Web API at {settings.slack_api_url} is not reachable: "
            f"{reason.lower()}"
        ) from None


def quiet_client(settings: Settings, token: str | None) -> Any:
    """A WebClient for one start-up check: no retries, no slack_sdk error log (we report)."""
    from slack_sdk import WebClient

    quiet = logging.Logger("whoowns.startup-check", level=logging.CRITICAL + 1)
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=10,
        logger=quiet,
        retry_handlers=[],
    )


NOT_JSON = "Received a response in a non-JSON format"  # slack_sdk's error for such a body


def _answered_like_slack(exc: Any) -> bool:
    """A Web API answer: JSON with ``ok`` (a refused token is ``{"ok": false, "error": …}``);
    a 404 page or an HTML proxy error is the wrong URL, not a refused token."""
    error = str(exc.response.get("error") or "")
    return exc.response.status_code != 404 and not error.startswith(NOT_JSON)


def _auth_check(settings: Settings) -> Any:
    return quiet_client(settings, settings.bot_token).auth_test()


def _api_check(settings: Settings) -> Any:
    return quiet_client(settings, None).api_test()


def _version() -> str:
    from bot import __version__

    return __version__


def start(
    required: list[str] | None, *, socket_mode: bool = False, args: argparse.Namespace | None = None
) -> Runtime:
    """Settings (checked; ``args``: the command line's options), logging, then the runtime."""
    settings = load_settings(required, args)
    from bot.config import configure_logging

    configure_logging(settings)
    return build_runtime(settings, socket_mode=socket_mode)


def run(args: argparse.Namespace) -> int:
    try:
        # bot token and signing secret, or the OAuth client
        runtime = start(None, args=args)
    except StartupError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return exc.code

    from bot.web.server import serve
    from bot.web.ticker import Ticker
    from bot.web.wsgi import WebApp

    settings = runtime.settings
    port = args.port or settings.port
    web = WebApp(
        runtime.app,
        knowledge=runtime.deps.knowledge,
        store=runtime.deps.store,
        signing_secret=settings.signing_secret,
    )
    ticker = Ticker(runtime.tick_jobs, runtime.deps.clock)
    store: Any = runtime.deps.store

    def after_fork() -> None:
        # connections inherited from the master must not be shared: drop them, unclosed
        store.engine.dispose(close=False)

    routes = "POST /slack/events, GET /health"
    if runtime.app.oauth_flow is not None:
        routes += ", GET /slack/install, GET /slack/oauth_redirect"
    logger.info("listening on %s:%d: %s", args.host, port, routes)
    try:
        return serve(
            web,
            host=args.host,
            port=port,
            workers=settings.web_concurrency,
            threads=settings.web_threads,
            log_level=settings.log_level,
            after_fork=after_fork,
            on_worker_start=ticker.start,
            on_worker_exit=ticker.stop,
        )
    finally:
        runtime.close()

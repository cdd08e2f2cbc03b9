"""``whoowns socket``: the Slack app over Socket Mode (no public URL needed).

Needs ``SLACK_BOT_TOKEN`` and ``SLACK_APP_TOKEN`` (an app-level ``xapp-`` token with
``connections:write``); the signing secret is not used. Same wiring as ``whoowns serve``
(knowledge, store, Web API client honouring ``SLACK_API_URL``, the background ticker).
SIGTERM or Ctrl-C closes the connection and exits 0.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

logger = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    from bot.commands._common import add_database_option, add_knowledge_option, add_org_knowledge

    add_database_option(parser)
    add_knowledge_option(parser)
    add_org_knowledge(parser)


def run(args: argparse.Namespace) -> int:
    from bot.commands.serve import EXIT_OK, StartupError, quiet_client, start

    try:
        runtime = start(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"], socket_mode=True, args=args)
    except StartupError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return exc.code

    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.web.ticker import Ticker

    try:
        # the app-level token, checked once so a bad one is one clear line
        quiet_client(runtime.settings, None).apps_connections_open(
            app_token=runtime.settings.app_token
        )
    except (SlackApiError, OSError) as exc:
        response = getattr(exc, "response", None)
        reason = response.get("error") if response is not None else str(exc).lower()
        print(
            f"whoowns: could not open a Socket Mode connection ({reason}); check SLACK_APP_TOKEN",
            file=sys.stderr,
        )
        runtime.close()
        return 1

    stop = threading.Event()
    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, lambda *_: stop.set())

    # the built-in client opens its connection with apps.connections.open on the app's
    # WebClient, so SLACK_API_URL is honoured there too
    handler = SocketModeHandler(runtime.app, runtime.settings.app_token)
    ticker = Ticker(runtime.tick_jobs, runtime.deps.clock)
    try:
        handler.connect()
        ticker.start()
        logger.info("connected over Socket Mode; Ctrl-C or SIGTERM to stop")
        stop.wait()
        logger.info("stopping")
        return EXIT_OK
    finally:
        ticker.stop()
        handler.close()
        runtime.close()
        for number, old in previous.items():
            signal.signal(number, old)

"""``whoowns socket``: the Slack app over Socket Mode (no public URL needed).

Needs ``SLACK_BOT_TOKEN`` and ``SLACK_APP_TOKEN`` (an app-level ``xapp-`` token with
``connections:write``); the signing secret is not used. Same wiring as ``whoowns serve``
(knowledge, store, Web API client honouring ``SLACK_API_URL``, the background ticker).
SIGTERM or Ctrl-C closes the connection and exits 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any


def configure(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def run(args: argparse.Namespace) -> int:
    from bot.commands.serve import EXIT_OK, EXIT_STARTUP, StartupError, start

    try:
        runtime = start(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"])
    except StartupError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return exc.code

    import logging

    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.web import Ticker

    logger = logging.getLogger(__name__)
    stop = threading.Event()
    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, lambda *_: stop.set())

    # the built-in client opens the connection with apps.connections.open on the app's
    # WebClient, so SLACK_API_URL is honoured there too
    handler = SocketModeHandler(runtime.app, runtime.settings.app_token)
    ticker = Ticker(runtime.tick_jobs, runtime.deps.clock)
    try:
        try:
            handler.connect()
        except Exception as exc:
            reason = getattr(exc, "response", {}) or {}
            detail = reason.get("error") if hasattr(reason, "get") else None
            print(
                "whoowns: could not open a Socket Mode connection"
                f" ({detail or type(exc).__name__}); check SLACK_APP_TOKEN",
                file=sys.stderr,
            )
            return EXIT_STARTUP
        ticker.start()
        logger.info("connected over Socket Mode; Ctrl-C or SIGTERM to stop")
        while not stop.wait(1.0):
            pass
        logger.info("stopping")
        return EXIT_OK
    finally:
        ticker.stop()
        handler.close()
        runtime.close()
        for signum, old in previous.items():
            signal.signal(signum, old)

"""The yardstick for bench/bench_http.py: a Bolt app with one slash-command listener that acks a
fixed string, served by the same gunicorn settings as ``whoowns serve`` (``bot.web.serve``).

    python bench/trivial_bolt.py PORT    # SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL,
                                         # WEB_CONCURRENCY, WHOOWNS_THREADS from the environment
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    from bot.web.server import serve

    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    def whoowns(ack: Ack) -> None:
        ack("Aurora: patching the database engine is AWS's duty.")

    app.command("/whoowns")(whoowns)
    return serve(
        SlackRequestHandler(app),
        port=int(sys.argv[1]),
        host="127.0.0.1",
        workers=int(os.environ.get("WEB_CONCURRENCY", "1")),
        threads=int(os.environ.get("WHOOWNS_THREADS", "32")),
        log_level="WARNING",
    )


if __name__ == "__main__":
    raise SystemExit(main())

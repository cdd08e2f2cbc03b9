"""A local stand-in for Slack's Web API (stdlib only): for the chat shell, the tests and benches.

It listens on 127.0.0.1 (a free port by default), answers Web API methods with plausible
responses, keeps the messages the bot posts (per channel, with their metadata) and records
every call.

    with LocalSlack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        client.chat_postMessage(channel="C1", text="hi")
        [call] = slack.calls_to("chat.postMessage")
        call.args["text"]                      # "hi"
        slack.messages("C1")                   # the stored message, oldest first

Modules:

- ``server``: :class:`LocalSlack` (start/stop, recorded calls, ``fail``, ``socket_send``);
- ``responses``: the fake Web API, one function per method registered with ``@web_api("…")``
  (adding a method is that function and its decorator line);
- ``workspace``: the people, time zone, message timestamps and the message store;
- ``faults``: fault injection (429 with ``Retry-After``, 5xx, Slack error codes, per channel);
- ``calls``: what is recorded, and ``wait_for`` for work Bolt does after the ack;
- ``handler``: HTTP routing and argument decoding; ``websocket``: the Socket Mode socket;
- ``oauth``: the authorize page and ``oauth.v2.access`` for "Add to Slack" installs;
- ``ids``: every fake id and test secret, defined once; ``payloads``: signed Slack requests
  (slash commands, clicks, events) for the chat shell, the tests and the benches.
"""

from __future__ import annotations

from bot.localslack import assistant_api  # noqa: F401 (registers the assistant.threads methods)
from bot.localslack.calls import Call
from bot.localslack.ids import BOT_ID, BOT_USER_ID, TEAM_ID
from bot.localslack.server import LocalSlack

__all__ = ["BOT_ID", "BOT_USER_ID", "TEAM_ID", "Call", "LocalSlack"]

"""``whoowns chat``: a Slack conversation in the terminal, through the real app.

Like Hubot's shell adapter: each line becomes a signed Slack request (a slash command, a DM
``message`` event, a mention, ``app_home_opened`` or a button click) dispatched through the
same Bolt app and listeners the server runs. The bot's Web API calls go to an in-process
:class:`~bot.localslack.LocalSlack`, whose ``on_call`` hook prints each message or Home view as
terminal text. No Slack workspace and no tokens are needed.

    you › patching aurora               a DM to the bot
    you › /whoowns rds                  a slash command in #general (answer only you see)
    you › @whoowns who patches rds?     a mention in #general (answered in a thread)
    you › /home                         open the App Home tab
    you › 1   (or /click 1)             click button [1] (see bot/chat/screen.py)
    you › /tick [2026-03-02T09:00+01:00] run the background jobs (quiz, reviews) once, now or then
    you › /quit                         leave (end of input works too)
"""

from __future__ import annotations

import dataclasses
import json
import logging
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any, TextIO

from slack_bolt import App, BoltRequest, BoltResponse

from bot.chat.form import Form
from bot.chat.screen import Clickable, Screen
from bot.config import Settings
from bot.deps import Deps
from bot.listeners.errors import STORE_DOWN
from bot.localslack import BOT_ID, BOT_USER_ID, Call, LocalSlack
from bot.localslack import payloads as slack_payloads
from bot.localslack.ids import SHELL_CHANNEL_ID as CHANNEL_ID
from bot.localslack.ids import SHELL_CHANNEL_NAME as CHANNEL_NAME
from bot.localslack.ids import SHELL_DM_CHANNEL_ID as DM_CHANNEL
from bot.localslack.ids import SHELL_TOKEN as LOCAL_TOKEN
from bot.localslack.ids import SHELL_USER_ID as USER_ID
from bot.localslack.ids import SHELL_USER_NAME as USER_NAME
from bot.localslack.payloads import ts_now as _ts
from bot.render.primitives import notice_message
from bot.render.terminal import (
    Rendered,
    indent,
    message_blocks,
    render_blocks,
    render_view,
    wrap,
)
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)

BANNER = (
    f"whoowns chat: Slack, simulated in your terminal; you are @{USER_NAME} (user id {USER_ID}) "
    f"in #{CHANNEL_NAME}. Try: patching aurora · /whoowns rds · @whoowns is redshift fully "
    "managed · /home. Type a button's number to click it; /help lists what you can type; "
    "/tick [TIME] runs the daily quiz and review DMs due now (or at TIME); /quit to leave."
)
SHELL_HELP = """\
  QUESTION             a direct message to the bot (e.g. patching aurora, help)
  /whoowns TEXT        the slash command in #general (only you see the answer)
  @whoowns TEXT        a mention in #general (answered in a thread)
  /home                open the bot's App Home tab
  N  or  /click N      click button [N] (it keeps its number while a message shows it)
  /tick [ISO-8601]     run the scheduled jobs (daily quiz, reviews) once, now or at that time
  /quit                leave (end of input works too)"""


TICK_FAILED = "Sorry, the scheduled jobs failed; the log has the details."


class ChatShell:
    """Owns a LocalSlack, the app built for it, and the conversation state on screen."""

    def __init__(
        self,
        out: TextIO,
        *,
        color: bool = False,
        echo_input: bool = False,
        columns: Callable[[], int] = lambda: 0,
    ) -> None:
        """``columns``: the terminal's width now, to wrap to (0: no wrapping)."""
        self.out = out
        self.columns = columns
        self.color = color
        self.echo_input = echo_input
        self.slack = LocalSlack(on_call=self._on_call)
        # your own local workspace: you own it (so every setting is yours to change)
        self.slack.users[USER_ID] = {"is_owner": True, "is_admin": True}
        self.secret = secrets.token_hex(16)
        self.app: App | None = None
        self.deps: Deps | None = None
        self._screen = Screen()
        self._clicked: dict[str, Mapping[str, Any]] = {}  # response_url key -> its message
        self._counter = 0
        self._form: Form | None = None  # a dialog the bot opened, being filled in line by line
        # how Slack shows <@U…> and <#C…>: names, as everywhere else on the screen
        self._names = {USER_ID: USER_NAME, BOT_USER_ID: "whoowns", CHANNEL_ID: CHANNEL_NAME}

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> ChatShell:
        self.slack.start()
        return self

    def settings_for(self, settings: Settings) -> Settings:
        """``settings`` pointed at the local stand-in, with a throwaway signing secret."""
        return dataclasses.replace(
            settings,
            bot_token=LOCAL_TOKEN,
            signing_secret=self.secret,
            app_token=None,
            slack_api_url=self.slack.base_url,
        )

    def attach(self, app: App, deps: Deps | None = None) -> None:
        self.app = app
        self.deps = deps
        self.slack.clear()
        if deps is not None:  # an organisation team's handle reads as the team's name
            for team in deps.knowledge.teams.values():
                if team.slack:
                    self._names.setdefault(team.slack.rpartition(":")[2], team.name)

    def close(self) -> None:
        self.slack.stop()

    # -- the conversation --------------------------------------------------------------------
    def run(self, lines: Iterable[str], *, prompt: bool = False) -> int:
        self._print(BANNER)
        for raw in lines:
            line = raw.strip()
            if self.echo_input and line:
                self._print(f"\nyou › {line}")
            if not self.handle(line):
                break
        return 0

    def handle(self, line: str) -> bool:
        """Act on one typed line; False when the user wants to leave."""
        if self._form is not None:
            self._fill(self._form, line)
            return True
        if not line:
            return True
        word = line.split()[0].lower()
        if word in ("/quit", "/exit", "/q"):
            return False
        if word in ("/help", "/?"):
            self._print(SHELL_HELP)
            return True
        if line.isdigit() or word == "/click":
            self._click(line.split()[-1])
            return True
        if word == "/tick":
            self._tick(line[len("/tick") :].strip())
        elif word == "/whoowns":
            self._slash(line[len("/whoowns") :].strip())
        elif word == "/home":
            self._event(slack_payloads.app_home_opened(USER_ID))
        elif word.startswith("@whoowns"):
            text = f"<@{BOT_USER_ID}> " + line[len("@whoowns") :].strip(" ,:")
            self._event(slack_payloads.app_mention(text, user=USER_ID, channel=CHANNEL_ID))
        elif word.startswith("/"):
            self._print(f"Unknown shell command {word}. Type /help for what works here.")
        else:
            self._event(slack_payloads.im_message(line, user=USER_ID, channel=DM_CHANNEL))
        return True

    def _fill(self, form: Form, line: str) -> None:
        """One answer to the open dialog; sent as Slack would once every input is answered."""
        if line.lower() == "/cancel":
            self._form = None
            self._print("(dialog closed; nothing was sent)")
            return
        form.answer(line)
        if not form.done:
            self._print(form.prompt())
            return
        self._form = None
        request = slack_payloads.view_submission(
            form.view, form.values(), secret=self.secret, user_id=USER_ID, user_name=USER_NAME
        )
        response = self._dispatch(request)
        if response.status != 200:
            self._print(f"(the app answered HTTP {response.status})")

    def _tick(self, when: str) -> None:
        """What the server's background ticker does every minute, once, at ``when`` or now."""
        if self.deps is None:
            self._print("No scheduled jobs here.")
            return
        try:
            now = datetime.fromisoformat(when) if when else self.deps.clock()
        except ValueError:
            self._print(f"Not a time: {when!r}. Try /tick 2026-03-02T09:00+01:00")
            return
        if now.tzinfo is None:
            self._print("Give the time with its offset, e.g. /tick 2026-03-02T09:00+01:00")
            return
        from bot.scheduler.summary import TickSummary
        from bot.web.ticker import build_tick_jobs

        store = self.deps.store
        if store is None or not store.ping():  # the jobs would only fail, one by one
            self._show_store_down()
            return
        ran = "nothing due"
        try:
            for job in build_tick_jobs(self.deps):  # the knowledge reload, the scheduler
                summary = job(now.astimezone(timezone.utc))
                if isinstance(summary, TickSummary):
                    ran = summary.line().split(": ", 1)[1]
        except StoreUnavailable as exc:  # lost half-way
            logger.warning("scheduled jobs at %s: %s", now.isoformat(), exc)
            self._show_store_down()
            return
        except Exception:
            logger.exception("scheduled jobs at %s failed", now.isoformat())
            self._print(TICK_FAILED)
            return
        at = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
        self._print(f"(ran the scheduled jobs at {at}: {ran})")

    def _show_store_down(self) -> None:
        """The words the Slack listeners use when the database does not answer."""
        self._show("whoowns (only you can see this)", notice_message(STORE_DOWN).kwargs(), {})

    # -- requests ----------------------------------------------------------------------------
    def _key(self, kind: str) -> str:
        self._counter += 1
        return f"{kind}-{self._counter}"

    def _dispatch(self, request: slack_payloads.Request) -> BoltResponse:
        assert self.app is not None, "attach(app) first"
        body, headers = request
        return self.app.dispatch(BoltRequest(body=body, headers=dict(headers.items())))

    def _slash(self, text: str) -> None:
        key = self._key("command")
        request = slack_payloads.slash_command(
            text,
            secret=self.secret,
            user_id=USER_ID,
            user_name=USER_NAME,
            channel_id=CHANNEL_ID,
            channel_name=CHANNEL_NAME,
            response_url=self.slack.response_url(key),
            trigger_id=f"{key}.local",
        )
        self._show_ack(self._dispatch(request), key)

    def _event(self, event: dict[str, Any]) -> None:
        event_id = f"Ev{uuid.uuid4().hex[:12].upper()}"
        request = slack_payloads.event_callback(event, secret=self.secret, event_id=event_id)
        response = self._dispatch(request)
        if response.status != 200:
            self._print(f"(the app answered HTTP {response.status})")

    def _click(self, number: str) -> None:
        chosen = self._screen.find(int(number)) if number.isdigit() else None
        if chosen is None:
            self._print(self._screen.describe(number))
            return
        response = self._dispatch(self._click_request(chosen))
        if response.status != 200:
            self._print(f"(the app answered HTTP {response.status})")

    def _click_request(self, chosen: Clickable) -> slack_payloads.Request:
        """The block_actions payload Slack would send for a click on ``chosen``."""
        button, source = chosen.button, chosen.source
        key = self._key("action")
        self._clicked[key] = source
        action = slack_payloads.button_action(
            button.action_id, value=button.value, block_id=button.block_id, text=button.label
        )
        if source.get("view") is not None:
            return slack_payloads.block_actions(
                [action],
                secret=self.secret,
                user_id=USER_ID,
                user_name=USER_NAME,
                channel_id=None,
                view=source["view"],
                response_url=None,
                trigger_id=f"{key}.local",
            )
        channel = str(source.get("channel") or CHANNEL_ID)
        ephemeral = bool(source.get("ephemeral"))
        container = {
            "type": "message",
            "message_ts": source.get("ts") or _ts(),
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        return slack_payloads.block_actions(
            [action],
            secret=self.secret,
            user_id=USER_ID,
            user_name=USER_NAME,
            channel_id=channel,
            channel_name=_channel_label(channel).lstrip("#"),
            message=None if ephemeral else source.get("message"),
            container=container,
            response_url=self.slack.response_url(key),
            trigger_id=f"{key}.local",
        )

    # -- output ------------------------------------------------------------------------------
    def _show_ack(self, response: BoltResponse, key: str) -> None:
        if response.status != 200:
            self._print(f"(the app answered HTTP {response.status})")
            return
        if not response.body:
            return
        try:
            body = json.loads(response.body)
        except ValueError:
            self._show("whoowns", {"text": response.body}, {})
            return
        where = "#general" if body.get("response_type") == "in_channel" else "only you can see this"
        source = {
            "key": f"ack:{key}",
            "channel": CHANNEL_ID,
            "ephemeral": where != "#general",
            "ts": _ts(),
            "message": body,
        }
        self._clicked[key] = source  # the command's response_url may replace this answer
        self._show(f"whoowns ({where})", body, source)

    def _on_call(self, call: Call) -> None:
        """LocalSlack hook: print what the bot sent."""
        args = call.args
        if call.method == "chat.postMessage":
            self._show_posted(call)
        elif call.method == "chat.postEphemeral":
            channel = str(args.get("channel", ""))
            ts = str((call.response or {}).get("message_ts") or _ts())
            source: dict[str, Any] = {"key": f"ephemeral:{channel}:{ts}", "channel": channel}
            source.update(ts=ts, ephemeral=True)
            self._show(
                f"whoowns in {_channel_label(channel)} (only you can see this)",
                _message_args(call),
                source,
            )
        elif call.method == "chat.update":
            self._show_updated(call)
        elif call.method == "chat.delete":
            channel = str(args.get("channel", ""))
            self._screen.remove(f"msg:{channel}:{args.get('ts')}")
            self._print(f"\n(whoowns deleted a message in {_channel_label(channel)})")
        elif call.method == "response_url":
            self._show_response_url(call)
        elif call.method in ("views.publish", "views.open", "views.push", "views.update"):
            view = call.json_arg("view") or {}
            if isinstance(view, Mapping):
                view = {**view, **({"id": (call.response or {}).get("view", {}).get("id")})}
                label = "Home tab" if view.get("type") == "home" else "a dialog opened"
                self._show_view(label, view)

    def _show_posted(self, call: Call) -> None:
        args = call.args
        channel = str((call.response or {}).get("channel") or args.get("channel", ""))
        ts = str((call.response or {}).get("ts") or _ts())
        where = _channel_label(channel) + (" (in a thread)" if args.get("thread_ts") else "")
        payload = _message_args(call)
        message = {
            "type": "message",
            "ts": ts,
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "text": payload.get("text", ""),
            "blocks": payload.get("blocks") or [],
        }
        source = {
            "key": f"msg:{channel}:{ts}",
            "channel": channel,
            "ts": ts,
            "message": message,
            "ephemeral": False,
        }
        self._show(f"whoowns in {where}", payload, source)

    def _show_updated(self, call: Call) -> None:
        args = call.args
        channel = str(args.get("channel", ""))
        payload = _message_args(call)
        message = {
            "type": "message",
            "ts": args.get("ts"),
            "user": BOT_USER_ID,
            "text": payload.get("text", ""),
            "blocks": payload.get("blocks") or [],
        }
        source = {
            "key": f"msg:{channel}:{args.get('ts')}",  # the message it replaces
            "channel": channel,
            "ts": args.get("ts"),
            "message": message,
        }
        self._show(f"whoowns updated a message in {_channel_label(channel)}", payload, source)

    def _show_response_url(self, call: Call) -> None:
        args = call.args
        original = self._clicked.get(call.key or "", {})
        if _truthy(args.get("delete_original")):
            self._screen.remove(str(original.get("key", "")))
            self._print("\n(whoowns deleted its message)")
            return
        payload = _message_args(call)
        in_channel = args.get("response_type") == "in_channel"
        replaces = not in_channel and _truthy(args.get("replace_original")) and original
        if in_channel:
            label = "whoowns in #general"
        elif _truthy(args.get("replace_original")):
            label = "whoowns (replaces its message; only you can see this)"
        else:
            label = "whoowns (only you can see this)"
        ts = str(original.get("ts")) if replaces else _ts()
        message = {
            "type": "message",
            "ts": ts,
            "user": BOT_USER_ID,
            "text": payload.get("text", ""),
            "blocks": payload.get("blocks") or [],
        }
        source = {
            "key": str(original.get("key")) if replaces else f"response:{call.key}:{ts}",
            "channel": CHANNEL_ID,
            "ts": ts,
            "message": message,
            "ephemeral": not in_channel,
        }
        self._show(label, payload, source)

    def _show(self, label: str, payload: Mapping[str, Any], source: Mapping[str, Any]) -> None:
        """Print a message; ``source["key"]`` names it (a message shown again under the same
        key replaces its buttons)."""
        with self._screen.lock:
            shown = render_blocks(
                message_blocks(payload),
                fallback=str(payload.get("text") or ""),
                color=self.color,
                names=self._names,
                numbering=self._screen.number_for,
            )
            key = str(source.get("key") or self._key("shown"))
            self._screen.show(key, [Clickable(b, source) for b in shown.buttons])
            self._emit(label, shown)

    def _show_view(self, label: str, view: Mapping[str, Any]) -> None:
        """Print a view: the Home tab (one, published again and again) or a dialog."""
        key = "view:home" if view.get("type") == "home" else f"view:{view.get('id')}"
        with self._screen.lock:
            shown = render_view(
                view, color=self.color, names=self._names, numbering=self._screen.number_for
            )
            self._screen.show(
                key, [Clickable(b, {"view": view, "key": key}) for b in shown.buttons]
            )
            self._emit(f"whoowns › {label}", shown)
            self._form = Form.of(view) if view.get("type") == "modal" else None
            if self._form is not None:
                self._print(self._form.prompt())

    def _emit(self, label: str, shown: Rendered) -> None:
        title = f"\033[1;35m{label}\033[0m" if self.color else label
        self._print(f"\n{title}:\n{indent(shown.text)}")

    def _print(self, text: str) -> None:
        self.out.write(wrap(text, self.columns()) + "\n")
        self.out.flush()


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _channel_label(channel: str) -> str:
    if channel == CHANNEL_ID:
        return f"#{CHANNEL_NAME}"
    if channel.startswith("D") or channel.startswith("U"):
        return "your DM"
    return f"#{channel.lower()}"


def _message_args(call: Call) -> dict[str, Any]:
    blocks = call.json_arg("blocks") or []
    attachments = call.json_arg("attachments") or []  # a table block lives there
    return {
        "text": call.args.get("text", ""),
        "blocks": blocks if isinstance(blocks, list) else [],
        "attachments": attachments if isinstance(attachments, list) else [],
    }

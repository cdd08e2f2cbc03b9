"""The fake Web API: one small function per method, registered by name.

Adding a method is one function and its decorator::

    @web_api("conversations.join")
    def conversations_join(ws: Workspace, args: Args) -> Response:
        return {"ok": True, "channel": {"id": str(args.get("channel", ""))}}

``args`` are the call's arguments as sent (query string merged with the form or JSON body; a
form-encoded ``blocks`` or ``metadata`` is still a JSON string: :func:`json_arg` decodes
either); the token is already removed. The function answers the JSON body; fault injection
and recording happen around it (bot/localslack/server.py). A method nobody registered
answers ``{"ok": true}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from bot.localslack import ids
from bot.localslack.oauth import bot_id_for, bot_user_for
from bot.localslack.workspace import Workspace

Args = dict[str, Any]
Response = dict[str, Any]
Method = Callable[[Workspace, Args], Response]

METHODS: dict[str, Method] = {}


def web_api(name: str) -> Callable[[Method], Method]:
    """Register the decorated function as the answer to Web API method ``name``."""

    def register(fn: Method) -> Method:
        METHODS[name] = fn
        return fn

    return register


def respond(ws: Workspace, method: str, args: Args) -> Response:
    handler = METHODS.get(method)
    return handler(ws, args) if handler is not None else {"ok": True}


def json_arg(args: Args, name: str, default: Any = None) -> Any:
    """``args[name]``, decoded from JSON when it was sent as a string (form bodies)."""
    value = args.get(name, default)
    if isinstance(value, str | bytes):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def dm_for(channel: str) -> str:
    """Posting to a user id lands in the DM with that user."""
    if channel[:1] in ("U", "W") and len(channel) > 1:
        return ids.dm_channel_for(channel)
    return channel


def _team_of(args: Args) -> str | None:
    """The workspace of the OAuth token that made the call (None: the single-token bot)."""
    auth = args.get("_auth")
    return str(auth["workspace"]) if isinstance(auth, dict) and auth.get("workspace") else None


def channel_of(args: Args) -> str:
    return dm_for(str(args.get("channel", "")))


# -- auth and connections ----------------------------------------------------------------------


@web_api("auth.test")
def auth_test(ws: Workspace, args: Args) -> Response:
    return {
        "ok": True,
        "url": f"https://{ids.TEAM_DOMAIN}.slack.com/",
        "team": ids.TEAM_NAME,
        "user": ids.BOT_NAME,
        "team_id": ids.TEAM_ID,
        "user_id": ids.BOT_USER_ID,
        "bot_id": ids.BOT_ID,
        "is_enterprise_install": False,
    }


@web_api("apps.connections.open")
def apps_connections_open(ws: Workspace, args: Args) -> Response:
    return {"ok": True, "url": ws.socket_mode_url}


# -- messages ----------------------------------------------------------------------------------


@web_api("chat.postMessage")
def chat_post_message(ws: Workspace, args: Args) -> Response:
    channel, ts = channel_of(args), ws.next_ts()
    team = _team_of(args)  # an OAuth token's workspace: its own bot posted the message
    message: dict[str, Any] = {
        "type": "message",
        "user": bot_user_for(team) if team else ids.BOT_USER_ID,
        "bot_id": bot_id_for(team) if team else ids.BOT_ID,
        "text": args.get("text", ""),
        "ts": ts,
    }
    if team:
        message["team"] = team
    if "blocks" in args:
        message["blocks"] = args["blocks"]
    if args.get("thread_ts"):
        message["thread_ts"] = args["thread_ts"]
    if "attachments" in args:  # where Slack shows a table block
        message["attachments"] = args["attachments"]
    stored = dict(message)
    if "blocks" in args:
        stored["blocks"] = json_arg(args, "blocks")
    if "attachments" in args:
        stored["attachments"] = json_arg(args, "attachments")
    if args.get("metadata"):
        stored["metadata"] = json_arg(args, "metadata")
    ws.messages.add(channel, stored)
    return {"ok": True, "channel": channel, "ts": ts, "message": message}


@web_api("chat.postEphemeral")
def chat_post_ephemeral(ws: Workspace, args: Args) -> Response:
    return {"ok": True, "message_ts": ws.next_ts()}


@web_api("chat.update")
def chat_update(ws: Workspace, args: Args) -> Response:
    channel, text = channel_of(args), args.get("text", "")
    changes: dict[str, Any] = {"text": text}
    if "blocks" in args:
        changes["blocks"] = json_arg(args, "blocks")
    if args.get("metadata"):
        changes["metadata"] = json_arg(args, "metadata")
    ws.messages.update(channel, str(args.get("ts")), changes)
    message = {"type": "message", "user": ids.BOT_USER_ID, "text": text}
    return {"ok": True, "channel": channel, "ts": args.get("ts"), "text": text, "message": message}


@web_api("chat.delete")
def chat_delete(ws: Workspace, args: Args) -> Response:
    channel = channel_of(args)
    ws.messages.delete(channel, str(args.get("ts")))
    return {"ok": True, "channel": channel, "ts": args.get("ts")}


# -- views -------------------------------------------------------------------------------------


def _view(ws: Workspace, args: Args) -> Response:
    view = json_arg(args, "view")
    view = dict(view) if isinstance(view, dict) else {}
    view.setdefault("id", f"V{ws.next_ts().replace('.', '')}")
    view.setdefault("team_id", ids.TEAM_ID)
    return {"ok": True, "view": view}


for _name in ("views.publish", "views.open", "views.update", "views.push"):
    web_api(_name)(_view)


# -- conversations and users -------------------------------------------------------------------


@web_api("conversations.open")
def conversations_open(ws: Workspace, args: Args) -> Response:
    users = str(args.get("users", "")).split(",")[0].strip()
    return {"ok": True, "channel": {"id": dm_for(users) if users else ids.DEFAULT_DM_CHANNEL_ID}}


@web_api("conversations.info")
def conversations_info(ws: Workspace, args: Args) -> Response:
    cid = channel_of(args) or ids.DEFAULT_CHANNEL_ID
    return {
        "ok": True,
        "channel": {
            "id": cid,
            "name": cid.lower(),
            "is_channel": cid.startswith("C"),
            "is_group": cid.startswith("G"),
            "is_im": cid.startswith("D"),
            "is_member": True,
            "is_archived": False,
        },
    }


@web_api("usergroups.users.list")
def usergroups_users_list(ws: Workspace, args: Args) -> Response:
    group = str(args.get("usergroup", ""))
    if group not in ws.usergroups:
        return {"ok": False, "error": "no_such_subteam"}
    return {"ok": True, "users": list(ws.usergroups[group])}


@web_api("users.info")
def users_info(ws: Workspace, args: Args) -> Response:
    user_id = str(args.get("user", ""))
    if not user_id:
        return {"ok": False, "error": "user_not_found"}
    known = dict(ws.users.get(user_id) or {})
    tz = known.pop("tz", ws.default_tz)
    name = known.pop("name", user_id.lower())
    user = {
        "id": user_id,
        "team_id": ids.TEAM_ID,
        "name": name,
        "real_name": name,
        "tz": tz,
        "tz_offset": _utc_offset(tz),
        "is_bot": False,
        "is_admin": False,  # .users[id] = {"is_admin": True} (or is_owner) for an admin
        "is_owner": False,
        "deleted": False,
        "profile": {"display_name": name, "real_name": name},
    }
    user.update(known)
    return {"ok": True, "user": user}


def _utc_offset(tz: str) -> int:
    """Seconds east of UTC in ``tz`` now; 0 for a zone this machine does not know."""
    try:
        delta = datetime.now(timezone.utc).astimezone(ZoneInfo(tz)).utcoffset()
    except Exception:  # an unknown or malformed zone name: Slack would say UTC too
        return 0
    return int(delta.total_seconds()) if delta else 0


@web_api("conversations.join")
def conversations_join(ws: Workspace, args: Args) -> Response:
    cid = str(args.get("channel", ""))
    if not cid:
        return {"ok": False, "error": "channel_not_found"}
    return {"ok": True, "channel": {"id": cid, "is_channel": True, "is_member": True}}


def _truthy(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes")


@web_api("conversations.history")
def conversations_history(ws: Workspace, args: Args) -> Response:
    """Like Slack: newest first, ``oldest``/``latest`` exclusive unless ``inclusive``, at most
    ``limit`` (default 100, max 999) per page, ``cursor`` pagination; ``metadata`` only with
    ``include_all_metadata``."""
    channel = channel_of(args)
    if not channel:
        return {"ok": False, "error": "channel_not_found"}
    inclusive = _truthy(args.get("inclusive", False))
    oldest = float(args.get("oldest") or 0)
    latest = float(args.get("latest") or "inf")

    def within(ts: float) -> bool:
        if inclusive:
            return oldest <= ts <= latest
        return oldest < ts < latest

    found = [m for m in ws.messages.in_channel(channel) if within(float(m["ts"]))]
    found.reverse()
    limit = max(1, min(int(args.get("limit") or 100), 999))
    start = int(args.get("cursor") or 0) if str(args.get("cursor") or "0").isdigit() else 0
    page = found[start : start + limit]
    with_metadata = _truthy(args.get("include_all_metadata", False))
    messages = [{k: v for k, v in m.items() if with_metadata or k != "metadata"} for m in page]
    more = start + limit < len(found)
    return {
        "ok": True,
        "messages": messages,
        "has_more": more,
        "response_metadata": {"next_cursor": str(start + limit) if more else ""},
    }

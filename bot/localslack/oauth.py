"""Slack's side of OAuth installs for :class:`bot.localslack.LocalSlack` (stdlib only).

``LocalSlack().oauth`` is a :class:`LocalOAuth`; with it the whole "Add to Slack" flow runs on
127.0.0.1 (set the bot's ``SLACK_AUTHORIZE_URL`` to ``slack.authorize_url`` and
``SLACK_API_URL`` to ``slack.base_url``):

``GET /oauth/v2/authorize?client_id=…&scope=…&state=…[&redirect_uri=…][&team=T…]``
    Slack's approval page: the workspace's name, the scopes asked for, **Allow** (link
    ``#allow``) and **Cancel** (``#cancel``). Allow redirects to the redirect URI with a
    single-use ``code`` and the ``state``; Cancel with ``error=access_denied``. The same URL
    with ``decision=allow`` / ``decision=deny`` skips the page (HTTP clients in tests).
    Each visit is kept in ``oauth.authorizations`` (the query, as sent).
``oauth.v2.access``
    ``code`` → a bot install answer (``team``, ``bot_user_id``, ``access_token``, ``scope``,
    ``authed_user``, ``app_id``; ``refresh_token`` and ``expires_in`` when ``expires_in`` is
    set: token rotation); ``grant_type=refresh_token`` → a rotated token pair (the old refresh
    token stops working). Client id and secret (HTTP Basic, as slack_sdk sends them) are
    checked when ``oauth.client_id`` / ``client_secret`` are set.
``auth.test`` (and every other method) with a token issued here
    answers for that token's workspace; a revoked token gets ``token_revoked``, an expired one
    ``token_expired``. ``auth.revoke`` revokes the token it is called with.
Org-wide installs (``enterprise_install = True``, Enterprise Grid)
    ``oauth.v2.access`` answers ``is_enterprise_install: true``, ``enterprise: {id, name}``
    (:data:`ENTERPRISE_ID`) and ``team: null``, installed by an org admin; ``auth.test`` with
    the org token answers ``is_enterprise_install: true`` and ``enterprise_id``, no
    ``team_id``; ``auth.teams.list`` lists ``org_workspaces`` (the workspaces the org's
    admins granted; team id → name). ``uninstall(ENTERPRISE_ID)`` revokes the org token.

Each recorded :class:`bot.localslack.Call` made with a token issued here carries
``args["_auth"] = {"workspace": "T…"}`` (which workspace's token was used); with the org token,
``{"enterprise": "E…"}`` and the ``team_id`` the call named, if any, as ``"workspace"``.

Settings: ``workspaces`` (team id → name; T0LOCAL "whoowns local" to start with),
``redirect_uri`` (the app's configured Redirect URL, used when the request names none),
``expires_in`` (None: tokens never expire, no refresh token), ``rotated_expires_in``,
``enterprise_install`` (the next installs are org-wide, Enterprise Grid). ``uninstall(team)``
revokes every token of a workspace, as Slack does when the app is removed there.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode

from bot.localslack import ids

AUTHORIZE_PATH = "/oauth/v2/authorize"
APP_ID = ids.APP_ID
INSTALLER = "U0ADMIN"
ENTERPRISE_ID = "E0LOCAL"
ENTERPRISE_NAME = "whoowns grid"


@dataclass
class _Grant:
    team: str
    redirect_uri: str
    scopes: str
    enterprise: bool


@dataclass
class _Token:
    team: str  # the enterprise id for an org-wide token
    expires_at: float | None
    ref: str  # names the token in recorded calls, which never hold the token itself
    revoked: bool = False
    org: bool = False


def bot_user_for(team: str) -> str:
    """The bot's user id in ``team`` (``U0BOT`` in T0LOCAL, like the rest of LocalSlack)."""
    return ids.BOT_USER_ID if team == ids.TEAM_ID else f"U{team[1:]}BOT"


def bot_id_for(team: str) -> str:
    return ids.BOT_ID if team == ids.TEAM_ID else f"B{team[1:]}BOT"


class LocalOAuth:
    def __init__(self, base_url: Any = None) -> None:
        self._base_url = base_url  # callable: the LocalSlack's "http://127.0.0.1:PORT"
        self.client_id: str | None = None
        self.client_secret: str | None = None
        self.workspaces: dict[str, str] = {ids.TEAM_ID: ids.TEAM_NAME}
        self.redirect_uri: str | None = None
        self.expires_in: int | None = None
        self.rotated_expires_in = 12 * 3600
        self.enterprise_install = False
        self.org_workspaces: dict[str, str] = {}  # granted to the org-wide install
        self.authorizations: list[dict[str, str]] = []
        self._codes: dict[str, _Grant] = {}
        self._tokens: dict[str, _Token] = {}
        self._refresh: dict[str, str] = {}  # refresh token -> team
        self._lock = threading.Lock()

    @property
    def authorize_url(self) -> str:
        return f"{self._base_url()}{AUTHORIZE_PATH}"

    def uninstall(self, team: str) -> None:
        """Revoke every token of ``team`` (the app was removed from the workspace)."""
        with self._lock:
            for token in self._tokens.values():
                if token.team == team:
                    token.revoked = True
            self._refresh = {r: t for r, t in self._refresh.items() if t != team}

    def tokens_of(self, team: str) -> list[str]:
        """The live access tokens issued for ``team``, oldest first."""
        with self._lock:
            return [k for k, t in self._tokens.items() if t.team == team and not t.revoked]

    # -- hooks called by LocalSlack ------------------------------------------------------
    def serve(self, handler: BaseHTTPRequestHandler, url: SplitResult, args: dict) -> bool:
        """The approval page (True: answered here); otherwise tag ``args`` with the auth."""
        if url.path == AUTHORIZE_PATH:
            self._authorize_page(handler, dict(parse_qsl(url.query, keep_blank_values=True)))
            return True
        auth = self._auth_of(handler.headers.get("Authorization") or "", args)
        if auth:
            args["_auth"] = auth
        return False

    def respond(self, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """An answer for ``method`` (None: LocalSlack's usual one)."""
        auth = args.get("_auth") or {}
        if method == "oauth.v2.access":
            return self._access(args, auth)
        if "error" in auth:
            return {"ok": False, "error": auth["error"]}
        if auth.get("enterprise"):
            return self._org_answer(method, auth)
        team = auth.get("workspace")
        if team is None:
            return None
        if method == "auth.test":
            return self._auth_test(team)
        if method == "auth.revoke":
            return self._revoke(auth)
        return None

    def _revoke(self, auth: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            for token in self._tokens.values():
                if token.ref == auth["token_ref"]:
                    token.revoked = True
        return {"ok": True, "revoked": True}

    def _org_answer(self, method: str, auth: dict[str, str]) -> dict[str, Any] | None:
        """``auth.test``, ``auth.teams.list`` and ``auth.revoke`` with the org token."""
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://whoowns-grid.enterprise.slack.com/",
                "team": ENTERPRISE_NAME,
                "user": "whoowns",
                "user_id": bot_user_for(ENTERPRISE_ID),
                "bot_id": bot_id_for(ENTERPRISE_ID),
                "enterprise_id": ENTERPRISE_ID,
                "is_enterprise_install": True,
            }
        if method == "auth.teams.list":
            teams = [{"id": t, "name": n} for t, n in self.org_workspaces.items()]
            return {"ok": True, "teams": teams, "response_metadata": {"next_cursor": ""}}
        if method == "auth.revoke":
            return self._revoke(auth)
        return None

    # -- internals -----------------------------------------------------------------------
    def _auth_of(self, header: str, args: dict[str, Any]) -> dict[str, str]:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "basic":
            try:
                client_id, _, secret = base64.b64decode(value).decode().partition(":")
            except ValueError:
                return {"client": "malformed"}
            ok = (self.client_id in (None, client_id)) and (self.client_secret in (None, secret))
            return {"client": "ok" if ok else "invalid"}
        token = value if scheme.lower() == "bearer" else str(args.get("token") or "")
        with self._lock:
            known = self._tokens.get(token)
            if known is None:
                return {}
            if known.revoked:
                return {"workspace": known.team, "error": "token_revoked"}
            if known.expires_at is not None and known.expires_at <= time.time():
                return {"workspace": known.team, "error": "token_expired"}
            if known.org:
                named = args.get("team_id")
                where = {"workspace": named} if isinstance(named, str) and named else {}
                return {"enterprise": known.team, "token_ref": known.ref, **where}
            return {"workspace": known.team, "token_ref": known.ref}

    def _authorize_page(self, handler: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        self.authorizations.append(dict(query))
        if self.client_id is not None and query.get("client_id") != self.client_id:
            _send_html(handler, 400, _page("invalid_client_id", "<p>Unknown app.</p>"))
            return
        redirect = query.get("redirect_uri") or self.redirect_uri
        if not redirect:
            _send_html(handler, 400, _page("bad_redirect_uri", "<p>No redirect URL.</p>"))
            return
        team = query.get("team") or next(iter(self.workspaces))
        decision = query.get("decision")
        state = query.get("state", "")
        if decision == "allow":
            code = secrets.token_hex(12)
            with self._lock:
                self._codes[code] = _Grant(
                    team, redirect, query.get("scope", ""), self.enterprise_install
                )
            _redirect(handler, redirect, {"code": code, "state": state})
        elif decision == "deny":
            _redirect(handler, redirect, {"error": "access_denied", "state": state})
        else:
            _send_html(handler, 200, self._approval(query, team))

    def _approval(self, query: dict[str, str], team: str) -> str:
        scopes = "".join(f"<li>{escape(s)}</li>" for s in query.get("scope", "").split(",") if s)
        allow = AUTHORIZE_PATH + "?" + urlencode({**query, "decision": "allow"})
        deny = AUTHORIZE_PATH + "?" + urlencode({**query, "decision": "deny"})
        name = escape(self.workspaces.get(team, team))
        where = f"<strong>{name}</strong> workspace"
        if self.enterprise_install:
            where = f"whole <strong>{escape(ENTERPRISE_NAME)}</strong> organisation (org-wide)"
        return _page(
            "whoowns is requesting permission",
            f"<p>to access the {where} (local stand-in for Slack).</p>"
            f"<ul id='scopes'>{scopes}</ul>"
            f"<p><a id='allow' href='{escape(allow)}'>Allow</a> "
            f"<a id='cancel' href='{escape(deny)}'>Cancel</a></p>",
        )

    def _access(self, args: dict[str, Any], auth: dict[str, str]) -> dict[str, Any]:
        if auth.get("client") != "ok":
            return {"ok": False, "error": "invalid_client_id"}
        with self._lock:
            if args.get("grant_type") == "refresh_token":
                team = self._refresh.pop(str(args.get("refresh_token")), None)
                if team is None:
                    return {"ok": False, "error": "invalid_refresh_token"}
                return self._issue(
                    team, "", self.rotated_expires_in, rotated=True, org=team.startswith("E")
                )
            grant = self._codes.pop(str(args.get("code")), None)
            if grant is None:
                return {"ok": False, "error": "invalid_code"}
            if args.get("redirect_uri") and args["redirect_uri"] != grant.redirect_uri:
                return {"ok": False, "error": "bad_redirect_uri"}
            if grant.enterprise:
                answer = self._issue(ENTERPRISE_ID, grant.scopes, self.expires_in, org=True)
            else:
                answer = self._issue(grant.team, grant.scopes, self.expires_in)
        answer["authed_user"] = {"id": INSTALLER}  # an org admin, for an org-wide install
        if grant.enterprise:
            answer["team"] = None
            answer["enterprise"] = {"id": ENTERPRISE_ID, "name": ENTERPRISE_NAME}
            answer["is_enterprise_install"] = True
        return answer

    def _issue(
        self,
        team: str,
        scopes: str,
        expires_in: int | None,
        *,
        rotated: bool = False,
        org: bool = False,
    ) -> dict[str, Any]:
        """A new bot token for ``team`` (an enterprise id when ``org``; called with the lock
        held)."""
        prefix = "xoxe.xoxb-1" if expires_in is not None else f"xoxb-{team}"
        token = f"{prefix}-{secrets.token_hex(10)}"
        expires_at = time.time() + expires_in if expires_in is not None else None
        ref = f"t{len(self._tokens) + 1}"
        self._tokens[token] = _Token(team, expires_at, ref=ref, org=org)
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": APP_ID,
            "scope": scopes or "commands,chat:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": bot_user_for(team),
            "team": {"id": team, "name": self.workspaces.get(team, team)},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if expires_in is not None:
            refresh = f"xoxe-1-{secrets.token_hex(10)}"
            self._refresh[refresh] = team
            answer.update(refresh_token=refresh, expires_in=expires_in)
        return answer

    def _auth_test(self, team: str) -> dict[str, Any]:
        name = self.workspaces.get(team, team)
        return {
            "ok": True,
            "url": f"https://{team.lower()}.slack.com/",
            "team": name,
            "user": "whoowns",
            "team_id": team,
            "user_id": bot_user_for(team),
            "bot_id": bot_id_for(team),
            "is_enterprise_install": False,
        }


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def _send_html(handler: BaseHTTPRequestHandler, status: int, html: str) -> None:
    data = html.encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _redirect(handler: BaseHTTPRequestHandler, to: str, params: dict[str, str]) -> None:
    joiner = "&" if "?" in to else "?"
    handler.send_response(302)
    handler.send_header("Location", to + joiner + urlencode(params))
    handler.send_header("Content-Length", "0")
    handler.end_headers()

"""OAuth mode in tests: a whoowns in the test process (WSGI called directly) against
LocalSlack, and the environment of a `whoowns serve` process in OAuth mode.

bot = OAuthBot.start(knowledge, matcher, slack, db_url)
page = bot.install(slack, "T0SECOND")         # install page -> Slack's Allow -> redirect
page.status, page.text, page.cookies
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from bot.app import InlineExecutor, create_app
from bot.clock import system_clock
from bot.config import Settings
from bot.deps import Deps
from bot.oauth.installs import OAuthInstalls
from bot.slack.client import make_web_client
from bot.store import open_store
from bot.web.wsgi import WebApp
from tests.support import slack_requests as sr

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"
REDIRECT_URI = "https://whoowns.example.com/slack/oauth_redirect"


def serve_env(tmp_path: Any, slack: Any, port: int) -> dict[str, str]:
    """The environment of a `whoowns serve` process in OAuth mode on ``port``, against
    ``slack`` (a LocalSlack) for the Web API and the authorize page."""
    from tests.support.processes import whoowns_env

    return whoowns_env(
        tmp_path,
        api_url=slack.base_url,
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_AUTHORIZE_URL=slack.oauth.authorize_url,
        SLACK_REDIRECT_URI=f"http://127.0.0.1:{port}/slack/oauth_redirect",
    )


def oauth_env(slack: Any, db_url: str, **extra: str) -> dict[str, str]:
    return {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": sr.SIGNING_SECRET,
        "SLACK_API_URL": slack.base_url,
        "SLACK_AUTHORIZE_URL": slack.oauth.authorize_url,
        "SLACK_REDIRECT_URI": REDIRECT_URI,
        "DATABASE_URL": db_url,
        **extra,
    }


@dataclass
class Page:
    status: int
    headers: list[tuple[str, str]]
    text: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def cookies(self) -> dict[str, str]:
        found = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                found[name] = rest.split(";")[0]
        return found

    def link(self, element_id: str) -> str:
        match = re.search(rf'id="{element_id}" href="([^"]+)"', self.text)
        assert match, f"no link #{element_id} in {self.text}"
        return unescape(match.group(1))


@dataclass
class OAuthBot:
    settings: Settings
    deps: Deps
    installs: OAuthInstalls
    web: WebApp
    cookies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        knowledge: Any,
        matcher: Any,
        slack: Any,
        db_url: str,
        *,
        cache_ttl: float = 10.0,
        **env: str,
    ) -> OAuthBot:
        """``env``: more settings (``WHOOWNS_ADMINS="T0AAA:U0BOB"``)."""
        settings = Settings.from_env(oauth_env(slack, db_url, **env))
        store = open_store(settings.effective_database_url)
        client = make_web_client(settings)
        deps = Deps(
            knowledge=knowledge, matcher=matcher, store=store, client=client, settings=settings
        )
        installs = OAuthInstalls.build(settings, store, client, system_clock, cache_ttl=cache_ttl)
        app = create_app(settings, deps, oauth=installs, listener_executor=InlineExecutor())
        return cls(settings, deps, installs, WebApp(app, knowledge=knowledge, store=store))

    def close(self) -> None:
        self.deps.store.close()

    def call(
        self, method: str, path: str, query: str = "", request: sr.Request | None = None
    ) -> Page:
        body, headers = request or ("", {})
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(body.encode()),
            "CONTENT_LENGTH": str(len(body.encode())),
            "CONTENT_TYPE": headers.get("Content-Type", ""),
        }
        for name, value in headers.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        seen: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
            seen["status"] = int(status.split()[0])
            seen["headers"] = list(response_headers)

        out = b"".join(self.web(environ, start_response))
        page = Page(seen["status"], seen["headers"], out.decode())
        for name, value in page.cookies.items():  # a browser keeps them
            if value == "deleted":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return page

    def get(self, path: str, **query: str) -> Page:
        return self.call("GET", path, urlencode(query))

    def event(self, request: sr.Request) -> Page:
        return self.call("POST", "/slack/events", request=request)

    def install(self, slack: Any, team: str = "T0LOCAL") -> Page:
        """The whole flow, as a browser would: install page, Allow on Slack's page, back."""
        redirect = self.approve(self.get("/slack/install").link("add-to-slack"), team)
        return self.follow(redirect)

    @staticmethod
    def approve(authorize_url: str, team: str, decision: str = "allow") -> str:
        """Slack's approval page answered: where Slack sends the browser back to."""
        url = f"{authorize_url}&team={team}&decision={decision}"
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(url, timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 302, exc.read()
            return exc.headers["Location"]
        raise AssertionError("Slack's page did not redirect")

    def follow(self, redirect: str) -> Page:
        parts = urlsplit(redirect)
        assert parts.path == "/slack/oauth_redirect", redirect
        return self.call("GET", parts.path, parts.query)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None

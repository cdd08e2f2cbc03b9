"""Start-up messages that say what is wrong: a SLACK_API_URL that is not the Web API (a 404, an
HTML page) is a wrong URL, not a refused token; a malformed signing secret is told its form;
no warning about an unused token at every start."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from bot.localslack import LocalSlack
from tests.support.processes import (
    free_port,
    run_whoowns,
    spawn_whoowns,
    stop,
    wait_for_health,
    whoowns_env,
)

pytestmark = pytest.mark.slow


class _NotSlack(http.server.BaseHTTPRequestHandler):
    """/missing/… answers 404, anything else a 200 HTML page: a web server, not Slack."""

    def do_POST(self) -> None:
        body = b"<html><body>Not here</body></html>"
        self.send_response(404 if self.path.startswith("/missing/") else 200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def not_slack() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotSlack)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("path", "detail"), [("/missing/", "HTTP 404"), ("/page/", "not JSON")])
def test_a_url_that_is_not_the_web_api_is_called_a_wrong_url(tmp_path, not_slack, path, detail):
    url = not_slack + path
    result = run_whoowns("serve", env=whoowns_env(tmp_path, api_url=url))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"whoowns: SLACK_API_URL {url} does not look like the Slack Web API")
    assert detail in line and "check the URL" in line
    assert "refused" not in line


def test_a_malformed_signing_secret_is_told_the_expected_form(tmp_path):
    env = whoowns_env(tmp_path, SLACK_SIGNING_SECRET="pasted the wrong thing!")
    result = run_whoowns("serve", env=env)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "SLACK_SIGNING_SECRET is malformed" in line
    assert "32 hexadecimal characters" in line
    assert "pasted the wrong thing" not in line


def test_no_unused_token_warning_at_start(tmp_path):
    port = free_port()
    with LocalSlack() as slack:
        env = whoowns_env(tmp_path, api_url=slack.base_url, LOG_LEVEL="DEBUG")
        proc = spawn_whoowns(tmp_path, "serve", "--port", str(port), env=env)
        try:
            wait_for_health(f"http://127.0.0.1:{port}/health", proc)
        finally:
            [log] = stop(proc, timeout=15)
    assert "ready: team" in log  # the start-up was logged at all
    assert "will be unused" not in log, log

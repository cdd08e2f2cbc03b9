"""`whoowns serve` as a real process against signed but malformed requests: no 500, no
traceback in its log, one line for each."""

from __future__ import annotations

import pytest

from bot.localslack import LocalSlack
from tests.support import slack_requests as sr
from tests.support.malformed import malformed_requests
from tests.support.processes import free_port, spawn_whoowns, stop, wait_for_health, whoowns_env

pytestmark = pytest.mark.slow

EXPECTED_STATUS = {"event": 200, "command": 400, "interaction": 400}


def test_serve_answers_malformed_requests_with_200_or_400_and_one_line_each(tmp_path):
    port = free_port()
    with LocalSlack() as slack:
        env = whoowns_env(tmp_path, SLACK_API_URL=slack.base_url)
        proc = spawn_whoowns(tmp_path, "serve", "--port", str(port), env=env)
        try:
            wait_for_health(f"http://127.0.0.1:{port}/health", proc)
            requests = list(malformed_requests(12, seed=3))
            for kind, request in requests:
                status, _headers, body = sr.post(f"http://127.0.0.1:{port}/slack/events", request)
                assert status == EXPECTED_STATUS[kind], (kind, status, request[0][:200])
                if kind == "event":
                    assert body == ""
        finally:
            [log] = stop(proc, timeout=15)
    assert "Traceback" not in log, log
    assert log.count("rejected a malformed Slack") == len(requests), log

"""Exactly once, with real processes: concurrent `whoowns quiz tick`, a tick killed between
claim and post, and two `whoowns serve` instances on one database. SQLite and PostgreSQL."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from datetime import datetime, timezone

import pytest

from bot.localslack import LocalSlack, ids
from bot.store import open_store
from bot.store.quiz import CLAIMED, POSTED, QuizStore
from tests.support.processes import (
    free_port,
    run_concurrently,
    run_whoowns,
    stop,
    wait_for_health,
    whoowns_argv,
    whoowns_env,
)

pytestmark = pytest.mark.slow

CHANNELS = [f"C0TEAM{i}" for i in range(6)]
NOW = "2024-01-15T08:00:00Z"  # Monday 09:00 in Berlin
SUBSCRIBED = datetime(2024, 1, 1, tzinfo=timezone.utc)


def subscribe_all(db_url: str, at: str = "09:00", tz: str = "Europe/Berlin", days="weekdays"):
    store = open_store(db_url)
    try:
        quiz = QuizStore(store)
        for channel in CHANNELS:
            # subscribed before every tick of these tests (a schedule starts when it is set)
            quiz.subscribe(channel, at, tz, days, None, SUBSCRIBED)
    finally:
        store.close()


def posts_per_channel(slack: LocalSlack) -> Counter:
    return Counter(c.args["channel"] for c in slack.calls_to("chat.postMessage", ok=True))


def test_four_concurrent_ticks_post_one_question_per_channel(db_url, tmp_path):
    subscribe_all(db_url)
    with LocalSlack() as slack:
        env = whoowns_env(tmp_path, db_url=db_url, api_url=slack.base_url, LOG_LEVEL="WARNING")
        codes, outputs = run_concurrently("quiz", "tick", "--now", NOW, env=env, times=4)
        assert codes == [0, 0, 0, 0], outputs
        assert posts_per_channel(slack) == Counter({c: 1 for c in CHANNELS})
    reports = [out for out, _ in outputs]
    posted = sum(  # a tick that comes after the others finds nothing due
        int(r.split(" due, ")[1].split(" posted")[0])
        for r in reports
        if "nothing due in any workspace" not in r
    )
    assert posted == len(CHANNELS), reports  # the four reports agree with Slack


def _blackhole() -> tuple[socket.socket, str]:
    """A 'Slack' that accepts connections and never answers: the tick hangs mid-post."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return server, f"http://127.0.0.1:{server.getsockname()[1]}/api/"


def test_a_tick_killed_between_claim_and_post_is_finished_by_the_next_one(db_url, tmp_path):
    subscribe_all(db_url)
    blackhole, dead_api = _blackhole()
    store = open_store(db_url)
    quiz = QuizStore(store)
    try:
        proc = subprocess.Popen(
            whoowns_argv("quiz", "tick", "--now", NOW, "--concurrency", "1"),
            env=whoowns_env(tmp_path, db_url=db_url, api_url=dead_api, LOG_LEVEL="WARNING"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not quiz.pending_claims() and time.monotonic() < deadline:
            time.sleep(0.05)
        [claimed] = quiz.pending_claims()  # one channel claimed, its post hanging
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert claimed.state == CLAIMED and claimed.message_ts is None

        with LocalSlack() as slack:
            env = whoowns_env(tmp_path, db_url=db_url, api_url=slack.base_url, LOG_LEVEL="WARNING")
            # within the lease: the claim is left alone
            soon = run_whoowns("quiz", "tick", "--now", "2024-01-15T08:01:00Z", env=env)
            assert soon.returncode == 0 and "1 being posted elsewhere" in soon.stdout
            later = run_whoowns("quiz", "tick", "--now", "2024-01-15T08:05:00Z", env=env)
            assert later.returncode == 0, later.stderr
            assert "1 resumed after a crash" in later.stdout
            assert posts_per_channel(slack) == Counter({c: 1 for c in CHANNELS})
            [resumed] = [
                c
                for c in slack.calls_to("chat.postMessage")
                if c.args["channel"] == claimed.channel
            ]
            assert claimed.question["text"].replace("*", "") in resumed.args["text"]
        post = quiz.post(claimed.id)
        assert post.state == POSTED and post.question_id == claimed.question_id
    finally:
        store.close()
        blackhole.close()


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def _collect_tick_reports(proc: subprocess.Popen, found: list[str]) -> None:
    """Append each tick line ``proc`` logs on stderr to ``found``: the scheduler's line (its
    first tick's is always logged) and the quiz's report (a reader thread, which also keeps
    the pipe drained; it ends with the process)."""

    def read() -> None:
        try:
            for line in proc.stderr:
                if " due, " in line or "bot.scheduler.run: tick " in line:
                    found.append(line.strip())
        except (OSError, ValueError):  # closed by stop() at the end
            return

    threading.Thread(target=read, daemon=True).start()


def _ticked(lines: list[str]) -> bool:
    return any("bot.scheduler.run: tick " in line for line in lines)


def _first_posted(lines: list[str]) -> int:
    """How many questions the instance's first tick posted (0: it found nothing due)."""
    first = next(i for i, line in enumerate(lines) if "bot.scheduler.run: tick " in line)
    reports = [line for line in lines[: first + 1] if "bot.quiz.service: quiz tick " in line]
    return int(reports[0].split(" due, ")[1].split(" posted")[0]) if reports else 0


@pytest.mark.postgres
def test_two_serve_instances_on_one_postgresql_post_once_per_channel(tmp_path):
    from tests.support.databases import fresh_postgres_schema

    with fresh_postgres_schema() as db_url, LocalSlack() as slack:
        # due all day, whatever the real time is: both instances' tickers find every channel due
        subscribe_all(db_url, at="00:00", tz="UTC", days="daily")
        # INFO: each ticker logs its tick's report ("6 due, 4 posted, …") on stderr
        env = whoowns_env(tmp_path, db_url=db_url, api_url=slack.base_url, LOG_LEVEL="INFO")
        ports = [free_port(), free_port()]
        procs = [
            subprocess.Popen(
                whoowns_argv("serve", "--port", str(port)),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for port in ports
        ]
        reports: list[list[str]] = [[], []]
        try:
            for port, proc in zip(ports, procs, strict=True):
                # healthy: its worker (and that worker's ticker) is running
                wait_for_health(f"http://127.0.0.1:{port}/health", proc, timeout=60)
            for proc, found in zip(procs, reports, strict=True):
                _collect_tick_reports(proc, found)
            # wait for both instances' first tick to finish: a duplicate would be posted by then
            deadline = time.monotonic() + 60
            while not all(map(_ticked, reports)) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert all(map(_ticked, reports)), f"no tick from one instance: {reports}"
            assert posts_per_channel(slack) == Counter({c: 1 for c in CHANNELS})
            # the two first ticks shared the work (the later one may find nothing left to do)
            assert sum(map(_first_posted, reports)) == len(CHANNELS), reports
            store = open_store(db_url)
            try:
                # serve gave the subscriptions to the bot token's workspace at start
                quiz = QuizStore(store.scoped(ids.TEAM_ID))
                states = {quiz.post_for(c, _today()).state for c in CHANNELS}
            finally:
                store.close()
            assert states == {POSTED}
        finally:
            stop(*procs, timeout=30)


def test_a_tick_killed_with_sigkill_mid_fan_out_leaves_exactly_one_per_channel(db_url, tmp_path):
    channels = [f"C0FAN{i:02d}" for i in range(40)]
    store = open_store(db_url)
    try:
        quiz = QuizStore(store)
        for channel in channels:
            quiz.subscribe(channel, "09:00", "Europe/Berlin", "weekdays", None, SUBSCRIBED)
    finally:
        store.close()
    with LocalSlack() as slack:
        env = whoowns_env(tmp_path, db_url=db_url, api_url=slack.base_url, LOG_LEVEL="WARNING")
        # Slack answers 12 posts, then posts but holds its answers: posts in flight
        slack.stall("chat.postMessage", after=12)
        proc = subprocess.Popen(
            whoowns_argv("quiz", "tick", "--now", NOW),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            slack.wait_for("chat.postMessage", count=16, timeout=60)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            slack.release()
        for now in ("2024-01-15T08:00:30Z", "2024-01-15T08:03:00Z", "2024-01-15T08:30:00Z"):
            out = run_whoowns("quiz", "tick", "--now", now, env=env)
            assert out.returncode == 0, out.stderr
        shown = {c: len(slack.messages(c)) for c in channels}
        assert shown == {c: 1 for c in channels}
        # the held ones were found by the take-over's lookup, not posted again
        assert len(slack.calls_to("conversations.history")) >= 4
    store = open_store(db_url)
    try:
        assert {QuizStore(store).post_for(c, "2024-01-15").state for c in channels} == {POSTED}
    finally:
        store.close()

"""Running ``whoowns`` as real processes, as an admin would: a clean environment (the caller's
SLACK_*, DATABASE_*, WHOOWNS_*, PORT and LOG_LEVEL left out), a free port, ``/health``, SIGTERM."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support import slack_requests as sr

_OWN_VARIABLES = ("SLACK_", "DATABASE_", "WHOOWNS_", "PORT", "LOG_LEVEL")


def whoowns_env(
    tmp_path: Path, *, db_url: str | None = None, api_url: str | None = None, **extra: str
) -> dict[str, str]:
    """The environment for a ``whoowns`` process: test tokens, ``db_url`` (default: a SQLite
    file under ``tmp_path``), Slack at ``api_url`` (LocalSlack), and ``extra`` variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_VARIABLES)}
    env.update(
        SLACK_BOT_TOKEN=sr.BOT_TOKEN,
        SLACK_SIGNING_SECRET=sr.SIGNING_SECRET,
        DATABASE_URL=db_url or f"sqlite:///{tmp_path / 'db' / 'whoowns.db'}",
        WHOOWNS_DATA_DIR=str(tmp_path / "data"),
    )
    if api_url is not None:
        env["SLACK_API_URL"] = api_url
    env.update(extra)
    return env


def whoowns_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot", *args]


def run_whoowns(
    *args: str,
    env: dict[str, str],
    timeout: float = 60,
    input: str | None = None,
    cwd: Path | str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``whoowns ARGS`` to the end: its exit status, stdout and stderr (text); ``input`` is
    its stdin."""
    return subprocess.run(
        whoowns_argv(*args),
        env=env,
        input=input,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_whoowns_in_terminal(
    *args: str, env: dict[str, str], input: str, columns: int, rows: int = 40, timeout: float = 60
) -> str:
    """``whoowns ARGS`` in a pseudo-terminal ``columns`` wide (as in a user's terminal window,
    no ``COLUMNS`` variable), ``input`` typed ahead: all it wrote there (escape codes and all,
    lines ending in CR LF)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm"
    proc = subprocess.Popen(whoowns_argv(*args), env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    os.write(master, input.encode())
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the process closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif proc.poll() is not None:
                break
        else:
            raise AssertionError(f"whoowns {' '.join(args)} did not finish in {timeout} s")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    return b"".join(chunks).decode("utf-8", errors="replace")


def run_concurrently(
    *args: str, env: dict[str, str], times: int, timeout: float = 90
) -> tuple[list[int], list[tuple[str, str]]]:
    """Start ``times`` identical ``whoowns`` processes at once and wait for all: their exit
    statuses and (stdout, stderr)."""
    procs = [
        subprocess.Popen(
            whoowns_argv(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(times)
    ]
    outputs = [p.communicate(timeout=timeout) for p in procs]
    return [p.returncode for p in procs], outputs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.status, json.loads(resp.read())


def spawn_whoowns(log_dir: Path, *args: str, env: dict[str, str]) -> subprocess.Popen:
    """``whoowns ARGS`` in the background, its stderr in a file under ``log_dir`` (a pipe read
    only at the end would block a chatty server once its 64 KB buffer is full)."""
    log = log_dir / f"whoowns-{'-'.join(args[:1])}-{time.monotonic_ns()}.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            whoowns_argv(*args), env=env, stdout=subprocess.DEVNULL, stderr=sink, text=True
        )
    proc.log_path = log  # type: ignore[attr-defined]
    return proc


def _stderr_of(proc: subprocess.Popen) -> str:
    log = getattr(proc, "log_path", None)
    if log is not None:
        return log.read_text()
    return proc.stderr.read() if proc.stderr else ""


def wait_for_health(url: str, proc: subprocess.Popen, timeout: float = 30) -> dict:
    """``/health``'s JSON once the server answers 200; fails if ``proc`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}: {_stderr_of(proc)}")
        try:
            return get_json(url)[1]
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("server did not answer /health in time")


def stop(*procs: subprocess.Popen, timeout: float) -> list[str]:
    """SIGTERM every process, wait for each; their stderr (a process still running after
    ``timeout`` is killed, and the test fails)."""
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    try:
        outputs = [proc.communicate(timeout=timeout)[1] or "" for proc in procs]
        return [
            _stderr_of(p) if hasattr(p, "log_path") else out
            for p, out in zip(procs, outputs, strict=True)
        ]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()

"""HTTP benchmark: `whoowns serve` (gunicorn) vs Bolt's development server, same app, same run.

Over loopback, against a LocalSlack standing in for the Web API:

1. signed ``/whoowns patching aurora`` slash commands at concurrency 16 and 64 (``--requests``
   each, default 1000): errors, p50/p99 time to the HTTP 200, throughput — for the production
   server and for Bolt's built-in ``app.start()`` server running the same ``create_app``;
2. the production server's resident memory (worker + master) sampled every 1,000 requests
   up to 10,000.

    python bench/bench_http.py                  # prints the tables (paste into the README)
    python bench/bench_http.py --requests 500 --memory-requests 10000

Targets: zero errors; p99 ≤ 150 ms at 16; throughput ≥ 5× the development server;
RSS ≤ 150 MB and flat over the last half.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.localslack import LocalSlack, ids  # noqa: E402
from bot.localslack import payloads as sr  # noqa: E402

QUESTION = "patching aurora"

DEV_SERVER = """
import logging, sys
from bot.commands.serve import start
runtime = start(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"])
logging.getLogger().setLevel(logging.WARNING)
runtime.app.start(port=int(sys.argv[1]), http_server_logger_enabled=False)
"""


@dataclass
class Result:
    server: str
    concurrency: int
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    per_second: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listening on {port} after {timeout}s")


def load(port: int, concurrency: int, total: int, *, timeout: float = 10) -> Result:
    """``total`` signed slash commands from ``concurrency`` keep-alive connections."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [total]

    def take() -> bool:
        with lock:
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

    def worker() -> None:
        nonlocal errors
        conn: http.client.HTTPConnection | None = None
        while take():
            body, headers = sr.slash_command(QUESTION)
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
                if resp.getheader("Connection", "").lower() == "close" or resp.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                ok = False
                if conn is not None:
                    conn.close()
                conn = None
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return Result("", concurrency, total, errors, pct(0.50), pct(0.99), len(latencies) / wall)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def start_server(kind: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    if kind == "gunicorn":
        cmd = [sys.executable, "-m", "bot", "serve", "--port", str(port)]
    else:
        cmd = [sys.executable, "-c", DEV_SERVER, str(port)]
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    wait_until_up(port, proc)
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per concurrency")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--memory-requests", type=int, default=10_000)
    args = parser.parse_args()

    with LocalSlack() as slack, tempfile.TemporaryDirectory(prefix="whoowns-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}
        env.update(
            SLACK_BOT_TOKEN=ids.BOT_TOKEN,
            SLACK_SIGNING_SECRET=ids.SIGNING_SECRET,
            SLACK_API_URL=slack.base_url,
            DATABASE_URL=f"sqlite:///{tmp}/whoowns.db",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        results: list[Result] = []
        for kind, label in (("gunicorn", "whoowns serve"), ("dev", "Bolt app.start()")):
            port = free_port()
            proc = start_server(kind, port, env)
            try:
                load(port, 4, 50)  # warm-up
                for concurrency in args.concurrency:
                    result = load(port, concurrency, args.requests)
                    result.server = label
                    results.append(result)
            finally:
                stop_server(proc)

        print(
            f"# whoowns HTTP benchmark — {platform.python_implementation()} "
            f"{platform.python_version()}, {os.cpu_count()} CPUs, loopback, LocalSlack"
        )
        print(f"signed `/whoowns {QUESTION}` slash commands, {args.requests} per run\n")
        print("| server | concurrency | requests | errors | p50 ms | p99 ms | req/s |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(
                f"| {r.server} | {r.concurrency} | {r.requests} | {r.errors} | "
                f"{r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.per_second:.0f} |"
            )
        print()
        for concurrency in args.concurrency:
            prod = next(
                r for r in results if r.server == "whoowns serve" and r.concurrency == concurrency
            )
            dev = next(
                r for r in results if r.server != "whoowns serve" and r.concurrency == concurrency
            )
            ratio = prod.per_second / dev.per_second if dev.per_second else float("inf")
            print(f"concurrency {concurrency}: throughput {ratio:.1f}x the development server")

        # memory over many requests
        port = free_port()
        proc = start_server("gunicorn", port, env)
        try:
            workers = children(proc.pid)
            samples: list[tuple[int, float, float]] = []
            sent = 0
            step = 1000
            errors = 0
            samples.append((0, sum(rss_mb(w) for w in workers), rss_mb(proc.pid)))
            while sent < args.memory_requests:
                errors += load(port, 16, step).errors
                sent += step
                samples.append((sent, sum(rss_mb(w) for w in workers), rss_mb(proc.pid)))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                health_ok = r.status == 200
        finally:
            stop_server(proc)
        print(
            f"\nresident memory of `whoowns serve` ({len(workers)} worker), "
            f"{args.memory_requests} requests at concurrency 16, {errors} errors, "
            f"health after: {'200' if health_ok else 'failed'}\n"
        )
        print("| requests | worker RSS MB | master RSS MB |")
        print("|---:|---:|---:|")
        for count, worker_mb, master_mb in samples:
            print(f"| {count} | {worker_mb:.1f} | {master_mb:.1f} |")
        half = [s for s in samples if s[0] >= args.memory_requests // 2]
        growth = half[-1][1] - half[0][1]
        print(
            f"\nworker RSS over the last half: {half[0][1]:.1f} → {half[-1][1]:.1f} MB "
            f"({growth:+.1f} MB); peak {max(s[1] for s in samples):.1f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""HTTP benchmark: ``whoowns serve`` against a trivial Bolt app, same gunicorn settings, one run.

Both servers run on gunicorn through ``bot.web.serve`` (gthread, WEB_CONCURRENCY workers ×
WHOOWNS_THREADS threads; ``whoowns serve``'s default is 1 × 32), with LocalSlack as the Web API.
The trivial app (bench/trivial_bolt.py) is one slash-command listener acking a fixed string.
The load is ``wrk`` (bench/signed_requests.lua) at ``--concurrency`` connections for
``--seconds``, each request a ``/whoowns`` slash command signed with the signing secret just
before the run (Bolt verifies every signature).

The load is varied: ``--questions`` distinct texts (default 2,000: eight questions — who owns,
a comparison with its table, several services — each in many phrasings, casings and suffixes),
one per signed request of the pool. The wrk threads start half a pool apart and walk it in
order, so a text comes back only after about 2,000 requests, far past the 512 answers and
cards ``whoowns serve`` keeps: every request is parsed, answered and rendered, and the
throughput does not rest on kept answers. ``--questions 1`` measures the kept-answer path.

    python bench/bench_http.py                          # 1×32 (the default) and 2×16
    python bench/bench_http.py --settings 1x32 --seconds 10
    python bench/bench_http.py --questions 1            # one question: every answer kept

Targets: whoowns ≥ 0.9× the trivial app's req/s at the default settings and ≥ 0.8× at any equal
settings, p99 ≤ 25 ms, no errors.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.localslack import LocalSlack, ids  # noqa: E402
from bot.localslack import payloads as sr  # noqa: E402

POOL = 2000  # signed requests, cycled by each wrk thread
# the questions the load is made of (each asked in many phrasings: see questions())
BASES = (
    "patching aurora",
    "who backs up dynamodb",
    "encryption at rest on rds",
    "rds vs aurora",
    "who patches the os on ec2",
    "high availability documentdb",
    "monitoring redshift",
    "is dynamodb fully managed",
)
PREFIXES = ("", "who owns ", "who handles ", "hey, ", "who does ")
SUFFIXES = ("", "?", " please", "??")
LUA = ROOT / "bench" / "signed_requests.lua"


@dataclass
class Result:
    server: str
    settings: str
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    per_second: float
    threads: int  # the most threads the server's processes had at once while loaded


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
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


def questions(count: int) -> list[str]:
    """``count`` distinct question texts, the :data:`BASES` in turn, each in another casing,
    prefix and suffix (then numbered), all of them understood as their base question."""
    out: list[str] = []
    n = 0
    while len(out) < count:
        words = BASES[n % len(BASES)].split()
        variant = n // len(BASES)
        caps, variant = variant % 2 ** len(words), variant // 2 ** len(words)
        text = " ".join(w.upper() if caps >> i & 1 else w for i, w in enumerate(words))
        text = PREFIXES[variant % len(PREFIXES)] + text
        text += SUFFIXES[variant // len(PREFIXES) % len(SUFFIXES)]
        if variant >= len(PREFIXES) * len(SUFFIXES):
            text += f" {variant}"
        out.append(text)
        n += 1
    return out


def signed_pool(path: Path, count: int, api_url: str, distinct: int) -> None:
    """``count`` slash commands signed now (Bolt accepts a timestamp for 5 minutes), asking
    ``distinct`` different questions in turn."""
    texts = questions(min(distinct, count))
    with path.open("w", encoding="utf-8") as f:
        for n in range(count):
            body, headers = sr.slash_command(
                texts[n % len(texts)],
                trigger_id=f"1337.{n}.bench",
                response_url=f"{api_url}/response_url/{n}",
            )
            if "\n" in body or "\t" in body:
                raise SystemExit("a form body has no tab or newline")
            ts, sig = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
            f.write(f"{ts}\t{sig}\t{body}\n")


def threads_of(root: int) -> int:
    """Threads of process ``root`` and its children (gunicorn's master and workers), from
    /proc (0 where there is none)."""
    pids = [root]
    try:
        children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
    except OSError:
        children = []
    pids += [int(pid) for pid in children]
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):  # a process that just ended
            total += len(os.listdir(f"/proc/{pid}/task"))
    return total


class ThreadCount:
    """The most threads ``pid``'s processes have at once, sampled every 0.2 s meanwhile."""

    def __init__(self, pid: int) -> None:
        self.pid, self.most = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.most = max(self.most, threads_of(self.pid))

    def __enter__(self) -> ThreadCount:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def wrk(
    port: int, concurrency: int, seconds: int, pool: Path
) -> tuple[int, int, float, float, float]:
    threads = min(2, concurrency)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{concurrency}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}",
        ],
        env={**os.environ, "SIGNED_REQUESTS": str(pool), "WRK_THREADS": str(threads)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    if found is None:
        raise SystemExit(f"wrk printed no RESULT line:\n{out}")
    total, failed, non2xx, p50, p99, duration = (int(x) for x in found.groups())
    ok = total - non2xx
    return total, failed + non2xx, p50 / 1000, p99 / 1000, ok / (duration / 1e6)


def start(kind: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    if kind == "whoowns":
        cmd = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    else:
        cmd = [sys.executable, str(ROOT / "bench" / "trivial_bolt.py"), str(port)]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    wait_until_up(port, proc)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run(
    kind: str, setting: str, env: dict[str, str], args: argparse.Namespace, pool: Path
) -> Result:
    workers, threads = setting.split("x")
    port = free_port()
    proc = start(kind, port, {**env, "WEB_CONCURRENCY": workers, "WHOOWNS_THREADS": threads})
    try:
        wrk(port, args.concurrency, 2, pool)  # warm-up
        # fresh timestamps for the measured run
        signed_pool(pool, POOL, env["SLACK_API_URL"], args.questions)
        with ThreadCount(proc.pid) as count:
            total, errors, p50, p99, rate = wrk(port, args.concurrency, args.seconds, pool)
    finally:
        stop(proc)
    label = "whoowns serve" if kind == "whoowns" else "trivial Bolt app"
    return Result(label, f"{workers} × {threads}", total, errors, p50, p99, rate, count.most)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", nargs="+", default=["1x32", "2x16"], help="WORKERSxTHREADS")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--questions", type=int, default=POOL, help=f"distinct question texts (≤ {POOL})"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    results: list[Result] = []
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
        pool = Path(tmp) / "signed.txt"
        signed_pool(pool, POOL, slack.base_url, args.questions)
        load_before = os.getloadavg()[0]
        for setting in args.settings:
            for kind in ("whoowns", "trivial"):
                results.append(run(kind, setting, env, args, pool))
        load_after = os.getloadavg()[0]

    print(
        f"# whoowns HTTP benchmark: {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, loopback, LocalSlack, "
        f"load average {load_before:.2f} before / {load_after:.2f} after"
    )
    distinct = min(args.questions, POOL)
    asked = f"{distinct:,} distinct questions" if distinct > 1 else f"`{questions(1)[0]}`"
    print(
        f"wrk, {args.concurrency} connections, {args.seconds} s per server, signed "
        f"`/whoowns` slash commands: {asked}\n"
    )
    print(
        "| server | workers × threads | requests | errors | p50 ms | p99 ms | req/s "
        "| threads at most |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.server} | {r.settings} | {r.requests} | {r.errors} | "
            f"{r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.per_second:.0f} | {r.threads} |"
        )
    print()
    for whoowns, trivial in zip(results[::2], results[1::2], strict=True):
        ratio = whoowns.per_second / trivial.per_second if trivial.per_second else float("nan")
        print(f"{whoowns.settings}: whoowns serve at {ratio:.2f}x the trivial app's req/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

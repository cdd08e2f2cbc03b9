"""Cold start of ``whoowns ask`` against a bare interpreter, in one run.

    python bench/bench_cold_start.py [--runs 15]

Runs ``python -c pass`` and ``python -m bot ask --org-knowledge examples/org patching aurora``
alternately, each ``--runs`` times in a fresh process, with a fresh, empty data folder (no
cache from an earlier run), and prints each one's median wall time and their ratio. Both use a
bytecode cache in a temporary folder (``PYTHONPYCACHEPREFIX``), filled by a first, unmeasured run,
as an installed package has its ``.pyc`` files: without it every run would compile ``bot`` anew.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = [sys.executable, "-c", "pass"]
ASK = [
    sys.executable,
    "-m",
    "bot",
    "ask",
    "--org-knowledge",
    str(ROOT / "examples" / "org"),
    "patching",
    "aurora",
]


def _once(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as pycache:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WHOOWNS_", "SLACK_"))}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(WHOOWNS_DATA_DIR=data, PYTHONPYCACHEPREFIX=pycache)
        _once(ASK, env)  # the bytecode cache and the OS file cache (and any knowledge cache)
        bare: list[float] = []
        ask: list[float] = []
        for _ in range(args.runs):
            bare.append(_once(BARE, env))
            ask.append(_once(ASK, env))
    b, a = statistics.median(bare), statistics.median(ask)
    load = os.getloadavg()[0]
    print("| command | runs | median (ms) |")
    print("| --- | ---: | ---: |")
    print(f"| `python -c pass` | {args.runs} | {b * 1000:.1f} |")
    ask_cmd = "whoowns ask --org-knowledge examples/org patching aurora"
    print(f"| `{ask_cmd}` | {args.runs} | {a * 1000:.1f} |")
    print(f"\nratio {a / b:.1f}x  (load average {load:.2f}, {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Intent benchmark: latency and accuracy of the matcher vs a difflib baseline, and cold start.

    python bench/bench_intent.py            # full run (about a minute)
    python bench/bench_intent.py --quick    # fewer rounds, for a smoke check
    python bench/bench_intent.py --baseline ../other-checkout   # also: this tree vs that one

Prints one table. Sizes: the shipped knowledge, and a knowledge base generated in memory
(deterministic seed) with 100x the services (>= 1,000) and >= 100 extra duties with aliases,
the shipped entries included so the question set still applies. The question set is
tests/data/phrasings.yaml; a question is right when intent, duty, services and group all match.

``--baseline DIR`` (DIR: another checkout of the project, e.g. the commit before a refactor)
adds a side-by-side table, measured in the same run: the matcher's p50/p99 on the shipped and
100x knowledge, and the cold start of ``python -m bot ask "patching aurora"``, for this tree and
for DIR. Each tree's matcher runs in its own process (cwd and import path = that tree; the same
question set and generator, warmed up on every question), the processes take turns (this tree,
DIR, DIR, this tree, ...) so that a change of machine load hits both, and so do the cold-start
runs. Bytecode goes to a temporary PYTHONPYCACHEPREFIX, so nothing is written into DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.difflib_matcher import DifflibMatcher  # noqa: E402

try:  # all the knowledge, every feature's sections included
    from bot.features import load_knowledge
except ImportError:  # an older checkout (before bot.features), measured by a --baseline worker
    from bot.kb import load_knowledge
from bot.intent import IntentMatcher, Query  # noqa: E402
from bot.kb.models import Cell, Duty, Group, Knowledge, Service  # noqa: E402

PHRASINGS = ROOT / "tests" / "data" / "phrasings.yaml"
SEED = 20240607
_SYLLABLES = "ka lo ri zen tor mi vax qu el dra no sil bre fa gon ith ul yo pex ar ven tal mor"
SYLLABLES = tuple((_SYLLABLES + " kin sar bu lex ot ra fi dun cor ne wa hul zi pra sto").split())
QUALIFIERS = ("serverless", "analytics", "graph", "streams", "global", "edge", "ledger", "vector")
_OPS = "rotation auditing tuning failover retention sharding vacuuming caching compaction"
OPS = tuple((_OPS + " replication archiving throttling quotas tagging").split())


# ---------------------------------------------------------------------------- data


def load_cases() -> list[dict]:
    return yaml.safe_load(PHRASINGS.read_text(encoding="utf-8"))


def generate_knowledge(
    base: Knowledge, services: int = 1100, duties: int = 110, groups: int = 30, seed: int = SEED
) -> Knowledge:
    """``base`` plus generated services, duties and groups (pseudo-words; deterministic)."""
    rng = random.Random(seed)
    taken = {w for e in _entities(base) for a in (*e.aliases, e.name) for w in a.lower().split()}

    def word() -> str:
        while True:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in taken and len(w) >= 4:
                taken.add(w)
                return w

    categories = list(base.categories)
    new_services: dict[str, Service] = {}
    for i in range(services):
        w = word()
        qualifier = rng.choice(QUALIFIERS) if i % 3 == 0 else ""
        name = f"Amazon {w.title()}" + (f" {qualifier.title()}" if qualifier else "")
        sid = f"{w}-{qualifier}" if qualifier else w
        short = w[:3] + "db"
        aliases = [name.lower(), f"{w} db", f"aws {w}"]
        if qualifier:
            aliases += [f"{w} {qualifier}", f"{qualifier} {w}"]
        if short not in taken:
            taken.add(short)
            aliases.append(short)
        new_services[sid] = Service(
            id=sid,
            name=name,
            category=rng.choice(categories),
            kind=rng.choice(("NoSQL", "Relational", "Data warehouse", "Graph")),
            aliases=tuple(aliases),
            note=None,
            source="generated",
        )
    new_duties: dict[str, Duty] = {}
    for _ in range(duties):
        w, op = word(), rng.choice(OPS)
        did = f"{w}-{op}"
        cells = {
            c: Cell(rng.choice(("aws", "customer", "shared")), "AWS does it", "You do it", "gen")
            for c in categories
        }
        new_duties[did] = Duty(
            id=did,
            name=f"{w.title()} {op.title()}",
            summary="generated",
            aliases=(f"{w} {op}", f"{op} of {w}", f"{w}{op}", w),
            in_table=False,
            cells=cells,
            source="generated",
        )
    new_groups: dict[str, Group] = {}
    ids = list(new_services)
    for _ in range(groups):
        w = word()
        members = tuple(rng.sample(ids, rng.randint(2, 3)))
        new_groups[w] = Group(w, w.title(), members, (f"{w} family", w), "generated", "generated")
    return Knowledge(
        categories=base.categories,
        duties={**base.duties, **new_duties},
        services={**base.services, **new_services},
        groups={**base.groups, **new_groups},
        **({"engines": base.engines} if hasattr(base, "engines") else {}),  # none before engines
        exam_points=base.exam_points,
        security=base.security,
        source_dir=base.source_dir,
    )


def _entities(kb: Knowledge):
    yield from kb.services.values()
    yield from kb.groups.values()
    yield from kb.duties.values()
    yield from kb.categories.values()


# ---------------------------------------------------------------------------- measures


def is_right(query: Query, case: dict) -> bool:
    return (
        query.intent == case["intent"]
        and query.duty == case.get("duty")
        and sorted(query.services) == sorted(case.get("services", []))
        and query.group == case.get("group")
    )


def wrong_service(query: Query, case: dict) -> bool:
    """Named a service the question did not ask about: worse than no answer."""
    return bool(set(query.services) - set(case.get("services", [])))


def accuracy(parse: Callable[[str], Query], cases: Sequence[dict]) -> tuple[float, int]:
    queries = [(parse(c["q"]), c) for c in cases]
    right = sum(is_right(q, c) for q, c in queries)
    wrong = sum(wrong_service(q, c) for q, c in queries)
    return right / len(cases), wrong


def latencies(parse: Callable[[str], Query], questions: Sequence[str], rounds: int) -> list[float]:
    for q in questions[:5]:
        parse(q)  # warm-up (lazy imports)
    out: list[float] = []
    clock = time.perf_counter_ns
    for _ in range(rounds):
        for q in questions:
            t0 = clock()
            parse(q)
            out.append((clock() - t0) / 1e6)
    return out


def pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def cold_start(runs: int) -> tuple[float, float, str]:
    """Median wall and CPU (user + sys) milliseconds of a whole ``whoowns ask`` process."""
    import resource

    script = shutil.which("whoowns") or str(Path(sys.executable).with_name("whoowns"))
    command = [script] if Path(script).exists() else [sys.executable, "-m", "bot"]
    command += ["ask", "patching aurora"]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as after a normal install: bytecode cached
    env.pop("WHOOWNS_KNOWLEDGE", None)
    subprocess.run(command, env=env, capture_output=True, check=True)  # warm the caches
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        wall.append((time.perf_counter() - t0) * 1e3)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu.append(used * 1e3)
    shown = [Path(command[0]).name, *command[1:]]
    return statistics.median(wall), statistics.median(cpu), " ".join(shown)


# ---------------------------------------------------------------------------- --baseline

_WORKER = """
import json, sys
sys.path.insert(0, sys.argv[1])  # the tree measured: its bot package
import bot.intent  # noqa: F401  (before the bench module puts its own tree first)
import importlib.util
spec = importlib.util.spec_from_file_location("bench_intent_worker", sys.argv[2])
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)
print(json.dumps(module.worker(int(sys.argv[3]))))
"""


def worker(rounds: int) -> dict[str, object]:
    """In a worker process: latency samples (ms) of the imported tree's matcher, and where
    that tree's ``bot`` package is (checked by the caller)."""
    cases = load_cases()
    questions = [c["q"] for c in cases]
    shipped = load_knowledge()
    out: dict[str, object] = {"bot": str(Path(sys.modules["bot"].__file__ or "").parent)}
    for label, kb in (("shipped", shipped), ("100x", generate_knowledge(shipped))):
        parse = IntentMatcher(kb).parse
        for q in questions:  # warm-up: every lazy import done before the clock runs
            parse(q)
        out[label] = latencies(parse, questions, rounds)
    return out


def _in_turn(trees: dict[str, Path], turn: int) -> list[tuple[str, Path]]:
    """The trees in order on even turns, reversed on odd ones (neither always goes first)."""
    order = list(trees.items())
    return order if turn % 2 == 0 else order[::-1]


def _quiet_env(pycache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as after a normal install: bytecode cached...
    env.pop("WHOOWNS_KNOWLEDGE", None)
    env.pop("PYTHONPATH", None)
    env["PYTHONPYCACHEPREFIX"] = pycache  # ...but never written into the trees
    return env


def compare(
    baseline: Path, rounds: int, passes: int, cold_runs: int
) -> list[tuple[str, float, float]]:
    """(measure, this tree, baseline) for p50/p99 at both sizes and the cold start."""
    trees = {"current": ROOT, "baseline": baseline}
    samples: dict[str, dict[str, list[float]]] = {t: {"shipped": [], "100x": []} for t in trees}
    with tempfile.TemporaryDirectory(prefix="whoowns-bench-") as pycache:
        env = _quiet_env(pycache)
        for turn in range(passes):
            for tree, root in _in_turn(trees, turn):
                command = [sys.executable, "-c", _WORKER, str(root), __file__, str(rounds)]
                done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
                if done.returncode != 0:
                    raise SystemExit(f"worker for {root} failed:\n{done.stderr}")
                result = json.loads(done.stdout)
                if Path(result["bot"]) != root / "bot":
                    raise SystemExit(f"worker for {root} imported {result['bot']}")
                for label in ("shipped", "100x"):
                    samples[tree][label] += result[label]
        wall, cpu = _cold_starts(trees, env, cold_runs)
    rows: list[tuple[str, float, float]] = []
    for label in ("shipped", "100x"):
        for name, p in (("p50", 0.5), ("p99", 0.99)):
            cur, base = (pct(samples[t][label], p) for t in trees)
            rows.append((f"matcher {label} {name} ms", cur, base))
    rows.append(("cold start median ms wall", wall["current"], wall["baseline"]))
    rows.append(("cold start median ms CPU", cpu["current"], cpu["baseline"]))
    return rows


def _cold_starts(
    trees: dict[str, Path], env: dict[str, str], runs: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall and CPU ms of ``python -m bot ask "patching aurora"`` per tree (cwd = tree),
    the trees taking turns run by run."""
    import resource

    command = [sys.executable, "-m", "bot", "ask", "patching aurora"]
    for root in trees.values():  # warm the caches (bytecode, files)
        subprocess.run(command, cwd=root, env=env, capture_output=True, check=True)
    wall: dict[str, list[float]] = {t: [] for t in trees}
    cpu: dict[str, list[float]] = {t: [] for t in trees}
    for turn in range(runs):
        for tree, root in _in_turn(trees, turn):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(command, cwd=root, env=env, capture_output=True, check=True)
            wall[tree].append((time.perf_counter() - t0) * 1e3)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            cpu[tree].append(used * 1e3)
    return (
        {t: statistics.median(v) for t, v in wall.items()},
        {t: statistics.median(v) for t, v in cpu.items()},
    )


def print_comparison(baseline: Path, rows: list[tuple[str, float, float]]) -> bool:
    """The side-by-side table; True when every median is within 10 % of the baseline's."""
    print(f"\nthis tree ({ROOT}) vs baseline ({baseline}), measured in this run:\n")
    head = ("measure", "this tree", "baseline", "difference")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    ok = True
    for name, cur, base in rows:
        diff = (cur - base) / base if base else 0.0
        print(f"| {name} | {cur:.3f} | {base:.3f} | {diff:+.1%} |")
        if "p50" in name or "median" in name:
            ok = ok and diff <= 0.10
    print(f"target: medians within 10 % of the baseline: {'met' if ok else 'MISSED'}")
    return ok


# ---------------------------------------------------------------------------- main


@dataclass
class Row:
    label: str
    kb: Knowledge
    build_ms: float
    ours: list[float]  # latency samples, ms
    ours_long: list[float]
    base: list[float]
    our_acc: float
    our_wrong: int
    base_acc: float
    base_wrong: int
    base_questions: int


def measure(label: str, kb: Knowledge, cases: list[dict], rounds: int, sample_size: int) -> Row:
    questions = [c["q"] for c in cases]
    long_question = ("who is responsible for patching aurora on our team " * 80)[:4000]
    t0 = time.perf_counter()
    ours = IntentMatcher(kb)
    build_ms = (time.perf_counter() - t0) * 1e3
    base = DifflibMatcher(kb)
    if label == "shipped":
        base_cases, base_rounds = cases, max(1, rounds // 4)
    else:  # difflib is slow at 100x: an evenly spread sample of the questions, one round
        base_cases, base_rounds = cases[:: max(1, len(cases) // sample_size)], 1
    base_acc, base_wrong = accuracy(base.parse, base_cases)
    our_acc, our_wrong = accuracy(ours.parse, cases)
    return Row(
        label=label,
        kb=kb,
        build_ms=build_ms,
        ours=latencies(ours.parse, questions, rounds),
        ours_long=latencies(ours.parse, [long_question], 50),
        base=latencies(base.parse, [c["q"] for c in base_cases], base_rounds),
        our_acc=our_acc,
        our_wrong=our_wrong,
        base_acc=base_acc,
        base_wrong=base_wrong,
        base_questions=len(base_cases),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        type=Path,
        help="another checkout of the project: measure its matcher and cold start side by side",
    )
    args = parser.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "bot" / "__main__.py").is_file():
        parser.error(f"--baseline {args.baseline}: not a checkout of the project (no bot/)")
    rounds = 3 if args.quick else 20
    sample_size = 40 if args.quick else 120

    cases = load_cases()
    shipped = load_knowledge()
    t0 = time.perf_counter()
    large = generate_knowledge(shipped)
    gen_ms = (time.perf_counter() - t0) * 1e3
    rows = [
        measure("shipped", shipped, cases, rounds, sample_size),
        measure("100x", large, cases, rounds, sample_size),
    ]

    print(
        f"whoowns intent benchmark — {len(cases)} questions (tests/data/phrasings.yaml), "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print(f"100x knowledge generated in memory in {gen_ms:.0f} ms (seed {SEED})\n")
    head = ("knowledge", "services", "duties", "aliases", "matcher", "p50 ms", "p99 ms")
    head += ("accuracy", "wrong service")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for r in rows:
        aliases = sum(len(e.aliases) for e in _entities(r.kb))
        size = (r.label, str(len(r.kb.services)), str(len(r.kb.duties)), str(aliases))
        sample = "" if r.base_questions == len(cases) else f" ({r.base_questions} q)"
        for name, lat, acc, wrong in (
            ("whoowns (rapidfuzz)", r.ours, f"{r.our_acc:.1%}", r.our_wrong),
            ("difflib baseline", r.base, f"{r.base_acc:.1%}{sample}", r.base_wrong),
        ):
            cells = (*size, name, f"{pct(lat, 0.5):.3f}", f"{pct(lat, 0.99):.3f}", acc, str(wrong))
            print("| " + " | ".join(cells) + " |")
    print()
    for r in rows:
        p50 = pct(r.base, 0.5) / pct(r.ours, 0.5)
        p99 = pct(r.base, 0.99) / pct(r.ours, 0.99)
        print(
            f"{r.label:8} matcher build {r.build_ms:6.1f} ms · 4,000-char message p50 "
            f"{pct(r.ours_long, 0.5):.3f} ms · vs difflib: {p50:,.0f}x faster (p50), "
            f"{p99:,.0f}x (p99)"
        )

    runs = 7 if args.quick else 15
    median, cpu, command = cold_start(runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\ncold start `{command}`: median {median:.0f} ms wall, {cpu:.0f} ms CPU (user+sys) "
        f"over {runs} runs; load average {load:.1f} on {os.cpu_count()} CPUs"
    )

    shipped_row, large_row = rows
    checks = [
        ("p99 shipped <= 1 ms", pct(shipped_row.ours, 0.99) <= 1.0),
        ("p99 100x <= 5 ms", pct(large_row.ours, 0.99) <= 5.0),
        ("accuracy above difflib", shipped_row.our_acc > shipped_row.base_acc),
        (
            "10x faster than difflib at 100x",
            pct(large_row.base, 0.5) >= 10 * pct(large_row.ours, 0.5),
        ),
        ("cold start median <= 200 ms", median <= 200),
    ]
    print("targets: " + " · ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in checks))
    if args.baseline is not None:
        baseline = args.baseline.resolve()
        # many short turns rather than a few long ones: on a shared machine the load changes
        # within seconds, and each change should hit both trees alike
        passes = 2 if args.quick else 10
        rows = compare(baseline, max(1, rounds // passes), passes, 2 * runs)
        print_comparison(baseline, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The README's Quick start shows a terminal conversation: it is what `whoowns chat` prints
(in a terminal 100 columns wide), line for line."""

from __future__ import annotations

from pathlib import Path

from tests.support.processes import run_whoowns, whoowns_env

README = Path(__file__).resolve().parents[2] / "README.md"
SAMPLE_WIDTH = 100


def quick_start_sample() -> tuple[str, str]:
    """(the line typed, the conversation shown) from the README's Quick start."""
    text = README.read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = next(b for b in quick_start.split("```")[1::2] if b.lstrip("\n").startswith("you › "))
    sample = block.strip("\n")
    return sample.split("\n", 1)[0].removeprefix("you › "), sample


def test_the_quick_start_sample_is_what_the_shell_prints(tmp_path):
    typed, sample = quick_start_sample()
    env = {**whoowns_env(tmp_path), "COLUMNS": str(SAMPLE_WIDTH)}
    done = run_whoowns("chat", env=env, input=f"{typed}\n")
    assert done.returncode == 0, done.stderr
    shown = done.stdout[done.stdout.index(f"you › {typed}\n") :].rstrip("\n")
    assert shown.splitlines() == sample.splitlines()

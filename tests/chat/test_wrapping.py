"""`whoowns chat` wraps to the terminal's width: whole words, continuation lines hanging under
the text after a bullet or emoji (before, lines ran on and the terminal cut them mid-word)."""

from __future__ import annotations

import re

from tests.support.processes import run_whoowns, run_whoowns_in_terminal, whoowns_env

NOTE = (
    '💡 "Aurora" alone does not say which variant: the course material classifies Aurora '
    "Serverless as Fully Managed and Aurora Provisioned as Managed, so the answer covers both."
)
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def widest(lines: list[str]) -> int:
    from bot.render.terminal import display_width  # cells, emoji two (imported here: new)

    return max(display_width(line) for line in lines)


def screen_lines(out: str) -> list[str]:
    """What ``out`` shows, line by line (without colour and terminal codes)."""
    return ESCAPES.sub("", out).replace("\r\n", "\n").split("\n")


def note_lines(lines: list[str]) -> list[str]:
    """The lines of the 💡 note: its first, and the ones that hang under it."""
    start = next(i for i, line in enumerate(lines) if line.startswith("  💡"))
    end = lines.index("", start)
    return lines[start:end]


def test_a_terminal_60_columns_wide_gets_whole_words_with_a_hanging_indent(tmp_path):
    out = run_whoowns_in_terminal(
        "chat", env=whoowns_env(tmp_path), input="/whoowns patching aurora\n/quit\n", columns=60
    )
    lines = screen_lines(out)
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("whoowns chat")) :]
    assert "  Amazon Aurora Provisioned · Managed" in lines
    assert widest(lines) <= 60
    note = note_lines(lines)
    assert len(note) > 1
    assert all(line.startswith("     ") and line[5] != " " for line in note[1:])  # under the text
    assert " ".join(line.strip() for line in note) == NOTE  # no word cut, none lost


def test_columns_sets_the_width_in_a_pipe_and_without_it_lines_stay_whole(tmp_path):
    env = whoowns_env(tmp_path)
    typed = "/whoowns patching aurora\nhelp\n"
    narrow = run_whoowns("chat", env={**env, "COLUMNS": "50"}, input=typed)
    assert narrow.returncode == 0, narrow.stderr
    lines = screen_lines(narrow.stdout)
    assert widest(lines) <= 50
    assert " ".join(line.strip() for line in note_lines(lines)) == NOTE
    # the help's bullets hang under their text
    bullet = next(i for i, line in enumerate(lines) if line.startswith("  • /whoowns quiz sub"))
    assert lines[bullet + 1].startswith("    ") and lines[bullet + 1][4] != " "

    piped = run_whoowns("chat", env={k: v for k, v in env.items() if k != "COLUMNS"}, input=typed)
    assert f"  {NOTE}" in screen_lines(piped.stdout)  # a pipe (for grep) keeps whole lines

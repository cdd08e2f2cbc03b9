"""Editing knowledge files in tests, and finding the line a problem should name."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "kb"


def edit(folder: Path, name: str, old: str, new: str, *, count: int = 1) -> str:
    """Replace ``old`` by ``new`` in one file (it must occur); return the new text."""
    path = folder / name
    source = path.read_text(encoding="utf-8")
    assert old in source, f"{old!r} not in {name}"
    changed = source.replace(old, new, count)
    path.write_text(changed, encoding="utf-8")
    return changed


def line_of(source: str, needle: str, *, after: str = "") -> int:
    """1-based line of the first ``needle`` (after the first ``after``)."""
    start = source.index(after) if after else 0
    return source[: source.index(needle, start)].count("\n") + 1

"""Fixtures for knowledge tests: a writable copy of the shipped knowledge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.kb import default_knowledge_dir

# The core files this area owns (other features add their own files beside them).
CORE_FILES = ("categories.yaml", "duties.yaml", "services.yaml", "exam.yaml")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "kb"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A copy of the shipped core knowledge files in a fresh folder."""
    folder = tmp_path / "kb"
    folder.mkdir()
    for name in CORE_FILES:
        shutil.copy(default_knowledge_dir() / name, folder / name)
    return folder


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

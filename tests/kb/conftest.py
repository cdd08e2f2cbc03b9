"""Fixtures for knowledge tests: a writable copy of the shipped knowledge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.kb import default_knowledge_dir

# The core files this area owns (other features add their own files beside them).
CORE_FILES = ("categories.yaml", "duties.yaml", "services.yaml", "exam.yaml", "scenarios.yaml")


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A copy of the shipped core knowledge files in a fresh folder."""
    folder = tmp_path / "kb"
    folder.mkdir()
    for name in CORE_FILES:
        shutil.copy(default_knowledge_dir() / name, folder / name)
    return folder

"""Fixtures for the inventory tests (helpers: tests/support/inventory.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.inventory import FIXTURES


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """An organisation folder holding only teams.yaml (platform-db, payments, sre, analytics)."""
    folder = tmp_path / "org"
    folder.mkdir()
    shutil.copy(FIXTURES / "teams.yaml", folder / "teams.yaml")
    return folder

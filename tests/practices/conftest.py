"""An organisation for the practices: the example folder plus databases chosen so every
practice is ok, needs attention, unknown and not applicable somewhere."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.localslack import LocalSlack
from tests.support.practices import EXAMPLE, MORE


@pytest.fixture(scope="session")
def practices_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("org")
    for f in EXAMPLE.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    (folder / "more.yaml").write_text(MORE)
    return folder


@pytest.fixture(scope="session")
def fleet(practices_dir: Path):
    from bot.features import load_knowledge

    return load_knowledge(org=practices_dir)


@pytest.fixture(scope="session")
def fleet_matcher(fleet):
    from bot.intent import IntentMatcher

    return IntentMatcher(fleet)


@pytest.fixture(scope="module")
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server

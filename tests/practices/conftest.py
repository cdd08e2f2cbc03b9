"""An organisation for the practices: the example folder plus databases chosen so every
practice is ok, needs attention, unknown and not applicable somewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.localslack import LocalSlack
from tests.support.org_folder import example_org, knowledge_of, matcher_of
from tests.support.practices import MORE


@pytest.fixture(scope="session")
def practices_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_org(tmp_path_factory.mktemp("org"), more=MORE)


@pytest.fixture(scope="session")
def fleet(practices_dir: Path):
    return knowledge_of(practices_dir)


@pytest.fixture(scope="session")
def fleet_matcher(fleet):
    return matcher_of(fleet)


@pytest.fixture(scope="module")
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server

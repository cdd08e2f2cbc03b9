"""`whoowns kb check` on the quiz's two knowledge fields: `compared_with` of a category (a
statement true only relative to another category) and `also_listed_under` of a service."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.kb.loader import default_knowledge_dir
from tests.support.kb import edit, line_of


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(default_knowledge_dir(), folder)
    return folder


def check(folder: Path, capsys) -> tuple[int, str]:
    status = main(["kb", "check", str(folder)])
    captured = capsys.readouterr()
    return status, (captured.out + captured.err).replace(f"{folder}/", "")


def test_the_shipped_knowledge_marks_managed_characteristics_as_compared_with_fully_managed(kb):
    from bot.features import load_knowledge

    managed = load_knowledge(kb).categories["managed"]
    assert managed.baseline_of("Increased operational responsibility") == "fully-managed"
    assert managed.baseline_of("Existing Expertise: Have experienced database admins") == (
        "fully-managed"
    )
    assert managed.baseline_of("Cost Optimization: Willing to manage some aspects") is None


def test_a_statement_the_category_does_not_list_is_named_with_its_line(kb, capsys):
    text = edit(
        kb,
        "categories.yaml",
        "        - Existing Expertise\n",
        "        - Existing Expertize\n",
    )
    status, out = check(kb, capsys)
    assert status == 1
    line = line_of(text, "        - Existing Expertize")
    assert (
        f"categories.yaml:{line}: 'Existing Expertize' is neither a characteristic nor a "
        "when_to_choose label of category 'managed'"
    ) in out


def test_a_category_compared_with_itself_is_refused(kb, capsys):
    text = edit(
        kb,
        "categories.yaml",
        "      fully-managed:\n        - More",
        "      managed:\n        - More",
    )
    status, out = check(kb, capsys)
    assert status == 1
    line = line_of(text, "      managed:\n        - More")
    assert f"categories.yaml:{line}: compare with another category" in out


def test_a_service_also_listed_under_its_own_or_an_unknown_category_is_refused(kb, capsys):
    text = edit(
        kb,
        "services.yaml",
        "also_listed_under: [fully-managed]",
        "also_listed_under: [managed, cloud]",
    )
    status, out = check(kb, capsys)
    assert status == 1
    line = line_of(text, "also_listed_under:")
    assert f"services.yaml:{line}: 'managed' is not another category" in out
    assert f"services.yaml:{line}: 'cloud' is not another category" in out

"""Tests take their helpers only from tests/support: never from a conftest (fixtures there are
found by pytest, not imported) and never from another test module."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = "tests.support"


def bad_imports(source: str) -> list[str]:
    """The imports in ``source`` that reach into tests/ outside tests/support."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                bad.append(f"line {node.lineno}: relative import from {'.' * node.level}")
                continue
            names = [node.module or ""]
            if node.module == "tests":
                names = [f"tests.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            inside = name == "tests" or name.startswith("tests.")
            if inside and not (name == ALLOWED or name.startswith(ALLOWED + ".")):
                bad.append(f"line {node.lineno}: {name}")
    return bad


def test_tests_import_helpers_only_from_tests_support():
    found = {}
    for path in sorted([*ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/**/*.py")]):
        problems = bad_imports(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert found == {}, "move these helpers to tests/support: " + repr(found)


def test_the_check_sees_conftest_test_module_and_relative_imports():
    source = (
        "from tests.quiz.conftest import dms\n"
        "from tests.quiz.test_slack import CHANNEL\n"
        "from tests import conftest\n"
        "import tests.kb.test_cli\n"
        "from .conftest import edit\n"
        "from tests.support.bolt import Bot\n"
        "from tests import support\n"
        "import tests.support.payloads\n"
    )
    assert bad_imports(source) == [
        "line 1: tests.quiz.conftest",
        "line 2: tests.quiz.test_slack",
        "line 3: tests.conftest",
        "line 4: tests.kb.test_cli",
        "line 5: relative import from .",
    ]

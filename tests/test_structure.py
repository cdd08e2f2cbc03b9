"""The shape of bot/ stays as the Development section of the README promises: small modules and
functions, and no reaching into another module's private names. The layers are import-linter's
contracts in pyproject.toml (run by tests/test_import_contracts.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# A module may go past the limits when a comment in its first lines says why (a table, say).
EXEMPT_MARK = "# size: "


def bot_modules() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts  # frozen: never edited
    ]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def exempt(source: str) -> bool:
    return any(line.startswith(EXEMPT_MARK) for line in source.splitlines()[:15])


def oversized(source: str) -> list[str]:
    """What in ``source`` is over the limits (empty for an exempt module)."""
    if exempt(source):
        return []
    found = []
    lines = source.count("\n") + (not source.endswith("\n"))
    if lines > MAX_MODULE_LINES:
        found.append(f"module: {lines} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{node.name}: {length} lines")
    return found


def imported(source: str) -> list[tuple[str, str]]:
    """(module, name) for every ``from bot… import name`` and ``import bot…`` in ``source``."""
    pairs = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            pairs += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            pairs += [(alias.name, "") for alias in node.names]
    return [(module, name) for module, name in pairs if module.split(".")[0] == "bot"]


# Kept as a test rather than ruff's PLC2701: that rule is preview-only, and it lets a module import
# any private name of its own top-level package, so it would see nothing inside bot/.
def private_imports(source: str, own_module: str) -> list[str]:
    return [
        f"{module}.{name}"
        for module, name in imported(source)
        if name.startswith("_") and not name.startswith("__") and module != own_module
    ]


def test_modules_and_functions_stay_small():
    found = {}
    for path in bot_modules():
        problems = oversized(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert found == {}, f"split these (or say why at the top with {EXEMPT_MARK!r}): {found}"


def test_no_module_imports_another_modules_private_names():
    found = {}
    for path in bot_modules():
        problems = private_imports(path.read_text(encoding="utf-8"), module_name(path))
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert found == {}, f"make these public or move them: {found}"


# The checks themselves see what they are meant to see.


def test_the_size_check_sees_a_long_function_and_a_long_module():
    long_function = "def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES
    assert oversized(long_function) == [f"f: {MAX_FUNCTION_LINES + 1} lines"]
    long_module = "x = 1\n" * (MAX_MODULE_LINES + 1)
    assert oversized(long_module) == [f"module: {MAX_MODULE_LINES + 1} lines"]
    assert oversized(f"{EXEMPT_MARK}one table of Slack error codes\n" + long_module) == []


def test_the_import_check_sees_private_names():
    source = (
        "from bot.quiz.bank import _digest\n"
        "from bot.kb.models import Knowledge\n"
        "import bot.listeners.wiring\n"
        "from . import sibling\n"
    )
    assert private_imports(source, "bot.quiz.engine") == ["bot.quiz.bank._digest"]
    assert private_imports(source, "bot.quiz.bank") == []

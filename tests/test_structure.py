"""The shape of bot/ stays as the Development section of the README promises: small modules and
functions, no reaching into another module's private names, and layers that only point down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# A module may go past the limits when a comment in its first lines says why (a table, say).
EXEMPT_MARK = "# size: "

# Layers, bottom first: a module may import its own layer and the ones below, never one above.
SURFACES = ("bot.listeners", "bot.app", "bot.web", "bot.commands", "bot.chat", "bot.cli")
LOWER_LAYERS: dict[str, tuple[str, ...]] = {
    # the knowledge layer reads YAML and knows nothing of what is built on it
    "bot/kb": ("bot.intent", "bot.answers", "bot.render", "bot.store", *SURFACES),
    # the intent layer reads the knowledge only
    "bot/intent": ("bot.answers", "bot.render", "bot.store", *SURFACES),
    "bot/answers": ("bot.render", "bot.store", *SURFACES),
    "bot/render": ("bot.store", *SURFACES),
}
FEATURE_PACKAGES = (
    "bot.quiz",
    "bot.onboarding",
    "bot.gaps",
    "bot.admins",
    "bot.workspaces",
    "bot.practices",
)


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


def private_imports(source: str, own_module: str) -> list[str]:
    return [
        f"{module}.{name}"
        for module, name in imported(source)
        if name.startswith("_") and not name.startswith("__") and module != own_module
    ]


def reaches_up(source: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        {
            module
            for module, _ in imported(source)
            if any(module == up or module.startswith(up + ".") for up in forbidden)
        }
    )


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


@pytest.mark.parametrize("layer", sorted(LOWER_LAYERS))
def test_layers_point_down(layer):
    forbidden = (*LOWER_LAYERS[layer], *FEATURE_PACKAGES)
    target = ROOT / layer
    paths = [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))
    assert paths, f"{layer} is gone: update LOWER_LAYERS"
    found = {}
    for path in paths:
        problems = reaches_up(path.read_text(encoding="utf-8"), forbidden)
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert found == {}, f"{layer} must not import a surface or a feature: {found}"


# The checks themselves see what they are meant to see.


def test_the_size_check_sees_a_long_function_and_a_long_module():
    long_function = "def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES
    assert oversized(long_function) == [f"f: {MAX_FUNCTION_LINES + 1} lines"]
    long_module = "x = 1\n" * (MAX_MODULE_LINES + 1)
    assert oversized(long_module) == [f"module: {MAX_MODULE_LINES + 1} lines"]
    assert oversized(f"{EXEMPT_MARK}one table of Slack error codes\n" + long_module) == []


def test_the_import_checks_see_private_names_and_upward_imports():
    source = (
        "from bot.quiz.bank import _digest\n"
        "from bot.kb.models import Knowledge\n"
        "import bot.listeners.wiring\n"
        "from . import sibling\n"
    )
    assert private_imports(source, "bot.quiz.engine") == ["bot.quiz.bank._digest"]
    assert private_imports(source, "bot.quiz.bank") == []
    assert reaches_up(source, ("bot.listeners", "bot.quiz")) == [
        "bot.listeners.wiring",
        "bot.quiz.bank",
    ]
    assert reaches_up(source, ("bot.render",)) == []

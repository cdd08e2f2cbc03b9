"""Organisation folders for tests: the example folder (``examples/org``) copied, plus files of
the test's own, and the knowledge and matcher read from it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org"


def example_org(folder: Path, **files: str) -> Path:
    """``folder`` holding the example organisation and ``files`` (``more="…"`` → more.yaml)."""
    for f in EXAMPLE.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text)
    return folder


def knowledge_of(folder: Path) -> Any:
    """The shipped knowledge with the organisation in ``folder``."""
    from bot.features import load_knowledge

    return load_knowledge(org=folder)


def matcher_of(knowledge: Any) -> Any:
    from bot.intent import IntentMatcher

    return IntentMatcher(knowledge)

"""A running server picks changed knowledge files up, without a restart.

    job = KnowledgeReload(deps)   # one per process: the web ticker calls job(now) every minute
    job(now)                      # True when it swapped in new knowledge and matcher

Every call hashes the knowledge files (the course folder and the organisation's folder, the
ones ``deps.knowledge`` was loaded from); when they changed since the last look, it loads them
again through :func:`bot.features.load_knowledge`, builds a new matcher, and swaps both in at
once (:class:`bot.deps.LiveKnowledge`). A broken edit keeps the knowledge in use and is logged
in one line (once per change). Each process and each instance checks on its own: nothing is
claimed in the database, since every one of them must reload.

Services built at start from the knowledge (the quiz bank, the onboarding deck) keep theirs
until a restart.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.kb.models import Knowledge

logger = logging.getLogger(__name__)


def fingerprint(knowledge: Knowledge) -> str:
    """A hash of every knowledge file's name and contents (course folder, then org folder)."""
    digest = hashlib.sha256()
    for folder in (knowledge.source_dir, knowledge.org_dir):
        if folder is None or not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).iterdir()):
            if path.suffix in (".yaml", ".yml") and not path.name.startswith("."):
                digest.update(str(path).encode() + b"\0")
                try:
                    digest.update(path.read_bytes())
                except OSError:
                    digest.update(b"<unreadable>")
    return digest.hexdigest()


class KnowledgeReload:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps
        self._seen = fingerprint(deps.knowledge)

    def __call__(self, now: datetime) -> bool:
        from bot.features import load_knowledge
        from bot.intent import IntentMatcher
        from bot.kb import KnowledgeError

        current = self._deps.knowledge
        seen = fingerprint(current)
        if seen == self._seen:
            return False
        self._seen = seen
        try:
            knowledge = load_knowledge(current.source_dir, org=current.org_dir)
            matcher = IntentMatcher(knowledge)
        except KnowledgeError as exc:
            first = exc.problems[0] if exc.problems else "?"
            logger.error(
                "knowledge files changed but do not load (%d problems; first: %s): "
                "keeping the knowledge in use",
                len(exc.problems),
                first,
            )
            return False
        self._deps.live.swap(knowledge, matcher)
        logger.info(
            "knowledge reloaded: %d services, %d teams, %d resources",
            len(knowledge.services),
            len(knowledge.teams),
            len(knowledge.resources),
        )
        return True

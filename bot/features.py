"""Features: each one declared once, in its own package, and read by every surface.

A feature (core answers, the quiz, onboarding, …) is a package with a ``feature.py`` holding
one :class:`Feature` (the core answers': ``bot/listeners/answers_feature.py``); :data:`FEATURES`
lists them. The parts are named lazily as
``"module:attribute"`` strings, so importing a descriptor imports no feature code:

    FEATURE = Feature(
        name="quiz",
        listeners="bot.quiz.listeners:register",     # register(app, deps, registry)
        services={"quiz": "bot.quiz.service:QuizService"},  # factory(deps) -> context["quiz"]
        tick="bot.quiz.service:tick",                # tick(now, TickContext)
        due="bot.quiz.due:due",                      # due(now, TickContext) -> workspaces
        sections={"quiz": "bot.quiz.custom:validate_quiz_section"},  # knowledge section
        home="bot.quiz.listeners:home_section",      # (context, user_id) -> blocks
    )

Who reads what: :func:`bot.app.create_app` registers the listeners and Home sections and builds
the services (one middleware puts each into every request's ``context``); the scheduler
(:mod:`bot.scheduler`) runs the ticks in every workspace, for every surface;
:func:`load_knowledge` hands the loader the features' sections. ``whoowns ask`` reads none
of this: it answers from the core sections.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.kb import SectionContext, SectionPart, SectionValidator
    from bot.kb.models import Knowledge

logger = logging.getLogger(__name__)

# One line per feature: "module:attribute" of its descriptor. Listeners register in this order.
FEATURES: tuple[str, ...] = (
    "bot.listeners.answers_feature:FEATURE",  # core answers: /whoowns, mentions, DMs, App Home
    "bot.quiz.feature:FEATURE",
    "bot.onboarding.feature:FEATURE",
    "bot.admins.feature:FEATURE",  # who may change settings: /whoowns admins
    "bot.gaps.feature:FEATURE",  # knowledge gaps: recorded answers, admins' Home section
    "bot.practices.feature:FEATURE",  # the course's best practices on each database
    "bot.digest.feature:FEATURE",  # a team's weekly digest in a channel
    "bot.steps.feature:FEATURE",  # Workflow Builder steps: who owns a duty, start onboarding
)


@dataclass(frozen=True)
class Feature:
    """What a feature adds; every part is optional and named as ``"module:attribute"``."""

    name: str
    listeners: str | None = None  # register(app, deps, registry) -> None
    services: Mapping[str, str] = field(default_factory=dict)  # context key -> factory(deps)
    tick: str | None = None  # tick(now, TickContext) -> object, every minute (idempotent)
    # due(now, TickContext) -> the workspaces whose tick has something to do (None: cannot
    # tell), read across all of them at once; without it every workspace ticks
    due: str | None = None
    sections: Mapping[str, str] = field(default_factory=dict)  # section -> SectionValidator
    home: str | None = None  # (BoltContext, user_id) -> App Home blocks ([] for none)


@dataclass(frozen=True)
class TickContext:
    """What a tick job gets beside ``now``: the dependencies and the features' services
    (the same keys as in a request's Bolt ``context``)."""

    deps: Deps
    services: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)  # one run's, e.g. quiz_concurrency


TickJob = Callable[[datetime, TickContext], object]


def resolve(target: str) -> Any:
    """The object named by ``"module:attribute"`` (the module is imported now)."""
    module, sep, attribute = target.partition(":")
    if not sep or not module or not attribute:
        raise ValueError(f"expected 'module:attribute', got {target!r}")
    return getattr(importlib.import_module(module), attribute)


def installed(names: Sequence[str] = FEATURES) -> tuple[Feature, ...]:
    """The descriptors named in ``names`` (default: :data:`FEATURES`), in that order."""
    features = tuple(resolve(name) for name in names)
    for feature in features:
        if not isinstance(feature, Feature):
            raise TypeError(f"{feature!r} is not a Feature")
    return features


def build_services(deps: Deps, features: Sequence[Feature]) -> dict[str, Any]:
    """Every feature's services, built once from ``deps``: context key -> service."""
    services: dict[str, Any] = {}
    for feature in features:
        for key, factory in feature.services.items():
            if key in services:
                raise ValueError(f"two features provide the service {key!r}")
            services[key] = resolve(factory)(deps)
    return services


def knowledge_sections(features: Sequence[Feature]) -> dict[str, SectionValidator]:
    """The features' knowledge sections; a validator's module is imported only when some file
    has its section (the loader calls it only then)."""
    sections: dict[str, SectionValidator] = {}
    for feature in features:
        for section, target in feature.sections.items():
            if section in sections:
                raise ValueError(f"two features read the knowledge section {section!r}")
            sections[section] = _lazy(target)
    return sections


def _lazy(target: str) -> SectionValidator:
    def validate(parts: Sequence[SectionPart], context: SectionContext) -> object:
        validator: SectionValidator = resolve(target)
        return validator(parts, context)

    validate.__qualname__ = target
    return validate


def load_knowledge(
    directory: Path | str | None = None,
    *,
    sections: Mapping[str, SectionValidator] | None = None,
    features: Sequence[Feature] | None = None,
    org: Path | str | None = None,
) -> Knowledge:
    """All the knowledge: the core sections and every feature's (``sections`` adds more, or
    replaces a feature's validator), then the organisation's folder ``org`` when given.
    Raises :class:`bot.kb.KnowledgeError`."""
    from bot.kb import load_knowledge as load

    extra = knowledge_sections(installed() if features is None else features)
    return load(directory, sections={**extra, **(sections or {})}, org=org)

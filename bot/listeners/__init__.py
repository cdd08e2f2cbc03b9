"""Slack listeners, grouped by kind. ``register_all(app, deps)`` wires them all.

Every listener has the same shape: ack → parse → answer → render → send. Listeners are plain
functions; ``deps`` and the feature :class:`Registry` reach them through the request context
(``context["deps"]``, ``context["registry"]``), put there by one global middleware.

Features (quiz, onboarding, …) add a module with ``register(app, deps, registry)`` to
:data:`FEATURES`: it registers its own listeners, subcommands, help lines and Home sections.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from slack_bolt import App

from bot.deps import Deps
from bot.listeners import actions, commands, events, middleware
from bot.listeners.errors import handle_error
from bot.listeners.registry import Registry

# modules with register(app, deps, registry), imported when the app is built
FEATURES: tuple[str, ...] = ("bot.quiz.listeners", "bot.onboarding.listeners")


def register_all(app: App, deps: Deps, *, features: Sequence[str] = FEATURES) -> Registry:
    registry = Registry()
    app.error(handle_error)
    app.use(middleware.provide(deps, registry))
    app.use(middleware.deduplicate_events(deps))
    commands.register(app, deps, registry)
    for name in features:
        importlib.import_module(name).register(app, deps, registry)
    events.register(app, deps, registry)
    actions.register(app, deps)
    events.register_fallback(app)
    return registry

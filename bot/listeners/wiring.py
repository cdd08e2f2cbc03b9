"""``register_all(app, deps)``: every feature's Slack listeners, wired into one Bolt app.

Every listener has the same shape: ack → parse → answer → render → send. Listeners are plain
functions; ``deps``, the :class:`Registry` and each feature's services reach them through the
request context (``context["deps"]``, ``context["registry"]``, ``context["quiz"]`` …), put
there by one global middleware.

The core listeners (this package) come first, then each feature's ``register(app, deps,
registry)`` and Home section from its :class:`bot.features.Feature`, the catch-all event
listener last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from slack_bolt import App

from bot.deps import Deps
from bot.features import Feature, build_services, installed, resolve
from bot.listeners import actions, commands, events, middleware, response_urls
from bot.listeners.errors import handle_error
from bot.listeners.registry import Registry

if TYPE_CHECKING:
    from bot.workspaces.scopes import WorkspaceScopes


def register_core(app: App, deps: Deps, registry: Registry) -> None:
    """Core answers: ``/whoowns`` and its help, mentions, DMs, App Home, the answer buttons."""
    commands.register(app, deps, registry)
    events.register(app, deps, registry)
    actions.register(app, deps)


def register_all(
    app: App,
    deps: Deps,
    *,
    features: Sequence[Feature] | None = None,
    services: Mapping[str, Any] | None = None,
    scopes: WorkspaceScopes | None = None,
) -> Registry:
    """Every feature's listeners and Home section (default: :data:`bot.features.FEATURES`);
    ``services``: already built for these features (else built here from ``deps``);
    ``scopes``: several workspaces, each request gets its workspace's deps and services."""
    features = installed() if features is None else features
    services = build_services(deps, features) if services is None else services
    registry = Registry()
    app.error(handle_error)
    app.use(middleware.provide(deps, registry, services, scopes))
    app.use(response_urls.guard(deps))
    app.use(middleware.deduplicate_events(deps))
    for feature in features:
        if feature.listeners:
            resolve(feature.listeners)(app, deps, registry)
        if feature.home:
            registry.add_home_section(resolve(feature.home))
    events.register_fallback(app)
    return registry

"""Which workspace a CLI command means, and with which bot token it posts there.

    store = resolve_scope(store, args.workspace)          # quiz list, leaderboard, progress …
    for workspace, token in tick_targets(conf, store, args.workspace): ...   # quiz/reviews tick

Without ``--workspace``: the one installed workspace; none installed yet (single-token mode
before its first start) means the unassigned rows; with several, the command stops and asks.
Ticks cover every active workspace unless ``--workspace`` names one. In OAuth mode the tokens
come from the installations, which are per app: SLACK_CLIENT_ID is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store import Store


# The chat shell's own workspace: never installed, never adopted; its rows are read with
# ``--workspace local-chat`` (lower case with a hyphen, so no Slack team id equals it)
CHAT_WORKSPACE = "local-chat"


class WorkspaceChoice(Exception):
    """The command cannot tell which workspace it is about (one line for the user)."""


def installed(store: Store) -> list[str]:
    from bot.store.workspaces import WorkspaceStore

    return [w.team_id for w in WorkspaceStore(store).all()]


def choose(store: Store, requested: str | None) -> str:
    """The workspace a command is about (``""``: the unassigned rows, nothing installed)."""
    if requested == CHAT_WORKSPACE:
        return requested
    known = installed(store)
    if requested is not None:
        if requested not in known:
            listed = ", ".join(known) or "none yet"
            raise WorkspaceChoice(
                f"workspace {requested} is not installed here (installed: {listed}); "
                "see 'whoowns workspaces list'"
            )
        return requested
    if len(known) > 1:
        raise WorkspaceChoice(
            f"{len(known)} workspaces are installed ({', '.join(known)}): say which one with "
            "--workspace T…"
        )
    return known[0] if known else ""


def resolve_scope(store: Store, requested: str | None) -> Store:
    """``store`` seen from the workspace the command is about."""
    workspace = choose(store, requested)
    return store.scoped(workspace) if workspace else store


def tick_targets(conf: Settings, store: Store, requested: str | None) -> list[tuple[str, str]]:
    """(workspace, bot token) for each workspace a tick covers: ``requested`` alone, else every
    active workspace (OAuth mode), else the single-token workspace."""
    if requested is not None or not conf.oauth_mode:
        workspace = choose(store, requested)
        token = token_for(conf, store, workspace)
        return [(workspace, token)] if token else []
    from bot.store.workspaces import WorkspaceStore

    targets = []
    for w in WorkspaceStore(store).active():
        token = token_for(conf, store, w.team_id)
        if token is not None:
            targets.append((w.team_id, token))
    return targets


def token_for(conf: Settings, store: Store, workspace: str) -> str | None:
    """The bot token to post in ``workspace`` with: SLACK_BOT_TOKEN in single-token mode,
    else the workspace's installation (rotated when due; None: not installed)."""
    if not conf.oauth_mode:
        return conf.bot_token
    from slack_sdk.oauth.token_rotation import TokenRotator

    from bot.oauth.installs import TOKEN_ROTATION_MINUTES
    from bot.oauth.tokens import WorkspaceTokens
    from bot.store.oauth import installation_store

    assert conf.client_id and conf.client_secret, "OAuth mode has the client"
    rotator = TokenRotator(client_id=conf.client_id, client_secret=conf.client_secret)
    tokens = WorkspaceTokens(
        installation_store(store, conf.client_id), rotator, TOKEN_ROTATION_MINUTES
    )
    return tokens.bot_token(workspace)

"""Which workspace a CLI command means, and with which bot token it posts there.

    store = resolve_scope(store, args.workspace)          # quiz list, leaderboard, progress …
    scheduler, teams = tick_scheduler(conf, kb, store, args.workspace)   # quiz/reviews tick
    token = token_for(conf, store, workspace)                             # quiz now

Without ``--workspace``: the one installed workspace; none installed yet (single-token mode
before its first start) means the unassigned rows; with several, the command stops and asks.
Ticks cover every active workspace unless ``--workspace`` names one. In OAuth mode the tokens
come from the installations, which are per app: SLACK_CLIENT_ID is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.kb.models import Knowledge
    from bot.scheduler import Scheduler
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


def tick_scheduler(
    conf: Settings, knowledge: Knowledge, store: Store, requested: str | None
) -> tuple[Scheduler, list[str] | None]:
    """The scheduler a CLI tick runs, and the workspaces it covers (None: every active one):
    ``requested`` alone, else every active workspace (OAuth mode, each on its own token,
    rotated through the configured Slack API), else the single-token workspace."""
    from bot.deps import Deps
    from bot.features import TickContext, build_services, installed
    from bot.intent import IntentMatcher
    from bot.scheduler import InstalledWorkspaces, OneWorkspace, Scheduler
    from bot.slack.client import make_background_client

    features = installed()
    matcher = IntentMatcher(knowledge)
    if not conf.oauth_mode:
        scoped = resolve_scope(store, requested)
        client = make_background_client(conf)
        client.token = conf.bot_token
        deps = Deps(
            knowledge=knowledge, matcher=matcher, store=scoped, client=client, settings=conf
        )
        context = TickContext(deps, build_services(deps, features))
        return Scheduler(context, features, OneWorkspace(context)), None
    if requested is not None:
        choose(store, requested)  # an unknown workspace is a usage error
    from bot.workspaces.scopes import WorkspaceScopes

    deps = Deps(knowledge=knowledge, matcher=matcher, store=store, client=None, settings=conf)
    context = TickContext(deps, {})

    def client_for(token: str) -> Any:
        client = make_background_client(conf)
        client.token = token
        return client

    workspaces = InstalledWorkspaces(
        context, installs(conf, store), client_for, WorkspaceScopes(deps, features)
    )
    teams = [requested] if requested is not None else None
    return Scheduler(context, features, workspaces), teams


def installs(conf: Settings, store: Store) -> Any:
    """The installed workspaces and their tokens, rotated through ``SLACK_API_URL``."""
    from types import SimpleNamespace

    from slack_sdk import WebClient
    from slack_sdk.oauth.token_rotation import TokenRotator

    from bot.oauth.installs import TOKEN_ROTATION_MINUTES
    from bot.oauth.tokens import WorkspaceTokens
    from bot.store.grants import OrgStore
    from bot.store.oauth import installation_store
    from bot.store.workspaces import WorkspaceStore

    assert conf.client_id and conf.client_secret, "OAuth mode has the client"
    rotator = TokenRotator(
        client_id=conf.client_id,
        client_secret=conf.client_secret,
        client=WebClient(base_url=conf.slack_api_url, timeout=30),
    )
    tokens = WorkspaceTokens(
        installation_store(store, conf.client_id), rotator, TOKEN_ROTATION_MINUTES
    )
    return SimpleNamespace(workspaces=WorkspaceStore(store), tokens=tokens, orgs=OrgStore(store))


def token_for(conf: Settings, store: Store, workspace: str) -> str | None:
    """The bot token to post in ``workspace`` with: SLACK_BOT_TOKEN in single-token mode,
    else the workspace's installation (rotated when due; None: not installed)."""
    if not conf.oauth_mode:
        return conf.bot_token
    found = installs(conf, store)
    grant = found.orgs.grant_of(workspace)
    if grant is not None:  # a workspace of an org-wide install: the organisation's token
        return found.tokens.resolve(workspace, grant.enterprise_id, org=True)[0]
    return found.tokens.bot_token(workspace)

"""The bot scopes an install asks for: the same as manifest.yml's ``oauth_config.scopes.bot``
(tests/oauth/test_scopes.py). No user scopes: whoowns never acts as a person."""

from __future__ import annotations

BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",
    "assistant:write",
    "channels:history",  # only to find its own message after a crash (exactly once)
    "channels:join",  # subscribing a public channel joins it
    "channels:read",
    "groups:history",  # only to find its own message after a crash (exactly once)
    "groups:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "im:history",
    "im:write",
    "users:read",
    "usergroups:read",
)

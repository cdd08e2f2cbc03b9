"""Each installed workspace's bot token, for work nobody's request carries (the ticks).

    token = tokens.bot_token("T123")    # None: not installed (or uninstalled)

A token close to expiry (token rotation enabled for the app) is rotated first, exactly as
Bolt does for requests, and the rotated installation saved, so both paths agree.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store.installation_store import InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

logger = logging.getLogger(__name__)


class WorkspaceTokens:
    def __init__(
        self, installations: InstallationStore, rotator: TokenRotator, rotation_minutes: int
    ) -> None:
        self._installations = installations
        self._rotator = rotator
        self._minutes = rotation_minutes

    def bot_token(self, team_id: str, enterprise_id: str | None = None) -> str | None:
        installation = self._installations.find_installation(
            enterprise_id=enterprise_id, team_id=team_id
        )
        if installation is None or not installation.bot_token:
            return None
        if installation.bot_refresh_token is None:
            return installation.bot_token
        try:
            refreshed = self._rotator.perform_token_rotation(
                installation=installation, minutes_before_expiration=self._minutes
            )
        except SlackTokenRotationError as exc:
            logger.warning("workspace %s: the bot token could not be rotated (%s)", team_id, exc)
            return None
        if refreshed is None:
            return installation.bot_token
        self._installations.save(refreshed)
        logger.info("workspace %s: bot token rotated", team_id)
        return refreshed.bot_token

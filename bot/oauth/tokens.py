"""Each installed workspace's bot token, for work nobody's request carries (the ticks).

    token = tokens.bot_token("T123")    # None: not installed (or uninstalled)
    token, problem = tokens.resolve("T123")   # problem: why there is none, for the tick's line

A token close to expiry (token rotation enabled for the app) is rotated first, exactly as
Bolt does for requests, and the rotated installation saved, so both paths agree.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, Installation
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
        """The newest bot token of ``team_id`` (None: none, or it could not be rotated)."""
        return self.resolve(team_id, enterprise_id)[0]

    def resolve(
        self, team_id: str, enterprise_id: str | None = None, *, org: bool = False
    ) -> tuple[str | None, str]:
        """The newest bot token of ``team_id``, as Bolt finds it for a request: from the
        latest installation, else from the bots table (an installer's user token revoked
        takes the installation row with it, not the bot); else None and why. ``org``: the
        workspace is served by the org-wide install of ``enterprise_id`` (its token)."""
        try:
            installation = self._installations.find_installation(
                enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=org
            )
            if installation is not None and installation.bot_token:
                return self._rotated_installation(installation), ""
            bot = self._installations.find_bot(
                enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=org
            )
            if bot is None:
                return None, "no bot token: reinstall the app"
            return self._rotated_bot(bot), ""
        except SlackTokenRotationError as exc:
            error = exc.api_error.response.get("error") or "unknown error"
            logger.warning("workspace %s: the bot token could not be rotated (%s)", team_id, error)
            return None, f"token rotation failed ({error})"

    def _rotated_installation(self, installation: Installation) -> str | None:
        if installation.bot_refresh_token is None:
            return installation.bot_token
        refreshed = self._rotator.perform_token_rotation(
            installation=installation, minutes_before_expiration=self._minutes
        )
        if refreshed is None:
            return installation.bot_token
        self._installations.save(refreshed)
        logger.info("workspace %s: bot token rotated", installation.team_id)
        return refreshed.bot_token

    def _rotated_bot(self, bot: Bot) -> str | None:
        if bot.bot_refresh_token is None:
            return bot.bot_token
        refreshed = self._rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=self._minutes
        )
        if refreshed is None:
            return bot.bot_token
        self._installations.save_bot(refreshed)
        logger.info("workspace %s: bot token rotated", bot.team_id)
        return refreshed.bot_token

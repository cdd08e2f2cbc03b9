"""The fake Slack identities, defined once: LocalSlack answers with them, the payload builders
sign requests with them, the chat shell and the tests speak as them.

Nothing here is a real credential: the token and the signing secret only ever meet LocalSlack
and an app built for a test or for ``whoowns chat``."""

from __future__ import annotations

TEAM_ID = "T0LOCAL"
TEAM_DOMAIN = "whoowns-local"
TEAM_NAME = "whoowns local"
APP_ID = "A0WHOOWNS"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
BOT_NAME = "whoowns"

# tests and benches: the app's credentials and the person who talks to it
BOT_TOKEN = "xoxb-111-222-localtesttoken"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
VERIFICATION_TOKEN = "verification-token-unused"
USER_ID = "U0ALICE"
USER_NAME = "alice"
CHANNEL_ID = "C0GENERAL"
CHANNEL_NAME = "general"
DM_CHANNEL_ID = "D0ALICE"

# ``whoowns chat``: you, in a #general of your own (it signs with a throwaway secret)
SHELL_TOKEN = "xoxb-local"
SHELL_USER_ID = "U0YOU"
SHELL_USER_NAME = "you"
SHELL_CHANNEL_ID = "C0LOCAL"
SHELL_CHANNEL_NAME = "general"
SHELL_DM_CHANNEL_ID = "D0YOU"

# what LocalSlack answers when a call names no channel
DEFAULT_CHANNEL_ID = "C0LOCAL"
DEFAULT_DM_CHANNEL_ID = "D0LOCAL"


def dm_channel_for(user_id: str) -> str:
    """The id of the DM with ``user_id`` ("U0ALICE" -> "D0ALICE")."""
    return "D" + user_id[1:]

"""Signed, Slack-shaped requests for tests: the builders of bot/localslack/payloads.py (the one
set the chat shell and the benches use too) and the test app's credentials from
bot/localslack/ids.py. See bot/localslack/payloads.py for how to build and send them."""

from __future__ import annotations

from bot.localslack.ids import APP_ID as API_APP_ID
from bot.localslack.ids import BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, TEAM_ID
from bot.localslack.payloads import (
    FORM,
    JSON,
    Request,
    app_home_opened,
    app_mention,
    block_actions,
    button_action,
    event_callback,
    im_message,
    member_joined_channel,
    post,
    sign,
    slash_command,
    url_verification,
    view_submission,
)

__all__ = [
    "API_APP_ID",
    "BOT_TOKEN",
    "BOT_USER_ID",
    "FORM",
    "JSON",
    "SIGNING_SECRET",
    "TEAM_ID",
    "Request",
    "app_home_opened",
    "app_mention",
    "block_actions",
    "button_action",
    "event_callback",
    "im_message",
    "member_joined_channel",
    "post",
    "sign",
    "slash_command",
    "url_verification",
    "view_submission",
]

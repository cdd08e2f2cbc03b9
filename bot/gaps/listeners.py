"""Knowledge gaps in Slack: every answered question is looked at (``record_gap``), readers
report an answer as wrong or unclear ("Wrong or unclear?" under every card: a dialog, then one
line of thanks), and admins find the most asked gaps and reports on their App Home tab."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers import Answer
from bot.deps import Deps
from bot.gaps import render
from bot.gaps.service import REPORTED, SERVICE, GapsService
from bot.gaps.text import KINDS
from bot.listeners.errors import reported
from bot.listeners.registry import Registry
from bot.render import feedback
from bot.render.primitives import notice_message
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)

HOME_LIMIT = 5  # gaps on an admin's Home tab


def record_gap(context: BoltContext, answer: Answer) -> None:
    gaps: GapsService = context[SERVICE]
    gaps.record(answer)


def home_section(context: BoltContext, user_id: str) -> list[dict[str, Any]]:
    """The top gaps for the people who may change settings (see ``/whoowns admins``): read
    only, never waiting for the gaps still being written."""
    deps: Deps = context["deps"]
    admins = context.get("admins")
    if deps.store is None or admins is None or not admins.is_admin(context.client, user_id):
        return []
    gaps: GapsService = context[SERVICE]
    try:
        top = gaps.top(deps.clock(), limit=HOME_LIMIT, kinds=KINDS)
        reports = gaps.top(deps.clock(), limit=HOME_LIMIT, kinds=(REPORTED,))
    except StoreUnavailable as exc:
        logger.warning("knowledge gaps left off %s's Home: %s", user_id, exc)
        return []
    return render.home_blocks(top, reports)


def handle_report_click(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Wrong or unclear?": the dialog asking why, opened with the click's trigger_id."""
    ack()
    with reported(body, context):
        asked = feedback.decode(action.get("value"))
        container = body.get("container") or {}
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
        if asked is None:  # not a value this bot made
            logger.warning("a report button with an unreadable value was ignored")
            _tell(client, channel, str(body["user"]["id"]), feedback.UNREADABLE)
            return
        card_ts = str(container.get("message_ts") or "")
        view = feedback.report_modal(asked, channel=channel, card_ts=card_ts)
        client.views_open(trigger_id=str(body["trigger_id"]), view=view)


def handle_report_submit(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The dialog sent: one report kept (once per person and card), one line back."""
    ack()  # closes the dialog
    with reported(body, context):
        user = str(body["user"]["id"])
        found = feedback.decode_metadata(view.get("private_metadata"))
        if found is None:
            logger.warning("a report dialog with unreadable metadata was ignored")
            _tell(client, "", user, feedback.UNREADABLE)
            return
        asked, channel, card_ts = found
        values = (view.get("state") or {}).get("values")
        gaps: GapsService = context[SERVICE]
        outcome = gaps.reports.record(
            asked,
            card=(channel, card_ts),
            user=user,
            reason=feedback.reason_of(values),
            contact=feedback.contact_of(values),
        )
        _tell(client, channel, user, feedback.OUTCOMES[outcome])


def _tell(client: WebClient, channel: str, user: str, text: str) -> None:
    """One line only ``user`` sees, where the card was (else in their DM with the app)."""
    message = notice_message(text).kwargs()
    if channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user, **message)
            return
        except SlackApiError as exc:  # e.g. not in that channel: say it in the DM instead
            logger.info("could not answer a report in %s: %s", channel, exc.response.get("error"))
    client.chat_postMessage(channel=user, **message)


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_answer_observer(record_gap)
    app.action(feedback.REPORT_ACTION)(handle_report_click)
    app.view(feedback.REPORT_VIEW)(handle_report_submit)

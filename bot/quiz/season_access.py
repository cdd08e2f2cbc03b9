"""What stands between a season and its channels, in one line a person can act on: the bot
cannot see a channel (private and not invited, or gone), is not in it, or this workspace's
install lacks a scope Slack asks for. Used when a season or challenge starts (Slack is asked
about each channel first) and when its final board could not be posted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.delivery import Delivered, slack_error

INVITE = "invite me there (`/invite @whoowns`)"
READ_SCOPES = "channels:read, groups:read"  # what conversations.info needs, public and private
POST_SCOPE = "chat:write"  # what chat.postMessage needs


def problem(channel: str, error: str, needed: str | None = None) -> str:
    """What Slack's ``error`` about ``channel`` means and what to do, as one sentence."""
    where = f"<#{channel}>"
    if error == "missing_scope":
        scope = needed or READ_SCOPES
        return (
            f"Slack won't let me use {where}: this workspace's install of whoowns lacks the "
            f"`{scope}` scope; an admin has to reinstall the app to grant it."
        )
    if error == "channel_not_found":
        return f"I can't see {where}: it is private and I'm not in it, or it is gone; {INVITE}."
    if error == "not_in_channel":
        return f"I'm not in {where}: {INVITE}."
    if error == "is_archived":
        return f"{where} is archived."
    if error == "team_access_not_granted":
        return f"{where} is in a workspace this organisation has not granted whoowns."
    return f"Slack did not answer about {where} just now (`{error}`); try again in a minute."


def channel_problems(client: Any, channels: Sequence[str]) -> list[str]:
    """One sentence per channel Slack does not let the bot use (``conversations.info``)."""
    found = []
    for channel in channels:
        try:
            client.conversations_info(channel=channel)
        except SlackApiError as exc:
            needed = (exc.response or {}).get("needed") if exc.response is not None else None
            found.append(problem(channel, slack_error(exc), str(needed) if needed else None))
        except (SlackClientError, OSError) as exc:
            found.append(problem(channel, slack_error(exc)))
    return found


def board_outcome(title: str, results: Sequence[tuple[str, Delivered]]) -> str:
    """The one line answering ``season end``: the final board is out, or where it is not."""
    lines = []
    for channel, result in results:
        if result.status == "failed":
            lines.append(f"No final board there: {problem(channel, result.error or '')}")
        elif result.status == "retry" and result.error == "missing_scope":
            missing = problem(channel, "missing_scope", POST_SCOPE)
            lines.append(f"No final board there yet: {missing} I'll try again at each tick.")
        elif result.status == "retry":
            lines.append(
                f"Slack did not take the final board in <#{channel}> just now "
                f"(`{result.error}`); I'll try again at the next tick."
            )
    if not lines:
        return f"{title} has ended: the final board is out."
    return f"{title} has ended. " + " ".join(lines)

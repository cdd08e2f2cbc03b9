"""The "Start onboarding for a person" step: enrol someone exactly as ``/whoowns onboard @user``
does, through the onboarding feature's service in the request's context
(``context["onboarding"]``; this package never imports that feature).

    done = enrol(context, client, "U0NEW", by="U0BOSS", deps)   # -> Enrolled | NotEnrolled

Who may: anyone whose workflow runs the step, as anyone may ``/whoowns onboard @someone`` (the
person gets a welcome DM with a Start button and decides). Which workflows may use the step is
Slack's to decide: the workspace's Workflow Builder permissions and the step's access settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.deps import Deps
from bot.render.mrkdwn import echo

SERVICE = "onboarding"  # the onboarding feature's context key
TEAMS = "teams"  # the organisation's memberships (the lesson about a person's databases)
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
UNKNOWN_USER_ERRORS = frozenset({"user_not_found", "users_not_found", "invalid_user"})

# onboarding's outcome -> the step's status and its one line (the person's id is added)
DONE = {
    "sent": ("invited", "Sent {user} the onboarding welcome DM with a Start button."),
    "already": ("already_enrolled", "Onboarding had already started for {user}; nothing sent."),
    "stopped": (
        "stopped",
        "{user} stopped onboarding earlier; nothing sent (Resume on the app's Home tab goes on).",
    ),
}


@dataclass(frozen=True)
class Enrolled:
    status: str  # invited | already_enrolled | stopped
    user: str
    message: str  # one line, plain text


@dataclass(frozen=True)
class NotEnrolled:
    message: str  # the step's error, one line


def _person_problem(client: Any, user: str) -> str | None:
    """Why ``user`` cannot be onboarded (Slack does not know them, a bot, deactivated), or
    None. Slack being unreachable is no answer: onboarding asks again and decides."""
    try:
        info = client.users_info(user=user)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") in UNKNOWN_USER_ERRORS:
            return f"I don't know the user {user} in this workspace."
        return None
    except (SlackClientError, OSError, KeyError, TypeError):
        return None
    if isinstance(info, dict) and (info.get("is_bot") or info.get("deleted")):
        return f"{user} is a bot or a deactivated account: onboarding is for people."
    return None


def enrol(
    context: Any, client: Any, user: str, by: str | None, deps: Deps
) -> Enrolled | NotEnrolled:
    """Onboard ``user`` (``by``: who signed them up, named in the welcome DM; None: nobody)."""
    if not user.strip():
        return NotEnrolled("The step needs a person to onboard.")
    if not USER_ID.match(user):
        return NotEnrolled(f"'{echo(user, 40)}' is not a Slack user; pick a person in the step.")
    service = context.get(SERVICE)
    if service is None or deps.store is None:
        return NotEnrolled(
            "Onboarding needs whoowns' database, and this instance runs without one."
        )
    if by is not None and not USER_ID.match(by):
        by = None  # only ever named as a mention in the DM: a malformed one is left out
    problem = _person_problem(client, user)
    if problem is not None:
        return NotEnrolled(problem)
    engine = service.engine(client, service.teams_of([user], context.get(TEAMS), client))
    outcome = engine.invite(user, by, deps.clock())
    if outcome.status in DONE:
        status, line = DONE[outcome.status]
        return Enrolled(status, user, line.format(user=user))
    if outcome.status == "not-a-person":
        return NotEnrolled(f"{user} is a bot or a deactivated account: onboarding is for people.")
    if outcome.status == "no-lessons":
        return NotEnrolled(
            "The knowledge has no lessons, so there is no onboarding track to start."
        )
    return NotEnrolled(
        f"I couldn't send {user} the welcome DM ({outcome.error or 'Slack did not answer'}); "
        "run the workflow again in a moment."
    )

"""What is said about who may change settings: the one-line refusals and ``/whoowns admins``.

Wording only; user ids come from Slack or the settings (validated there), never from text
someone typed."""

from __future__ import annotations

from typing import Literal

from bot.render.help_blocks import HelpEntry

Action = Literal["quiz_change", "quiz_now", "onboarding_channel", "progress_other"]

HELP = (
    HelpEntry("/whoowns admins", "who may change this channel's quiz and the onboarding channel"),
)

WHAT = {
    "quiz_change": "change or stop this channel's quiz",
    "quiz_now": "start `/whoowns quiz now` in this channel",
    "onboarding_channel": "choose the onboarding channel",
    "progress_other": "see another person's onboarding progress",
}
OWN_PROGRESS = " (everyone can see their own: `/whoowns progress`)"


def _people(ids: tuple[str, ...]) -> str:
    return ", ".join(f"<@{u}>" for u in ids)


def who_can(configured: tuple[str, ...], subscriber: str | None) -> str:
    """``workspace admins and owners, <@U1> and <@U2>, who subscribed it``."""
    parts = ["workspace admins and owners"]
    if configured:
        parts.append(_people(configured))
    if subscriber and subscriber not in configured:
        parts.append(f"<@{subscriber}>, who subscribed it")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def refused(action: Action, configured: tuple[str, ...], subscriber: str | None) -> str:
    who = who_can(configured, subscriber if action in ("quiz_change", "quiz_now") else None)
    own = OWN_PROGRESS if action == "progress_other" else ""
    return f":lock: Only {who} can {WHAT[action]}{own}."


def listing(
    configured: tuple[str, ...],
    subscriber: str | None,
    has_quiz: bool | None,
    you: str,
) -> str:
    """``/whoowns admins``. ``has_quiz`` None: the database could not say."""
    lines = ["*Who may change settings*"]
    admins = "• Workspace admins and owners"
    if configured:
        admins += f", and {_people(configured)} (`WHOOWNS_ADMINS`)"
    lines.append(admins + ": every channel's quiz, `quiz now` and the onboarding channel.")
    if has_quiz and subscriber:
        lines.append(
            f"• <@{subscriber}> subscribed this channel's quiz: they may change or stop it "
            "and start `quiz now` here."
        )
    elif has_quiz is False:
        lines.append("• This channel has no quiz: anyone may subscribe it.")
    lines.append(
        "• Everyone: subscribe a channel that has no quiz; quiz status, the leaderboard and "
        "their own onboarding."
    )
    lines.append(you)
    return "\n".join(lines)


def you_line(admin: bool, subscriber: bool) -> str:
    if admin:
        return "You may change every setting here."
    if subscriber:
        return "You may change this channel's quiz (you subscribed it)."
    return "You may not change settings here."

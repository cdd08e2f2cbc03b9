"""The help card: an example of every subcommand (features append their own lines). Pure.

message = help_message(CORE_HELP + quiz_help)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import Block

from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import Message, context, header, section, to_dicts


@dataclass(frozen=True)
class HelpEntry:
    """One line of help: an example command and what it does (features append their own)."""

    example: str  # "/whoowns patching aurora"
    description: str  # "who owns a duty for a service"


CORE_HELP: tuple[HelpEntry, ...] = (
    HelpEntry("/whoowns patching aurora", "who owns a duty for a service, and what each side does"),
    HelpEntry("/whoowns rds", "every duty for one service, with its category"),
    HelpEntry("/whoowns backups", "who owns a duty in each category"),
    HelpEntry("/whoowns is redshift fully managed", "a service's category, with the exam note"),
    HelpEntry("/whoowns explain managed", "what a category means, its cost and when to choose it"),
    HelpEntry("/whoowns managed vs unmanaged", "two categories side by side, duty by duty"),
    HelpEntry("/whoowns rds vs dynamodb", "two services side by side, through their categories"),
    HelpEntry("/whoowns my databases", "your team's databases and your side of each duty"),
    HelpEntry("/whoowns help", "this help"),
)


def help_message(entries: Sequence[HelpEntry] = CORE_HELP) -> Message:
    """Examples of every subcommand; later features pass their entries appended to CORE_HELP."""
    lines = [f"• `{escape_mrkdwn(e.example)}` — {escape_mrkdwn(e.description)}" for e in entries]
    blocks: list[Block] = [
        header("whoowns: who owns it — AWS, you, or both?"),
        section(
            "I answer who owns each operational duty (patching, backups, scaling, …) for an AWS "
            "database service, per the AWS shared responsibility model."
        ),
        section("*Try:*\n" + "\n".join(lines)),
        context(
            "In a direct message just type the question (`patching aurora`); in a channel, "
            "mention me: `@whoowns who patches dynamodb?`"
        ),
    ]
    return Message(
        text="whoowns help: try /whoowns patching aurora, /whoowns rds, /whoowns help",
        blocks=to_dicts(blocks),
    )

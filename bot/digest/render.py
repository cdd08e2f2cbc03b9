"""The digest as Block Kit (slack_sdk models), posted in a channel: teams by name only (a shared
message pings nobody), every text from the knowledge escaped, within Slack's limits for any
fleet: at most :data:`MAX_LINES` items listed, then "… and N more" naming the CLI."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.digest.content import Digest, Item
from bot.render.mrkdwn import escape_mrkdwn, trim
from bot.render.primitives import Message, context, header, section, to_dicts

MAX_LINES = 60  # item lines in one digest (10 per section: well under Slack's 50 blocks)
PER_SECTION = 10
LINE_LIMIT = 280


def _line(item: Item) -> str:
    return trim(f"• *{escape_mrkdwn(item.resource)}* · {escape_mrkdwn(item.text)}", LINE_LIMIT)


def _group(title: str, lines: list[str], room: int) -> tuple[list[Block], int]:
    """A titled list of at most ``room`` lines; (blocks, lines shown)."""
    shown = lines[:room]
    if not shown:
        return [], 0
    blocks: list[Block] = [section(f"*{title}*")]
    for i in range(0, len(shown), PER_SECTION):
        blocks.append(section("\n".join(shown[i : i + PER_SECTION])))
    return blocks, len(shown)


def digest_message(digest: Digest) -> Message:
    name = escape_mrkdwn(digest.team_name)
    cli = f"whoowns practices --team {digest.team}"
    counts = (
        f"{len(digest.attention)} need attention · "
        f"{len(digest.maintenance)} maintenance action(s) in the next 14 days"
    )
    groups: list[tuple[str, list[str]]] = []
    if not digest.first:
        changes = [_line(i) for i in digest.new]
        changes += [f"• {escape_mrkdwn(digest.labels.get(k, k))}" for k in digest.resolved]
        word = f"{len(digest.new)} new, {len(digest.resolved)} resolved"
        groups.append((f"Since the last digest: {word}", changes))
    groups.append((":warning: Needs attention", [_line(i) for i in digest.attention]))
    groups.append(
        (":wrench: Maintenance in the next 14 days", [_line(i) for i in digest.maintenance])
    )
    blocks: list[Block] = [header(f"Weekly digest: {digest.team_name}"), context(counts)]
    room, total, shown = MAX_LINES, 0, 0
    for title, lines in groups:
        made, n = _group(title, lines, room)
        blocks += made
        room, shown, total = room - n, shown + n, total + len(lines)
    if total > shown:
        blocks.append(context(f"… and {total - shown} more: `{cli}` lists them all"))
    else:
        blocks.append(context(f"Every practice: `{cli}` or `/whoowns practices {digest.team}`"))
    text = f"Weekly digest for {name}: {counts}"
    return Message(text=text, blocks=to_dicts(blocks))

"""Slack mrkdwn helpers: the one escape for user text, trimming, owner badges.

Every piece of text a user typed that the bot repeats goes through :func:`escape_mrkdwn`
(usually via :func:`echo`), so nobody can make the bot post ``<!channel>``, ``<!here>``,
``<!subteam^…>``, ``<@U…>`` or a disguised link ``<https://evil|aws.amazon.com>``.
"""

from __future__ import annotations

ELLIPSIS = "…"
ECHO_LIMIT = 200  # characters of a question the bot repeats back

# owner -> (emoji, word). The word carries the meaning, so the badge reads without colour.
OWNER_BADGES: dict[str | None, tuple[str, str]] = {
    "aws": (":cloud:", "AWS"),
    "customer": (":bust_in_silhouette:", "Customer"),
    "shared": (":handshake:", "Shared"),
    None: (":grey_question:", "Not stated"),
}


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack gives meaning to in mrkdwn: ``&``, ``<``, ``>``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def trim(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def unescape_slack(text: str) -> str:
    """Undo Slack's own escaping of typed text (``&amp;`` ``&lt;`` ``&gt;``), ``&amp;`` last."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """User text as the bot repeats it: one line, at most ``limit`` characters, escaped.

    Slack sends typed ``&``, ``<``, ``>`` already escaped; that is undone first so the echo
    shows what was typed ("a & b", not "a &amp; b"), then everything is escaped once.
    Trimmed before escaping, so an entity like ``&lt;`` is never cut in half.
    """
    flat = " ".join(unescape_slack(text).split())
    return escape_mrkdwn(trim(flat, limit))


def badge(owner: str | None) -> str:
    """``":cloud: *AWS*"`` — emoji and word for an owner (``None``: the seed does not say)."""
    emoji, word = OWNER_BADGES.get(owner, OWNER_BADGES[None])
    return f"{emoji} *{word}*"


def bullet_list(lines: tuple[str, ...] | list[str], *, bold_label: bool = True) -> str:
    """``"Label: text"`` lines as bullets, the label in bold."""
    out = []
    for line in lines:
        label, sep, rest = line.partition(": ")
        if bold_label and sep and len(label) <= 40:
            out.append(f"• *{label}*: {rest}")
        else:
            out.append(f"• {line}")
    return "\n".join(out)

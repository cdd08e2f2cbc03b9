"""The App Home tab: what the bot does, examples, the responsibility matrix, the security model.

    view = build_home_view(knowledge, extra_sections=[quiz_stats_blocks, onboarding_blocks])
    client.views_publish(user_id=user, view=view)

``extra_sections`` are lists of block dicts contributed by later features (quiz stats,
onboarding progress); they appear after the introduction, and the view stays within Slack's
100 blocks (sections that do not fit are left out whole).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, DividerBlock
from slack_sdk.models.views import View

from bot.kb.models import Knowledge
from bot.render.help_blocks import CORE_HELP, HelpEntry
from bot.render.mrkdwn import OWNER_BADGES, badge, escape_mrkdwn
from bot.render.primitives import button, context, header, section

MAX_HOME_BLOCKS = 100
HOME_ASK_ACTION = "home_ask"  # buttons home_ask_0 …: the answer arrives in the Messages tab
HOME_EXAMPLES: tuple[str, ...] = ("patching aurora", "is rds fully managed", "explain managed")


def matrix_text(knowledge: Knowledge) -> str:
    """The comparison table as text that reads on a phone: one duty per two lines."""
    categories = list(knowledge.categories.values())
    lines = ["Columns: " + " | ".join(f"*{escape_mrkdwn(c.name)}*" for c in categories)]
    for duty in knowledge.table_duties:
        owners = " | ".join(
            f"{OWNER_BADGES.get(o, OWNER_BADGES[None])[0]} "
            f"{OWNER_BADGES.get(o, OWNER_BADGES[None])[1]}"
            for o in (duty.cell(c.id).owner for c in categories)
        )
        lines.append(f"*{escape_mrkdwn(duty.name)}*\n{owners}")
    return "\n".join(lines)


def _services_text(knowledge: Knowledge) -> str:
    lines = []
    for cat in knowledge.categories.values():
        names = ", ".join(escape_mrkdwn(s.name) for s in knowledge.services_in(cat.id))
        lines.append(f"*{escape_mrkdwn(cat.name)}*: {names or '—'}")
    return "\n".join(lines)


def _notes_context(knowledge: Knowledge) -> list[Block]:
    notes = [f":bulb: {escape_mrkdwn(s.note)}" for s in knowledge.services.values() if s.note]
    return [context("\n".join(notes))] if notes else []


def _must_remember(knowledge: Knowledge) -> str:
    lines = [
        f"• *{escape_mrkdwn(p.text)}*" + (f" {escape_mrkdwn(p.detail)}" if p.detail else "")
        for p in knowledge.exam_points
    ]
    return "*Must remember*\n" + "\n".join(lines)


def _security_text(knowledge: Knowledge) -> str:
    sec = knowledge.security
    lines = [
        f":cloud: {escape_mrkdwn(sec.aws)}",
        f":bust_in_silhouette: {escape_mrkdwn(sec.customer)}",
    ]
    for item in sec.responsibilities:
        lines.append(
            f"• *{escape_mrkdwn(item.name)}* ({badge(item.owner)}): {escape_mrkdwn(item.text)}"
        )
    return "\n".join(lines)


def build_home_view(
    knowledge: Knowledge,
    extra_sections: Sequence[Sequence[Mapping[str, Any]]] = (),
    help_entries: Sequence[HelpEntry] = CORE_HELP,
) -> dict[str, Any]:
    """The Home tab view (``type: home``), validated by slack_sdk's View model."""
    intro: list[Block] = [
        header("whoowns: who owns it — AWS, you, or both?"),
        section(
            "For each AWS database service I tell you who owns each operational duty — "
            f"{badge('aws')}, {badge('customer')} or {badge('shared')} — per the AWS shared "
            "responsibility model, with what each side actually does and where the fact comes from."
        ),
        section(
            "*Ask me anywhere:*\n"
            + "\n".join(
                f"• `{escape_mrkdwn(e.example)}` — {escape_mrkdwn(e.description)}"
                for e in help_entries
            )
            + "\n• Or type the question in the *Messages* tab, or mention me in a thread."
        ),
        ActionsBlock(
            block_id="home_examples",
            elements=[
                button(f"Try: {q}", f"{HOME_ASK_ACTION}_{i}", q)
                for i, q in enumerate(HOME_EXAMPLES)
            ],
        ),
    ]
    reference: list[Block] = [
        DividerBlock(),
        header("Responsibility matrix"),
        section(matrix_text(knowledge)),
        context(
            "  ".join(f"{e} {w}" for e, w in OWNER_BADGES.values() if w != "Not stated")
            + "  ·  :books: Source: Comparison Table for Exam"
        ),
        DividerBlock(),
        header("Which services are in which category"),
        section(_services_text(knowledge)),
        *_notes_context(knowledge),
        section(_must_remember(knowledge)),
        DividerBlock(),
        header("Security: who secures what"),
        section(_security_text(knowledge)),
        context(f":books: Source: {escape_mrkdwn(knowledge.security.source)}"),
    ]
    head = [b.to_dict() for b in intro]
    tail = [b.to_dict() for b in reference]
    extras = fit_sections(extra_sections, MAX_HOME_BLOCKS - len(head) - len(tail))
    view = View(type="home", blocks=[*head, *extras, *tail])
    return view.to_dict()


def fit_sections(
    sections: Sequence[Sequence[Mapping[str, Any]]], room: int
) -> list[dict[str, Any]]:
    """The features' Home sections within ``room`` blocks, each after a divider; a section too
    long for what is left is shortened with "and N more" rather than dropped."""
    extras: list[dict[str, Any]] = []
    for extra in sections:
        blocks = [dict(b) for b in extra]
        left = room - len(extras) - 1  # a divider goes before each section
        if blocks and len(blocks) > left >= 2:  # shortened, not dropped: "and N more"
            more = len(blocks) - (left - 1)
            note = context(f"… and {more} more (shortened to fit Home)").to_dict()
            blocks = [*blocks[: left - 1], note]
        if blocks and len(blocks) <= left:
            extras += [DividerBlock().to_dict(), *blocks]
    return extras

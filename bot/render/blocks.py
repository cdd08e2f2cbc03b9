"""Answers as Block Kit: pure functions from answer data to Slack message payloads.

Built only with ``slack_sdk.models.blocks``, whose ``to_dict()`` checks Slack's limits (a payload
Slack would refuse fails here, in the tests). Every :class:`Message` has a top-level ``text`` and
at most :data:`MAX_BLOCKS` blocks; user text is repeated only through ``mrkdwn.echo``.

    message = answer_message(answer)               # ephemeral card with "Share in channel"
    message = help_message(CORE_HELP + quiz_help)
    ack(response_type="ephemeral", **message.kwargs())
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.answers import Answer, Choice, Classification, OwnerCell
from bot.render import wording
from bot.render.category_blocks import classify_blocks, explain_blocks
from bot.render.choose_blocks import choose_blocks, choose_fallback
from bot.render.compare_blocks import compare_blocks, compare_text
from bot.render.feedback import report_button
from bot.render.mrkdwn import OWNER_BADGES, badge, echo, escape_mrkdwn, trim
from bot.render.wording import (
    STILL_CONFIGURE,
    covered_line,
    not_covered,
    still_configured,
)

MAX_BLOCKS = 50  # per message
SECTION_TEXT_LIMIT = 3000
FIELD_LIMIT = 2000
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
MAX_SUGGESTIONS = 5

# action ids the listeners register (bot/listeners/actions.py)
SHARE_ACTION = "share_answer"
REASK_ACTION = "reask"  # buttons are reask_0 … reask_4 (action ids are unique per message)

APOLOGY = (
    "Sorry, something went wrong on my side while answering that. "
    "Please try again in a moment, or try `/whoowns help` for examples."
)


@dataclass(frozen=True)
class Message:
    """A message payload: ``text`` fallback + Block Kit ``blocks`` (dicts, validated)."""

    text: str
    blocks: tuple[dict[str, Any], ...] = ()

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``ack``/``respond``/``chat_postMessage``."""
        return {"text": self.text, "blocks": list(self.blocks)}


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


# -- small builders -------------------------------------------------------------------------


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def section(text: str) -> SectionBlock:
    return SectionBlock(text=_md(trim(text, SECTION_TEXT_LIMIT)))


def fields_section(fields: Sequence[str]) -> SectionBlock:
    return SectionBlock(fields=[_md(trim(f, FIELD_LIMIT)) for f in fields[:10]])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=trim(text, HEADER_LIMIT), emoji=True))


def context(*parts: str) -> ContextBlock:
    return ContextBlock(elements=[_md(trim(p, SECTION_TEXT_LIMIT)) for p in parts if p][:10])


def button(text: str, action_id: str, value: str, *, primary: bool = False) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=trim(text, BUTTON_TEXT_LIMIT), emoji=True),
        action_id=action_id,
        value=value[:BUTTON_VALUE_LIMIT],
        style="primary" if primary else None,
    )


def to_dicts(blocks: Iterable[Block], limit: int = MAX_BLOCKS) -> tuple[dict[str, Any], ...]:
    """Validate and serialise; beyond ``limit`` the tail is replaced by a "more" note."""
    out = [b.to_dict() for b in blocks]
    if len(out) > limit:
        out = [*out[: limit - 1], context("… (shortened: ask a narrower question)").to_dict()]
    return tuple(out)


def _sources(cells: Iterable[OwnerCell | Classification | Choice]) -> str:
    seen: list[str] = []
    for cell in cells:
        for part in cell.source.split(";"):
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return ", ".join(seen)


def source_line(source: str) -> str:
    return f":books: Source: {escape_mrkdwn(source)}" if source else ""


# -- cards ------------------------------------------------------------------------------------


def _sides(cell: OwnerCell) -> list[str]:
    """What each side does, the owner's side first (what the customer still configures in a
    duty AWS owns is said on the owner line instead)."""
    aws = f":cloud: *AWS does:* {escape_mrkdwn(cell.aws)}" if cell.aws else ""
    you = f":bust_in_silhouette: *You do:* {escape_mrkdwn(cell.customer)}" if cell.customer else ""
    if still_configured(cell):
        you = ""
    lines = [you, aws] if cell.owner == "customer" else [aws, you]
    return [line for line in lines if line]


def _owner_line(cell: OwnerCell, where: str) -> str:
    if cell.owner is None:
        return f"{badge(None)} — {wording.NOT_STATED} {escape_mrkdwn(where)}"
    if cell.owner == "shared":
        return f"{badge('shared')} — both AWS and you have work here"
    configured = still_configured(cell)
    if configured:
        return f"{badge(cell.owner)} {STILL_CONFIGURE} {escape_mrkdwn(configured)}"
    return f"{badge(cell.owner)} owns this"


def _service_cell_text(cell: OwnerCell) -> str:
    title = f"*{escape_mrkdwn(cell.service_name or cell.service or '')}*"
    lines = [
        f"{title} · {escape_mrkdwn(cell.category_name)}",
        _owner_line(cell, f"for {cell.category_name}"),
        *_sides(cell),
    ]
    return "\n".join(lines)


def _category_cell_text(cell: OwnerCell) -> str:
    owner = badge(cell.owner)
    configured = still_configured(cell)
    if configured:
        owner += f" {STILL_CONFIGURE} {escape_mrkdwn(configured)}"
    lines = [f"*{escape_mrkdwn(cell.category_name)}*: {owner}", *_sides(cell)]
    if cell.owner is None:
        lines.append(
            f"_{wording.NOT_STATED.capitalize()} for {escape_mrkdwn(cell.category_name)}._"
        )
    return "\n".join(lines)


def _side_by_side(texts: Sequence[str]) -> list[Block]:
    """One text: a section. Several: sections of two fields each (side by side on desktop)."""
    if len(texts) == 1:
        return [section(texts[0])]
    return [fields_section(texts[i : i + 2]) for i in range(0, len(texts), 2)]


def _notes(notes: Iterable[str]) -> list[Block]:
    lines = [f":bulb: {escape_mrkdwn(n)}" for n in notes if n]
    return [section("\n".join(lines))] if lines else []


def _who_owns_blocks(answer: Answer) -> list[Block]:
    duty = answer.cells[0].duty_name if answer.cells else "this duty"
    blocks: list[Block] = [header(f"Who owns {duty}?")]
    if answer.engine_name and len(answer.cells) > 1:
        engine = escape_mrkdwn(answer.engine_name)
        differs = len({c.owner for c in answer.cells}) > 1
        said = "can mean each of these" + ("; the owner differs:" if differs else ":")
        blocks.append(section(f"*{engine}* {said}"))
    blocks += _side_by_side([_service_cell_text(c) for c in answer.cells])
    return blocks


def _duty_blocks(answer: Answer) -> list[Block]:
    duty = answer.cells[0].duty_name if answer.cells else "this duty"
    blocks: list[Block] = [header(f"Who owns {duty}? (by category)")]
    blocks += [section(_category_cell_text(c)) for c in answer.cells]
    return blocks


def _overview_blocks(answer: Answer) -> list[Block]:
    by_service: dict[str, list[OwnerCell]] = {}
    for cell in answer.cells:
        by_service.setdefault(cell.service or "", []).append(cell)
    names = [cells[0].service_name or sid for sid, cells in by_service.items()]
    blocks: list[Block] = [header(f"{' / '.join(names)}: who owns what")]
    classes = {c.service: c for c in answer.classifications}
    texts = []
    for sid, cells in by_service.items():
        first = cells[0]
        cls = classes.get(sid)
        kind = f" ({escape_mrkdwn(cls.kind)})" if cls and cls.kind else ""
        lines = [f"*{escape_mrkdwn(first.service_name or sid)}* · {first.category_name}{kind}"]
        lines += [f"{escape_mrkdwn(c.duty_name)} — {badge(c.owner)}" for c in cells]
        texts.append("\n".join(lines))
    blocks += _side_by_side(texts)
    blocks.append(context(_legend(), "Ask `/whoowns DUTY SERVICE` for what each side does."))
    return blocks


def _legend() -> str:
    return "  ".join(f"{emoji} {word}" for emoji, word in OWNER_BADGES.values())


def _suggestion_buttons(answer: Answer) -> list[Block]:
    suggestions = answer.suggestions[:MAX_SUGGESTIONS]
    if not suggestions:
        return []
    return [
        section("*Did you mean:*"),
        ActionsBlock(
            block_id="did_you_mean",
            elements=[
                button(s.text or s.label, f"{REASK_ACTION}_{i}", s.text)
                for i, s in enumerate(suggestions)
            ],
        ),
    ]


def _unknown_blocks(answer: Answer) -> list[Block]:
    terms = answer.unknown_terms or answer.query.unknown_terms
    if terms:
        first = not_covered([f"*{echo(t, 60)}*" for t in terms[:3]])
        if answer.cells:
            first += " Here is what I can say:"
    else:
        first = f"Sorry, I couldn't work out what you're asking: “{echo(answer.query.text)}”"
    blocks: list[Block] = [section(first)]
    if answer.cells:
        service_cells = [c for c in answer.cells if c.service]
        if service_cells:
            blocks += _side_by_side([_service_cell_text(c) for c in service_cells])
        category_cells = [c for c in answer.cells if not c.service]
        if category_cells:
            duty = category_cells[0].duty_name
            blocks.append(section(f"*{escape_mrkdwn(duty)}*, in each category:"))
            blocks += [section(_category_cell_text(c)) for c in category_cells]
    blocks += _suggestion_buttons(answer)
    blocks += _covered(answer)
    blocks.append(context("Try `/whoowns help` for examples of what I can answer."))
    return blocks


def _covered(answer: Answer) -> list[Block]:
    if not answer.covered:
        return []
    return [context(escape_mrkdwn(covered_line([s.name for s in answer.covered])))]


_BODIES = {
    "who_owns": _who_owns_blocks,
    "compare": compare_blocks,
    "choose": choose_blocks,
    "duty": _duty_blocks,
    "overview": _overview_blocks,
    "classify": classify_blocks,
    "explain": explain_blocks,
    "unknown": _unknown_blocks,
}


def _card(answer: Answer, *, mention: bool = True) -> list[Block]:
    """The answer's blocks, without buttons or the asker line. ``mention``: teams of the
    organisation by their Slack handle (the asker's private card), else by name (shared)."""
    body = _BODIES.get(answer.intent, _unknown_blocks)
    from bot.answers import OrgAnswer

    if isinstance(answer, OrgAnswer) and answer.intent != "unknown":
        from bot.render.org_blocks import org_blocks

        blocks = org_blocks(answer, mention=mention)
        if answer.cells:  # course services named beside the resources
            blocks += body(answer)
    else:
        blocks = body(answer)
    if not blocks:  # a known intent with nothing to show: say so plainly
        return _unknown_blocks(answer)
    if answer.intent != "unknown":
        terms = answer.unknown_terms or answer.query.unknown_terms
        if terms:  # part of the question was understood: say plainly what was not
            names = [f"*{echo(t, 60)}*" for t in terms[:3]]
            blocks.insert(0, section(f"{not_covered(names)} Here is what I can say:"))
        if answer.suggestions:  # a partial answer can still offer "did you mean"
            blocks += _suggestion_buttons(answer)
        blocks += _covered(answer)
        shown = {c.note for c in answer.classifications if c.note}
        blocks += _notes(n for n in answer.notes if n not in shown)
        choice = [answer.choice] if answer.choice is not None else []
        source = _sources([*answer.cells, *answer.classifications, *choice])
        if source:
            blocks.append(context(source_line(source)))
    else:
        blocks[-1:-1] = _notes(answer.notes)
    return blocks


def answer_text(answer: Answer) -> str:
    """The one-paragraph ``text`` fallback (notifications, screen readers); mrkdwn-escaped."""
    from bot.answers import OrgAnswer

    if isinstance(answer, OrgAnswer):
        from bot.render.org_blocks import org_fallback

        text = org_fallback(answer)
        if text is not None:
            return text
    if answer.intent in ("who_owns", "duty", "overview") and answer.cells:
        parts = []
        for cell in answer.cells[:12]:
            where = cell.service_name if cell.service else cell.category_name
            label = where if answer.intent != "overview" else f"{where}, {cell.duty_name}"
            parts.append(f"{label}: {OWNER_BADGES.get(cell.owner, OWNER_BADGES[None])[1]}")
        more = "…" if len(answer.cells) > 12 else ""
        prefix = "" if answer.intent == "overview" else f"{answer.cells[0].duty_name} — "
        return escape_mrkdwn(prefix + "; ".join(parts) + more)
    if answer.intent == "classify" and answer.classifications:
        return escape_mrkdwn(
            "; ".join(f"{c.service_name} is {c.category_name}" for c in answer.classifications)
        )
    if answer.intent == "explain" and answer.categories:
        return escape_mrkdwn("; ".join(f"{c.name}: {c.description}" for c in answer.categories))
    if answer.intent == "compare" and answer.comparison is not None:
        return compare_text(answer)
    if answer.intent == "choose" and answer.choice is not None:
        return choose_fallback(answer.choice)
    terms = answer.unknown_terms or answer.query.unknown_terms
    if terms:
        return not_covered([echo(terms[0], 60)])
    return f"Sorry, I couldn't work out what you're asking: “{echo(answer.query.text)}”"


def answer_message(
    answer: Answer, *, shareable: bool = True, extra_buttons: Sequence[ButtonElement] = ()
) -> Message:
    """The card for an answer; ``shareable`` adds "Share in channel" (ephemeral replies) and
    ``extra_buttons`` (features' buttons, e.g. "Quiz me on this") beside it."""
    if answer.intent == "help":
        return help_message()
    if answer.intent == "smalltalk":  # one friendly line, no card
        return notice_message(escape_mrkdwn(wording.smalltalk_line(answer.query.smalltalk)))
    blocks = _card(answer)
    shares = shareable and answer.intent != "unknown"
    share = [button("Share in channel", SHARE_ACTION, answer.query.text), *extra_buttons]
    blocks.append(_with_report(share if shares else [], answer))
    blocks.append(context(f"_You asked:_ {echo(answer.query.text)}"))
    return Message(text=answer_text(answer), blocks=to_dicts(blocks))


def shared_message(answer: Answer, *, user_id: str) -> Message:
    """The answer posted in the channel: "<@U…> asked: …" and the same card, no buttons."""
    asker = f"<@{escape_mrkdwn(user_id)}>"
    asked = f"{asker} asked: {echo(answer.query.text)}"
    blocks = [section(asked), *_card(answer, mention=False)]
    blocks = [*(b for b in blocks if not isinstance(b, ActionsBlock)), _with_report([], answer)]
    return Message(text=f"{asked}\n{answer_text(answer)}", blocks=to_dicts(blocks))


def _with_report(buttons: Sequence[ButtonElement], answer: Answer) -> ActionsBlock:
    """The card's row of buttons, ending with the "Wrong or unclear?" control every card has."""
    return ActionsBlock(block_id="answer_buttons", elements=[*buttons, report_button(answer)])


def shared_receipt() -> Message:
    """What replaces the private card once it is shared."""
    text = ":white_check_mark: Shared in the channel."
    return Message(text=text, blocks=to_dicts([context(text)]))


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


def apology_message() -> Message:
    """What the user sees when something failed: short, no exception text, something to try."""
    return Message(text=APOLOGY, blocks=to_dicts([section(f":warning: {APOLOGY}")]))


def notice_message(text: str) -> Message:
    """A one-line message from bot-authored mrkdwn (callers escape any user text in it)."""
    return Message(text=text, blocks=to_dicts([section(text)]))

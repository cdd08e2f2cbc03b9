"""The course's answers as Block Kit: who owns a duty for a service (or in each category), a
service's every duty, and a question not understood (with "did you mean" buttons). Pure; user
text is repeated only through ``mrkdwn.echo``.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.answers import Answer, OwnerCell
from bot.render import wording
from bot.render.mrkdwn import OWNER_BADGES, badge, echo, escape_mrkdwn
from bot.render.primitives import button, context, header, section, side_by_side
from bot.render.tables import Table
from bot.render.wording import STILL_CONFIGURE, covered_line, not_covered, still_configured

MAX_SUGGESTIONS = 5
# the listeners register this action id (bot/listeners/actions.py)
REASK_ACTION = "reask"  # buttons are reask_0 … reask_4 (action ids are unique per message)


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


def who_owns_blocks(answer: Answer) -> list[Block]:
    duty = answer.cells[0].duty_name if answer.cells else "this duty"
    blocks: list[Block] = [header(f"Who owns {duty}?")]
    if answer.engine_name and len(answer.cells) > 1:
        engine = escape_mrkdwn(answer.engine_name)
        differs = len({c.owner for c in answer.cells}) > 1
        said = "can mean each of these" + ("; the owner differs:" if differs else ":")
        blocks.append(section(f"*{engine}* {said}"))
    blocks += side_by_side([_service_cell_text(c) for c in answer.cells])
    return blocks


def duty_blocks(answer: Answer) -> list[Block]:
    duty = answer.cells[0].duty_name if answer.cells else "this duty"
    blocks: list[Block] = [header(f"Who owns {duty}? (by category)")]
    blocks += [section(_category_cell_text(c)) for c in answer.cells]
    return blocks


def _by_service(answer: Answer) -> dict[str, list[OwnerCell]]:
    by_service: dict[str, list[OwnerCell]] = {}
    for cell in answer.cells:
        by_service.setdefault(cell.service or "", []).append(cell)
    return by_service


def _owner_word(owner: str | None) -> str:
    return OWNER_BADGES.get(owner, OWNER_BADGES[None])[1]


def overview_table(answer: Answer) -> Table | None:
    """The responsibility matrix: duties × the services (or categories) asked about."""
    by_service = _by_service(answer)
    if not by_service:
        return None
    duties = {c.duty: c.duty_name for cells in by_service.values() for c in cells}
    owners = {(c.service or "", c.duty): c.owner for cs in by_service.values() for c in cs}
    return Table(
        header=("Duty", *(cells[0].service_name or sid for sid, cells in by_service.items())),
        rows=tuple(
            (name, *(_owner_word(owners.get((sid, duty))) for sid in by_service))
            for duty, name in duties.items()
        ),
    )


def overview_blocks(answer: Answer, *, tabled: bool = False) -> list[Block]:
    """``tabled``: the owners are in :func:`overview_table`, shown under these blocks."""
    by_service = _by_service(answer)
    names = [cells[0].service_name or sid for sid, cells in by_service.items()]
    blocks: list[Block] = [header(f"{' / '.join(names)}: who owns what")]
    if tabled:
        blocks.append(context("Ask `/whoowns DUTY SERVICE` for what each side does."))
        return blocks
    classes = {c.service: c for c in answer.classifications}
    texts = []
    for sid, cells in by_service.items():
        first = cells[0]
        cls = classes.get(sid)
        kind = f" ({escape_mrkdwn(cls.kind)})" if cls and cls.kind else ""
        lines = [f"*{escape_mrkdwn(first.service_name or sid)}* · {first.category_name}{kind}"]
        lines += [f"{escape_mrkdwn(c.duty_name)} — {badge(c.owner)}" for c in cells]
        texts.append("\n".join(lines))
    blocks += side_by_side(texts)
    blocks.append(context(_legend(), "Ask `/whoowns DUTY SERVICE` for what each side does."))
    return blocks


def _legend() -> str:
    return "  ".join(f"{emoji} {word}" for emoji, word in OWNER_BADGES.values())


def suggestion_buttons(answer: Answer) -> list[Block]:
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


def unknown_blocks(answer: Answer) -> list[Block]:
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
            blocks += side_by_side([_service_cell_text(c) for c in service_cells])
        category_cells = [c for c in answer.cells if not c.service]
        if category_cells:
            duty = category_cells[0].duty_name
            blocks.append(section(f"*{escape_mrkdwn(duty)}*, in each category:"))
            blocks += [section(_category_cell_text(c)) for c in category_cells]
    blocks += suggestion_buttons(answer)
    blocks += covered_blocks(answer)
    blocks.append(context("Try `/whoowns help` for examples of what I can answer."))
    return blocks


def covered_blocks(answer: Answer) -> list[Block]:
    if not answer.covered:
        return []
    return [context(escape_mrkdwn(covered_line([s.name for s in answer.covered])))]


def course_fallback(answer: Answer) -> str:
    """The ``text`` fallback of a course answer, or of a question not understood."""
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
    terms = answer.unknown_terms or answer.query.unknown_terms
    if terms:
        return not_covered([echo(terms[0], 60)])
    return f"Sorry, I couldn't work out what you're asking: “{echo(answer.query.text)}”"

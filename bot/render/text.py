"""An Answer as plain terminal text (``whoowns ask``), and the help text. Pure: no I/O.

    print(render_answer(answer))
    print(render_help(knowledge))

No colour, no Slack markup: the text reads the same in a pipe, a log or a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.answers import Answer, Classification, OrgAnswer, OwnerCell
from bot.intent import Suggestion
from bot.kb.models import OWNER_LABELS, Knowledge
from bot.render.choose_text import choose_lines
from bot.render.compare_text import compare_lines
from bot.render.wording import (
    STILL_CONFIGURE,
    covered_line,
    not_covered,
    smalltalk_line,
    still_configured,
)

NOT_STATED = "Not stated"
INDENT = "  "
DETAIL = "      "


def owner_label(owner: str | None) -> str:
    return OWNER_LABELS.get(owner, NOT_STATED) if owner else NOT_STATED


def render_answer(answer: Answer) -> str:
    """The readable answer: owners, what each side does, category, source, notes, did-you-mean."""
    intent = answer.intent
    org: list[str] = []
    if isinstance(answer, OrgAnswer) and intent != "unknown":
        from bot.render.org_text import render_org_lines

        org = render_org_lines(answer)
        if not answer.cells:  # nothing of the course besides the organisation's part
            lines = org + _unknown_part(answer) + _suggestions(answer.suggestions)
            lines += [f"Note: {n}" for n in answer.notes]
            return "\n".join(lines).rstrip() + "\n"
    if intent == "smalltalk":
        return smalltalk_line(answer.query.smalltalk) + "\n"
    if intent == "who_owns":
        lines = _who_owns(answer)
    elif intent == "overview":
        lines = _overview(answer)
    elif intent == "duty":
        lines = _duty(answer)
    elif intent == "classify":
        lines = _classify(answer)
    elif intent == "explain":
        lines = _explain(answer)
    elif intent == "compare":
        lines = compare_lines(answer) or _unknown(answer)
    elif intent == "choose" and answer.choice is not None:
        lines = choose_lines(answer.choice)
    elif intent == "help":
        lines = [render_help(), ""]
        lines += _examples(answer.suggestions)
    else:
        lines = _unknown(answer)
    if intent == "duty" and any(s.kind in ("service", "group") for s in answer.suggestions):
        # the service was ambiguous ("mysql") or unclear: ask first, then answer per category
        lines = [*_unknown_part(answer), *_suggestions(answer.suggestions), *lines]
    elif intent not in ("help", "unknown"):
        # what is not covered first, plainly; then what the bot can say about the rest
        lines = [*_unknown_part(answer), *lines, *_suggestions(answer.suggestions)]
        lines += _covered(answer)
    lines = [*org, *([""] if org else []), *lines, *(f"Note: {n}" for n in answer.notes)]
    return "\n".join(lines).rstrip() + "\n"


def render_help(knowledge: Knowledge | None = None) -> str:
    """What the bot answers and how to ask; lists the known services and duties when given."""
    lines = [
        "whoowns: who owns which duty for an AWS database service - AWS, you (the customer),",
        "or both (shared) - per the AWS shared responsibility model.",
        "",
        "Ask in your own words; typos and short forms are fine:",
        "  patching aurora                  who owns a duty for a service",
        "  who backs up dynamo?",
        "  HA for mongo on ec2",
        "  rds                              every duty for one service",
        "  backups                          who owns a duty in each category",
        "  is redshift fully managed        a service's category",
        "  what does unmanaged mean         what a category means, when to choose it",
    ]
    if knowledge is not None:
        lines += [
            "",
            "Services: " + ", ".join(s.name for s in knowledge.services.values()),
            "Duties: " + ", ".join(d.name for d in knowledge.duties.values()),
            "Categories: " + ", ".join(c.name for c in knowledge.categories.values()),
        ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- intents


def _who_owns(answer: Answer) -> list[str]:
    cells = answer.cells
    if not cells:
        return _unknown(answer)
    title = f"{cells[0].duty_name} — {_target(answer)}"
    lines = [title]
    width = max(len(c.service_name or "") for c in cells)
    cat_width = max(len(c.category_name) for c in cells) + 2
    for c in cells:
        lines.append(
            f"{INDENT}{(c.service_name or ''):<{width}}  {f'[{c.category_name}]':<{cat_width}}  "
            f"{owner_label(c.owner)}"
        )
        lines += [f"{DETAIL}{line}" for line in _sides(c)]
        lines += _open(c, c.category_name)
        if len(cells) > 1 and c.source:
            lines.append(f"{DETAIL}Source: {c.source}")
    if len(cells) == 1 and cells[0].source:
        lines.append(f"{INDENT}Source: {cells[0].source}")
    return lines


def _overview(answer: Answer) -> list[str]:
    lines: list[str] = []
    by_service: dict[str, list[OwnerCell]] = {}
    for c in answer.cells:
        by_service.setdefault(c.service or "", []).append(c)
    for cells in by_service.values():
        first = cells[0]
        if lines:
            lines.append("")
        lines.append(f"{first.service_name} [{first.category_name}] — who owns what")
        width = max(len(c.duty_name) for c in cells)
        for c in cells:
            sides = " · ".join(_sides(c))
            lines.append(f"{INDENT}{c.duty_name:<{width}}  {owner_label(c.owner):<10}  {sides}")
        sources = dict.fromkeys(part.strip() for c in cells for part in c.source.split(";"))
        sources.pop("", None)
        if sources:
            lines.append(f"{INDENT}Sources: {'; '.join(sources)}")
    return lines


def _duty(answer: Answer) -> list[str]:
    cells = answer.cells
    if not cells:
        return _unknown(answer)
    lines = [f"{cells[0].duty_name} — owner in each category"]
    width = max(len(c.category_name) for c in cells)
    for c in cells:
        lines.append(f"{INDENT}{c.category_name:<{width}}  {owner_label(c.owner)}")
        lines += [f"{DETAIL}{line}" for line in _sides(c)]
        lines += _open(c, f"{c.category_name} services")
        if c.source:
            lines.append(f"{DETAIL}Source: {c.source}")
    return lines


def _classify(answer: Answer) -> list[str]:
    lines: list[str] = []
    for c in answer.classifications:
        if lines:
            lines.append("")
        lines.append(_verdict(c))
        lines.append(f"{INDENT}Kind: {c.kind}")
        if c.category_summary:
            lines.append(f"{INDENT}{c.category_name}: {c.category_summary}")
        if c.source:
            lines.append(f"{INDENT}Source: {c.source}")
    return lines


def _verdict(c: Classification) -> str:
    if c.asked_category is None or c.matches is None:
        return f"{c.service_name} is {c.category_name}."
    asked = c.asked_category.replace("-", " ").title()
    if c.matches:
        return f"Yes — {c.service_name} is {c.category_name}."
    return f"No — {c.service_name} is {c.category_name}, not {asked}."


def _explain(answer: Answer) -> list[str]:
    lines: list[str] = []
    members = dict(answer.category_services)
    for cat in answer.categories:
        if lines:
            lines.append("")
        lines.append(cat.name)
        lines.append(f"{INDENT}{cat.description}")
        lines += _bullets("AWS does", cat.aws_does)
        lines += _bullets("You do", cat.customer_does)
        lines += _bullets("Key characteristics", cat.characteristics)
        if cat.cost:
            lines.append(f"{INDENT}Cost: {cat.cost}")
        lines += _bullets("When to choose it", cat.when_to_choose)
        services = members.get(cat.id, ())
        if services:
            lines.append(f"{INDENT}Services: {', '.join(s.name for s in services)}")
        if cat.source:
            lines.append(f"{INDENT}Source: {cat.source}")
    return lines


def _unknown(answer: Answer) -> list[str]:
    lines: list[str] = []
    terms = answer.unknown_terms
    if terms:
        lines.append(not_covered([f'"{t}"' for t in terms]))
    else:
        lines.append("I did not understand that question.")
    if answer.query.suggestions:
        lines += _suggestions(answer.suggestions)
    else:
        lines += _examples(answer.suggestions)
    lines += _covered(answer)
    lines.append("Ask 'help' for more examples.")
    return lines


# ---------------------------------------------------------------------------- parts


def _target(answer: Answer) -> str:
    cells = answer.cells
    if answer.engine_name and len(cells) > 1:
        return f"{answer.engine_name}: each service it can mean"
    if answer.group_name and len(cells) > 1:
        name = answer.group_name
        return f"{name} (both variants)" if len(cells) == 2 else f"{name} ({len(cells)} variants)"
    return ", ".join(c.service_name or "" for c in cells)


def _sides(c: OwnerCell) -> list[str]:
    out = []
    if c.aws:
        out.append(f"AWS: {c.aws}")
    configured = still_configured(c)
    if configured:
        out.append(f"AWS {STILL_CONFIGURE} {configured}")
    elif c.customer:
        out.append(f"You: {c.customer}")
    return out


def _open(c: OwnerCell, where: str) -> list[str]:
    """The one line saying an owner is not stated (the row's "Not stated" says no more)."""
    if c.owner is not None:
        return []
    return [f"{DETAIL}The course material does not state who owns {c.duty_name} for {where}."]


def _bullets(title: str, items: Iterable[str]) -> list[str]:
    items = tuple(items)
    if not items:
        return []
    return [f"{INDENT}{title}:", *(f"{INDENT}  - {i}" for i in items)]


def _unknown_part(answer: Answer) -> list[str]:
    if not answer.unknown_terms:
        return []
    return [not_covered([f'"{t}"' for t in answer.unknown_terms])]


def _covered(answer: Answer) -> list[str]:
    return [covered_line([s.name for s in answer.covered])] if answer.covered else []


def _suggestions(suggestions: tuple[Suggestion, ...]) -> list[str]:
    if not suggestions:
        return []
    return ["Did you mean: " + " · ".join(f'"{s.text}"' for s in suggestions) + "?"]


def _examples(suggestions: tuple[Suggestion, ...]) -> list[str]:
    if not suggestions:
        return []
    return ["Try: " + " · ".join(f'"{s.text}"' for s in suggestions)]

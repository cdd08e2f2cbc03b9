"""The course's answers as plain terminal text: who owns a duty, a service's every duty, a
duty in each category, categories, and a question not understood. Pure: no I/O, no markup.
:mod:`bot.render.text` puts them together.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.answers import Answer, Classification, OwnerCell
from bot.intent import Suggestion
from bot.kb.models import OWNER_LABELS
from bot.render.wording import STILL_CONFIGURE, covered_line, not_covered, still_configured

NOT_STATED = "Not stated"
INDENT = "  "
DETAIL = "      "


def owner_label(owner: str | None) -> str:
    return OWNER_LABELS.get(owner, NOT_STATED) if owner else NOT_STATED


# ---------------------------------------------------------------------------- intents


def who_owns_lines(answer: Answer) -> list[str]:
    cells = answer.cells
    if not cells:
        return unknown_lines(answer)
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


def overview_lines(answer: Answer) -> list[str]:
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


def duty_lines(answer: Answer) -> list[str]:
    cells = answer.cells
    if not cells:
        return unknown_lines(answer)
    lines = [f"{cells[0].duty_name} — owner in each category"]
    width = max(len(c.category_name) for c in cells)
    for c in cells:
        lines.append(f"{INDENT}{c.category_name:<{width}}  {owner_label(c.owner)}")
        lines += [f"{DETAIL}{line}" for line in _sides(c)]
        lines += _open(c, f"{c.category_name} services")
        if c.source:
            lines.append(f"{DETAIL}Source: {c.source}")
    return lines


def classify_lines(answer: Answer) -> list[str]:
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


def explain_lines(answer: Answer) -> list[str]:
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


def unknown_lines(answer: Answer) -> list[str]:
    lines: list[str] = []
    terms = answer.unknown_terms
    if terms:
        lines.append(not_covered([f'"{t}"' for t in terms]))
    else:
        lines.append("I did not understand that question.")
    if answer.query.suggestions:
        lines += suggestion_lines(answer.suggestions)
    else:
        lines += example_lines(answer.suggestions)
    lines += covered_lines(answer)
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


def unknown_part(answer: Answer) -> list[str]:
    if not answer.unknown_terms:
        return []
    return [not_covered([f'"{t}"' for t in answer.unknown_terms])]


def covered_lines(answer: Answer) -> list[str]:
    return [covered_line([s.name for s in answer.covered])] if answer.covered else []


def suggestion_lines(suggestions: tuple[Suggestion, ...]) -> list[str]:
    if not suggestions:
        return []
    return ["Did you mean: " + " · ".join(f'"{s.text}"' for s in suggestions) + "?"]


def example_lines(suggestions: tuple[Suggestion, ...]) -> list[str]:
    if not suggestions:
        return []
    return ["Try: " + " · ".join(f'"{s.text}"' for s in suggestions)]

""" "Which should I choose?" as plain terminal text (``whoowns ask``, the chat shell). Pure.

Which to choose — Amazon DynamoDB or Amazon RDS
  Your situation: "Limited DBA Resources: Small teams with minimal database expertise"
      (When to Choose Fully Managed)
  The course material points to Fully Managed.
  Where each falls:
    Amazon DynamoDB  [Fully Managed]  fits the situation
    Amazon RDS       [Managed]
  Cost:
    Fully Managed: Higher service cost, lower operational cost
    …
"""

from __future__ import annotations

from bot.answers import Choice

INDENT = "  "
DETAIL = "      "
FITS = "fits the situation"
NO_SITUATION = (
    "No situation given: where each falls, and when the course material says to choose it."
)


def choice_title(choice: Choice) -> str:
    """What is being chosen between: the services and categories named, else the situation."""
    names = [p.service.name for p in choice.placements]
    names += [c.name for c in choice.named_categories]
    if names:
        return " or ".join(names)
    return "by your situation" if choice.scenarios else "the three categories"


def unmatched_line(choice: Choice) -> str:
    """The situation typed matched no scenario (``situation`` quoted as typed: escape it for
    Slack)."""
    typed = " ".join(choice.situation)
    return (
        f"I couldn't match “{typed}” to a situation the course material describes; "
        "here is when it says to choose each category."
    )


def choose_lines(choice: Choice) -> list[str]:
    lines = [f"Which to choose — {choice_title(choice)}"]
    for s in choice.scenarios:
        lines.append(f'{INDENT}Your situation: "{s.line}"')
        lines.append(f"{DETAIL}({s.source.rpartition(': ')[2]})")
    if choice.recommended:
        names = " and ".join(c.name for c in choice.recommended)
        lines.append(f"{INDENT}The course material points to {names}.")
    elif choice.situation:
        lines.append(f"{INDENT}{unmatched_line(choice)}")
    else:
        lines.append(f"{INDENT}{NO_SITUATION}")
    lines += _placements(choice)
    if choice.instead:
        lines.append(f"{INDENT}{instead_line(choice)}")
    if not choice.scenarios:
        for c in choice.categories:
            lines.append(f"{INDENT}When to choose {c.name}:")
            lines += [f"{INDENT}  - {line}" for line in c.when_to_choose]
    lines.append(f"{INDENT}Cost:")
    lines += [f"{INDENT}  {c.name}: {c.cost}" for c in choice.categories if c.cost]
    lines.append(f"{INDENT}Source: {choice.source}")
    return lines


def instead_line(choice: Choice) -> str:
    """The course's services of the category the situation points to (none named fits)."""
    aimed = " or ".join(c.name for c in choice.recommended)
    names = ", ".join(s.name for s in choice.instead)
    if choice.placements:
        return f"None of those is {aimed}; the course material's {aimed} services: {names}."
    return f"The course material's {aimed} services: {names}."


def _placements(choice: Choice) -> list[str]:
    if not choice.placements:
        return []
    width = max(len(p.service.name) for p in choice.placements)
    cat_width = max(len(p.category.name) for p in choice.placements) + 2
    lines = [f"{INDENT}Where each falls:"]
    for p in choice.placements:
        fits = f"  {FITS}" if p.fits else ""
        row = f"{INDENT}  {p.service.name:<{width}}  {f'[{p.category.name}]':<{cat_width}}{fits}"
        lines.append(row.rstrip())
    return lines

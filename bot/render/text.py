"""An Answer as plain terminal text (``whoowns ask``), and the help text. Pure: no I/O.

    print(render_answer(answer))
    print(render_help(knowledge))

No colour, no Slack markup: the text reads the same in a pipe, a log or a terminal.
"""

from __future__ import annotations

from bot.answers import Answer, OrgAnswer
from bot.kb.models import Knowledge
from bot.render.choose_text import choose_lines
from bot.render.compare_text import compare_lines
from bot.render.course_text import (
    classify_lines,
    covered_lines,
    duty_lines,
    example_lines,
    explain_lines,
    overview_lines,
    suggestion_lines,
    unknown_lines,
    unknown_part,
    who_owns_lines,
)
from bot.render.org_text import render_org_lines
from bot.render.wording import smalltalk_line


def render_answer(answer: Answer) -> str:
    """The readable answer: owners, what each side does, category, source, notes, did-you-mean."""
    intent = answer.intent
    org: list[str] = []
    if isinstance(answer, OrgAnswer) and intent != "unknown":
        org = render_org_lines(answer)
        if not answer.cells:  # nothing of the course besides the organisation's part
            lines = org + unknown_part(answer) + suggestion_lines(answer.suggestions)
            lines += [f"Note: {n}" for n in answer.notes]
            return "\n".join(lines).rstrip() + "\n"
    if intent == "smalltalk":
        return smalltalk_line(answer.query.smalltalk) + "\n"
    if intent == "who_owns":
        lines = who_owns_lines(answer)
    elif intent == "overview":
        lines = overview_lines(answer)
    elif intent == "duty":
        lines = duty_lines(answer)
    elif intent == "classify":
        lines = classify_lines(answer)
    elif intent == "explain":
        lines = explain_lines(answer)
    elif intent == "compare":
        lines = compare_lines(answer) or unknown_lines(answer)
    elif intent == "choose" and answer.choice is not None:
        lines = choose_lines(answer.choice)
    elif intent == "help":
        lines = [render_help(), ""]
        lines += example_lines(answer.suggestions)
    else:
        lines = unknown_lines(answer)
    if intent == "duty" and any(s.kind in ("service", "group") for s in answer.suggestions):
        # the service was ambiguous ("mysql") or unclear: ask first, then answer per category
        lines = [*unknown_part(answer), *suggestion_lines(answer.suggestions), *lines]
    elif intent not in ("help", "unknown"):
        # what is not covered first, plainly; then what the bot can say about the rest
        lines = [*unknown_part(answer), *lines, *suggestion_lines(answer.suggestions)]
        lines += covered_lines(answer)
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

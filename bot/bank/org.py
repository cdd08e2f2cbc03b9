"""Quiz questions about the organisation's own databases (the inventory). Pure: no I/O.

Kinds (``Question.kind``; every one starts with ``org-``, which is how a channel's topics tell
them from the course's, :func:`is_org`):

* ``org-team``      "Who does the customer side of *Patching & Updates* for *orders-db*?" —
  the teams as options (the right one and up to three others), for each duty of the comparison
  table where the customer has work on that resource's service and a team is set;
* ``org-category``  "Which category is *orders-db*?" — not for a resource of a group such as
  ``aurora`` (both variants: no single right category);
* ``org-fleet``     "*orders-db* runs in production without Multi-AZ. Which team sets up its
  failover?" — the fleet as it is configured: one question per practice needing attention
  (:func:`bot.answers.practices.attention_items`, read from the imported settings), the right
  team the one doing the customer side of that duty there, the others teams that do not.

Topics: ``org-team:RESOURCE:DUTY``, ``org-category:RESOURCE`` and
``org-fleet:RESOURCE:PRACTICE``. Team names and what is set come from the organisation's
files: they are escaped for mrkdwn here (question text and explanation).
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.answers.practices import DEFAULT_RULES, Finding, Rules, attention_items
from bot.bank.question import MAX_OPTIONS, Question, digest, make
from bot.kb.models import CATEGORY_IDS, Knowledge, Resource

ORG_PREFIX = "org-"


def is_org(question: Question) -> bool:
    return question.kind.startswith(ORG_PREFIX)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def org_questions(knowledge: Knowledge, rules: Rules = DEFAULT_RULES) -> tuple[Question, ...]:
    """Every question the organisation's resources support, in knowledge order (``rules``:
    the organisation's, which say which environments are production)."""
    out: list[Question] = []
    for resource in knowledge.resources.values():
        out.extend(_teams(knowledge, resource))
        out.extend(_category(knowledge, resource))
    if len(knowledge.teams) >= 2:
        out.extend(_fleet(knowledge, f) for f in attention_items(knowledge, rules=rules) if f.team)
    return tuple(out)


# what the team does about it, by practice ("Which team sets up its failover?")
_TASK = {
    "backups-configured": "configures its backups",
    "multi-az-in-production": "sets up its failover",
    "encrypted-at-rest": "configures its encryption at rest",
    "not-publicly-accessible": "configures its network access",
    "iam-database-auth": "sets up IAM database authentication on it",
    "audit-logs-exported": "enables its audit logs",
    "performance-monitoring": "sets up its performance monitoring",
}


def _fleet(k: Knowledge, f: Finding) -> Question:
    assert f.team is not None
    team = f.team
    others = sorted(
        (t for t in k.teams.values() if t.id != team.id),
        key=lambda t: digest(f"{f.resource}:{f.practice.id}:{t.id}"),
    )[: MAX_OPTIONS - 2]
    options = sorted([(team.id, team.name), *((t.id, t.name) for t in others)], key=_by_name)
    said = _esc(f.said)  # what is set: "runs in production without Multi-AZ", "no log type …"
    fact = f"*{f.resource}* {said}" if said.startswith("runs ") else f"*{f.resource}*: {said}"
    task = _TASK.get(f.practice.id, f"does the customer side of {f.practice.name}")
    course = "; ".join(f"\u201c{_esc(c)}\u201d" for c in f.practice.course)
    return make(
        "org-fleet",
        f"{fact}. Which team {task}?",
        options,
        team.id,
        f"That is the customer's side ({course}), and on *{f.resource}* it is "
        f"*{_esc(team.name)}*'s.",
        f.practice.source,
        topic=f"org-fleet:{f.resource}:{f.practice.id}",
    )


def _by_name(option: tuple[str, str]) -> str:
    return option[1].casefold()


def _teams(k: Knowledge, r: Resource) -> Iterator[Question]:
    services = k.resource_services(r.id)
    if len(services) != 1 or len(k.teams) < 2:
        return
    service = services[0]
    for duty in k.table_duties:
        cell = duty.cell(service.category)
        team = k.customer_team(r.id, duty.id)
        if team is None or not (cell.owner in ("customer", "shared") or cell.customer):
            continue
        others = sorted(
            (t for t in k.teams.values() if t.id != team.id),
            key=lambda t: digest(f"{r.id}:{duty.id}:{t.id}"),
        )[: MAX_OPTIONS - 2]
        options = sorted((team, *others), key=lambda t: t.name.casefold())
        side = f" ({_esc(cell.customer)})" if cell.customer else ""
        yield make(
            "org-team",
            f"Who does the customer side of *{duty.name}* for *{r.id}*?",
            [(t.id, t.name) for t in options],
            team.id,
            f"*{r.id}* is {service.name}: your side of {duty.name}{side} is *{_esc(team.name)}*'s.",
            r.source or r.file,
            topic=f"org-team:{r.id}:{duty.id}",
        )


def _category(k: Knowledge, r: Resource) -> Iterator[Question]:
    services = k.resource_services(r.id)
    if len(services) != 1 or r.service in k.groups:  # aurora: no single right category
        return
    service = services[0]
    cats = [(c, k.categories[c].name) for c in CATEGORY_IDS if c in k.categories]
    if service.category not in dict(cats):
        return
    # a service the course material also lists elsewhere: asked by its classification
    settled = f" in the course's {service.source}" if service.also_listed_under else ""
    yield make(
        "org-category",
        f"Which category is *{r.id}*{settled}?",
        cats,
        service.category,
        f"*{r.id}* is {service.name}, which is {dict(cats)[service.category]}.",
        service.source,
        topic=f"org-category:{r.id}",
    )

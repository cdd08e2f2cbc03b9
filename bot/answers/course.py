"""The course's answers: what was asked + knowledge -> answer data. Pure: no I/O, no Slack,
no formatting.

CONTRACT:

    answer = build_course_answer(query, knowledge)   # -> Answer
    answer.to_json()                                 # the object `whoowns ask --json` prints

:class:`Answer` is what every answer kind returns (the organisation's answers extend it); a
comparison (:mod:`bot.answers.comparison`) and a choice (:mod:`bot.answers.choose`) are parts
of it. :func:`bot.answers.build_answer` decides which kind answers a question.

Every owner, text and source comes from the knowledge. A cell the seed does not decide has
``owner=None`` and a note saying so; the bot never guesses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from bot.answers.choose import Choice, build_choice, choice_json
from bot.answers.comparison import (
    Comparison,
    build_comparison,
    category_sides,
    compare_json,
    service_sides,
)
from bot.answers.core import Classification, OwnerCell, category_cell, classify, service_cell
from bot.intent import Query, Suggestion
from bot.kb.models import Category, Duty, Engine, Knowledge, Service

# A question in another language: what the bot says about it.
FOREIGN_READ = "I understand English only: this answer is from the words I recognised."
FOREIGN_UNREAD = (
    "I understand questions in English only, e.g. “who backs up dynamodb?” or “patching rds”."
)


@dataclass(frozen=True)
class Answer:
    query: Query
    intent: str
    cells: tuple[OwnerCell, ...] = ()
    classifications: tuple[Classification, ...] = ()
    categories: tuple[Category, ...] = ()  # explain
    notes: tuple[str, ...] = ()  # exam notes, group notes, contradictions worth saying
    unknown_terms: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    # explain: the services of each explained category, in knowledge order
    category_services: tuple[tuple[str, tuple[Service, ...]], ...] = ()
    group_name: str | None = None  # display name of query.group ("Amazon Aurora")
    # A service named that the knowledge does not cover, and nothing close to suggest: the
    # services it does cover (one line), instead of examples unrelated to the question.
    covered: tuple[Service, ...] = ()
    comparison: Comparison | None = None  # compare
    engine_name: str | None = None  # display name of query.engine ("MySQL")
    choice: Choice | None = None  # choose: situations, categories, where each service falls

    def to_json(self) -> dict[str, Any]:
        """The object ``whoowns ask --json`` prints (plain JSON types only)."""
        q = self.query
        answers = self._answers_json()
        return {
            "query": q.text,
            "intent": self.intent,
            "duty": q.duty,
            "services": list(q.services),
            "group": q.group,
            "category": q.category,
            "categories": [c.id for c in self.comparison.categories] if self.comparison else [],
            "engine": q.engine,
            "answers": answers,
            "confidence": q.confidence,
            "suggestions": [
                {"text": s.text, "label": s.label, "kind": s.kind, "id": s.id}
                for s in self.suggestions
            ],
            "notes": list(self.notes),
            "unknown_terms": list(self.unknown_terms),
            "covered_services": [s.id for s in self.covered],
            "resources": list(q.resources),
            "team": q.team,
        }

    def _answers_json(self) -> list[dict[str, Any]]:
        """The ``answers`` list of :meth:`to_json`: one object per row of this intent."""
        if self.intent in ("who_owns", "overview", "duty"):
            # per-service rows name the service; per-category (duty) rows do not
            return [_cell_json(c, per_service=self.intent != "duty") for c in self.cells]
        if self.intent == "classify":
            return [_classification_json(c) for c in self.classifications]
        if self.intent == "compare" and self.comparison is not None:
            return compare_json(self.comparison)
        if self.intent == "choose" and self.choice is not None:
            return choice_json(self.choice)
        if self.intent == "explain":
            members = dict(self.category_services)
            return [_category_json(c, members.get(c.id, ())) for c in self.categories]
        return []


def _cell_json(c: OwnerCell, *, per_service: bool) -> dict[str, Any]:
    return {
        **({"service": c.service} if per_service else {}),
        "category": c.category,
        "duty": c.duty,
        "owner": c.owner,
        "aws": c.aws,
        "customer": c.customer,
        "source": c.source,
    }


def _classification_json(c: Classification) -> dict[str, Any]:
    return {
        "service": c.service,
        "category": c.category,
        "kind": c.kind,
        "note": c.note,
        "asked_category": c.asked_category,
        "matches": c.matches,
        "source": c.source,
    }


def _category_json(c: Category, services: tuple[Service, ...]) -> dict[str, Any]:
    return {
        "category": c.id,
        "name": c.name,
        "description": c.description,
        "aws_does": list(c.aws_does),
        "customer_does": list(c.customer_does),
        "cost": c.cost,
        "when_to_choose": list(c.when_to_choose),
        "services": [s.id for s in services],
        "source": c.source,
    }


def build_course_answer(query: Query, knowledge: Knowledge) -> Answer:
    """The course's answer to ``query`` from ``knowledge``. Ids the knowledge lacks are skipped;
    the organisation's resources and teams are not looked at."""
    services = [knowledge.services[s] for s in query.services if s in knowledge.services]
    duty = knowledge.duties.get(query.duty) if query.duty else None
    intent = _answered_intent(query.intent, bool(services), duty)
    comparison = None
    if intent == "compare":
        sides = service_sides(tuple(services), knowledge) if services else ()
        sides = sides or category_sides(query.categories, knowledge)
        comparison = build_comparison(sides, duty, knowledge) if len(sides) > 1 else None
        if comparison is None:  # fewer than two sides the knowledge has: answer as usual
            intent = "overview" if services else "duty" if duty else "explain"
    body = _body(intent, query, services, duty, knowledge)
    choice = build_choice(query, knowledge) if intent == "choose" else None
    covered: tuple[Service, ...] = ()
    if query.unknown_terms and not services and not body.suggestions:
        covered = tuple(knowledge.services.values())  # nothing close: say what is covered
    group_name = None
    if query.group and query.group in knowledge.groups and services:
        group_name = knowledge.groups[query.group].name
    engine = knowledge.engines.get(query.engine) if query.engine else None
    if engine is None or not services:
        engine = None
    return Answer(
        query=query,
        intent=intent,
        cells=body.cells,
        classifications=body.classifications,
        categories=body.categories,
        notes=_notes(query, intent, services, engine, knowledge),
        unknown_terms=query.unknown_terms,
        suggestions=body.suggestions,
        category_services=body.category_services,
        group_name=group_name,
        covered=covered,
        comparison=comparison,
        engine_name=engine.name if engine is not None else None,
        choice=choice,
    )


def _answered_intent(intent: str, has_services: bool, duty: Duty | None) -> str:
    """The intent answered: what was asked, narrowed to what the knowledge can answer."""
    if intent in ("who_owns", "overview", "classify") and not has_services:
        intent = "duty" if duty else "unknown"
    if intent == "who_owns" and duty is None:
        intent = "overview"
    if intent == "duty" and duty is None:
        intent = "unknown"
    return intent


class _Body(NamedTuple):
    """The rows of an answer, by intent (all but the comparison and the notes)."""

    cells: tuple[OwnerCell, ...] = ()
    classifications: tuple[Classification, ...] = ()
    categories: tuple[Category, ...] = ()
    category_services: tuple[tuple[str, tuple[Service, ...]], ...] = ()
    suggestions: tuple[Suggestion, ...] = ()


def _body(
    intent: str, query: Query, services: list[Service], duty: Duty | None, knowledge: Knowledge
) -> _Body:
    suggestions = query.suggestions
    if intent == "who_owns" and duty is not None:
        cells = tuple(service_cell(duty, s, knowledge) for s in services)
        return _Body(cells=cells, suggestions=suggestions)
    if intent == "overview":
        cells = tuple(
            service_cell(d, s, knowledge)
            for s in services
            for d in knowledge.duties.values()
            if d.in_table or d.cell(s.category).owner is not None
        )
        return _Body(cells=cells, suggestions=suggestions)
    if intent == "duty" and duty is not None:
        cells = tuple(category_cell(duty, c) for c in knowledge.categories.values())
        return _Body(cells=cells, suggestions=suggestions)
    if intent in ("classify", "choose"):  # a choice says where each named service falls
        named = query.category if intent == "classify" else None
        found = tuple(classify(s, named, knowledge) for s in services)
        return _Body(classifications=found, suggestions=suggestions)
    if intent == "explain":
        asked = knowledge.categories.get(query.category) if query.category else None
        categories = (asked,) if asked is not None else tuple(knowledge.categories.values())
        members = tuple((c.id, knowledge.services_in(c.id)) for c in categories)
        return _Body(categories=categories, category_services=members, suggestions=suggestions)
    if intent in ("help", "unknown") and not suggestions and not query.unknown_terms:
        return _Body(suggestions=examples(knowledge))
    return _Body(suggestions=suggestions)


def _notes(
    query: Query,
    intent: str,
    services: list[Service],
    engine: Engine | None,
    knowledge: Knowledge,
) -> tuple[str, ...]:
    """Another language said plainly, then group, engine and service notes."""
    notes: list[str] = []
    if query.foreign:
        notes.append(FOREIGN_UNREAD if intent in ("help", "unknown") else FOREIGN_READ)
    if query.group and query.group in knowledge.groups and services:
        notes.append(knowledge.groups[query.group].note)
    if engine is not None:
        notes.append(engine.note)
    notes += [s.note for s in services if s.note]
    # an owner the course material leaves open is said once, on its own row (the renderers)
    return tuple(dict.fromkeys(notes))


def examples(knowledge: Knowledge) -> tuple[Suggestion, ...]:
    """A few questions this knowledge can answer (for help and for questions not understood)."""
    out: list[Suggestion] = []
    table = knowledge.table_duties or tuple(knowledge.duties.values())
    first_duty = table[0] if table else None
    group = next(iter(knowledge.groups.values()), None)
    if first_duty is not None:
        target = group.name if group else None
        kind, ident = ("group", group.id) if group else ("duty", first_duty.id)
        if target is None and knowledge.services:
            s = next(iter(knowledge.services.values()))
            target, kind, ident = s.name, "service", s.id
        if target:
            text = f"{first_duty.name} for {target}"
            out.append(Suggestion(kind=kind, id=ident, label=target, text=text))
    noted = next((s for s in knowledge.services.values() if s.note), None)
    fully = knowledge.categories.get("fully-managed")
    if noted is not None and fully is not None:
        text = f"is {noted.name} {fully.name}"
        out.append(Suggestion(kind="service", id=noted.id, label=noted.name, text=text))
    if len(table) > 1:
        d = table[-1]
        out.append(Suggestion(kind="duty", id=d.id, label=d.name, text=d.name))
    for c in knowledge.categories.values():
        out.append(Suggestion(kind="category", id=c.id, label=c.name, text=f"what is {c.name}"))
        break
    return tuple(out)

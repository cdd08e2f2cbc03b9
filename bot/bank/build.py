"""The question bank, generated from the knowledge. Pure: no I/O.

Kinds (``Question.kind``):

* ``owner``     who owns DUTY for SERVICE (AWS / Customer / Shared): the comparison table;
* ``owner-cat`` who owns DUTY in a CATEGORY (every duty cell the seed decides);
* ``category``  which category is SERVICE;
* ``pick``      which of these services is Fully Managed / Managed / Unmanaged;
* ``truefalse`` "Amazon RDS is Fully Managed" (false) and the seed's "Must Remember" points;
* ``scenario``  "when to choose" lines, alone and in pairs: which category fits?
* ``security``  the shared security model: who configures encryption at rest?
* ``tasks``     a line of a category's "AWS/Customer Responsibilities": AWS or you?
* ``cost``, ``trait``  cost implications and key characteristics: which category?
* ``custom``    a team's own questions from ``knowledge/quiz*.yaml`` (section ``quiz``).

Every question has a stable id derived from its content (the same on every instance and
after restarts), its text, 2–5 options, the correct option, a short explanation and the
seed section. Generated questions also carry a ``topic`` naming the fact they ask about, from
knowledge ids (``owner:rds:patching``, ``category:rds``, ``exam:rds-managed``, ...; see
:data:`TOPIC_FORMS`), so other features (onboarding lessons and cards) can pick questions by
fact instead of by content hash. ``Question.options_for(post_id)`` shuffles the options
deterministically for one post.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from bot.bank.question import Question, digest, make
from bot.kb.models import CATEGORY_IDS, OWNER_LABELS, Category, Knowledge, Service

OWNER_OPTIONS: tuple[tuple[str, str], ...] = tuple(OWNER_LABELS.items())
TRUE_FALSE = (("true", "True"), ("false", "False"))

# Question.topic per kind (ids from the knowledge; INDEX counts from 0 in the seed's order).
TOPIC_FORMS: tuple[str, ...] = (
    "owner:SERVICE:DUTY",
    "owner-cat:CATEGORY:DUTY",
    "category:SERVICE",
    "pick:CATEGORY:SERVICE",
    "truefalse:SERVICE:CATEGORY",
    "exam:EXAM_POINT",
    "exam-category:EXAM_POINT",
    "exam-swap:EXAM_POINT:CATEGORY",
    "scenario:CATEGORY:INDEX",
    "scenario-pair:CATEGORY:INDEX",
    "security:aws",
    "security:customer",
    "security:RESPONSIBILITY",
    "tasks:CATEGORY:aws|customer:INDEX",
    "cost:CATEGORY",
    "trait:CATEGORY:INDEX",
)


@dataclass(frozen=True)
class _Facts:
    """The knowledge with its categories in the seed's order, as every generator needs it."""

    k: Knowledge
    cats: Mapping[str, Category]

    @property
    def cat_options(self) -> list[tuple[str, str]]:
        return [(cid, c.name) for cid, c in self.cats.items()]

    def against(self, cid: str, statements: list[str]) -> tuple[list[tuple[str, str]], str]:
        """The options for "which category: STATEMENTS?" and the baseline's name ("" when
        the statements describe ``cid`` alone): a statement true of ``cid`` only compared with
        another category (the third has it too) is asked against that category only."""
        baselines = {self.cats[cid].baseline_of(s) for s in statements}
        base = baselines.pop() if len(baselines) == 1 else None
        if base is None or base not in self.cats:
            return self.cat_options, ""
        return [(c, n) for c, n in self.cat_options if c in (cid, base)], self.cats[base].name

    def others_too(self, options: list[tuple[str, str]], verb: str) -> str:
        """The sentence naming the categories ``options`` leaves out ("Unmanaged fits it too,
        and more so."), with a leading space; "" when none is left out."""
        left_out = [c.name for c in self.cats.values() if c.id not in dict(options)]
        return f" {' and '.join(left_out)} {verb} it too, and more so." if left_out else ""

    def settled(self, svc: Service) -> str:
        """The section that settles the category of a service the course material also lists
        under another one (" in the course's Service Classification"); "" otherwise."""
        return f" in the course's {svc.source}" if svc.also_listed_under else ""


Generator = Callable[[_Facts], Iterator[Question]]


def _label_text(line: str) -> tuple[str, str]:
    """``"Limited DBA Resources: Small teams ..."`` -> (label, text)."""
    label, sep, rest = line.partition(":")
    return (label.strip(), rest.strip()) if sep else ("", line.strip())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def build_bank(knowledge: Knowledge) -> tuple[Question, ...]:
    """Every question the knowledge supports, generated ones first, custom ones last."""
    cats = {cid: knowledge.categories[cid] for cid in CATEGORY_IDS if cid in knowledge.categories}
    facts = _Facts(knowledge, cats)
    out: list[Question] = []
    for generate in GENERATORS:
        out.extend(generate(facts))
    out.extend(custom_questions(knowledge))
    return _unique(out)


def _owner_explanation(aws: str, customer: str) -> str:
    parts = []
    if aws:
        parts.append(f"AWS: {_sentence(aws)}")
    if customer:
        parts.append(f"You: {_sentence(customer)}")
    return " ".join(p for p in parts if p)


def _owner(f: _Facts) -> Iterator[Question]:
    """Who owns DUTY for SERVICE: the comparison table, per service."""
    for svc in f.k.services.values():
        cat = f.cats.get(svc.category)
        if cat is None:
            continue
        for duty in f.k.table_duties:
            cell = duty.cell(svc.category)
            if cell.owner is None:
                continue
            expl = f"{svc.name} is {cat.name}: {OWNER_LABELS[cell.owner]}. " + _owner_explanation(
                cell.aws, cell.customer
            )
            if svc.note:
                expl += f" {svc.note}"
            named = f"*{svc.name}*"
            if svc.also_listed_under:
                named += f" ({cat.name}{f.settled(svc)})"
            yield make(
                "owner",
                f"Who owns *{duty.name}* for {named}?",
                OWNER_OPTIONS,
                cell.owner,
                expl,
                cell.source or duty.source,
                topic=f"owner:{svc.id}:{duty.id}",
            )


def _owner_in_category(f: _Facts) -> Iterator[Question]:
    """Who owns DUTY in a CATEGORY: every decided cell."""
    for duty in f.k.duties.values():
        for cid, cat in f.cats.items():
            cell = duty.cells.get(cid)
            if cell is None or cell.owner is None:
                continue
            yield make(
                "owner-cat",
                f"For *{cat.name}* database services, who owns *{duty.name}*?",
                OWNER_OPTIONS,
                cell.owner,
                f"{cat.name}: {OWNER_LABELS[cell.owner]}. "
                + _owner_explanation(cell.aws, cell.customer),
                cell.source or duty.source,
                topic=f"owner-cat:{cid}:{duty.id}",
            )


def _category(f: _Facts) -> Iterator[Question]:
    """Which category is SERVICE."""
    for svc in f.k.services.values():
        if svc.category not in f.cats:
            continue
        cat = f.cats[svc.category]
        expl = f"{svc.name} ({svc.kind}) is {cat.name}."
        expl += f" {svc.note}" if svc.note else f" {cat.description}"
        yield make(
            "category",
            f"Which category is *{svc.name}*{f.settled(svc)}?",
            f.cat_options,
            svc.category,
            expl,
            svc.source,
            topic=f"category:{svc.id}",
        )


def _pick(f: _Facts) -> Iterator[Question]:
    """Which of these services is CATEGORY: the right one and up to three from elsewhere."""
    for cid, cat in f.cats.items():
        others = sorted(
            (
                s
                for s in f.k.services.values()
                if s.category != cid and s.category in f.cats and cid not in s.also_listed_under
            ),
            key=lambda s: s.id,
        )
        for svc in f.k.services_in(cid):
            if len(others) < 1:
                continue
            picked = _three_others(svc, others)
            options = [(svc.id, svc.name)] + [(s.id, s.name) for s in picked]
            wrong = "; ".join(f"{s.name} is {f.cats[s.category].name}" for s in picked)
            yield make(
                "pick",
                f"Which of these services is *{cat.name}*?",
                options,
                svc.id,
                f"{svc.name} is {cat.name}. The others: {wrong}." + _note(svc),
                svc.source,
                topic=f"pick:{cid}:{svc.id}",
            )


def _true_false(f: _Facts) -> Iterator[Question]:
    """True or false: "SERVICE is CATEGORY", the true one and the tempting wrong one."""
    tempting = {"fully-managed": "managed", "managed": "fully-managed", "unmanaged": "managed"}
    for svc in f.k.services.values():
        if svc.category not in f.cats:
            continue
        for cid in (svc.category, tempting.get(svc.category)):
            if cid is None or cid not in f.cats:
                continue
            truth = cid == svc.category
            expl = f"{'True' if truth else 'False'}: {svc.name} is {f.cats[svc.category].name}."
            yield make(
                "truefalse",
                f"True or false:{f.settled(svc)}, *{svc.name}* is {f.cats[cid].name}."
                if svc.also_listed_under
                else f"True or false: *{svc.name}* is {f.cats[cid].name}.",
                TRUE_FALSE,
                "true" if truth else "false",
                expl + _note(svc),
                svc.source,
                topic=f"truefalse:{svc.id}:{cid}",
            )


def _exam_points(f: _Facts) -> Iterator[Question]:
    """The "Must Remember" points: as stated (true), with the sides of "X = Y" swapped
    (false), and "which category has Y?"."""
    equations = []
    for point in f.k.exam_points:
        detail = f" {point.detail}" if point.detail else ""
        yield make(
            "truefalse",
            f"True or false: {point.text}.",
            TRUE_FALSE,
            "true",
            f"True: the course material's exam points say “{point.text}”{detail}.",
            point.source,
            topic=f"exam:{point.id}",
        )
        lhs, eq, rhs = point.text.partition(" = ")
        cid = _category_named(lhs, f.cats)
        if eq and cid:
            equations.append((cid, rhs.strip(), point))
    for cid, rhs, point in equations:
        yield make(
            "category",
            f"Which category has the *{rhs.lower()}*?",
            f.cat_options,
            cid,
            f"The course material's exam points: “{point.text}”.",
            point.source,
            topic=f"exam-category:{point.id}",
        )
        for other, other_rhs, _ in equations:
            if other != cid and other_rhs != rhs:
                yield make(
                    "truefalse",
                    f"True or false: {f.cats[other].name} = {rhs}.",
                    TRUE_FALSE,
                    "false",
                    f"False: the course material's exam points say “{point.text}” "
                    f"and “{f.cats[other].name} = {other_rhs}”.",
                    point.source,
                    topic=f"exam-swap:{point.id}:{other}",
                )


def _scenarios(f: _Facts) -> Iterator[Question]:
    """Scenarios: "when to choose", one line and two lines of the same category; a line that
    fits the category only compared with another is asked against that one."""
    for cid, cat in f.cats.items():
        lines = [_label_text(line) for line in cat.when_to_choose]
        section = f"Real-World Scenarios: When to Choose {cat.name}"
        for index, (label, text) in enumerate(lines):
            options, base = f.against(cid, [label])
            ask = f"Compared with {base}, which category fits it better?" if base else ""
            yield make(
                "scenario",
                f"A team's situation — *{label}*: {_lower_first(text)}. "
                + (ask or "Which category fits best?"),
                options,
                cid,
                f"The course material lists “{label}: {text}” under When to Choose {cat.name}"
                + (f", compared with {base}" if base else "")
                + f".{f.others_too(options, 'fits')} Cost: {cat.cost}.",
                section,
                topic=f"scenario:{cid}:{index}",
            )
        for index, ((la, ta), (lb, tb)) in enumerate(itertools.pairwise(lines)):
            options, base = f.against(cid, [la, lb])
            yield make(
                "scenario",
                f"A team: {_lower_first(ta)}, and {_lower_first(tb)}. "
                + (f"Compared with {base}, w" if base else "W")
                + "hich category should it choose?",
                options,
                cid,
                f"Both are reasons to choose {cat.name}"
                + (f" over {base}" if base else "")
                + f": “{la}” and “{lb}”.{f.others_too(options, 'fits')}",
                section,
                topic=f"scenario-pair:{cid}:{index}",
            )


def _security(f: _Facts) -> Iterator[Question]:
    """The shared security model."""
    sec = f.k.security
    for owner, line in (("aws", sec.aws), ("customer", sec.customer)):
        label, what = _label_text(line)
        if not what:
            continue
        yield make(
            "security",
            f"In the shared security model, who secures *{_lower_first(what)}*?",
            OWNER_OPTIONS,
            owner,
            f"“{label}: {what}”. {sec.aws if owner == 'customer' else sec.customer}.",
            sec.source,
            topic=f"security:{owner}",
        )
    for item in sec.responsibilities:
        yield make(
            "security",
            f"Who is responsible for *{item.name}* ({_lower_first(item.text)})?",
            OWNER_OPTIONS,
            item.owner,
            f"{OWNER_LABELS[item.owner]}: “{item.name}: {item.text}” is one of the key "
            f"security responsibilities, under “{_label_text(sec.customer)[0]}”.",
            f"{item.source}; {sec.source}",
            topic=f"security:{item.id}",
        )


def _tasks(f: _Facts) -> Iterator[Question]:
    """A line of a category's responsibility lists: AWS or you?"""
    two = [("aws", "AWS"), ("customer", "Customer")]
    for cid, cat in f.cats.items():
        for owner, lines in (("aws", cat.aws_does), ("customer", cat.customer_does)):
            for index, line in enumerate(lines):
                label, text = _label_text(line)
                if not label:
                    continue
                side = "AWS Responsibilities" if owner == "aws" else "Customer Responsibilities"
                yield make(
                    "tasks",
                    f"With *{cat.name}* services, who does “{label}: {_lower_first(text)}”?",
                    two,
                    owner,
                    f"The course material lists it under {cat.name}, {side}.",
                    cat.source,
                    topic=f"tasks:{cid}:{owner}:{index}",
                )


def _cost_and_traits(f: _Facts) -> Iterator[Question]:
    """Cost and key characteristics: which category?"""
    for cid, cat in f.cats.items():
        if cat.cost:
            yield make(
                "cost",
                f"Which category means *{_lower_first(cat.cost)}*?",
                f.cat_options,
                cid,
                f"Cost implications: {cat.name} = {cat.cost}.",
                "Cost Implications",
                topic=f"cost:{cid}",
            )
        for index, trait in enumerate(cat.characteristics):
            options, base = f.against(cid, [trait])
            yield make(
                "trait",
                (f"Compared with {base}, w" if base else "W")
                + f"hich category has this key characteristic: *{_lower_first(trait)}*?",
                options,
                cid,
                f"The course material lists “{trait}” among the key characteristics of "
                + cat.name
                + (f", compared with {base}" if base else "")
                + f".{f.others_too(options, 'has')}",
                cat.source,
                topic=f"trait:{cid}:{index}",
            )


# The generated kinds, in the order the bank lists them.
GENERATORS: tuple[Generator, ...] = (
    _owner,
    _owner_in_category,
    _category,
    _pick,
    _true_false,
    _exam_points,
    _scenarios,
    _security,
    _tasks,
    _cost_and_traits,
)


def _three_others(svc: Service, others: list[Service]) -> list[Service]:
    """Three services of other categories for a "which is CATEGORY" question about ``svc``
    (the same three for ``svc`` on every instance)."""
    return sorted(others, key=lambda s: digest(f"{svc.id}:{s.id}"))[:3]


def _note(svc: Service) -> str:
    return f" {svc.note}" if svc.note else ""


def _category_named(name: str, cats: Mapping[str, Category]) -> str | None:
    wanted = re.sub(r"[^a-z]+", "", name.lower())
    for cid, cat in cats.items():
        if re.sub(r"[^a-z]+", "", cat.name.lower()) == wanted:
            return cid
    return None


def _unique(questions: list[Question]) -> tuple[Question, ...]:
    seen: dict[str, Question] = {}
    for q in questions:
        seen.setdefault(q.id, q)
    return tuple(seen.values())


# -- custom questions (knowledge/quiz*.yaml, section `quiz`, validated by bot.quiz.custom) -----


def custom_questions(knowledge: Knowledge) -> list[Question]:
    """The team's own questions (``Knowledge.extras["quiz"]``: a tuple of
    :class:`bot.quiz.custom.CustomQuestion`, when the quiz section is loaded)."""
    entries = knowledge.extras.get("quiz")
    out = []
    for entry in entries if isinstance(entries, tuple) else ():
        options = [("a", entry.answer)] + [("bcde"[i], w) for i, w in enumerate(entry.wrong)]
        out.append(
            make(
                "custom",
                entry.question,
                options,
                "a",
                entry.explanation,
                entry.source,
                qid=f"custom-{entry.id}",
            )
        )
    return out

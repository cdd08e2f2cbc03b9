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

import hashlib
import itertools
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.kb.models import CATEGORY_IDS, OWNER_LABELS, Knowledge, Service

OWNER_OPTIONS: tuple[tuple[str, str], ...] = tuple(OWNER_LABELS.items())
MIN_OPTIONS, MAX_OPTIONS = 2, 5

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
class Option:
    key: str  # stable within its question ("aws", "managed", "true", "dynamodb", "a")
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    options: tuple[Option, ...]  # canonical order; shuffled per post by options_for()
    answer: str  # key of the correct option
    explanation: str
    source: str  # seed section (or the team's reference for custom questions)
    topic: str = ""  # the fact asked about (TOPIC_FORMS); "" for custom questions

    @property
    def correct(self) -> Option:
        return self.option(self.answer)

    def option(self, key: str) -> Option:
        for opt in self.options:
            if opt.key == key:
                return opt
        raise KeyError(key)

    def options_for(self, post_id: str) -> tuple[Option, ...]:
        """The options in the order one post shows them: shuffled, same order for ``post_id``."""
        order = list(self.options)
        random.Random(_digest(f"{post_id}\n{self.id}")).shuffle(order)
        return tuple(order)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "options": [{"key": o.key, "label": o.label} for o in self.options],
            "answer": self.answer,
            "explanation": self.explanation,
            "source": self.source,
            "topic": self.topic,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Question:
        options = data["options"]
        assert isinstance(options, list)
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            text=str(data["text"]),
            options=tuple(Option(str(o["key"]), str(o["label"])) for o in options),
            answer=str(data["answer"]),
            explanation=str(data["explanation"]),
            source=str(data["source"]),
            topic=str(data.get("topic") or ""),
        )


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _make(
    kind: str,
    text: str,
    options: Sequence[tuple[str, str]],
    answer: str,
    explanation: str,
    source: str,
    qid: str | None = None,
    topic: str = "",
) -> Question:
    opts = tuple(Option(k, v) for k, v in options)
    if not MIN_OPTIONS <= len(opts) <= MAX_OPTIONS:
        raise ValueError(f"{kind}: {len(opts)} options for {text!r}")
    if answer not in {o.key for o in opts}:
        raise ValueError(f"{kind}: answer {answer!r} not among the options of {text!r}")
    if qid is None:
        content = "\n".join([kind, text, answer, *(f"{o.key}={o.label}" for o in opts)])
        qid = f"{kind}-{hashlib.sha256(content.encode()).hexdigest()[:10]}"
    return Question(qid, kind, text, opts, answer, explanation, source, topic)


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
    k = knowledge
    cats = {cid: k.categories[cid] for cid in CATEGORY_IDS if cid in k.categories}
    cat_options = [(cid, c.name) for cid, c in cats.items()]
    out: list[Question] = []

    def owner_explanation(owner: str | None, aws: str, customer: str) -> str:
        parts = []
        if aws:
            parts.append(f"AWS: {_sentence(aws)}")
        if customer:
            parts.append(f"You: {_sentence(customer)}")
        return " ".join(p for p in parts if p)

    # who owns DUTY for SERVICE: the comparison table, per service
    for svc in k.services.values():
        cat = cats.get(svc.category)
        if cat is None:
            continue
        for duty in k.table_duties:
            cell = duty.cell(svc.category)
            if cell.owner is None:
                continue
            expl = f"{svc.name} is {cat.name}: {OWNER_LABELS[cell.owner]}. " + owner_explanation(
                cell.owner, cell.aws, cell.customer
            )
            if svc.note:
                expl += f" {svc.note}"
            out.append(
                _make(
                    "owner",
                    f"Who owns *{duty.name}* for *{svc.name}*?",
                    OWNER_OPTIONS,
                    cell.owner,
                    expl,
                    cell.source or duty.source,
                    topic=f"owner:{svc.id}:{duty.id}",
                )
            )

    # who owns DUTY in a CATEGORY: every decided cell
    for duty in k.duties.values():
        for cid, cat in cats.items():
            cell = duty.cells.get(cid)
            if cell is None or cell.owner is None:
                continue
            out.append(
                _make(
                    "owner-cat",
                    f"For *{cat.name}* database services, who owns *{duty.name}*?",
                    OWNER_OPTIONS,
                    cell.owner,
                    f"{cat.name}: {OWNER_LABELS[cell.owner]}. "
                    + owner_explanation(cell.owner, cell.aws, cell.customer),
                    cell.source or duty.source,
                    topic=f"owner-cat:{cid}:{duty.id}",
                )
            )

    # which category is SERVICE
    for svc in k.services.values():
        if svc.category not in cats:
            continue
        cat = cats[svc.category]
        expl = f"{svc.name} ({svc.kind}) is {cat.name}."
        expl += f" {svc.note}" if svc.note else f" {cat.description}"
        out.append(
            _make(
                "category",
                f"Which category is *{svc.name}*?",
                cat_options,
                svc.category,
                expl,
                svc.source,
                topic=f"category:{svc.id}",
            )
        )

    # which of these services is CATEGORY: the right one and up to three from elsewhere
    for cid, cat in cats.items():
        others = sorted(
            (s for s in k.services.values() if s.category != cid and s.category in cats),
            key=lambda s: s.id,
        )
        for svc in k.services_in(cid):
            if len(others) < 1:
                continue
            picked = sorted(others, key=lambda s, svc=svc: _digest(f"{svc.id}:{s.id}"))[:3]
            options = [(svc.id, svc.name)] + [(s.id, s.name) for s in picked]
            wrong = "; ".join(f"{s.name} is {cats[s.category].name}" for s in picked)
            out.append(
                _make(
                    "pick",
                    f"Which of these services is *{cat.name}*?",
                    options,
                    svc.id,
                    f"{svc.name} is {cat.name}. The others: {wrong}." + _note(svc),
                    svc.source,
                    topic=f"pick:{cid}:{svc.id}",
                )
            )

    # true or false: "SERVICE is CATEGORY", the true one and the tempting wrong one
    tempting = {"fully-managed": "managed", "managed": "fully-managed", "unmanaged": "managed"}
    tf = [("true", "True"), ("false", "False")]
    for svc in k.services.values():
        if svc.category not in cats:
            continue
        for cid in (svc.category, tempting.get(svc.category)):
            if cid not in cats:
                continue
            truth = cid == svc.category
            expl = f"{'True' if truth else 'False'}: {svc.name} is {cats[svc.category].name}."
            out.append(
                _make(
                    "truefalse",
                    f"True or false: *{svc.name}* is {cats[cid].name}.",
                    tf,
                    "true" if truth else "false",
                    expl + _note(svc),
                    svc.source,
                    topic=f"truefalse:{svc.id}:{cid}",
                )
            )

    # the "Must Remember" points: as stated (true), with the sides of "X = Y" swapped (false),
    # and "which category has Y?"
    equations = []
    for point in k.exam_points:
        detail = f" {point.detail}" if point.detail else ""
        out.append(
            _make(
                "truefalse",
                f"True or false: {point.text}.",
                tf,
                "true",
                f"True: the seed's exam points say “{point.text}”{detail}.",
                point.source,
                topic=f"exam:{point.id}",
            )
        )
        lhs, eq, rhs = point.text.partition(" = ")
        cid = _category_named(lhs, cats)
        if eq and cid:
            equations.append((cid, rhs.strip(), point))
    for cid, rhs, point in equations:
        out.append(
            _make(
                "category",
                f"Which category has the *{rhs.lower()}*?",
                cat_options,
                cid,
                f"The seed's exam points: “{point.text}”.",
                point.source,
                topic=f"exam-category:{point.id}",
            )
        )
        for other, other_rhs, _ in equations:
            if other != cid and other_rhs != rhs:
                out.append(
                    _make(
                        "truefalse",
                        f"True or false: {cats[other].name} = {rhs}.",
                        tf,
                        "false",
                        f"False: the seed's exam points say “{point.text}” "
                        f"and “{cats[other].name} = {other_rhs}”.",
                        point.source,
                        topic=f"exam-swap:{point.id}:{other}",
                    )
                )

    # scenarios: "when to choose", one line and two lines of the same category
    for cid, cat in cats.items():
        lines = [_label_text(line) for line in cat.when_to_choose]
        section = f"Real-World Scenarios: When to Choose {cat.name}"
        for index, (label, text) in enumerate(lines):
            out.append(
                _make(
                    "scenario",
                    f"A team's situation — *{label}*: {_lower_first(text)}. "
                    "Which category fits best?",
                    cat_options,
                    cid,
                    f"The seed lists “{label}: {text}” under When to Choose {cat.name}. "
                    f"Cost: {cat.cost}.",
                    section,
                    topic=f"scenario:{cid}:{index}",
                )
            )
        for index, ((la, ta), (lb, tb)) in enumerate(itertools.pairwise(lines)):
            out.append(
                _make(
                    "scenario",
                    f"A team: {_lower_first(ta)}, and {_lower_first(tb)}. "
                    "Which category should it choose?",
                    cat_options,
                    cid,
                    f"Both are reasons to choose {cat.name}: “{la}” and “{lb}”.",
                    section,
                    topic=f"scenario-pair:{cid}:{index}",
                )
            )

    # the shared security model
    sec = k.security
    for owner, line in (("aws", sec.aws), ("customer", sec.customer)):
        label, what = _label_text(line)
        if not what:
            continue
        out.append(
            _make(
                "security",
                f"In the shared security model, who secures *{_lower_first(what)}*?",
                OWNER_OPTIONS,
                owner,
                f"“{label}: {what}”. {sec.aws if owner == 'customer' else sec.customer}.",
                sec.source,
                topic=f"security:{owner}",
            )
        )
    for item in sec.responsibilities:
        out.append(
            _make(
                "security",
                f"Who is responsible for *{item.name}* ({_lower_first(item.text)})?",
                OWNER_OPTIONS,
                item.owner,
                f"{OWNER_LABELS[item.owner]}: “{item.name}: {item.text}” is one of the key "
                f"security responsibilities, under “{_label_text(sec.customer)[0]}”.",
                f"{item.source}; {sec.source}",
                topic=f"security:{item.id}",
            )
        )

    # a line of a category's responsibility lists: AWS or you?
    two = [("aws", "AWS"), ("customer", "Customer")]
    for cid, cat in cats.items():
        for owner, lines in (("aws", cat.aws_does), ("customer", cat.customer_does)):
            for index, line in enumerate(lines):
                label, text = _label_text(line)
                if not label:
                    continue
                side = "AWS Responsibilities" if owner == "aws" else "Customer Responsibilities"
                out.append(
                    _make(
                        "tasks",
                        f"With *{cat.name}* services, who does “{label}: {_lower_first(text)}”?",
                        two,
                        owner,
                        f"The seed lists it under {cat.name}, {side}.",
                        cat.source,
                        topic=f"tasks:{cid}:{owner}:{index}",
                    )
                )

    # cost and key characteristics: which category?
    for cid, cat in cats.items():
        if cat.cost:
            out.append(
                _make(
                    "cost",
                    f"Which category means *{_lower_first(cat.cost)}*?",
                    cat_options,
                    cid,
                    f"Cost implications: {cat.name} = {cat.cost}.",
                    "Cost Implications",
                    topic=f"cost:{cid}",
                )
            )
        for index, trait in enumerate(cat.characteristics):
            out.append(
                _make(
                    "trait",
                    f"Which category has this key characteristic: *{_lower_first(trait)}*?",
                    cat_options,
                    cid,
                    f"The seed lists “{trait}” among the key characteristics of {cat.name}.",
                    cat.source,
                    topic=f"trait:{cid}:{index}",
                )
            )

    out.extend(custom_questions(k))
    return _unique(out)


def _note(svc: Service) -> str:
    return f" {svc.note}" if svc.note else ""


def _category_named(name: str, cats: Mapping[str, object]) -> str | None:
    wanted = re.sub(r"[^a-z]+", "", name.lower())
    for cid, cat in cats.items():
        if re.sub(r"[^a-z]+", "", getattr(cat, "name", "").lower()) == wanted:
            return cid
    return None


def _unique(questions: list[Question]) -> tuple[Question, ...]:
    seen: dict[str, Question] = {}
    for q in questions:
        seen.setdefault(q.id, q)
    return tuple(seen.values())


# -- custom questions (knowledge/quiz*.yaml, section `quiz`, validated by bot.quiz.custom) ----


def custom_questions(knowledge: Knowledge) -> list[Question]:
    out = []
    for entry in knowledge.extras.get("quiz") or ():  # type: ignore[union-attr]
        options = [("a", entry.answer)] + [("bcde"[i], w) for i, w in enumerate(entry.wrong)]
        out.append(
            _make(
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

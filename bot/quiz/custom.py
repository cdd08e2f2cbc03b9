"""A team's own quiz questions: the ``quiz`` section of ``knowledge/quiz*.yaml``.

Declared in :mod:`bot.quiz.feature` (``Feature.sections``), so ``whoowns kb check`` validates
it and reports problems as ``FILE:LINE``. The loader stores the result in
``Knowledge.extras["quiz"]`` (a tuple of :class:`CustomQuestion`); :mod:`bot.bank` turns
them into questions. Format::

    quiz:
      snapshot-restore:              # id: a slug, unique over all files
        question: Who restores a dropped table from an RDS snapshot?
        answer: Customer             # the correct option, as shown on its button
        wrong: [AWS, Shared]         # 1 to 4 wrong options
        explanation: Backups are Shared for Managed services; restoring is yours.
        source: Comparison Table for Exam   # the seed section (or your runbook)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from bot.kb.nodes import SLUG, field_node, join, text, texts
from bot.kb.sections import SectionContext, SectionPart

BUTTON_MAX = 75  # Slack's limit for a button's text
QUESTION_MAX = 1000
EXPLANATION_MAX = 1500

_FIELDS = {
    "question": text(),
    "answer": text(),
    "wrong": texts(required=True, nonempty=True),
    "explanation": text(),
    "source": text(),
}


@dataclass(frozen=True)
class CustomQuestion:
    id: str
    question: str
    answer: str
    wrong: tuple[str, ...]
    explanation: str
    source: str


def validate_quiz_section(
    parts: Sequence[SectionPart], context: SectionContext
) -> tuple[CustomQuestion, ...]:
    """Read every file's ``quiz`` section; report problems through each part's reader."""
    out: list[CustomQuestion] = []
    seen: dict[str, str] = {}
    for part in parts:
        r = part.reader
        for key, value in r.items(part.value, "quiz", "a mapping of question ids to questions"):
            path = join("quiz", str(key.value))
            qid = str(key.value)
            if not SLUG.fullmatch(qid):
                r.problem(key, path, f"question id '{qid}' is not a slug (e.g. 'snapshot-restore')")
                continue
            if qid in seen:
                first = seen[qid]
                r.problem(key, path, f"duplicate question id '{qid}' (first defined at {first})")
                continue
            seen[qid] = r.where(key)
            before = len(r.problems)
            f = r.record(value, path, _FIELDS, at=key, what="question")
            if len(r.problems) > before:
                continue
            answer, wrong = str(f["answer"]), tuple(cast("list[str]", f["wrong"]))
            ok = True
            wrong_at = field_node(value, "wrong") or value
            if not 1 <= len(wrong) <= 4:
                r.problem(wrong_at, join(path, "wrong"), "give 1 to 4 wrong options (2–5 in all)")
                ok = False
            labels = [answer, *wrong]
            lowered = [label.casefold() for label in labels]
            if len(set(lowered)) != len(lowered):
                r.problem(wrong_at, join(path, "wrong"), "options must differ from each other")
                ok = False
            for label in labels:
                if len(label) > BUTTON_MAX:
                    too_long = f"option '{label[:30]}…' is longer than {BUTTON_MAX} characters"
                    r.problem(wrong_at, path, too_long)
                    ok = False
            for name, limit in (("question", QUESTION_MAX), ("explanation", EXPLANATION_MAX)):
                if len(str(f[name])) > limit:
                    at = field_node(value, name) or value
                    r.problem(at, join(path, name), f"longer than {limit} characters")
                    ok = False
            if ok:
                out.append(
                    CustomQuestion(
                        qid,
                        str(f["question"]),
                        answer,
                        wrong,
                        str(f["explanation"]),
                        str(f["source"]),
                    )
                )
    return tuple(out)

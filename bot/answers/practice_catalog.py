"""The practices of the knowledge: the ``practices`` section of ``knowledge/practices.yaml``.

Declared in :mod:`bot.practices.feature` (``Feature.sections``), so ``whoowns kb check``
validates it with ``FILE:LINE``. Each practice belongs to a duty, quotes the course's words
exactly (a duty's customer side, a category's best practice or a key security
responsibility: anything else is refused) and names the check that reads AWS's settings::

    practices:
      backups-configured:
        name: Backups configured
        duty: backups
        course: ["Backup Configuration: Retention policies and backup schedules"]
        source: Fully Managed Database Services
        check: retention
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import cast

from bot.answers.practice_checks import CHECKS
from bot.kb.nodes import SLUG, Node, field_node, join, text, texts
from bot.kb.sections import SectionContext, SectionPart

SECTION = "practices"
_FIELDS = {
    "name": text(),
    "duty": text(),
    "course": texts(required=True, nonempty=True),
    "source": text(),
    "check": text(),
}


@dataclass(frozen=True)
class Practice:
    id: str  # "backups-configured"
    name: str  # "Backups configured"
    duty: str  # duty id
    course: tuple[str, ...]  # the course's words, quoted exactly
    source: str  # the course section
    check: str  # a key of bot.answers.practice_checks.CHECKS


def practices_of(extras: Mapping[str, object]) -> Mapping[str, Practice]:
    """The practices a knowledge holds (``Knowledge.extras``), in file order."""
    found = extras.get(SECTION)
    return cast("Mapping[str, Practice]", found) if isinstance(found, Mapping) else {}


def course_texts(context: SectionContext) -> frozenset[str]:
    """Every line a practice may quote: what the customer does in a duty's cells, the
    categories' best practices, the key security responsibilities (``Name: text``)."""
    lines = {c.customer for d in context.duties.values() for c in d.cells.values() if c.customer}
    lines.update(p for c in context.categories.values() for p in c.best_practices)
    if context.security is not None:
        lines.update(f"{i.name}: {i.text}" for i in context.security.responsibilities)
    return frozenset(lines)


def validate_practices_section(
    parts: Sequence[SectionPart], context: SectionContext
) -> Mapping[str, Practice]:
    """Read every file's ``practices``; report problems through each part's reader."""
    out: dict[str, Practice] = {}
    seen: dict[str, str] = {}
    quotable = course_texts(context)
    for part in parts:
        r = part.reader
        for key, value in r.items(part.value, SECTION, "a mapping of practice ids to practices"):
            ident, path = str(key.value), join(SECTION, str(key.value))
            if not SLUG.fullmatch(ident):
                r.problem(key, path, f"practice id '{ident}' is not a slug (e.g. 'encrypted')")
                continue
            if ident in seen:
                r.problem(key, path, f"duplicate practice id '{ident}' (first at {seen[ident]})")
                continue
            seen[ident] = r.where(key)
            before = len(r.problems)
            f = r.record(value, path, _FIELDS, at=key, what="practice")
            if len(r.problems) > before:
                continue
            practice = Practice(
                id=ident,
                name=str(f["name"]),
                duty=str(f["duty"]),
                course=tuple(cast("list[str]", f["course"])),
                source=str(f["source"]),
                check=str(f["check"]),
            )
            if _checked(part, value, path, practice, (context, quotable)):
                out[ident] = practice
    return MappingProxyType(out)


def _at(mapping: Node, name: str) -> Node:
    """The value node of ``name`` (for a problem's line), else the mapping itself."""
    return field_node(mapping, name) or mapping


def _checked(
    part: SectionPart,
    value: Node,
    path: str,
    practice: Practice,
    refs: tuple[SectionContext, frozenset[str]],
) -> bool:
    context, quotable = refs
    r, ok = part.reader, True
    if practice.duty not in context.duties:
        r.problem(_at(value, "duty"), join(path, "duty"), f"unknown duty '{practice.duty}'")
        ok = False
    if practice.check not in CHECKS:
        known = ", ".join(CHECKS)
        message = f"unknown check '{practice.check}' (expected one of: {known})"
        r.problem(_at(value, "check"), join(path, "check"), message)
        ok = False
    for index, line in enumerate(practice.course):
        if line not in quotable:
            r.problem(
                _at(value, "course"),
                join(join(path, "course"), index),
                f"'{line}' is not the course's words: quote a duty's customer side, a "
                "category's best practice or a key security responsibility exactly",
            )
            ok = False
    return ok

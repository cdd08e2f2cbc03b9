"""What a knowledge section's validator is handed, and how aliases are compared.

The loader splits each file into top-level sections and hands every validator (its own and the
features' extra sections) the parts of one section as :class:`SectionPart` values, with a
:class:`SectionContext` of the core sections read so far.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from yaml.nodes import Node

from bot.kb.models import Category, Duty, ExamPoint, Group, SecurityModel, Service
from bot.kb.nodes import Reader


@dataclass(frozen=True)
class SectionPart:
    """One file's share of a top-level section."""

    file: str
    key: Node  # the section's key node (``quiz:``)
    value: Node  # its value
    reader: Reader  # reports problems against ``file``


@dataclass(frozen=True)
class SectionContext:
    """What an extra section's validator may check references against (may be partial)."""

    categories: Mapping[str, Category]
    duties: Mapping[str, Duty]
    services: Mapping[str, Service]
    groups: Mapping[str, Group]
    exam_points: Mapping[str, ExamPoint] = field(default_factory=dict)
    security: SecurityModel | None = None


# validate(parts, context) -> the value stored in Knowledge.extras[section]. It reports problems
# through each part's reader and must not raise on bad data.
SectionValidator = Callable[[Sequence[SectionPart], SectionContext], object]


def normalize(alias: str) -> str:
    """An alias as matched: case-folded, punctuation as spaces, spaces collapsed.

    ("Multi-AZ" -> "multi az"). Two things may not share an alias even when they differ only
    in spaces ("snap shots" / "snapshots"): the uniqueness check also drops the spaces.
    """
    return " ".join(_NON_WORD.sub(" ", alias.casefold()).split())


_NON_WORD = re.compile(r"[^\w]+|_")

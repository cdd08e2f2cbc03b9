"""Statements that hold only relative to another category, and services the course material
lists under a second category: what the quiz needs to ask them with one right answer.

* ``compared_with`` of a category maps a baseline category to statements of this category (a
  key characteristic, or the label of a ``when_to_choose`` line) that describe it only
  compared with that baseline; the third category has them too. The Key Characteristics of
  Managed ("increased operational responsibility") are Managed compared with Fully Managed.
* ``also_listed_under`` of a service names the categories the course material also puts it in
  without settling which (Redshift: "Examples of Fully Managed Services" and Managed in the
  Service Classification).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import cast

from yaml.nodes import Node

from bot.kb.models import CATEGORY_IDS, statement_label
from bot.kb.nodes import Reader, field_node, item_node, join


def read_compared_with(
    r: Reader, value: object, path: str, category: str, fields: Mapping[str, object]
) -> Mapping[str, str]:
    """``compared_with`` of one category as {statement: baseline category id}."""
    if not isinstance(value, Node):
        return MappingProxyType({})
    lines = (*cast(tuple[str, ...], fields["characteristics"]),)
    lines += cast(tuple[str, ...], fields["when_to_choose"])
    known = {statement_label(line) for line in lines}
    out: dict[str, str] = {}
    for key, statements in r.items(value, path, "a mapping of category ids to statements"):
        baseline = str(key.value)
        sub = join(path, baseline)
        if baseline not in CATEGORY_IDS or baseline == category:
            others = [c for c in CATEGORY_IDS if c != category]
            r.problem(key, sub, f"compare with another category ({' or '.join(others)})")
            continue
        for index, statement in enumerate(r.texts(statements, sub, nonempty=True)):
            if statement not in known:
                r.problem(
                    item_node(statements, index) or statements,
                    join(sub, index),
                    f"'{statement}' is neither a characteristic nor a when_to_choose label "
                    f"of category '{category}'",
                )
                continue
            out[statement] = baseline
    return MappingProxyType(out)


def check_also_listed(r: Reader, value: Node, path: str, fields: Mapping[str, object]) -> None:
    """``also_listed_under`` names categories other than the service's own."""
    listed = cast(tuple[str, ...], fields.get("also_listed_under") or ())
    at = field_node(value, "also_listed_under") or value
    for index, category in enumerate(listed):
        if category not in CATEGORY_IDS or category == fields.get("category"):
            r.problem(
                at,
                join(join(path, "also_listed_under"), index),
                f"'{category}' is not another category (expected one of "
                f"{', '.join(c for c in CATEGORY_IDS if c != fields.get('category'))})",
            )

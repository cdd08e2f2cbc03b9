"""The ``scenarios`` section: the course material's "When to Choose" lines as situations.

Each scenario names the category the course material says to choose in one situation
("Limited DBA Resources: Small teams with minimal database expertise" -> Fully Managed), and
the words a question uses for that situation (``aliases``: "small team", "no dba").

Checked here (every problem as FILE:LINE, through the file's reader):

* the fields (``name``, ``text``, ``category``, ``aliases``, ``source``);
* "NAME: TEXT" is, word for word, a line of that category's ``when_to_choose`` (the two
  places cannot drift apart);
* each situation phrase names one scenario only. Situation phrases are not names: they may
  share words with a duty ("compliance"), since a question is read as a choice only when it
  asks to choose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping

from yaml.nodes import Node

from bot.kb.fields import SCENARIO_FIELDS
from bot.kb.models import Category, Scenario
from bot.kb.nodes import Reader, field_node, item_node, join


def _phrase(text: str) -> str:
    """A situation phrase as compared: case-folded, punctuation and spaces dropped."""
    return "".join(c for c in text.casefold() if c.isalnum())


def read_scenarios(
    r: Reader,
    entries: Iterable[tuple[str, Node, Node, str]],
    categories: Mapping[str, Category],
    scenarios: MutableMapping[str, Scenario],
) -> None:
    """Validate each (id, key node, value node, path) entry and add it to ``scenarios``."""
    taken = {_phrase(a): s.id for s in scenarios.values() for a in s.aliases}
    for ident, key, value, path in entries:
        f = r.record(value, path, SCENARIO_FIELDS, at=key, what="scenario")
        scenario = Scenario(id=ident, **f)  # type: ignore[arg-type]  # fields checked by the field table
        category = categories.get(scenario.category)
        quoted = category is None or scenario.line in category.when_to_choose
        if category is not None and scenario.name and scenario.text and not quoted:
            r.problem(
                field_node(value, "text") or key,
                join(path, "text"),
                f"'{scenario.line}' is not one of the when_to_choose lines of category "
                f"'{category.id}' (a scenario quotes the course's line word for word)",
            )
        aliases = field_node(value, "aliases")
        for index, alias in enumerate(scenario.aliases):
            phrase = _phrase(alias)
            at = (item_node(aliases, index) if aliases is not None else None) or key
            where = join(join(path, "aliases"), index)
            if not phrase:
                r.problem(at, where, f"situation '{alias}' has no letters or digits")
            elif taken.get(phrase, ident) != ident:
                r.problem(
                    at,
                    where,
                    f"situation '{alias}' names two scenarios: '{ident}' here and "
                    f"'{taken[phrase]}' (a situation must point to one scenario)",
                )
            else:
                taken[phrase] = ident
        scenarios[ident] = scenario

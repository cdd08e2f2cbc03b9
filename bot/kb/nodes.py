"""Reading composed YAML nodes with line numbers, collecting problems instead of raising.

The loader composes each file (``yaml.compose``) rather than loading it, so every value keeps
its position and every problem can name ``FILE:LINE``. A :class:`Reader` is bound to one file;
its methods never raise on bad data: they record a :class:`~bot.kb.problems.Problem` and return
a default so that checking can go on and report everything at once.

A later section validator (quiz questions, lessons) uses the same Reader::

    fields = {"question": text(), "answer": choice(OWNERS), "explain": text(required=False)}
    values = reader.record(node, "quiz.q1", fields, at=key_node)

Validators outside ``bot.kb`` never import ``yaml``: they name a node :data:`Node`, tell its kind
with :func:`is_mapping`, :func:`is_sequence` and :func:`is_scalar`, and look a key up with
:func:`field_node`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.kb.problems import Problem

__all__ = [
    *("SLUG", "Field", "Node", "Reader", "choice", "describe", "field_key", "field_node", "flag"),
    *("is_mapping", "is_scalar", "is_sequence", "item_node", "join", "line_of", "node", "one_of"),
    *("pairs", "text", "texts"),
]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_KIND_NAMES = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    _BOOL: "true/false",
    _NULL: "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass(frozen=True)
class Field:
    """How one key of a record is read. Build with :func:`text`, :func:`texts`, ..."""

    kind: str  # text | texts | bool | choice | node
    required: bool = True
    nonempty: bool = True  # text: must not be blank; texts: must have an item
    choices: tuple[str, ...] = ()
    default: object = None


def text(*, required: bool = True, nonempty: bool = True) -> Field:
    return Field("text", required, nonempty, default="")


def texts(*, required: bool = False, nonempty: bool = False) -> Field:
    return Field("texts", required, nonempty, default=())


def flag(*, required: bool = False, default: bool = False) -> Field:
    return Field("bool", required, default=default)


def choice(values: tuple[str, ...], *, required: bool = True) -> Field:
    return Field("choice", required, choices=values, default=None)


def node(*, required: bool = True) -> Field:
    """Keep the raw node; the caller reads it."""
    return Field("node", required, default=None)


def is_mapping(value: Node | None) -> bool:
    return isinstance(value, MappingNode)


def is_sequence(value: Node | None) -> bool:
    return isinstance(value, SequenceNode)


def is_scalar(value: Node | None) -> bool:
    return isinstance(value, ScalarNode)


def describe(value: Node) -> str:
    if isinstance(value, MappingNode):
        return "a mapping"
    if isinstance(value, SequenceNode):
        return "a list"
    return _KIND_NAMES.get(value.tag, "text")


def line_of(value: Node | None) -> int:
    return value.start_mark.line + 1 if value is not None else 0


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    """Reads the nodes of one file; records problems in the shared ``problems`` list."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def problem(self, at: Node | int | None, path: str, message: str) -> None:
        line = at if isinstance(at, int) else line_of(at)
        self.problems.append(Problem(self.file, line, path, message))

    def where(self, at: Node) -> str:
        """``FILE:LINE`` of a node, for messages that point at an earlier definition."""
        return f"{self.file}:{line_of(at)}"

    # -- containers --------------------------------------------------------------------------

    def items(self, value: Node, path: str, what: str = "a mapping") -> list[tuple[Node, Node]]:
        """The (key node, value node) pairs of a mapping with text keys; duplicates reported."""
        if not isinstance(value, MappingNode):
            self.problem(value, path, f"expected {what}, got {describe(value)}")
            return []
        seen: dict[str, Node] = {}
        pairs: list[tuple[Node, Node]] = []
        for key, item in value.value:
            if not isinstance(key, ScalarNode) or key.tag not in (_STR, "tag:yaml.org,2002:int"):
                self.problem(key, path, f"a key must be text, got {describe(key)}")
                continue
            if key.value in seen:
                first = seen[key.value]
                self.problem(
                    key,
                    join(path, key.value),
                    f"duplicate key '{key.value}' (first at line {line_of(first)})",
                )
                continue
            seen[key.value] = key
            pairs.append((key, item))
        return pairs

    def sequence(self, value: Node, path: str) -> list[Node]:
        if not isinstance(value, SequenceNode):
            self.problem(value, path, f"expected a list, got {describe(value)}")
            return []
        return list(value.value)

    # -- scalars -----------------------------------------------------------------------------

    def text(self, value: Node, path: str, *, nonempty: bool = True) -> str | None:
        if not isinstance(value, ScalarNode) or value.tag != _STR:
            self.problem(value, path, f"expected text, got {describe(value)}{_quote_hint(value)}")
            return None
        result = value.value.strip()
        if nonempty and not result:
            self.problem(value, path, "must not be empty")
            return None
        return result

    def texts(self, value: Node, path: str, *, nonempty: bool = False) -> tuple[str, ...]:
        if isinstance(value, ScalarNode) and value.tag == _NULL:
            items: list[Node] = []
        else:
            items = self.sequence(value, path)
        out = []
        for index, item in enumerate(items):
            got = self.text(item, join(path, index))
            if got is not None:
                out.append(got)
        if nonempty and not items:
            self.problem(value, path, "must list at least one item")
        return tuple(out)

    def boolean(self, value: Node, path: str) -> bool | None:
        if not isinstance(value, ScalarNode) or value.tag != _BOOL:
            self.problem(value, path, f"expected true or false, got {describe(value)}")
            return None
        return value.value.lower() in ("true", "yes", "on", "y")

    def choice(self, value: Node, path: str, choices: tuple[str, ...], what: str) -> str | None:
        got = self.text(value, path)
        if got is None:
            return None
        if got not in choices:
            self.problem(value, path, f"unknown {what} '{got}' (expected {one_of(choices)})")
            return None
        return got

    def slug(self, key: Node, path: str, what: str) -> str | None:
        """A mapping key used as an id; None (and a problem) unless it is a slug."""
        value = str(key.value)
        if not SLUG.fullmatch(value):
            self.problem(
                key,
                path,
                f"{what} id '{value}' is not a slug (lowercase letters, digits and single "
                "hyphens, e.g. 'aurora-serverless')",
            )
            return None
        return value

    # -- records -----------------------------------------------------------------------------

    def record(
        self,
        value: Node,
        path: str,
        fields: Mapping[str, Field],
        *,
        at: Node | None = None,
        what: str = "entry",
    ) -> dict[str, object]:
        """Read a mapping with known keys; every key of ``fields`` is in the result.

        Unknown keys, missing required keys and wrong types become problems; the result then
        holds the field's default so checking can continue.
        """
        result: dict[str, object] = {name: spec.default for name, spec in fields.items()}
        pairs = self.items(value, path, f"a mapping of fields for this {what}")
        if not isinstance(value, MappingNode):
            return result
        present: set[str] = set()
        for key, item in pairs:
            name = str(key.value)
            sub = join(path, name)
            spec = fields.get(name)
            if spec is None:
                self.problem(key, sub, f"unknown key '{name}' (expected {one_of(tuple(fields))})")
                continue
            present.add(name)
            if isinstance(item, ScalarNode) and item.tag == _NULL and spec.kind != "texts":
                if spec.required:
                    self.problem(item, sub, f"'{name}' has no value")
                continue
            got: object
            if spec.kind == "text":
                got = self.text(item, sub, nonempty=spec.nonempty)
            elif spec.kind == "texts":
                got = self.texts(item, sub, nonempty=spec.nonempty)
            elif spec.kind == "bool":
                got = self.boolean(item, sub)
            elif spec.kind == "choice":
                got = self.choice(item, sub, spec.choices, name)
            else:
                got = item
            if got is not None:
                result[name] = got
        for name, spec in fields.items():
            if spec.required and name not in present:
                self.problem(at or value, path, f"missing field '{name}'")
        return result


def one_of(choices: Sequence[str]) -> str:
    """``'a', 'b' or 'c'``: the choices a problem message offers."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _quote_hint(value: Node) -> str:
    if isinstance(value, ScalarNode) and value.tag in _KIND_NAMES and value.tag != _NULL:
        return f' (put it in quotes: "{value.value}")'
    return ""


# -- looking up a key of a composed mapping (the loader's cross checks) --------------------


def pairs(value: Node) -> list[tuple[Node, Node]]:
    if isinstance(value, MappingNode):
        return [(k, v) for k, v in value.value if isinstance(k, ScalarNode)]
    return []


def field_key(mapping: Node, key: str) -> Node | None:
    for k, _ in pairs(mapping):
        if str(k.value) == key:
            return k
    return None


def field_node(mapping: Node, key: str) -> Node | None:
    for k, v in pairs(mapping):
        if str(k.value) == key:
            return v
    return None


def item_node(sequence: Node, index: int) -> Node | None:
    items = getattr(sequence, "value", None)
    if isinstance(items, list) and index < len(items) and isinstance(items[index], Node):
        return items[index]
    return None

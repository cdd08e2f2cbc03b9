"""Changing a few fields of entries in a knowledge file written by hand, keeping the rest of
its text (comments, order, quoting) as it is.

    text = set_fields(path, "resources", {"payments-ledger": {"arn": "arn:…", "imported": [...]}})

A field given is replaced where it stands, or added after the entry's last line; a field given
as None is removed. A flow-style entry (``ledger: {service: dynamodb}``) is rewritten whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from bot.kb.composing import compose

_PLAIN = re.compile(r"[A-Za-z0-9_./(][A-Za-z0-9_./()@+ -]*(?<! )")
_RESOLVER = yaml.resolver.Resolver()

Changes = Mapping[str, Mapping[str, object | None]]


def set_fields(source: str, section: str, changes: Changes) -> str:
    """``source`` with each entry ``changes[id]``'s fields set (None: removed)."""
    root = compose(source)
    entries = _child(root, section)
    edits: list[tuple[int, int, str]] = []  # (start, end, new text), by index in source
    for key, value in entries.value if isinstance(entries, MappingNode) else ():
        wanted = changes.get(str(key.value)) if isinstance(key, ScalarNode) else None
        if wanted is None or not isinstance(value, MappingNode):
            continue
        if value.flow_style:
            fields = {str(k.value): _plain(v) for k, v in value.value}
            fields.update(wanted)
            merged = {k: v for k, v in fields.items() if v is not None}
            edits.append((value.start_mark.index, value.end_mark.index, _flow(merged)))
        else:
            edits += _block_edits(source, value, wanted)
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _block_edits(
    source: str, entry: MappingNode, wanted: Mapping[str, object | None]
) -> list[tuple[int, int, str]]:
    indent = " " * entry.value[0][0].start_mark.column if entry.value else "    "
    edits = []
    have = {str(k.value): (k, v) for k, v in entry.value}
    added = ""
    for name, value in wanted.items():
        if name in have:
            key, node = have[name]
            if value is None:
                start = source.rfind("\n", 0, key.start_mark.index) + 1
                edits.append((start, _line_end(source, _end(node)) + 1, ""))
            else:
                edits.append((node.start_mark.index, _end(node), _flow(value)))
        elif value is not None:
            added += f"\n{indent}{name}: {_flow(value)}"
    if added:
        at = _line_end(source, _end(entry))
        edits.append((at, at, added))
    return edits


def _end(node: Node) -> int:
    """Where a node's text ends: a block collection's own end mark is the next token's."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    ends = [node.start_mark.index]
    for child in node.value:
        for part in child if isinstance(child, tuple) else (child,):
            ends.append(_end(part))
    return max(ends)


def _line_end(source: str, index: int) -> int:
    end = source.find("\n", index)
    return len(source) if end < 0 else end


def _flow(value: object) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_flow(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):  # settings (bot.kb.settings) keep their types
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    plain = _PLAIN.fullmatch(text) and (
        _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _plain(node: Node) -> object:
    if isinstance(node, MappingNode):
        return {str(_plain(k)): _plain(v) for k, v in node.value}
    if isinstance(node, ScalarNode):
        return node.value
    return [_plain(item) for item in node.value]


def _child(node: Node | None, name: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == name:
                return value
    return None

"""YAML in and out for the inventory importer (bot/kb stays the only YAML reader).

    read_documents(path)         # every document of a (Backstage) multi-document file
    read_inventory(path)         # an existing generated file, as plain data
    dump_inventory(data, header) # the text of a generated file

These return plain data: what the files *say*. Whether it is valid knowledge is decided by
:func:`bot.kb.load_knowledge`, which the importer runs on what it is about to write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from bot.kb.composing import Loader, compose


class DocumentError(Exception):
    """A file that is not readable YAML of the expected shape; the message is one line."""


def read_documents(path: Path) -> list[object]:
    """The documents of a ``---``-separated YAML file (empty documents dropped)."""
    source = _read(path)
    try:
        return [doc for doc in yaml.load_all(source, Loader=Loader) if doc is not None]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise DocumentError(f"{path}:{line}: not valid YAML ({exc.problem or exc})") from None
    except yaml.YAMLError as exc:
        raise DocumentError(f"{path}: not valid YAML ({exc})") from None


def read_inventory(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    """``{"teams": {id: fields}, "resources": {id: fields}}`` of a knowledge file (missing
    sections are empty; other sections are refused: a generated file holds only these).
    Scalars are read as text (``true`` -> ``"true"``)."""
    source = _read(path)
    try:
        root = compose(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise DocumentError(f"{path}:{line}: not valid YAML ({exc.problem or exc})") from None
    except yaml.YAMLError as exc:  # e.g. a second document
        raise DocumentError(f"{path}: not valid YAML ({exc})") from None
    data = _plain(root) if root is not None else {}
    if not isinstance(data, dict):
        raise DocumentError(f"{path}: expected a mapping with 'teams:' and/or 'resources:'")
    out: dict[str, dict[str, dict[str, object]]] = {"teams": {}, "resources": {}}
    for section, entries in data.items():
        if section not in out:
            raise DocumentError(
                f"{path}: has a '{section}' section; the importer only writes files with "
                "'teams:' and 'resources:' (give another --out)"
            )
        if entries is None:
            continue
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            raise DocumentError(f"{path}: '{section}' must map ids to mappings of fields")
        out[section] = {str(k): dict(v) for k, v in entries.items()}
    for ident, settings in _settings_nodes(root).items():  # typed: compared on re-import
        if ident in out["resources"]:
            out["resources"][ident]["settings"] = _typed_plain(settings)
    return out


def dump_inventory(data: Mapping[str, Mapping[str, Mapping[str, object]]], header: str) -> str:
    """The text of a generated knowledge file: ``header`` (comment lines), then the sections
    that have entries, in the given order, fields in the given order.

    Written by hand rather than by ``yaml.dump`` (several times slower on 5,000 entries): the
    shape is fixed (section -> id -> field -> text, list of texts, mapping of texts, or list
    of such mappings), plain scalars where YAML reads them back as the same text, JSON-style
    double quotes otherwise. The importer loads what it wrote before writing it."""
    plain = _PlainCheck()
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for section, entries in data.items():
        if not entries:
            continue
        lines.append(f"{section}:")
        for ident, fields in entries.items():
            lines.append(f"  {plain(ident)}:")
            for name, value in fields.items():
                if name == "settings" and isinstance(value, Mapping):
                    lines.append(f"    {name}:" + ("" if value else " {}"))
                    lines.extend(
                        f"      {plain(str(k))}:{_typed(v, plain)}" for k, v in value.items()
                    )
                    continue
                lines.append(f"    {name}:{_value(value, plain)}")
    if len(lines) == len(header.splitlines()):
        lines.append("{}")
    return "\n".join(lines) + "\n"


def _value(value: object, plain: _PlainCheck) -> str:
    if isinstance(value, Mapping):
        pairs = ", ".join(f"{plain(str(k))}: {plain(str(v))}" for k, v in value.items())
        return f" {{{pairs}}}"
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, Mapping) for v in value):
            return "".join(f"\n      -{_value(v, plain)}" for v in value)
        return f" [{', '.join(plain(str(v)) for v in value)}]"
    return f" {plain(str(value))}"


def _typed(value: object, plain: _PlainCheck, block: bool = True) -> str:
    """A setting (bot.kb.settings): booleans and numbers as YAML reads them back, text as
    text; a list of objects one per line (``block``, at the top), else flow style."""
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, int):
        return f" {value}"
    if isinstance(value, float):
        text = repr(value)
        return f" {text if '.' in text else text.replace('e', '.0e')}"
    if isinstance(value, Mapping):
        pairs = (f"{plain(str(k))}:{_typed(v, plain, False)}" for k, v in value.items())
        return " {" + ", ".join(pairs) + "}"
    if isinstance(value, (list, tuple)):
        if block and value and all(isinstance(v, Mapping) for v in value):
            return "".join(f"\n        -{_typed(v, plain, False)}" for v in value)
        return " [" + ", ".join(_typed(v, plain, False).lstrip() for v in value) + "]"
    return f" {plain(str(value))}"


class _PlainCheck:
    """Text as a YAML scalar: plain where that reads back as the same text, else quoted.
    Remembers its answers (one import repeats the same services and field names)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.resolver = yaml.resolver.Resolver()

    def __call__(self, text: str) -> str:
        got = self.seen.get(text)
        if got is None:
            safe = (
                _PLAIN.fullmatch(text) is not None
                and self.resolver.resolve(yaml.ScalarNode, text, (True, False))
                == "tag:yaml.org,2002:str"
            )
            got = text if safe else json.dumps(text, ensure_ascii=False)
            if len(self.seen) < _REMEMBER:
                self.seen[text] = got
        return got


# Plain scalars the generated file uses: no indicator first, no ": ", " #", flow characters
_PLAIN = re.compile(r"[A-Za-z0-9_./(][A-Za-z0-9_./()@+ -]*(?<! )")
_REMEMBER = 2_000


def _plain(node: yaml.Node) -> object:
    """A composed node as plain data, every scalar as its text (several times faster than
    constructing: the knowledge loader decides later what is valid)."""
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(k)): _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


def _settings_nodes(root: yaml.Node | None) -> dict[str, yaml.Node]:
    """resource id -> the node of its ``settings`` (one pass over the file's nodes)."""
    found: dict[str, yaml.Node] = {}
    for key, entries in getattr(root, "value", ()):
        if getattr(key, "value", None) != "resources" or not isinstance(entries, yaml.MappingNode):
            continue
        for ident, entry in entries.value:
            for name, value in getattr(entry, "value", ()):
                if getattr(name, "value", None) == "settings":
                    found[str(ident.value)] = value
    return found


def _typed_plain(node: yaml.Node) -> object:
    """A settings node as plain data with YAML's scalar types (true, 7, 0.5; text else)."""
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(k)): _typed_plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_typed_plain(item) for item in node.value]
    if node.tag in _TYPED:
        try:
            return yaml.safe_load(node.value) if node.tag != _STR_TAG else str(node.value)
        except yaml.YAMLError:
            return str(node.value)
    return _plain(node)


_STR_TAG = "tag:yaml.org,2002:str"
_TYPED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{path}: cannot read the file ({exc})") from None

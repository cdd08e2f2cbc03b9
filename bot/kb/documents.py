"""YAML in and out for the inventory importer (bot/kb stays the only YAML reader).

    read_documents(path)         # every document of a (Backstage) multi-document file
    read_inventory(path)         # an existing generated file, as plain data
    dump_inventory(data, header) # the text of a generated file

These return plain data: what the files *say*. Whether it is valid knowledge is decided by
:func:`bot.kb.load_knowledge`, which the importer runs on what it is about to write.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class DocumentError(Exception):
    """A file that is not readable YAML of the expected shape; the message is one line."""


def read_documents(path: Path) -> list[object]:
    """The documents of a ``---``-separated YAML file (empty documents dropped)."""
    source = _read(path)
    try:
        return [doc for doc in yaml.load_all(source, Loader=_Loader) if doc is not None]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise DocumentError(f"{path}:{line}: not valid YAML ({exc.problem or exc})") from None
    except yaml.YAMLError as exc:
        raise DocumentError(f"{path}: not valid YAML ({exc})") from None


def read_inventory(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    """``{"teams": {id: fields}, "resources": {id: fields}}`` of a knowledge file (missing
    sections are empty; other sections are refused: a generated file holds only these)."""
    documents = read_documents(path)
    if len(documents) > 1:
        raise DocumentError(f"{path}: expected one YAML document, found {len(documents)}")
    data = documents[0] if documents else {}
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
    return out


def dump_inventory(data: Mapping[str, Mapping[str, Mapping[str, object]]], header: str) -> str:
    """The text of a generated knowledge file: ``header`` (comment lines), then the sections
    that have entries, in the given order, fields in the given order."""
    body = {
        section: {ident: dict(fields) for ident, fields in entries.items()}
        for section, entries in data.items()
        if entries
    }
    text = yaml.dump(
        body,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=None,
        allow_unicode=True,
        width=100,
    )
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comments + (text if body else "{}\n")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{path}: cannot read the file ({exc})") from None

"""Composing YAML text into nodes, fast: libyaml's parser when PyYAML has it, and the cyclic
garbage collector paused meanwhile.

    root = compose(source)   # yaml.Node or None (empty text); raises yaml.YAMLError

A knowledge file of 5,000 resources composes into a few hundred thousand nodes and marks, none
in a reference cycle. With the collector running, every few hundred new objects start a
collection, and the older generations (which grow with the tree) are walked again and again:
about three quarters of the time. Paused, the same tree composes several times faster; the
objects are freed by reference counting as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import yaml

try:
    from yaml import CSafeLoader as _Base
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"


class Loader(_Base):
    """The safe loader, remembering the tag of each plain scalar's text within one text: a
    generated file repeats the same values (``true``, ``7``, field names) thousands of times.
    Safe because a plain scalar's tag depends on its text alone (no path resolvers here)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or not implicit[0] or not isinstance(value, str):
            return str(super().resolve(kind, value, implicit))
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = self._plain_tags[value] = str(super().resolve(kind, value, implicit))
        return tag


def compose(source: str) -> yaml.Node | None:
    with collector_paused():
        return yaml.compose(source, Loader=Loader)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside, back on after if it was on (reference counting goes on:
    only cycles created inside wait for the next collection)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()

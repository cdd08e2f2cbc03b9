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

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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

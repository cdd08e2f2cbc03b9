"""The last answers and cards given, so a question asked again costs no parsing or rendering.

An answer is a pure function of the question's text, the knowledge (a reload replaces it: a
new object, a new key) and the workspace it is shown in; its card adds only the buttons under
it. Answers that depend on who asks ("my databases", a team's databases: the asker's teams)
are never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

SIZE = 512  # questions asked again and again are few; each entry is one answer and its card

V = TypeVar("V")


class LastUsed(Generic[V]):
    """A small thread-safe map keeping the ``size`` entries used last."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

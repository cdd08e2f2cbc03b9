"""The fake workspace's state the Web API methods read and change: people, posted messages
(per channel, in order, with their ``metadata``), message timestamps."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

Message = dict[str, Any]


class MessageStore:
    """Messages the bot posted, per channel (DM posts under the ``D…`` channel), oldest first.

    Each message is the dict ``chat.postMessage`` answered with (``ts``, ``text``, ``blocks``,
    ``thread_ts``, ``metadata`` when given); ``chat.update`` and ``chat.delete`` change it here.
    """

    def __init__(self) -> None:
        self._by_channel: dict[str, list[Message]] = {}

    def add(self, channel: str, message: Message) -> None:
        self._by_channel.setdefault(channel, []).append(message)

    def in_channel(self, channel: str) -> list[Message]:
        """The channel's messages, oldest first (copies of the list, not of the messages)."""
        return list(self._by_channel.get(channel, []))

    def find(self, channel: str, ts: str) -> Message | None:
        return next((m for m in self._by_channel.get(channel, []) if m.get("ts") == ts), None)

    def update(self, channel: str, ts: str, changes: dict[str, Any]) -> Message | None:
        message = self.find(channel, ts)
        if message is not None:
            message.update(changes)
        return message

    def delete(self, channel: str, ts: str) -> bool:
        message = self.find(channel, ts)
        if message is not None:
            self._by_channel[channel].remove(message)
        return message is not None

    def channels(self) -> list[str]:
        return sorted(self._by_channel)

    def clear(self) -> None:
        self._by_channel.clear()


@dataclass
class Workspace:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> users.info overrides
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # S… -> its members' ids
    default_tz: str = "UTC"
    messages: MessageStore = field(default_factory=MessageStore)
    socket_mode_url: str = ""  # set once the server listens
    ts_base: int = field(default_factory=lambda: int(time.time()))
    ts_count: int = 0

    def next_ts(self) -> str:
        """A message timestamp, increasing with every call."""
        n = self.ts_count
        self.ts_count += 1
        return f"{self.ts_base + n // 1_000_000}.{n % 1_000_000:06d}"

"""What the quiz engine returns: data for the listeners and commands to put into words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

from bot.bank import Question
from bot.store.quiz import Post

# What became of one channel's question: posted; resumed (posted after a claim left by a
# process that died); done (posted already); busy (another tick is posting it); paused (a
# permanent Slack error: the channel is paused); failed (released: the next tick retries).
PostStatus = Literal["posted", "resumed", "done", "busy", "paused", "failed"]
# An answer: recorded (the first); repeat (the first one stands); closed (the question is
# closed); unknown (no such question); bad_option (not one of its options).
AnswerStatus = Literal["recorded", "repeat", "closed", "unknown", "bad_option"]


@dataclass
class Outcome:
    channel: str
    status: PostStatus
    post_id: str | None = None
    error: str | None = None
    closed: int = 0
    question: Question | None = None


@dataclass
class TickReport:
    now: datetime
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # not tied to one channel
    closed_at_end_of_day: int = 0  # questions of reveal:end-of-day channels closed this tick

    def _with(self, *statuses: PostStatus) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in statuses]

    @property
    def posted(self) -> list[str]:
        return [o.channel for o in self._with("posted", "resumed")]

    @property
    def resumed(self) -> list[str]:
        return [o.channel for o in self._with("resumed")]

    @property
    def paused(self) -> list[tuple[str, str]]:
        return [(o.channel, o.error or "") for o in self._with("paused")]

    @property
    def failed(self) -> list[tuple[str, str]]:
        return [(o.channel, o.error or "") for o in self._with("failed")]

    @property
    def closed(self) -> int:
        return sum(o.closed for o in self.outcomes) + self.closed_at_end_of_day

    def summary(self) -> str:
        at = self.now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = [
            f"{len(self.outcomes)} due",
            f"{len(self.posted)} posted",
        ]
        if self.resumed:
            parts.append(f"{len(self.resumed)} resumed after a crash")
        parts.append(f"{len(self._with('done'))} already posted")
        if self._with("busy"):
            parts.append(f"{len(self._with('busy'))} being posted elsewhere")
        parts.append(f"{self.closed} closed")
        if self.paused:
            parts.append(
                f"{len(self.paused)} paused ("
                + ", ".join(f"{c}: {e}" for c, e in self.paused)
                + ")"
            )
        if self.failed:
            parts.append(
                f"{len(self.failed)} to retry ("
                + ", ".join(f"{c}: {e}" for c, e in self.failed)
                + ")"
            )
        for error in self.errors:
            parts.append(error)
        return f"quiz tick {at}: " + ", ".join(parts)


@dataclass(frozen=True)
class AnswerResult:
    status: AnswerStatus
    post: Post | None = None
    question: Question | None = None
    chosen: str | None = None
    first: bool = False
    streak: int = 0
    streak_unread: bool = False  # recorded, but the database failed reading the streak after

"""Closes a process claimed but never applied: ``mark_closed`` (in
:class:`bot.store.quiz.QuizStore`) claims a close before ``chat.update``; ``close_done`` records
that it was applied; a close left unapplied longer than the lease is taken over by a
compare-and-set on its claim time (``closed_at``), so of several ticks one applies it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from bot.store.quiz_records import Post, post_of
from bot.store.quiz_tables import quiz_posts
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

CLOSED = "closed"


class QuizCloses:
    """Part of :class:`bot.store.quiz.QuizStore` (its ``store``)."""

    store: Store

    def close_done(self, post_id: str, now: datetime) -> None:
        """The close was applied in Slack (or there was nothing to update)."""
        stmt = (
            update(quiz_posts)
            .where(
                mine(quiz_posts, self.store),
                quiz_posts.c.id == post_id,
                quiz_posts.c.state == CLOSED,
            )
            .values(close_done_at=now)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def unfinished_closes(self, now: datetime, lease: timedelta) -> list[Post]:
        """Closes claimed longer than ``lease`` ago and never applied (the process died
        between the claim and ``chat.update``)."""
        c = quiz_posts.c
        stmt = select(quiz_posts).where(
            mine(quiz_posts, self.store),
            c.state == CLOSED,
            c.close_done_at.is_(None),
            c.closed_at < now - lease,
        )
        return self.store.read(lambda conn: [post_of(r) for r in conn.execute(stmt)])

    def take_close(self, post: Post, now: datetime) -> bool:
        """Take an unfinished close over (compare-and-set on its claim time): one winner."""
        c = quiz_posts.c
        stmt = (
            update(quiz_posts)
            .where(
                mine(quiz_posts, self.store),
                c.id == post.id,
                c.state == CLOSED,
                c.close_done_at.is_(None),
                c.closed_at == post.closed_at,
            )
            .values(closed_at=now)
            .returning(c.id)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

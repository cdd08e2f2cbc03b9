"""Erasing and adopting a large workspace: operator work runs without the request limits, in
batches (one transaction each), with a progress line per batch, and resumes when run again
after an interruption. The other workspace's rows are never touched."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.store.limits import unlimited
from bot.store.quiz import QuizStore
from bot.store.workspaces import WorkspaceStore, adopt_unassigned, count_unassigned, erase_workspace

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
BIG, OTHER = "T0BIG", "T0OTHER"
ROWS = 100_000
BATCH = 10_000


class Interrupted(Exception):
    """The operator's Ctrl-C, or a lost connection, part-way."""


def add_rows(store, workspace: str, count: int) -> None:
    """In ``workspace``: a subscription, a posted question with ``count`` answers (U1 …) and
    ``count`` handled event ids (Ev1 …)."""
    QuizStore(store.scoped(workspace) if workspace else store).subscribe(
        "C1", "09:00", "UTC", "daily", "U0ADMIN", T0
    )
    naive = T0.replace(tzinfo=None) if store.dialect == "sqlite" else T0
    numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO quiz_posts (workspace, id, channel, slot, kind, local_date, tz, "
                "question_id, question, state) VALUES (:w, 'C1/2026-03-02', 'C1', "
                "'2026-03-02', 'scheduled', '2026-03-02', 'UTC', 'q1', '{}', 'posted')"
            ),
            {"w": workspace},
        )
        conn.execute(
            text(
                "INSERT INTO quiz_answers (workspace, post_id, user_id, channel, option, "
                f"correct, answered_at) {numbers}"
                "SELECT :w, 'C1/2026-03-02', 'U' || i, 'C1', 'a', true, :at FROM n"
            ),
            {"w": workspace, "count": count, "at": naive},
        )
        conn.execute(
            text(
                f"INSERT INTO processed_events (workspace, event_id, seen_at) {numbers}"
                "SELECT :w, 'Ev' || i, :at FROM n"
            ),
            {"w": workspace, "count": count, "at": naive},
        )


def rows_of(store, table: str, workspace: str) -> int:
    with store.engine.connect() as conn:
        stmt = text(f"SELECT count(*) FROM {table} WHERE workspace = :w")
        return int(conn.execute(stmt, {"w": workspace}).scalar())


HALF = 50_000  # answers, and as many event ids: 100,000 rows


@pytest.fixture
def big(store):
    """BIG with 100,000 rows, OTHER with a few of the same keys."""
    for team in (BIG, OTHER):
        WorkspaceStore(store).started(team, name=team, bot_user_id="U0BOT", now=T0)
    add_rows(store, BIG, HALF)
    add_rows(store, OTHER, 3)
    return store


def interrupt_after(batches: int, seen: list[tuple[str, int, int]]):
    """A progress hook that stops the work after ``batches`` batches."""

    def progress(table: str, done: int, total: int) -> None:
        seen.append((table, done, total))
        if len(seen) == batches:
            raise Interrupted

    return progress


def recorder(seen: list[tuple[str, int, int]]):
    return lambda table, done, total: seen.append((table, done, total))


def test_erasing_100000_rows_goes_in_batches_and_resumes_after_an_interruption(big):
    seen: list[tuple[str, int, int]] = []
    with pytest.raises(Interrupted):
        erase_workspace(unlimited(big), BIG, progress=interrupt_after(3, seen), batch=BATCH)
    assert seen == [("quiz_answers", n, HALF) for n in (10_000, 20_000, 30_000)]
    assert rows_of(big, "quiz_answers", BIG) == 20_000  # each batch committed on its own
    assert WorkspaceStore(big).get(BIG) is not None  # still listed: run it again

    seen.clear()
    erased = erase_workspace(unlimited(big), BIG, progress=recorder(seen), batch=BATCH)
    assert seen == [
        ("quiz_answers", 10_000, 20_000),
        ("quiz_answers", 20_000, 20_000),
        ("quiz_subscriptions", 1, 1),
        ("quiz_posts", 1, 1),
        *(("processed_events", n, HALF) for n in range(10_000, HALF + 1, 10_000)),
        ("workspaces", 1, 1),  # its entry goes last
    ]
    assert erased == {
        "quiz_answers": 20_000,
        "quiz_subscriptions": 1,
        "quiz_posts": 1,
        "processed_events": HALF,
        "workspaces": 1,
    }
    assert WorkspaceStore(big).get(BIG) is None
    assert QuizStore(big.scoped(BIG)).subscriptions() == []
    assert rows_of(big, "quiz_answers", BIG) == rows_of(big, "processed_events", BIG) == 0
    assert rows_of(big, "quiz_answers", OTHER) == rows_of(big, "processed_events", OTHER) == 3
    assert QuizStore(big.scoped(OTHER)).subscription("C1") is not None
    assert WorkspaceStore(big).get(OTHER) is not None


def test_adopting_100000_unassigned_rows_goes_in_batches_and_resumes(store):
    WorkspaceStore(store).started(OTHER, name=OTHER, bot_user_id="U0BOT", now=T0)
    add_rows(store, "", HALF)
    add_rows(store, OTHER, 3)
    seen: list[tuple[str, int, int]] = []
    with pytest.raises(Interrupted):
        adopt_unassigned(unlimited(store), BIG, progress=interrupt_after(3, seen), batch=BATCH)
    assert seen == [("processed_events", n, HALF) for n in (10_000, 20_000, 30_000)]
    assert rows_of(store, "processed_events", BIG) == 30_000  # each batch committed on its own
    assert rows_of(store, "quiz_answers", "") == HALF

    seen.clear()
    moved = adopt_unassigned(unlimited(store), BIG, progress=recorder(seen), batch=BATCH)
    assert seen == [
        ("processed_events", 10_000, 20_000),
        ("processed_events", 20_000, 20_000),
        ("quiz_posts", 1, 1),  # parents first: its 50,000 answers follow it (ON UPDATE CASCADE)
        ("quiz_subscriptions", 1, 1),
    ]
    assert moved == {
        "processed_events": 20_000,
        "quiz_posts": 1,
        "quiz_answers": HALF,
        "quiz_subscriptions": 1,
    }
    assert count_unassigned(store) == 0
    assert rows_of(store, "processed_events", BIG) == rows_of(store, "quiz_answers", BIG) == HALF
    assert rows_of(store, "quiz_answers", OTHER) == rows_of(store, "processed_events", OTHER) == 3
    assert QuizStore(store.scoped(BIG)).subscription("C1") is not None


def test_workspaces_forget_prints_progress_and_erases_100000_rows(big, db_url, monkeypatch, capsys):
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["workspaces", "forget", BIG, "--yes"]) == 0
    out = capsys.readouterr()
    assert "erasing T0BIG: quiz_answers 5,000/50,000\n" in out.err
    assert "erasing T0BIG: quiz_answers 50,000/50,000\n" in out.err
    assert "erasing T0BIG: processed_events 50,000/50,000\n" in out.err
    assert out.out == "forgot workspace T0BIG: 100,003 rows erased\n"
    assert WorkspaceStore(big).get(BIG) is None
    assert rows_of(big, "quiz_answers", OTHER) == 3


def test_a_forget_stopped_part_way_says_so_and_running_it_again_finishes(
    big, db_url, monkeypatch, capsys
):
    import bot.commands.workspaces as command

    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    seen: list[tuple[str, int, int]] = []

    def ctrl_c_after_two_batches(label: str):
        def progress(table: str, done: int, total: int) -> None:
            seen.append((table, done, total))
            if len(seen) == 2:
                raise KeyboardInterrupt

        return progress

    with monkeypatch.context() as patch:
        patch.setattr(command, "printer", ctrl_c_after_two_batches)
        assert main(["workspaces", "forget", BIG, "--yes"]) == 1
    out = capsys.readouterr()
    assert out.err == (
        "whoowns workspaces forget: stopped part-way; "
        "run 'whoowns workspaces forget T0BIG --yes' again to finish\n"
    )
    assert rows_of(big, "quiz_answers", BIG) == HALF - 10_000
    assert main(["workspaces", "list"]) == 0
    assert "PAUSED (erasing)" in capsys.readouterr().out  # its schedules stopped meanwhile

    assert main(["workspaces", "forget", BIG, "--yes"]) == 0
    out = capsys.readouterr()
    assert "erasing T0BIG: quiz_answers 40,000/40,000\n" in out.err
    assert out.out == "forgot workspace T0BIG: 90,003 rows erased\n"
    assert main(["workspaces", "list"]) == 0
    listed = capsys.readouterr().out
    assert "T0BIG" not in listed and "T0OTHER" in listed


@pytest.mark.postgres
def test_listing_workspaces_is_operator_work_that_may_wait_past_the_request_limits(
    monkeypatch, capsys
):
    """`workspaces list` reads every table (activity, rows of no workspace); behind a lock
    held longer than a request may wait (lock timeout 1 s, watchdog 2 s) it waits and lists."""
    import threading

    import psycopg

    from bot.store import open_store
    from tests.support.databases import fresh_postgres_schema

    locked, held_for = threading.Event(), 2.5

    def hold_the_answers(url: str) -> None:
        with psycopg.connect(url) as conn:
            conn.execute("LOCK TABLE quiz_answers IN ACCESS EXCLUSIVE MODE")
            locked.set()
            threading.Event().wait(held_for)  # another session's long migration

    with fresh_postgres_schema() as url:
        store = open_store(url)
        WorkspaceStore(store).started(BIG, name=BIG, bot_user_id="U0BOT", now=T0)
        store.close()
        monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
        monkeypatch.setenv("DATABASE_URL", url)
        holder = threading.Thread(target=hold_the_answers, args=(url,))
        holder.start()
        try:
            assert locked.wait(10)
            listed = main(["workspaces", "list"])
        finally:
            holder.join()
    out = capsys.readouterr()
    assert listed == 0, out.err
    assert out.out.startswith(f"{BIG:<12} {BIG:<24} installed 2026-03-02")

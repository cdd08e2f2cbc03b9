"""Confirmations in the database, on both databases: the newest counts, per workspace."""

from __future__ import annotations

from datetime import timedelta

from bot.store.practices import ConfirmationStore
from tests.support.practices import T0, withdraw


def test_confirming_again_moves_the_date(store):
    confirmations = ConfirmationStore(store)
    confirmations.confirm("backups-configured", "legacy-crm", "U0ALICE", T0)
    confirmations.confirm("backups-configured", "legacy-crm", "U0BOB", T0 + timedelta(days=3))
    assert confirmations.all() == {
        ("backups-configured", "legacy-crm"): ("U0BOB", T0 + timedelta(days=3))
    }
    assert withdraw(confirmations, "backups-configured", "legacy-crm")
    assert confirmations.all() == {}


def test_two_workspaces_never_see_each_others_confirmations(store):
    first = ConfirmationStore(store.scoped("T0FIRST"))
    second = ConfirmationStore(store.scoped("T0SECOND"))
    first.confirm("encrypted-at-rest", "legacy-crm", "U0ALICE", T0)
    assert second.all() == {}
    second.confirm("encrypted-at-rest", "legacy-crm", "U0ZED", T0 + timedelta(days=1))
    assert first.all() == {("encrypted-at-rest", "legacy-crm"): ("U0ALICE", T0)}
    assert not withdraw(first, "audit-logs-exported", "legacy-crm")

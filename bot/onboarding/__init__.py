"""Onboarding new engineers: five lessons by DM, then spaced-repetition reviews (FSRS).

Pure parts (no I/O): :mod:`.lessons` (the lesson track from ``knowledge/lessons.yaml``),
:mod:`.cards` (one card per fact), :mod:`.srs` (FSRS ratings and scheduling), :mod:`.timing`
(local times and working days), :mod:`.progress` (what a user has done). The engine
(:mod:`.engine`) ties them to the store (:mod:`bot.store.onboarding`) and a Slack client.
"""

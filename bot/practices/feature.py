"""Practices, as the app sees it (read by :mod:`bot.features`; imports nothing)."""

from bot.features import Feature

FEATURE = Feature(
    name="practices",
    listeners="bot.practices.listeners:register",
    services={"practices": "bot.practices.service:PracticesService"},
    sections={"practices": "bot.answers.practice_catalog:validate_practices_section"},
)

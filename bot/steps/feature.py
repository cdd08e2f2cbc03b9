"""Workflow Builder steps, as the app sees it (read by :mod:`bot.features`; imports nothing)."""

from bot.features import Feature

FEATURE = Feature(name="steps", listeners="bot.steps.listeners:register")

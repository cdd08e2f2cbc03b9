"""The weekly digest, as the app sees it (read by :mod:`bot.features`; imports nothing)."""

from bot.features import Feature

FEATURE = Feature(
    name="digest",
    listeners="bot.digest.listeners:register",
    tick="bot.digest.engine:tick",
    due="bot.digest.engine:due",
)

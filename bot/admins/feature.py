"""Who may change settings, as the app sees it (read by :mod:`bot.features`; imports nothing)."""

from bot.features import Feature

FEATURE = Feature(
    name="admins",
    listeners="bot.admins.listeners:register",
    services={"admins": "bot.admins.service:AdminsService"},
)

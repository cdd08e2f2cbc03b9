"""Knowledge gaps, as the app sees it (read by :mod:`bot.features`; imports nothing)."""

from bot.features import Feature

FEATURE = Feature(
    name="gaps",
    listeners="bot.gaps.listeners:register",
    services={"gaps": "bot.gaps.service:GapsService"},
    tick="bot.gaps.service:tick",
    due="bot.gaps.service:due",
    home="bot.gaps.listeners:home_section",
)

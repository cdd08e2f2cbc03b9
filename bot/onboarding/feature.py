"""Onboarding, as the app sees it (read by :mod:`bot.features`; imports nothing)."""

from bot.features import Feature

FEATURE = Feature(
    name="onboarding",
    listeners="bot.onboarding.listeners:register",
    services={"onboarding": "bot.onboarding.service:OnboardingService"},
    tick="bot.onboarding.service:tick",
    due="bot.onboarding.due:due",
    sections={"lessons": "bot.onboarding.lesson_check:validate_lessons_section"},
    home="bot.onboarding.listeners:home_section",
)

"""The daily quiz, as the app sees it (read by :mod:`bot.features`; imports nothing)."""

from bot.features import Feature

FEATURE = Feature(
    name="quiz",
    listeners="bot.quiz.listeners:register",
    services={"quiz": "bot.quiz.service:QuizService"},
    tick="bot.quiz.service:tick",
    due="bot.quiz.due:due",
    sections={"quiz": "bot.quiz.custom:validate_quiz_section"},
    home="bot.quiz.listeners:home_section",
)

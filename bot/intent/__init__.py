"""Free text -> what was asked (see :mod:`bot.intent.matcher` for how a question is read).

CONTRACT (the rest of the bot relies on these names):

    matcher = IntentMatcher(knowledge)   # builds every matching structure once
    query = matcher.parse("who patches aurora?")   # -> Query
"""

from bot.intent.matcher import IntentMatcher
from bot.intent.query import INTENTS, Intent, Query, Suggestion

__all__ = ["INTENTS", "Intent", "IntentMatcher", "Query", "Suggestion"]

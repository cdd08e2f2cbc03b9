"""Core answers, as the app sees it: ``/whoowns``, mentions, DMs, App Home, the answer buttons.

Its knowledge (categories, duties, services, groups, exam points, security) is the loader's
core, read on every path including ``whoowns ask``; it has no service and no tick.
"""

from bot.features import Feature

FEATURE = Feature(name="answers", listeners="bot.listeners.wiring:register_core")

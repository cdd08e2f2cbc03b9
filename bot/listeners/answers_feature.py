"""The core answers feature: ``/whoowns``, mentions, DMs, App Home, the answer buttons.

Its knowledge (categories, duties, services, groups, exam points, security) is the loader's
core, read on every path including ``whoowns ask``, with the organisation's teams and
resources; its one service knows who is in which team (``context["teams"]``, for "my
databases" and Home's "Your databases"). No tick.
"""

from bot.features import Feature

FEATURE = Feature(
    name="answers",
    listeners="bot.listeners.wiring:register_core",
    services={"teams": "bot.org.membership:Memberships"},
    home="bot.org.home:home_section",
)

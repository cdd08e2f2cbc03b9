"""The Messages tab as an agent surface: the suggested prompts a person sees when they open
it, the status shown while an answer is worked on, and where a prompt that is no question
(``Quiz me``, ``My onboarding``) is answered.

    prompts = choose_prompts(knowledge, teams=("platform-db",), commands={"review", "progress"})
    tab = MessagesTab(clock)                       # one per app: remembers Slack's refusals
    tab.suggest(client, "D0ALICE", prompts, team="T0AAA")
    tab.working(client, "D0ALICE", "1700000000.000100", team="T0AAA")
    command_for("Quiz me")                         # -> "review" (the subcommand that answers it)

Pure choice in :mod:`bot.agent.prompts`; the two ``assistant.threads.*`` calls in
:mod:`bot.agent.calls`, which never raise: a refusal (missing scope, plan) is logged in one
line and the answer goes on without it.
"""

from bot.agent.calls import MessagesTab
from bot.agent.prompts import (
    MAX_PROMPTS,
    TITLE,
    WORKING,
    Prompt,
    choose_prompts,
    command_for,
)

__all__ = [
    "MAX_PROMPTS",
    "TITLE",
    "WORKING",
    "MessagesTab",
    "Prompt",
    "choose_prompts",
    "command_for",
]

"""Which suggested prompts a person gets in the Messages tab. Pure: knowledge and ids in,
prompts out; every text comes from this module or the knowledge, never from a user.

* ``Who patches <resource>?`` — for a member of a team holding resources: one of them (the
  first whose patching the team holds, else the first held). Nothing for anyone else.
* ``What changes between Managed and Unmanaged?`` — the course's comparison, when the
  knowledge has both categories.
* ``Quiz me`` and ``My onboarding`` — answered by the onboarding track's ``/whoowns review``
  and ``/whoowns progress`` (:data:`COMMANDS`); offered only where those commands work.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.answers import holdings_of
from bot.kb.models import Knowledge

MAX_PROMPTS = 4  # Slack: "up to four suggested prompts" (assistant.threads.setSuggestedPrompts)
TITLE = "Ask me who owns what:"
WORKING = "is looking that up…"
PATCHING = "patching"  # the duty of the first prompt
COMPARED = ("managed", "unmanaged")  # the categories of the comparison prompt
QUIZ_ME = "Quiz me"
MY_ONBOARDING = "My onboarding"
# A prompt that is no question -> the /whoowns subcommand whose reply answers it in the DM
COMMANDS: dict[str, str] = {QUIZ_ME.lower(): "review", MY_ONBOARDING.lower(): "progress"}


@dataclass(frozen=True)
class Prompt:
    """One suggested prompt: ``title`` is shown, ``message`` is sent as the person's DM."""

    title: str
    message: str

    def __post_init__(self) -> None:
        if not self.title.strip() or not self.message.strip():
            raise ValueError("a prompt needs a title and a message")

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "message": self.message}


def choose_prompts(
    knowledge: Knowledge, teams: Sequence[str] = (), commands: Collection[str] = ()
) -> tuple[Prompt, ...]:
    """The prompts for a person in ``teams`` (team ids), at most :data:`MAX_PROMPTS`;
    ``commands``: the /whoowns subcommands that work here (``review``, ``progress``)."""
    prompts: list[Prompt] = []
    resource = _resource_of(knowledge, teams)
    if resource is not None:
        prompts.append(_same(f"Who patches {resource}?"))
    if all(c in knowledge.categories for c in COMPARED):
        prompts.append(_same("What changes between Managed and Unmanaged?"))
    for text in (QUIZ_ME, MY_ONBOARDING):
        if COMMANDS[text.lower()] in commands:
            prompts.append(_same(text))
    return tuple(prompts[:MAX_PROMPTS])


def command_for(text: str) -> str | None:
    """The subcommand answering ``text`` when it is one of the prompts that are no question
    ("Quiz me", "quiz me!"), else None (the text is a question for the answer path)."""
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return COMMANDS.get(" ".join(words))


def _same(text: str) -> Prompt:
    return Prompt(title=text, message=text)


def _resource_of(knowledge: Knowledge, teams: Sequence[str]) -> str | None:
    if not teams or not knowledge.resources or PATCHING not in knowledge.duties:
        return None
    holdings = holdings_of(knowledge, tuple(teams))
    if not holdings:
        return None
    patched = [h for h in holdings if any(d.id == PATCHING for d in h.duties)]
    return (patched or holdings)[0].resource.id

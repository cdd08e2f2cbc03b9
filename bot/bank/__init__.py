"""The question bank, generated from the knowledge; quiz and onboarding both ask from it.

    from bot.bank import Question, build_bank
    bank = build_bank(knowledge)               # every question the knowledge supports
    options = bank[0].options_for(post_id)     # shuffled the same way for one post

:mod:`.question` is one question (and :func:`digest`, the stable hash that orders and
shuffles); :mod:`.build` generates them, one function per kind; :mod:`.org` asks about the
organisation's own databases (``org_questions``, kinds ``org-…``, for channels whose quiz
topics are ``ours`` or ``mixed``).
"""

from bot.bank.build import OWNER_OPTIONS, TOPIC_FORMS, build_bank, custom_questions
from bot.bank.org import is_org, org_questions
from bot.bank.question import MAX_OPTIONS, MIN_OPTIONS, Option, Question, digest, make

__all__ = [
    "MAX_OPTIONS",
    "MIN_OPTIONS",
    "OWNER_OPTIONS",
    "TOPIC_FORMS",
    "Option",
    "Question",
    "build_bank",
    "custom_questions",
    "digest",
    "is_org",
    "make",
    "org_questions",
]

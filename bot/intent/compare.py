"""When a question compares: two categories side by side, or two services with no duty.

    compares(services, has_duty, categories, words)  # -> bool

* Two (or three) categories named, and no service: "managed vs unmanaged", "difference between
  managed and fully managed", "fully managed vs managed backups" (a duty narrows the
  comparison to that duty). No comparing word is needed: naming two categories compares them.
* Two or more services, no duty, no category, and a comparing word ("rds vs dynamodb",
  "compare aurora and redshift"): compared through their categories. With a duty ("rds vs
  dynamodb backups") it stays a who_owns answer for both; without a comparing word ("rds and
  dynamodb") it stays an overview of each.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.intent.scores import COMPARE_MIN_SIDES
from bot.intent.text import COMPARE_WORDS


def compares(
    services: tuple[str, ...], has_duty: bool, categories: tuple[str, ...], words: Iterable[str]
) -> bool:
    """Does the question ask for a comparison (``words``: every word typed, connectives too)?"""
    if len(categories) >= COMPARE_MIN_SIDES:
        return not services
    if has_duty or categories or len(services) < COMPARE_MIN_SIDES:
        return False
    return not COMPARE_WORDS.isdisjoint(words)

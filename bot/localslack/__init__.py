"""The parser: how a question is read, start to end.

Intents: who_owns, overview, duty, classify, explain, help, unknown (``query.Intent``).

How a question is read (all tables are built once, in ``index.build_index``; thresholds and
confidences are named in ``scores``). Steps by module: 1 ``text``, 2 ``spans`` and ``typos``,
3 ``spans``, 4 and 4b ``rules`` and ``suggest``, 5 here:

1. Clean: Slack markup (``<@U1>``, ``<#C1|x>``, ``<!here>``, ``<https://u|label>``) is dropped
   (a link keeps its label), ``&amp;`` is unescaped, accents and emoji are dropped, text is
   case-folded; only the first 500 characters and 60 words are read.
2. Words: adjacent words that join into a known word are merged ("dynamo db" -> "dynamodb").
   Connectives ("on", "an", "the", "amazon", "database", ...) are dropped, in questions and in
   aliases alike. Each remaining word is, in this order: a word of some alias (exact, or after
   a light suffix strip: "patched" -> "patch"), a filler word ("who", "responsible", ...), or
   a typo of one of those. Typos are corrected only within a strict edit budget that depends
   on the word's length (``typos.max_edits``): words of three letters or fewer must match exactly,
   four-letter words may only have a doubled letter ("rdss") or two letters swapped ("qldb" is
   neither "quldb" nor "ddb"), five-letter words one insertion, deletion or swap of adjacent
   letters (never a substitution: "mssql" is not "mysql"), longer words one edit (two from
   eight letters), and the first letter must match (or be swapped with the second, or be
   missing from a word of five letters or more: "erverless"). Nothing else is matched fuzzily.
3. Aliases: every alias of every service, group, duty and category is a phrase of words. An
   alias matches where its words occur in its order, with at most two unknown or filler words
   between them and no other known word ("mysql 8 on my ec2" matches "mysql on ec2"; the
   knowledge lists the other word orders it accepts, e.g. "ec2 mysql"). A two-word duty alias
   also matches reversed when adjacent ("configure security"). Overlapping matches are
   resolved greedily - TIE RULE: more words first, then more words typed exactly as in the
   alias ("provisioning" is closer to "hardware provisioning" than to "provisioned aurora"),
   then services before groups before duties before categories, then the longer alias text,
   then the earlier position in the question, then knowledge order (the order of the YAML
   files). A match is kept while at least one of its words is not yet used by a kept match,
   and it may share words only with names ("mysql and postgres on ec2"), never a name with a
   duty or category. Several duties: the longest phrase is answered; among equals, a duty word
   typed right before another duty's words (no connective between) only qualifies it - the
   last of such a compound is the head ("provisioned capacity scaling" is scaling); otherwise
   the one named first. The others become suggestions. A typo close to several words takes
   the fewest edits, then a non-filler word, then the longer word, then alphabetical order.
4. What is left: a word of some service alias that matched no whole alias ("mysql": RDS, Aurora
   and MySQL on EC2 all run it) gives "did you mean" suggestions, never a guess. Any other word
   that is neither known nor filler is an unknown term ("qldb"), with loose look-alike
   suggestions, only from names spelled alike (same first letter, or the first two swapped:
   "streams" suggests nothing). The recognised duty is kept either way.
   A category named only through a word of service names ("patching ec2": "databases installed
   on ec2") with a duty and no service also suggests those services.
4b. Names next to names: a variant word next to a member of a group names the sibling member
   ("aurora serverless and provisioned" is both; the word is taken from a one-word duty match
   only when typed as in the member's name). A one-word service name that is only a qualifier
   of a connective noun ("custom" of "custom database") right next to another name, with no
   connective between ("rds custom"), is not answered: the phrase is an unknown term and both
   names become suggestions ("custom database" typed in full still names it).
5. Intent: duty + service -> who_owns; service + category or a "kind/type/category" word ->
   classify; service alone -> overview; duty alone -> duty; category alone -> explain; nothing
   recognised and nothing unknown -> help; otherwise unknown.
"""

from __future__ import annotations

from bot.localslack.calls import Call
from bot.localslack.ids import BOT_ID, BOT_USER_ID, TEAM_ID
from bot.localslack.server import LocalSlack

__all__ = ["BOT_ID", "BOT_USER_ID", "TEAM_ID", "Call", "LocalSlack"]

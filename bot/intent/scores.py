"""Every confidence value and threshold of the intent layer, each with what it means."""

from __future__ import annotations

# -- how sure a word reading is (a match is as sure as its least sure word)
EXACT = 1.0  # the word is typed exactly as in an alias, or is a filler word
STEMMED = 0.98  # the word matches an alias word only after the light suffix strip
UNREAD = 0.0  # the word is neither known nor a typo of a known word
TYPO_PENALTY = 0.5  # a corrected typo scores 1 - TYPO_PENALTY * edits / len(word)

# -- the confidence of a parsed question
UNKNOWN_TERM_FACTOR = 0.85  # a service answer that left a word unknown ("aurora qldb")
AMBIGUOUS_FACTOR = 0.95  # a service answer that also offers "did you mean" suggestions
DUTY_UNSURE_FACTOR = 0.6  # a duty without a service, next to unknown words or suggestions
CHOICE_UNMATCHED = 0.6  # a choice whose situation matches none the course material describes
ALL_CATEGORIES = 0.8  # "what are the categories": explain all of them
HELP_ASKED = 1.0  # a help word ("help", "hi") or an empty question
FILLER_ONLY_HELP = 0.5  # only filler words ("who is responsible"): help, without asking for it
SUGGESTED_UNKNOWN = 0.3  # not understood, but there are "did you mean" suggestions
NOT_UNDERSTOOD = 0.0  # not understood and nothing to suggest

# -- limits
MAX_SUGGESTIONS = 5  # "did you mean" suggestions on one answer
MAX_GAP = 2  # unknown/filler words allowed inside one alias match
COMPARE_MIN_SIDES = 2  # categories (or services, with a comparing word) that make a comparison
AMBIGUOUS_MAX = 6  # a leftover word naming more services than this is too vague to suggest

# -- typo correction (bot.intent.typos)
EXACT_ONLY_MAX_LEN = 3  # words this short are never corrected
ONE_EDIT_MAX_LEN = 7  # words up to this length may have one edit; longer ones two
DOUBLED_OR_SWAPPED_MAX_LEN = 4  # up to this length, only a doubled letter or a swap is read
NO_SUBSTITUTION_MAX_LEN = 5  # up to this length, one insertion/deletion or swap, no substitution
BEHEADED_MIN_LEN = 5  # a typed word this long may have lost its first letter ("erverless")

# -- "did you mean" look-alikes (never used to answer)
LOOK_ALIKE_RATIO = 60  # rapidfuzz ratio from which an unknown word looks like a name's next word
LOOSE_RATIO = 80  # rapidfuzz ratio from which an unknown word suggests a name spelled alike
LOOSE_CANDIDATES = 10  # look-alike words considered per unknown word
LOOSE_SUGGESTIONS = 3  # look-alike suggestions kept in all
LOOSE_MIN_LEN = 3  # alias words shorter than this are never look-alike targets

# -- the organisation's names (bot.intent.org)
ORG_LOOSE_RATIO = 75  # rapidfuzz ratio from which an unknown unit suggests a resource or team
ORG_LOOSE_CANDIDATES = 3  # look-alike names suggested per unknown unit

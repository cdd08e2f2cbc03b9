"""Text normalisation and the word lists every other intent module reads."""

from __future__ import annotations

import re
import unicodedata

from bot.intent.markup import strip_markup

MAX_CHARS = 500  # only the first 500 characters of a message are read
MAX_TOKENS = 60  # ... and only its first 60 words


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Connectives: dropped from questions and aliases alike ("mysql on an ec2 instance" == "mysql ec2").
STOP = wordset(
    """a an the of on in at for to with and or by from into onto via vs versus
    amazon aws database databases db dbs instance instances installed running run runs deployed
    &"""
)

# Words of a question that carry no service/duty meaning. Never fuzzy targets of content; a
# typo of one of them is absorbed here instead of being read as a service.
FILLER = wordset(
    """who whos whom what whats which where when why how is are was were be been being am do does
    did doing done has have had having will would should shall can could may might must
    i me my mine we us our ours you your yours they them their it its this that these those
    there here he she his her one ones someone somebody anyone
    responsible responsibility responsibilities responsable owner owners own owns owning owned
    handle handles handled handling handler take takes taking care look looks looking after
    manage manages managing manager management job task tasks duty duties work works
    in charge charged accountable deal deals dealing looks
    please pls plz thanks thank thx hi hello hey yo ok okay so just also too then than
    tell show give explain explains explained describe list me know want need needs like about
    not no yes yeah nope
    side part whose whoever any all every each some both either neither other others
    really actually exactly still only more most less least much many very
    service services server servers cloud provider vendor customer customers me team teams
    company org prod production staging dev test environment env cluster clusters instance
    table tables engine engines thing things stuff case situation setup
    question answer ask asking mean means meaning meant kind kinds type types sort category
    categories categorized categorised categorize classified classify classification class
    choose choosing chose pick picking select prefer use using used
    recommend recommended recommendation better best suitable suited option options
    difference differences different differ differs differed between compare compared
    change changes changed changing
    new old current latest version versions major minor
    myself yourself ourselves themselves itself hook charge behalf end side level layer part
    whole entire key keys day daily night nightly week weekly regular regularly usually
    automatically auto automatic manual manually basically generally typically normally
    get gets got make makes made set sets keep keeps run need needed supposed expected
    right wrong true false correct sure idea anyone everyone nobody our us
    now today currently still yet already ever never always sometimes often
    if else because since while though although whether
    help usage commands command example examples start
    """
)

CLASSIFY_WORDS: frozenset[str] = wordset(
    """kind kinds type types sort category categories categorized categorised categorize
    classified classify classification class"""
)
EXPLAIN_WORDS = wordset(
    """mean means meaning meant explain explains explained describe define definition
    choose choosing chose pick picking when why difference"""
)
# Words that ask to compare ("rds vs dynamodb"); "vs" and "versus" are connectives too.
COMPARE_WORDS = wordset(
    """vs versus compare compared comparing comparison difference differences differ differs
    between against"""
)
CATEGORY_WORDS = wordset("category categories types kinds")
HELP_WORDS = wordset("help usage commands command examples example start")
# A message that is only small talk gets one friendly line, not the help: greetings, thanks,
# acknowledgements (alone, or with filler words only: "thanks a lot", "ok got it").
GREETING_WORDS = wordset("hi hello hey hiya yo morning evening afternoon howdy greetings")
THANKS_WORDS = wordset("thanks thank thx ty cheers ta appreciated appreciate")
ACK_WORDS = wordset(
    """ok okay k kk cool great nice perfect awesome got it alright fine good sounds noted
    understood makes sense lot bye goodbye cya later good"""
)
SMALLTALK_WORDS = GREETING_WORDS | THANKS_WORDS | ACK_WORDS
# Common words of other languages (Spanish, Portuguese, French, German, Italian) that are no
# English word and no name: never unknown services. Two of them (or "¿", "¡") make the
# question one in another language, answered with what is recognised and a line saying so.
FOREIGN = (
    wordset(
        """quien quienes hace hacen hago los las el la de del en un al que por para como donde
    cual cuales es esto esta este eso
    son se lo una unos unas y se gestiona gestion copias seguridad responsable base datos
    quem faz fazem os da em uma sao qual
    qui fait font les des du le est sont pour sur avec quoi qu
    wer macht machen die der das und ist sind fur mit wie welche
    chi fa fanno gli di il sono per della delle"""
    )
    - FILLER
)
FOREIGN_MARKS = frozenset("¿¡")
FILLER = FILLER | CLASSIFY_WORDS | EXPLAIN_WORDS | HELP_WORDS | SMALLTALK_WORDS

_WORD = re.compile(r"[a-z0-9]+")


def clean(text: str) -> str:
    text = strip_markup(text[:MAX_CHARS])
    text = text.replace("’", "'").replace("'s ", " ").replace("'", "").replace("&", " and ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(clean(text))[:MAX_TOKENS]


def stem(word: str) -> str:
    """A light, conservative suffix strip, applied to alias words and question words alike."""
    if len(word) < 4 or not word.isalpha():
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    for suffix, keep in (("ation", 4), ("ing", 3), ("ed", 3)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            break
    else:
        if w.endswith(("ches", "shes", "sses", "xes", "zes")):
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w

"""English counterparts of the Romanian question helpers (bot/text/questions.py, bot/text/unknowns.py).

English asks yes/no questions by putting the verb first ("do I need a degree?", "is there training?"), and
"why" questions start with "why"; the aspects the source never speaks of have the same names (said_as) as the
Romanian ones, so that bot/english.yml translates them once. Works on folded text (lower case, no diacritics).
"""

from __future__ import annotations

import re

from bot.text.entities import mentions
from bot.text.unknowns import CITIES, EMPLOYERS, MAX_WORDS, Aspect
from bot.vocabulary import Pattern

_LEAD = r"^(?:(?:and|but|so|ok|okay|well|also|then)\s+)*"
_AUXILIARY = (
    r"(?:do|does|did|is|are|am|was|were|can|could|will|would|should|shall|must|may|might|have|has|had|need|"
    r"dont|doesnt|isnt|arent|cant|wont)"
)
_YES_NO = re.compile(rf"{_LEAD}{_AUXILIARY}\b")
_WH = re.compile(rf"{_LEAD}(?:what|whats|how|hows|which|who|where|when|how much|how long)\b")
_WHY = re.compile(rf"{_LEAD}(?:why|how come|whats the reason|what is the reason)\b")
# Questions that judge rather than ask whether: "is the exam hard?" is not answered by "Yes, you take an exam".
_JUDGING = re.compile(
    r"\b(?:hard|difficult|easy|worth|true|well|good|bad|big|small|much|little|normal|sure|stressful|tough|paid)\b"
)


def asks_whether_en(text: str) -> bool:
    """A yes/no question whose yes or no a fact can give."""
    stripped = text.strip().lower()
    return bool(_YES_NO.match(stripped)) and not _WH.match(stripped) and not _JUDGING.search(stripped)


def asks_why_en(text: str) -> bool:
    """ "Why?", "and why does it take so long?": the reason for what was just said."""
    return bool(_WHY.match(text.strip().lower()))


def _words(*stems: str) -> tuple[Pattern, ...]:
    return tuple(tuple(stem.split()) for stem in stems)


ASPECTS_EN: tuple[Aspect, ...] = (
    Aspect(
        "program și ture",
        _words(
            "shift",
            "night",
            "weekend",
            "saturday",
            "sunday",
            "working hours",
            "hours a day",
            "hours per day",
            "part time",
            "full time",
            "schedule",
        ),
    ),  # fmt: skip
    Aspect("pauze", _words("break$", "breaks$", "lunch break")),
    Aspect("munca de acasă", _words("from home", "remote", "home office", "wfh$")),
    Aspect("contract", _words("contract", "probation", "fixed term")),
    Aspect(
        "bonusuri și beneficii",
        _words(
            "bonus",
            "commission",
            "benefit",
            "meal voucher",
            "voucher",
            "medical insurance",
            "health insurance",
            "holiday",
            "vacation",
            "days off",
            "overtime",
        ),
    ),  # fmt: skip
    Aspect("interviu", _words("interview")),
    Aspect(
        "vârsta cerută",
        _words("age$", "how old", "retired", "pensioner", "underage", "minor$"),
        frozenset({"education", "find_job", "role_types", "duties", "training"}),
    ),
    Aspect(
        "salarii pe orașe sau angajatori",
        tuple((city,) for city in CITIES) + tuple((name,) for name in EMPLOYERS) + _words("my city", "my town"),
        frozenset({"salary"}),
    ),
    Aspect("salariul după studii", _words("degree", "diploma", "university", "studies"), frozenset({"salary"})),
    Aspect("plata în timpul trainingului", _words("paid", "pay$", "salary during"), frozenset({"training"})),
    Aspect("costuri", _words("cost", "fee$", "fees$", "price", "how much is"), frozenset({"license"})),
    Aspect("cât de greu e examenul", _words("hard", "difficult", "easy", "fail"), frozenset({"license"})),
    Aspect(
        "numărul de apeluri pe zi",
        _words("how many calls", "number of calls", "calls a day", "calls per day"),
        frozenset({"work_environment"}),
    ),  # fmt: skip
)


def unknown_aspect_en(text: str, topic: str) -> str | None:
    """As bot.text.unknowns.unknown_aspect, for a question in English."""
    folded = text.lower()
    if len(folded.split()) > MAX_WORDS:
        return None
    for aspect in ASPECTS_EN:
        if (aspect.topics is None or topic in aspect.topics) and mentions(folded, aspect.patterns):
            return aspect.said_as
    return None


# Words that only tie a follow-up to the previous question ("and if I speak German?", "what about retail?"), as
# bot/answers/selection.py's Romanian _TIES.
TIES_EN = frozenset(
    "and but so what about how with without if i im i'm speak know have has a an the in at for of on to do does "
    "is it its that there field sector industry language languages level advanced good fluent ok okay then you "
    "operator operators work working would be can could my me".split()
)

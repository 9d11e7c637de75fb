"""Find the industry, foreign language and experience a user mentions, whatever their spelling.

Works on text already folded by `normalize_message` (lower case, no diacritics). Keywords are matched by
stem so inflected forms match ("asigurări", "asigurărilor"), and long stems tolerate one typo
("asigruari", "telecomunicatii"). Deterministic rules beat a learned extractor here: the values are a
closed list, and every value must be found in any phrasing, which a few hundred examples cannot teach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from bot.text import english_words as en
from bot.text.normalize import normalize_message
from bot.vocabulary import INDUSTRIES, Pattern

# Canonical value -> patterns; a pattern is a sequence of word stems that must appear in order, with at
# most MAX_GAP other words between them. Stems of FUZZY_MIN_LEN letters or more tolerate one typo; a stem
# ending in "$" is a whole word ("apa", not "apare"). The industries' patterns are in bot/vocabulary.py.
# English words are added to the Romanian ones (bot/text/english_words.py).
INDUSTRY_PATTERNS: dict[str, list[Pattern]] = {
    key: [*industry.patterns, *en.INDUSTRIES.get(key, ())] for key, industry in INDUSTRIES.items()
}


LANGUAGE_PATTERNS: dict[str, list[Pattern]] = {
    "germana": [("german",), ("nemt",), ("deutsch",)],
    "engleza": [("englez",), ("english",), ("engleza",)],
    "franceza": [("francez",), ("frantuz",), ("french",)],
    "italiana": [("italian",)],
    "spaniola": [("spaniol",), ("spanish",)],
    "maghiara": [("maghiar",), ("ungur",)],
    "olandeza": [("olandez",), ("neerlandez",)],
    "portugheza": [("portughez",)],
    "polona": [("polonez",), ("polona",)],
    "rusa": [("rusa",), ("ruseste",)],
    "turca": [("turca",), ("turceste",)],
    "greaca": [("greaca",), ("greceste",)],
    "ceha": [("ceha",)],
    "suedeza": [("suedez",)],
    "norvegiana": [("norvegian",)],
    "daneza": [("danez",)],
    "finlandeza": [("finlandez",)],
    "bulgara": [("bulgar",)],
    "ucraineana": [("ucrainean",)],
    "chineza": [("chinez",)],
    "japoneza": [("japonez",)],
    "coreeana": [("coreean",)],
    "araba": [("araba",)],
    # A foreign language without a name ("o limbă străină").
    "straina": [("limb", "strain"), ("foreign", "language")],
}
for _value, _patterns in en.LANGUAGES.items():
    LANGUAGE_PATTERNS[_value] += _patterns

NO_EXPERIENCE_PATTERNS: list[Pattern] = [
    ("fara", "experient"),
    ("n", "am", "lucrat"),
    ("nu", "am", "lucrat"),
    ("n", "ai", "lucrat"),
    ("n", "am", "deloc$"),
    ("nu", "am", "deloc$"),
    ("nu", "ai", "lucrat"),
    ("n", "ai", "experient"),
    ("nu", "ai", "experient"),
    ("n", "are", "experient"),
    ("nu", "are", "experient"),
    ("n-am", "lucrat"),
    ("nou", "in", "domeniu"),
    ("sunt", "nou$"),
    ("sunt", "noua$"),
    ("niciodata", "call"),
    ("zero", "experienta"),
    ("fara", "vechime"),
    ("nu", "am", "experient"),
    ("n", "am", "experient"),
    ("zero", "experient"),
    ("lipsa", "experient"),
    ("incepator",),
    ("incepatori",),
    ("debutant",),
    ("primul", "job"),
    ("primul", "loc", "munca"),
    ("prima", "slujba"),
    ("prima", "angajare"),
    ("proaspat", "absolvent"),
    ("entry", "level"),
    ("la", "inceput"),
    ("pentru", "inceput"),
    ("fara", "experenta"),
    ("fara", "experinta"),
    *en.NO_EXPERIENCE,
]
SOME_EXPERIENCE_PATTERNS: list[Pattern] = [
    ("cu", "experient"),
    ("am", "experient"),
    ("experimentat",),
    ("senior",),
    ("cu", "vechime"),
    *en.SOME_EXPERIENCE,
]

MAX_GAP = 2
FUZZY_MIN_LEN = 6
MAX_SUFFIX = 4

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_WORDS = {
    "un": 1,
    "unu": 1,
    "o": 1,
    "doi": 2,
    "doua": 2,
    "trei": 3,
    "patru": 4,
    "cinci": 5,
    "sase": 6,
    "sapte": 7,
    "opt": 8,
    "noua": 9,
    "zece": 10,
    **en.NUMBER_WORDS,
}
_NUMBER = r"\d{1,2}(?:[.,]\d)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_DURATION = re.compile(
    rf"(?P<more>peste|mai mult de|mai bine de|minim|minimum|cel putin|{en.MORE_THAN})?\s*"
    r"(?P<n>" + _NUMBER + rf")\s*\+?\s*(?:de\s+)?(?P<unit>ani|an|luni|luna|{en.UNITS})\b"
)
# Words that make a duration a length of experience rather than an age.
_EXPERIENCE_AFTER = re.compile(
    rf"^\s*(?:\w+\s+){{0,2}}?(?:de\s+)?(?:experient|experenta|vechime|in domeniu|in call|{en.EXPERIENCE_AFTER})"
)
_EXPERIENCE_BEFORE = re.compile(
    r"(?:experient\w*|vechime|lucrez|lucrat|activez|activat|muncesc|muncit|lucreaza|cu|si daca|dar|"
    rf"{en.EXPERIENCE_BEFORE})"
    r"(?:\s+\w+){0,3}\s*$"
)


@dataclass(frozen=True)
class Experience:
    """How much experience the user said they have: none, some (unspecified) or a number of years."""

    kind: str  # "none" | "some" | "years"
    years: float | None = None
    more_than: bool = False

    def to_value(self) -> str:
        if self.kind != "years":
            return self.kind
        number = f"{self.years:g}"
        return f">{number}" if self.more_than else number

    @classmethod
    def from_value(cls, value: object) -> Experience | None:
        """Parse the value stored in a slot or an entity; None for anything unrecognised."""
        if value is None:
            return None
        text = str(value).strip()
        if text in ("none", "some"):
            return cls(text)
        more = text.startswith(">")
        try:
            years = float(text.lstrip(">"))
        except ValueError:
            return None
        if not 0 <= years <= 60:
            return None
        return cls("years", years, more)


@dataclass(frozen=True)
class EntityMatch:
    entity: str
    value: str
    start: int
    end: int


@dataclass
class Extraction:
    industry: str | None = None
    language: str | None = None
    experience: Experience | None = None
    matches: list[EntityMatch] = field(default_factory=list)
    # Every other industry named, where it is first named: a story names the old job and then the one asked about.
    other_industries: list[EntityMatch] = field(default_factory=list)


def _stem_matches(token: str, stem: str, fuzzy: bool = True) -> bool:
    if stem.endswith("$"):
        return token == stem[:-1]
    if token.startswith(stem):
        return True
    if not fuzzy:
        return False
    # A typo rarely hits the first letter ("treaca" is not "greaca"), and a word much longer than the stem is
    # another word ("electrocasnice" is not "electrica").
    if FUZZY_MIN_LEN <= len(stem) <= len(token) <= len(stem) + MAX_SUFFIX and token[0] == stem[0]:
        return OSA.distance(token[: len(stem)], stem) <= 1
    return False


def _find_pattern(tokens: list[re.Match[str]], pattern: Pattern, fuzzy: bool = True) -> tuple[int, int] | None:
    """Character span of the first place where the pattern's stems occur in order."""
    words = [t.group() for t in tokens]
    for first, word in enumerate(words):
        if not _stem_matches(word, pattern[0], fuzzy):
            continue
        position = first
        for stem in pattern[1:]:
            window = range(position + 1, min(len(words), position + 2 + MAX_GAP))
            position = next((i for i in window if _stem_matches(words[i], stem, fuzzy)), -1)
            if position < 0:
                break
        else:
            return tokens[first].start(), tokens[position].end()
    return None


def _first_value(tokens: list[re.Match[str]], patterns: dict[str, list[Pattern]]) -> tuple[str, tuple[int, int]] | None:
    """The value mentioned first in the text, so "retail, nu telecom" gives retail."""
    found = [
        (span, value)
        for value, value_patterns in patterns.items()
        for span in (_find_pattern(tokens, p) for p in value_patterns)
        if span is not None
    ]
    if not found:
        return None
    span, value = min(found)
    return value, span


def _any_pattern(tokens: list[re.Match[str]], patterns: Iterable[Pattern]) -> tuple[int, int] | None:
    spans = [s for s in (_find_pattern(tokens, p) for p in patterns) if s is not None]
    return min(spans) if spans else None


def mentions(text: str, patterns: Iterable[Pattern]) -> bool:
    """Whether folded text holds one of the patterns (stems in order, as for the entities, but no typo allowed:
    a list of words to notice must not notice their neighbours, "majorat" in "majoritatea")."""
    tokens = list(_WORD.finditer(text))
    return any(_find_pattern(tokens, pattern, fuzzy=False) is not None for pattern in patterns)


def _years(text: str) -> tuple[Experience, tuple[int, int]] | None:
    for match in _DURATION.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if not (_EXPERIENCE_AFTER.match(after) or _EXPERIENCE_BEFORE.search(before) or match.group("more")):
            continue  # "am 20 de ani" is an age
        raw = match.group("n").replace(",", ".")
        number = float(_NUMBER_WORDS.get(raw, 0) or raw)
        if match.group("unit").startswith(("lun", "month")):
            number = round(number / 12, 2)
        if number > 60:
            continue
        return Experience("years", number, bool(match.group("more"))), match.span()
    return None


def extract(text: str, already_normalized: bool = False) -> Extraction:
    """Entities in a user message. Spans refer to the normalised text."""
    norm = text if already_normalized else normalize_message(text)
    tokens = list(_WORD.finditer(norm))
    result = Extraction()

    industry = _first_value(tokens, INDUSTRY_PATTERNS)
    if industry:
        result.industry = industry[0]
        result.matches.append(EntityMatch("industry", industry[0], *industry[1]))
        for value, value_patterns in INDUSTRY_PATTERNS.items():
            span = _any_pattern(tokens, value_patterns) if value != industry[0] else None
            if span is not None:
                result.other_industries.append(EntityMatch("industry", value, *span))
        result.other_industries.sort(key=lambda m: m.start)

    language = _first_value(tokens, LANGUAGE_PATTERNS)
    if language:
        result.language = language[0]
        result.matches.append(EntityMatch("language", language[0], *language[1]))

    experience: tuple[Experience, tuple[int, int]] | None = None
    none_span = _any_pattern(tokens, NO_EXPERIENCE_PATTERNS)
    if none_span:
        experience = Experience("none"), none_span
    else:
        experience = _years(norm)
        if experience is None:
            some_span = _any_pattern(tokens, SOME_EXPERIENCE_PATTERNS)
            if some_span:
                experience = Experience("some"), some_span
    if experience:
        result.experience = experience[0]
        result.matches.append(EntityMatch("experience", experience[0].to_value(), *experience[1]))
    return result

"""Romanian towns: the county seats and the larger towns, found with or without diacritics and with common typos.

One list for the whole assistant: the job alerts form (bot/candidates/validation.py) stores the canonical name,
recruiters' openings are checked against it (bot/jobs/openings.py), and a chat message is searched for it
("caut job în Cluj", "ceva in Timisoara?", "joburi la Brașov"; bot/jobs/search.py). Matching is on the folded
form (no diacritics, old cedilla letters alike, hyphens as spaces): "Târgu-Mureș", "targu mures", "Tîrgu Mureş".
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from bot.text.normalize import fold

# The 41 county seats and the capital (reședințele de județ), then other towns candidates often name.
COUNTY_SEATS = (
    "București", "Alba Iulia", "Arad", "Pitești", "Bacău", "Oradea", "Bistrița", "Botoșani", "Brașov", "Brăila",
    "Buzău", "Reșița", "Călărași", "Cluj-Napoca", "Constanța", "Sfântu Gheorghe", "Târgoviște", "Craiova",
    "Galați", "Giurgiu", "Târgu Jiu", "Miercurea Ciuc", "Deva", "Slobozia", "Iași", "Buftea", "Baia Mare",
    "Drobeta-Turnu Severin", "Târgu Mureș", "Piatra Neamț", "Slatina", "Ploiești", "Satu Mare", "Zalău", "Sibiu",
    "Suceava", "Alexandria", "Timișoara", "Tulcea", "Vaslui", "Râmnicu Vâlcea", "Focșani",
)  # fmt: skip
OTHER_TOWNS = (
    "Hunedoara", "Bârlad", "Roman", "Turda", "Mediaș", "Voluntari", "Petroșani", "Mangalia", "Lugoj", "Medgidia",
    "Câmpina", "Făgăraș", "Otopeni", "Chiajna", "Popești-Leordeni", "Onești", "Pașcani", "Sighetu Marmației",
    "Reghin", "Odorheiu Secuiesc", "Năvodari", "Caracal", "Sighișoara", "Dej", "Tecuci", "Râmnicu Sărat",
    "Câmpulung", "Rădăuți", "Mioveni", "Curtea de Argeș", "Huși", "Fetești", "Bragadiru", "Florești", "Chișinău",
)  # fmt: skip
CITIES = COUNTY_SEATS + OTHER_TOWNS

# Short or old forms people type -> the canonical name.
ALIASES = {
    "cluj": "Cluj-Napoca",
    "buc": "București",
    "bucuresti sector": "București",
    "tg mures": "Târgu Mureș",
    "tirgu mures": "Târgu Mureș",
    "tg jiu": "Târgu Jiu",
    "tirgu jiu": "Târgu Jiu",
    "rm valcea": "Râmnicu Vâlcea",
    "rimnicu valcea": "Râmnicu Vâlcea",
    "valcea": "Râmnicu Vâlcea",
    "turnu severin": "Drobeta-Turnu Severin",
    "severin": "Drobeta-Turnu Severin",
    "drobeta": "Drobeta-Turnu Severin",
    "piatra": "Piatra Neamț",
    "sf gheorghe": "Sfântu Gheorghe",
    "tirgoviste": "Târgoviște",
    "ciuc": "Miercurea Ciuc",
    "satu-mare": "Satu Mare",
    "baia-mare": "Baia Mare",
    "rm sarat": "Râmnicu Sărat",
    "sighet": "Sighetu Marmației",
    "odorhei": "Odorheiu Secuiesc",
    "campulung muscel": "Câmpulung",
}

# Names that are also common words ("roman" is "român" without diacritics, "voluntari" volunteers, "piatra" a
# stone): in a sentence they count as a town only after a place preposition ("în Roman", "la Voluntari").
AMBIGUOUS = frozenset({"roman", "voluntari", "caracal", "piatra", "buc", "dej", "huse", "ciuc", "valcea"})
# A typo is tolerated from this many letters on, in the name and in the word typed.
FUZZY_MIN_LEN = 6
# Words that are one typo away from a town's name but are words ("reușita" / Reșița, "campania" / Câmpina).
NOT_A_TYPO = frozenset({"reusita", "campania", "romana", "romane", "romani", "mediat", "turdae", "tecuciu"})
_PLACE_WORDS = ("in", "la", "din", "prin", "zona", "langa", "orasul", "municipiul", "judetul", "spre", "pe langa")


def city_key(text: str) -> str:
    """The form names are compared in: folded, hyphens and dots as spaces, one space between words."""
    return re.sub(r"[\s\-.,'’]+", " ", fold(text)).strip()


_KEYS: dict[str, str] = {city_key(city): city for city in CITIES} | {city_key(k): v for k, v in ALIASES.items()}
_LONGEST = max(len(key.split()) for key in _KEYS)


def known_city(text: str) -> str | None:
    """The canonical name when the whole text names one of CITIES (or an alias), with at most one typo in
    names of FUZZY_MIN_LEN letters or more; "sector 3" and "București sectorul 6" are București."""
    key = city_key(text)
    if key.startswith("bucuresti") or key.startswith("sector "):
        return "București"
    if key in _KEYS:
        return _KEYS[key]
    if len(key) >= FUZZY_MIN_LEN and key not in NOT_A_TYPO:
        close = {city for k, city in _KEYS.items() if len(k) >= FUZZY_MIN_LEN and OSA.distance(key, k) <= 1}
        if len(close) == 1:
            return close.pop()
    return None


def same_city(a: str | None, b: str | None) -> bool:
    """Whether two stored names are the same town ("Cluj-Napoca", "cluj napoca")."""
    if not a or not b:
        return False
    return (known_city(a) or city_key(a)) == (known_city(b) or city_key(b))


_WORD = re.compile(r"[a-z0-9]+")


def _close(words: str) -> str | None:
    """A town's canonical name for words typed with one typo (long names only), else None."""
    if len(words) < FUZZY_MIN_LEN or words in NOT_A_TYPO:
        return None
    close = {
        city
        for k, city in _KEYS.items()
        if len(k) >= FUZZY_MIN_LEN and k[0] == words[0] and k not in AMBIGUOUS and OSA.distance(words, k) <= 1
    }
    return close.pop() if len(close) == 1 else None


def find_city(text: str) -> str | None:
    """The town a message names ("caut job în Cluj", "ceva in timisoara?", "sunt din Iasi dar vreau la Brasov"),
    the last one when it names several; None when it names none. A name that is also a common word needs a place
    preposition before it, and a typo is read as a town only after one ("în Timisoar")."""
    words = _WORD.findall(fold(text or ""))
    found: str | None = None
    i = 0
    while i < len(words):
        after_place_word = i > 0 and words[i - 1] in _PLACE_WORDS
        size, city = _town_at(words, i, after_place_word)
        if city:
            found = city
        i += size
    return found


def _town_at(words: list[str], i: int, after_place_word: bool) -> tuple[int, str | None]:
    """(words used, town) for the longest town name starting at words[i]; (1, None) when none starts there."""
    if words[i] in ("sector", "sectorul") and i + 1 < len(words) and words[i + 1] in "123456":
        return 2, "București"
    for size in range(min(_LONGEST, len(words) - i), 0, -1):
        phrase = " ".join(words[i : i + size])
        if phrase in _KEYS and (phrase not in AMBIGUOUS or after_place_word):
            return size, _KEYS[phrase]
        if after_place_word and size <= 2:
            close = _close(phrase)
            if close:
                return size, close
    return 1, None


_REMOTE = re.compile(
    r"\b(?:de acas[ae]|de la domiciliu|remote|remot|la distanta|telemunca|work from home|wfh|home office|"
    r"munca de acasa|lucru de acasa)\b"
)


def mentions_remote(text: str) -> bool:
    """Whether a message asks for work from home ("de acasă", "remote", "la distanță")."""
    return bool(_REMOTE.search(fold(text or "")))

"""What a candidate types into a form, checked and put in a canonical form.

Every reader returns the clean value, or None when the text is not such a value. Diacritics, the old cedilla
letters and case do not matter, as everywhere in the assistant (`bot.text.normalize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email

from bot.text.entities import INDUSTRY_PATTERNS, extract
from bot.text.normalize import fold, normalize_message
from bot.text.places import city_key, known_city

ANY_INDUSTRY = "oricare"
NO_LANGUAGE = "niciuna"

# ---------------------------------------------------------------- e-mail


_EMAIL_TOKEN = re.compile(r"[^\s<>()\[\]{},;:\"'„”«»]*@[^\s<>()\[\]{},;:\"'„”«»]*")


def find_email(text: str) -> str | None:
    """The word of the message that contains an @ (the candidate typed an address), without punctuation."""
    match = _EMAIL_TOKEN.search(text or "")
    if not match:
        return None
    return match.group().strip(".!?") or None


def valid_email(candidate: str) -> str | None:
    """The address with its domain in lower case if its syntax is valid (RFC 5322, ASCII), else None.

    Only the syntax is checked: no DNS lookup, so the assistant never waits for the network.
    """
    candidate = (candidate or "").strip()
    if len(candidate) > 254:
        return None
    try:
        result = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    if len(result.ascii_domain.rsplit(".", 1)[-1]) < 2:  # every top-level domain has 2+ letters: "gmail.c" is a typo
        return None
    return result.normalized


def has_non_ascii(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)


# ---------------------------------------------------------------- phone

_PHONE_TOKEN = re.compile(r"(?:\+|00)?\d[\d\s().\-/]{6,}\d")
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
_RO_NATIONAL = re.compile(r"^0[237]\d{8}$")  # mobile 07..., landlines 02... / 03...
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{7,14}$")  # E.164: at most 15 digits


def find_phone(text: str) -> str | None:
    match = _PHONE_TOKEN.search(text or "")
    return match.group().strip() if match else None


def valid_phone(candidate: str) -> str | None:
    """A Romanian number (07xx xxx xxx, 02x/03x, +40 ..., 0040 ...) or an international one, as +<digits>."""
    digits = _PHONE_SEPARATORS.sub("", candidate or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+40"):
        digits = "0" + digits[3:]
    elif digits.startswith("40") and len(digits) == 11:
        digits = "0" + digits[2:]
    if _RO_NATIONAL.match(digits):
        return "+40" + digits[1:]
    if _INTERNATIONAL.match(digits):
        return digits
    return None


# ---------------------------------------------------------------- names and places

# Words that show a message is a sentence or a question, not a name or a city.
NOT_A_NAME_OR_PLACE = frozenset(
    """
    ce cum cat cata cate cati cand unde care cine vreau vrei vreu as nu da stiu stii pot poti poate mai faci face
    salut buna hei hello pa mersi multumesc ok okay sigur renunt stop gata anuleaza email mail telefon habar
    operator operatori salariu salariul salarii job joburi jobul alerte alerta training trainingul licenta studii
    program ture eu tu el ea sunt este e am ai are si sau dar daca pentru pt despre cu fara ma te imi iti asta
    aia aici acolo bot robot om recruiter recrutor date datele sterge stergeti abonare dezabonare nimic nici
    niciuna numele nume numar oras orasul call center doresc vrem vreti
    """.split()
)

_WORD_SHAPE = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?$")
_EDGE_PUNCTUATION = " \t.,;:!?\"'„”«»()-"


def _fold_same_length(text: str) -> str:
    """fold() one character at a time, so positions in the result are positions in the text."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded if len(folded) == 1 else ch.lower())
    return "".join(out)


def _strip_prefix(text: str, prefixes: Iterable[str]) -> str:
    folded = _fold_same_length(text)
    for prefix in prefixes:
        if folded.startswith(prefix + " "):
            return text[len(prefix) + 1 :].strip()
    return text


def _capitalized(text: str) -> str:
    """ "ion popescu" -> "Ion Popescu", "cluj-napoca" -> "Cluj-Napoca"; a text with capitals stays as typed."""
    if text != text.lower():
        return text
    return " ".join("-".join(part[:1].upper() + part[1:] for part in word.split("-")) for word in text.split())


def _looks_like_proper_name(text: str, max_words: int, max_chars: int) -> bool:
    words = text.split()
    if not 1 <= len(words) <= max_words or not 2 <= len(text) <= max_chars:
        return False
    if not all(_WORD_SHAPE.match(word) for word in words):
        return False
    folded_words = {w.strip(".'’") for w in re.split(r"[\s\-]+", _fold_same_length(text))}
    return not folded_words & NOT_A_NAME_OR_PLACE


_NAME_PREFIXES = (
    "ma numesc",
    "numele meu este",
    "numele meu e",
    "numele e",
    "numele",
    "eu sunt",
    "sunt",
    "ma cheama",
    "pe mine ma cheama",
    "eu ma numesc",
)


def clean_name(text: str) -> str | None:
    """A person's name (1-5 words of letters, "mă numesc ..." removed), or None."""
    name = " ".join((text or "").split()).strip(_EDGE_PUNCTUATION)
    name = _strip_prefix(name, _NAME_PREFIXES).strip(_EDGE_PUNCTUATION)
    if not _looks_like_proper_name(name, max_words=5, max_chars=80):
        return None
    return _capitalized(name)


# The towns (county seats and larger towns) with their canonical names are in bot/text/places.py, shared with the
# job openings and the chat's job search; other places are accepted as typed (see clean_city).
ANYWHERE = "oriunde"
REMOTE = "de acasă (remote)"
_ANYWHERE = {
    "oriunde", "orice oras", "orice", "indiferent", "nu conteaza", "toate", "oricare", "peste tot",
    # English (docs/languages.md)
    "anywhere", "any city", "any", "everywhere", "doesn t matter", "it doesn t matter", "no preference",
}  # fmt: skip
_REMOTE = {
    "remote", "de acasa", "la distanta", "online", "acasa", "full remote", "work from home", "wfh",
    "from home", "working from home", "remotely", "home",
}  # fmt: skip
_CITY_PREFIXES = ("orasul", "municipiul", "in orasul", "in", "la", "din", "zona", "pe la", "prin")


def clean_city(text: str) -> str | None:
    """Where the candidate wants to work: a known town (canonical name), "oriunde", remote, or a place name
    of 1-4 words typed as such. None for anything that reads as a sentence or a question."""
    place = " ".join((text or "").split()).strip(_EDGE_PUNCTUATION)
    if "?" in (text or ""):
        return None
    key = city_key(place)
    if key in _ANYWHERE:
        return ANYWHERE
    if key in _REMOTE:
        return REMOTE
    place = _strip_prefix(place, _CITY_PREFIXES).strip(_EDGE_PUNCTUATION)
    city = known_city(place)
    if city:
        return city
    if not _looks_like_proper_name(place, max_words=4, max_chars=40):
        return None
    return _capitalized(place)


# ---------------------------------------------------------------- industry and languages

_ANY_INDUSTRY = re.compile(
    r"^(?:(?:in |pe )?(?:orice|oricare|toate)(?: domeni\w*| sector\w*| industri\w*)?|nu conteaza|indiferent"
    r"|nu am preferinte?|n am preferinte?|oricare dintre ele|toate domeniile"
    r"|any|any field|any industry|anything|all|all of them|it doesn'?t matter|doesn'?t matter|no preference)$"
)


def read_industry(text: str, entity_values: Iterable[str] = ()) -> str | None:
    """A known industry (the keys of INDUSTRY_PATTERNS, from an entity or found in the text), ANY_INDUSTRY for
    "orice domeniu", or None."""
    for value in entity_values:
        if value in INDUSTRY_PATTERNS or value == ANY_INDUSTRY:  # "oricare": the form's button
            return value
    norm = normalize_message(text).strip(" .!")
    if _ANY_INDUSTRY.match(norm):
        return ANY_INDUSTRY
    return extract(norm, already_normalized=True).industry


_NO_LANGUAGE = re.compile(
    r"^(?:nu|niciuna|nici una|nimic|deloc|none|no|nicio limba|nicio limba straina|niciuna straina|romana"
    r"|limba romana|doar romana|numai romana)$"
    r"|\b(?:niciuna|nici una|nicio limba|nicio alta limba|niciun fel de limba|doar (?:limba )?romana"
    r"|numai (?:limba )?romana|nu (?:stiu|vorbesc|cunosc) (?:limbi|alte limbi|nicio|nici o)|fara limbi"
    r"|only romanian|just romanian|romanian only|no foreign languages?|(?:i )?don'?t speak any|not any)"
)
_NEGATED = re.compile(r"\b(?:nu|fara|n)\s+(?:\w+\s+)?$")


def read_languages(text: str) -> list[str] | None:
    """The foreign languages named in the text (canonical values, in order); [] for "niciuna" / "doar
    română"; None when the text names none and does not say "none" either (or only "o limbă străină")."""
    norm = normalize_message(text).strip(" .!")
    found: list[str] = []
    offset = 0
    while offset < len(norm):
        rest = norm[offset:]
        language = next((m for m in extract(rest, already_normalized=True).matches if m.entity == "language"), None)
        if language is None:
            break
        negated = _NEGATED.search(rest[: language.start])
        if language.value != "straina" and not negated and language.value not in found:
            found.append(language.value)
        offset += language.end
    if found:
        return found
    if _NO_LANGUAGE.search(norm):
        return []
    return None


# ---------------------------------------------------------------- yes / no

_YES = {
    "da", "sigur", "ok", "okay", "oki", "okei", "desigur", "bineinteles", "accept", "confirm", "de acord",
    "sunt de acord", "da sunt de acord", "da de acord", "da accept", "yes", "yep", "absolut", "fireste",
    "evident", "normal", "clar", "da sigur", "sigur ca da", "da desigur", "accept termenii", "bine", "in regula",
    "yeah", "yup", "sure", "of course", "i agree", "yes i agree", "agree", "i accept", "yes please", "certainly",
    "definitely", "alright", "all right", "fine",
}  # fmt: skip
_NO = {
    "nu", "no", "nope", "refuz", "nu accept", "nu sunt de acord", "nu vreau", "nu multumesc", "nu mersi",
    "nicidecum", "in niciun caz", "nu de acord", "nu sunt deacord", "nu nu",
    "no thanks", "no thank you", "i don t agree", "i do not agree", "i disagree", "disagree", "no way", "i refuse",
}  # fmt: skip
_NOT_A_REFUSAL = ("nu stiu", "nu sunt sigur", "nu inteleg", "nu am inteles", "nu e clar")


def read_yes_no(text: str) -> bool | None:
    """True / False for a plain yes or no ("da", "sunt de acord", "nu", "refuz"), None otherwise."""
    if "?" in (text or ""):
        return None
    words = re.sub(r"[^\w\s]", " ", normalize_message(text)).split()
    plain = " ".join(words)
    if plain in _YES:
        return True
    if plain in _NO:
        return False
    if words[:1] in (["da"], ["yes"]) and len(words) <= 6:
        return True
    if words[:1] in (["nu"], ["no"]) and len(words) <= 6 and not plain.startswith(_NOT_A_REFUSAL):
        return False
    return None

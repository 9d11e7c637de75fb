"""The honest answer to what the source does not say: where to look instead (the job search, a recruiter)."""

from __future__ import annotations

from bot.english import ENGLISH, english
from bot.settings import Settings

NOT_COVERED = "Nu am această informație"
# What the candidate can do next: ask a recruiter (the callback form) or look at the openings.
NOT_COVERED_BUTTONS = [
    {"title": "Vreau să vorbesc cu un recrutor", "payload": "/talk_to_human"},
    {"title": "Caut un job", "payload": "/find_job"},
]


def not_covered(language: str = "ro") -> str:
    return str(english("links", "NOT_COVERED")) if language == ENGLISH else NOT_COVERED


def not_covered_buttons(language: str = "ro") -> list[dict[str, str]]:
    return list(english("links", "NOT_COVERED_BUTTONS")) if language == ENGLISH else list(NOT_COVERED_BUTTONS)


def _elsewhere(settings: Settings, language: str = "ro") -> str:
    if language == ENGLISH:
        texts = english("links", "_elsewhere")
        recruiter = texts["recruiter"].format(recruiter_contact=settings.recruiter_contact)
        ads: str = texts["ads"].format(job_search_url=settings.job_search_url)
        return (recruiter if settings.recruiter_contact else "") + ads
    text = ""
    if settings.recruiter_contact:
        text += f"Un recrutor îți poate răspunde: {settings.recruiter_contact} . "
    return (
        text
        + f"Detaliile fiecărui post (program, contract, beneficii) le găsești în anunțuri: {settings.job_search_url}"
    )


def not_covered_answer(settings: Settings, language: str = "ro") -> str:
    if language == ENGLISH:
        return str(english("links", "not_covered_answer")).format(
            NOT_COVERED=not_covered(language), elsewhere=_elsewhere(settings, language)
        )
    return (
        f"{NOT_COVERED}: răspund doar din ce știu despre jobul de operator call center (ce faci, salariu, domenii, "
        "mediu de lucru, studii, training, licențe, abilități). " + _elsewhere(settings)
    )


def not_covered_sentence(settings: Settings, language: str = "ro") -> str:
    """The same, short, after the answers to the other questions of the message."""
    if language == ENGLISH:
        return str(english("links", "not_covered_sentence")).format(
            NOT_COVERED=not_covered(language), elsewhere=_elsewhere(settings, language)
        )
    return f"{NOT_COVERED} pentru cealaltă întrebare. " + _elsewhere(settings)

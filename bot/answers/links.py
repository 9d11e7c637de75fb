"""The honest answer to what the source does not say: where to look instead (the job search, a recruiter)."""

from __future__ import annotations

from bot.settings import Settings

NOT_COVERED = "Nu am această informație"
# What the candidate can do next: ask a recruiter (the callback form) or look at the openings.
NOT_COVERED_BUTTONS = [
    {"title": "Vreau să vorbesc cu un recrutor", "payload": "/talk_to_human"},
    {"title": "Caut un job", "payload": "/find_job"},
]


def _elsewhere(settings: Settings) -> str:
    text = ""
    if settings.recruiter_contact:
        text += f"Un recrutor îți poate răspunde: {settings.recruiter_contact} . "
    return (
        text
        + f"Detaliile fiecărui post (program, contract, beneficii) le găsești în anunțuri: {settings.job_search_url}"
    )


def not_covered_answer(settings: Settings) -> str:
    return (
        f"{NOT_COVERED}: răspund doar din ce știu despre jobul de operator call center (ce faci, salariu, domenii, "
        "mediu de lucru, studii, training, licențe, abilități). " + _elsewhere(settings)
    )


def not_covered_sentence(settings: Settings) -> str:
    """The same, short, after the answers to the other questions of the message."""
    return f"{NOT_COVERED} pentru cealaltă întrebare. " + _elsewhere(settings)

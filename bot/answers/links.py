"""Answers that point somewhere: the job search and, where configured, a recruiter."""

from __future__ import annotations

from bot.settings import Settings


def find_job_answer(settings: Settings) -> str:
    return (
        "Poți căuta locuri de muncă de operator call center aici: "
        f"{settings.job_search_url} . Acolo te poți abona și la alerte de joburi personalizate."
    )


def not_covered_answer(settings: Settings) -> str:
    text = (
        "Nu am această informație: răspund doar din ce știu despre jobul de operator call center "
        "(ce faci, salariu, domenii, mediu de lucru, studii, training, licențe, abilități). "
    )
    if settings.recruiter_contact:
        text += f"Un recrutor îți poate răspunde: {settings.recruiter_contact} . "
    text += f"Detaliile fiecărui post (program, contract, beneficii) le găsești în anunțuri: {settings.job_search_url}"
    return text

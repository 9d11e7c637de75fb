"""The salary answer: the figure that fits what the user told us, and honesty where the source is silent."""

from __future__ import annotations

from bot.answers.names import language_name, money
from bot.knowledge.repository import Figure, RoleInfo
from bot.text.entities import Experience

QUALIFIER_WORDS = {"average": "", "approx": "aproximativ ", "over": "peste "}


def _amount(figure: Figure) -> str:
    return QUALIFIER_WORDS.get(figure.qualifier, "") + money(figure.amount_ron)


def _language_part(figures: dict[str, Figure], language: str, experience: Experience | None) -> list[str]:
    lang_figure = figures["foreign_language"]
    example = language_name(lang_figure.language or "germana")
    beginner = figures["beginner"]
    general = (
        "Îți poți crește considerabil veniturile dacă stăpânești o limbă străină la nivel avansat și lucrezi "
        "cu clienți sau companii din afara țării."
    )
    example_sentence = (
        f"De exemplu, un operator cu un minim de experiență și nivel avansat de limba {example} poate obține "
        f"un venit de {_amount(lang_figure)}."
    )
    parts: list[str]
    if language == lang_figure.language:
        parts = [
            f"Cu limba {example} la nivel avansat și un minim de experiență, un operator call center poate "
            f"obține {_amount(lang_figure)}, lucrând cu clienți sau companii din afara țării."
        ]
    elif language == "straina":
        parts = [general, example_sentence]
    else:
        parts = [
            f"Pentru limba {language_name(language)} nu am o cifră: sursa mea dă un exemplu doar pentru "
            f"limba {example}.",
            general,
            example_sentence,
        ]
    if experience is not None and experience.kind == "none":
        parts.append(
            f"Fără experiență deloc, sursa dă doar salariul de început: {_amount(beginner)}; cifra pentru "
            "limbi străine cere un minim de experiență."
        )
    return parts


def _experience_part(figures: dict[str, Figure], experience: Experience | None) -> list[str]:
    average, beginner, senior = figures["average"], figures["beginner"], figures["experienced"]
    senior_years = senior.min_years_experience or 0
    senior_sentence = f"cu o experiență de peste {senior_years} ani, salariul poate depăși {money(senior.amount_ron)}"
    average_sentence = f"salariul mediu al unui operator call center în România este de {money(average.amount_ron)}"

    if experience is None:
        return [
            f"Conform sursei mele, {average_sentence}.",
            f"Fără experiență, la început, câștigi {_amount(beginner)}; {senior_sentence}.",
            "Cu o limbă străină la nivel avansat poți câștiga și mai mult: întreabă-mă de exemplu „și cu germană?”.",
        ]
    if experience.kind == "none":
        return [
            f"Un operator call center fără experiență câștigă la început {_amount(beginner)}.",
            f"Pentru comparație, {average_sentence}, iar {senior_sentence}.",
        ]
    if experience.kind == "some":
        return [
            f"Cu experiență salariul crește: {average_sentence}, iar {senior_sentence}.",
        ]
    years = experience.years or 0
    if years > senior_years or (years >= senior_years and experience.more_than):
        return [
            f"Cu o experiență de peste {senior_years} ani, salariul poate depăși {money(senior.amount_ron)}.",
            f"Pentru comparație, {average_sentence}.",
        ]
    return [
        f"Pentru {years:g} {'an' if years == 1 else 'ani'} de experiență sursa mea nu dă o cifră exactă.",
        f"Ce știu: la început, fără experiență, câștigi {_amount(beginner)}; {average_sentence}; {senior_sentence}.",
    ]


def salary_answer(
    figures: dict[str, Figure],
    experience: Experience | None = None,
    language: str | None = None,
    industry: RoleInfo | None = None,
) -> str:
    """Answer a salary question; figures are net RON per month, as in the source."""
    parts: list[str] = []
    if industry is not None and industry.industry != "general":
        parts.append(f"Nu am salarii separate pentru {industry.name_ro}; cifrele pe care le am sunt generale.")
    if language:
        parts += _language_part(figures, language, experience)
        if experience is not None and experience.kind == "years":
            parts += _experience_part(figures, experience)
    else:
        parts += _experience_part(figures, experience)
    # Each figure names its source; recruiters may change one, so cite every distinct one.
    sources = "; ".join(dict.fromkeys(f.source for f in figures.values()))
    parts.append(f"(Sursa: {sources}; sume nete pe lună.)")
    return " ".join(parts)

"""The salary facts that fit what the candidate told us, and honesty where the source is silent."""

from __future__ import annotations

from bot.answers.names import language_name
from bot.answers.render import Sentence
from bot.answers.topics import Context
from bot.knowledge.repository import Knowledge

SOURCE_FACT = "salary.source"


def salary_plan(knowledge: Knowledge, context: Context) -> tuple[list[Sentence], list[str]]:
    """What the assistant says about its own figures (notes), and the salary facts in the order they fit.

    Figures are net RON per month, as in the source; the source's own citation (SOURCE_FACT) ends every
    salary answer and is not in the list.
    """
    figures = knowledge.figures
    notes: list[Sentence] = []
    industry = knowledge.roles.get(context.industry or "general")
    if industry is not None and industry.industry != "general":
        notes.append(
            Sentence(f"Nu am salarii separate pentru {industry.name_ro}; cifrele pe care le am sunt generale.")
        )
    experience, language = context.experience, context.language
    example = figures["foreign_language"].language if "foreign_language" in figures else "germana"
    if language:
        if language not in (example, "straina"):
            notes.append(
                Sentence(
                    f"Pentru limba {language_name(language)} nu am o cifră: sursa mea dă un exemplu doar pentru "
                    f"limba {language_name(example or 'germana')}."
                )
            )
        keys = ["salary.foreign_language", "salary.german"]
        if language == example:
            keys.reverse()
        if experience is not None and experience.kind == "none":
            # The language figure needs a minimum of experience: without any, only the beginner's pay is known.
            notes.append(
                Sentence(
                    "Fără experiență deloc, sursa dă doar salariul de început; cifra pentru limbi străine cere un "
                    "minim de experiență."
                )
            )
            if context.focus == "experience":  # "dar fără experiență?" after the German figure: the beginner's pay
                return notes, ["salary.beginner", "salary.foreign_language"]
            return notes, [*keys, "salary.beginner"]
        if experience is not None and experience.kind == "years":
            keys += _by_experience(knowledge, context, notes)
        return notes, keys
    return notes, _by_experience(knowledge, context, notes)


def _by_experience(knowledge: Knowledge, context: Context, notes: list[Sentence]) -> list[str]:
    experience = context.experience
    if experience is None:
        return ["salary.average", "salary.beginner", "salary.experienced", "salary.german"]
    if experience.kind == "none":
        return ["salary.beginner", "salary.average", "salary.experienced"]
    if experience.kind == "some":
        return ["salary.average", "salary.experienced", "salary.german"]
    senior = knowledge.figures.get("experienced")
    senior_years = (senior.min_years_experience or 0) if senior else 0
    years = experience.years or 0
    if years > senior_years or (years >= senior_years and experience.more_than):
        return ["salary.experienced", "salary.average"]
    notes.append(
        Sentence(f"Pentru {years:g} {'an' if years == 1 else 'ani'} de experiență sursa mea nu dă o cifră exactă.")
    )
    return ["salary.beginner", "salary.average", "salary.experienced"]

"""The salary facts that fit what the candidate told us, and honesty where the source is silent."""

from __future__ import annotations

from bot.answers.names import language_name
from bot.answers.render import Sentence
from bot.answers.topics import Context
from bot.english import ENGLISH, english
from bot.knowledge.repository import Knowledge

SOURCE_FACT = "salary.source"


def _note(reply: str, name: str, romanian: str, **values: str) -> Sentence:
    """A note in the reply language (the English ones in bot/english.yml, section `salary`)."""
    return Sentence(english("salary", name).format(**values) if reply == ENGLISH else romanian)


def salary_plan(knowledge: Knowledge, context: Context, language: str = "ro") -> tuple[list[Sentence], list[str]]:
    """What the assistant says about its own figures (notes), and the salary facts in the order they fit.

    Figures are net RON per month, as in the source; the source's own citation (SOURCE_FACT) ends every
    salary answer and is not in the list.
    """
    figures = knowledge.figures
    notes: list[Sentence] = []
    industry = knowledge.roles.get(context.industry or "general")
    if industry is not None and industry.industry != "general":
        notes.append(
            _note(
                language,
                "industry_note",
                f"Nu am salarii separate pentru {industry.name_ro}; cifrele pe care le am sunt generale.",
                industry=industry.name(language),
            )
        )
    # `spoken` is the foreign language the candidate speaks; `reply` the language of the answer.
    reply, experience, spoken = language, context.experience, context.language
    example = figures["foreign_language"].language if "foreign_language" in figures else "germana"
    if spoken:
        if spoken not in (example, "straina"):
            notes.append(
                _note(
                    reply,
                    "language_note",
                    f"Pentru limba {language_name(spoken)} nu am o cifră: sursa mea dă un exemplu doar pentru "
                    f"limba {language_name(example or 'germana')}.",
                    language=language_name(spoken, reply),
                    example=language_name(example or "germana", reply),
                )
            )
        keys = ["salary.foreign_language", "salary.german"]
        if spoken == example:
            keys.reverse()
        if experience is not None and experience.kind == "none":
            # The language figure needs a minimum of experience: without any, only the beginner's pay is known.
            notes.append(
                _note(
                    reply,
                    "no_experience_note",
                    "Fără experiență deloc, sursa dă doar salariul de început; cifra pentru limbi străine cere un "
                    "minim de experiență.",
                )
            )
            if context.focus == "experience":  # "dar fără experiență?" after the German figure: the beginner's pay
                return notes, ["salary.beginner", "salary.foreign_language"]
            return notes, [*keys, "salary.beginner"]
        if experience is not None and experience.kind == "years":
            keys += _by_experience(knowledge, context, notes, reply)
        return notes, keys
    return notes, _by_experience(knowledge, context, notes, reply)


def _by_experience(knowledge: Knowledge, context: Context, notes: list[Sentence], language: str) -> list[str]:
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
    unit = english("salary", "unit_one" if years == 1 else "unit_many") if language == ENGLISH else ""
    notes.append(
        _note(
            language,
            "years_note",
            f"Pentru {years:g} {'an' if years == 1 else 'ani'} de experiență sursa mea nu dă o cifră exactă.",
            years=f"{years:g}",
            unit=unit,
        )
    )
    return ["salary.beginner", "salary.average", "salary.experienced"]

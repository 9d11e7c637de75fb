"""One entry point from a topic and the user's context to the answer text, used by every topic action."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answers.roles import (
    duties_answer,
    industry_buttons,
    licence_answer,
    role_types_answer,
    training_answer,
)
from bot.answers.salary import salary_answer
from bot.knowledge.repository import KnowledgeRepository
from bot.text.entities import Experience

# Readable names of the topics, for "did you mean" buttons.
TOPIC_TITLES: dict[str, str] = {
    "ask_duties": "Ce face un operator",
    "ask_salary": "Salariul",
    "ask_role_types": "Tipuri de roluri și domenii",
    "ask_work_environment": "Cum e munca într-un call center",
    "ask_education": "Studii necesare",
    "ask_training": "Trainingul",
    "ask_license": "Licența (financiar, asigurări)",
    "ask_skills": "Abilități cerute",
    "find_job": "Caut un job",
    "ask_not_covered": "Program, contract, beneficii",
    "ask_capabilities": "Ce pot să te întreb",
    "greet": "Salut",
    "goodbye": "La revedere",
    "thank": "Mulțumesc",
    "bot_challenge": "Ești un robot?",
    "inform": "Detalii despre întrebarea de dinainte",
    "subscribe_alerts": "Alerte de joburi",
    "talk_to_human": "Vorbește cu un recrutor",
    "show_my_data": "Ce date am despre tine",
}

# The questions about the job the assistant answers (one intent each), as opposed to chit-chat, dialogue
# answers (yes/no, form values) and the candidate journeys.
QUESTION_TOPICS = frozenset(
    {
        "ask_duties",
        "ask_salary",
        "ask_role_types",
        "ask_work_environment",
        "ask_education",
        "ask_training",
        "ask_license",
        "ask_skills",
        "find_job",
        "ask_not_covered",
    }
)

# Topics answered from the knowledge database, with the user's industry, language and experience.
KNOWLEDGE_TOPICS = ("ask_salary", "ask_duties", "ask_role_types", "ask_training", "ask_license")


@dataclass
class Context:
    industry: str | None = None
    language: str | None = None
    experience: Experience | None = None


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


def answer(topic: str, repository: KnowledgeRepository, context: Context) -> Reply:
    """The answer to a knowledge topic; raises KnowledgeUnavailable when the database is down."""
    if topic == "ask_salary":
        roles = repository.roles() if context.industry else {}
        figures = repository.salary_figures()
        return Reply(salary_answer(figures, context.experience, context.language, roles.get(context.industry)))
    roles = repository.roles()
    if topic == "ask_duties":
        buttons = industry_buttons(roles) if context.industry in (None, "general") else []
        return Reply(duties_answer(roles, context.industry), buttons)
    if topic == "ask_role_types":
        return Reply(role_types_answer(roles), industry_buttons(roles))
    if topic == "ask_training":
        return Reply(training_answer(roles, context.industry))
    if topic == "ask_license":
        return Reply(licence_answer(roles, context.industry))
    raise ValueError(f"not a knowledge topic: {topic}")

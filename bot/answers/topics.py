"""The question topics: their intents, readable titles and neighbours, and the context of a question."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.text.entities import Experience

# Topics whose facts often answer each other's questions ("mă învață cineva?" after the studies answer).
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "duties": ("role_types", "work_environment"),
    "salary": (),
    "role_types": ("duties",),
    "work_environment": ("skills", "duties"),
    "education": ("training", "license"),
    "training": ("education", "license"),
    "license": ("training", "education"),
    "skills": ("work_environment",),
    "find_job": (),
}

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



def family(topic: str) -> tuple[str, ...]:
    """The topic and its neighbours: where the answer to a question on this topic may be."""
    return (topic, *NEIGHBOURS.get(topic, ()))


@dataclass(frozen=True)
class Context:
    """What the candidate said about themselves: it changes which facts answer the question."""

    industry: str | None = None
    language: str | None = None
    experience: Experience | None = None
    # What the candidate has just added to the context of the previous question ("și cu germană?"): it leads.
    focus: str | None = None


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # keys of the facts said, those that answer first
    topic: str | None = None  # the topic answered (the last one, for follow-ups), None for other replies
    response: str | None = None  # a domain response to send instead of text (e.g. utter_out_of_scope)

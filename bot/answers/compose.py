"""Put a reply together: what the assistant says about its knowledge, the facts that answer, then briefly the
topic's general answer, within a length budget."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answers.plans import Plan
from bot.answers.render import Sentence, say
from bot.knowledge.repository import Knowledge
from bot.settings import Settings

MAX_CHARS = 700
MIN_CHARS = 300


@dataclass
class Composed:
    sentences: list[Sentence]
    buttons: list[dict[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def facts(self) -> list[str]:
        return [s.fact for s in self.sentences if s.fact]


def _lead_with(answer: str, sentence: Sentence) -> Sentence:
    """ "Da, trebuie să…" / "Nu neapărat: studiile…": the yes/no answer before the fact that gives it."""
    text = sentence.text[:1].lower() + sentence.text[1:]
    joiner = ", " if answer.lower() in ("da", "yes") else ": "
    return Sentence(f"{answer}{joiner}{text}", sentence.fact)


def _length(sentences: list[Sentence]) -> int:
    return sum(len(s.text) + 1 for s in sentences)


def compose(
    topic_plan: Plan,
    leads: list[str],
    knowledge: Knowledge,
    settings: Settings,
    yes_no: bool = False,
    budget: int | None = None,
    language: str = "ro",
) -> Composed:
    """Notes, then the leading facts, then the plan's facts while they fit, then its closing facts.

    Without a budget, the reply is as long as the topic's general answer in this context, within
    MIN_CHARS..MAX_CHARS: precise answers never make replies longer than they were.
    """
    facts = knowledge.facts
    planned = [say(facts[k], knowledge, settings, language) for k in topic_plan.facts if k in facts]
    closing = [say(facts[k], knowledge, settings, language) for k in topic_plan.closing if k in facts]
    if budget is None:
        budget = min(MAX_CHARS, max(MIN_CHARS, _length(topic_plan.notes + planned)))
    sentences = list(topic_plan.notes)
    leading = [say(facts[k], knowledge, settings, language) for k in leads if k in facts]
    answer = facts[leading[0].fact or ""].answer(language) if leading else None
    if leading and yes_no and not topic_plan.notes and answer:
        leading[0] = _lead_with(answer, leading[0])
    sentences += leading
    said = {s.fact for s in sentences}
    for sentence in planned:
        if sentence.fact in said:
            continue
        if _length(sentences) + len(sentence.text) > budget and len(sentences) > len(topic_plan.notes):
            break
        sentences.append(sentence)
        said.add(sentence.fact)
    sentences += [s for s in closing if s.fact not in said]
    return Composed(sentences, topic_plan.buttons)


def join(parts: list[Composed]) -> str:
    """Several answers in one reply, a line each (a blank line would make channels send separate messages)."""
    return "\n".join(part.text for part in parts if part.sentences)

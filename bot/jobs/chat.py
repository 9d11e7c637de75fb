"""The openings in the chat's answer about finding a job.

`action_answer_question` composes the find_job answer from the facts (the job search link, the alerts) as for
every topic (bot/answers/engine.py), then calls `openings_in_answer`:

- a search ("caut job în Cluj", "ce posturi aveți cu germană?", "ceva în retail în București?": the message
  names a town, work from home, an industry or a language) gets the matching open openings first, at most
  PAGE_SIZE, with a "Mai multe posturi" button for the rest, then the facts; none matching: it says so and
  offers the alerts (button), then the facts;
- a general question ("unde găsesc un job?") keeps the facts answer and adds the openings matching the
  conversation so far (its industry, language and town), when there are any;
- the "Mai multe posturi" button (/find_job{"jobs_page": "2", …}) gets the next page of the same search.

Filters the conversation supplied, but the message did not, are dropped when nothing matches with them and
something matches without them (the reply says so). A question about the alerts themselves ("pot primi
alerte?") is left as it is. If the openings cannot be read, the facts answer goes out unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from bot.answers.topics import Reply
from bot.answers.understanding import understand
from bot.jobs import texts as say
from bot.jobs.openings import Opening, OpeningsUnavailable, default_openings
from bot.jobs.search import (
    CITY_SLOT,
    Filters,
    context_filters,
    matching,
    message_filters,
    page_payload,
    page_request,
)

logger = logging.getLogger(__name__)

ALERTS_FACT = "find_job.alerts"
TOPIC = "find_job"


def is_about_finding_a_job(answer: Reply) -> bool:
    return answer.topic == TOPIC or any(f.startswith(f"{TOPIC}.") for f in answer.facts)


def asked_filters(parse_data: Mapping[str, Any]) -> Filters:
    """What the message itself asks for (town or "de acasă", industry, language)."""
    return message_filters(str(parse_data.get("text") or ""), understand(parse_data).values)


def remembered_place(parse_data: Mapping[str, Any]) -> dict[str, Any]:
    """The slot change for a town (or "de acasă") the message names, whatever its topic: {} when it names none."""
    place = asked_filters(parse_data).place()
    return {CITY_SLOT: place} if place else {}


def _more_button(n: int, page: int, filters: Filters, language: str = "ro") -> list[dict[str, str]]:
    shown = page * say.PAGE_SIZE
    if n <= shown:
        return []
    return [{"title": f"{say.more_title(language)} ({n - shown})", "payload": page_payload(page + 1, filters)}]


def _with_alerts(buttons: list[dict[str, str]], language: str = "ro") -> list[dict[str, str]]:
    alerts = say.alerts_button(language)
    return buttons if any(b.get("payload") == alerts["payload"] for b in buttons) else [*buttons, alerts]


def page_reply(openings: list[Opening], page: int, filters: Filters, language: str = "ro") -> Reply:
    """Page `page` (2, 3, …) of a search, for the "Mai multe posturi" button."""
    found = matching(openings, filters)
    first = (page - 1) * say.PAGE_SIZE
    shown = found[first : first + say.PAGE_SIZE]
    if not shown:
        return Reply(say.no_more(language), [say.alerts_button(language)], [], TOPIC)
    intro = say.page_intro(first + 1, first + len(shown), len(found), filters, language)
    text = "\n".join([intro, *(say.opening_line(o, language) for o in shown)])
    return Reply(text, _with_alerts(_more_button(len(found), page, filters, language), language), [], TOPIC)


def with_openings(
    answer: Reply, openings: list[Opening], asked: Filters, context: Filters, language: str = "ro"
) -> Reply:
    """The facts answer with the openings that match (see the module's docstring)."""
    searching = not asked.empty
    if not searching and answer.facts[:1] == [ALERTS_FACT]:
        return answer  # "pot primi alerte?": the answer is about the alerts
    wanted = asked.over(context)
    found = matching(openings, wanted)
    intro = say.found(len(found), wanted, language) if found else ""
    if not found and wanted != asked:
        relaxed = matching(openings, asked)
        if relaxed:
            found, intro, wanted = relaxed, say.found_without(len(relaxed), asked, wanted, language), asked
    if not found:
        if not searching:
            return answer
        text = say.none_found(wanted, language) + "\n" + answer.text
        buttons = _with_alerts(list(answer.buttons), language)
        return Reply(text, buttons, list(answer.facts), answer.topic, answer.response)
    block = "\n".join([intro, *(say.opening_line(o, language) for o in found[: say.PAGE_SIZE])])
    text = block + "\n" + answer.text if searching else answer.text + "\n" + block
    buttons = _with_alerts(_more_button(len(found), 1, wanted, language) + list(answer.buttons), language)
    return Reply(text, buttons, list(answer.facts), answer.topic, answer.response)


def openings_in_answer(
    answer: Reply,
    parse_data: Mapping[str, Any],
    slots: Mapping[str, Any],
    load: Callable[[], list[Opening]] | None = None,
    language: str = "ro",
) -> Reply:
    """The answer to send: with the openings when it is about finding a job, else unchanged."""
    if answer.response or not is_about_finding_a_job(answer):
        return answer
    load = load or (lambda: default_openings().openings())
    try:
        openings = load()
    except OpeningsUnavailable as error:
        logger.error("job openings unavailable, answering without them (%s)", error)
        return answer
    page = page_request(parse_data.get("entities") or [])
    if page is not None:
        return page_reply(openings, *page, language)
    return with_openings(answer, openings, asked_filters(parse_data), context_filters(slots), language)

"""The openings in the answer about finding a job: filters from the message and the conversation, at most 3 with a
"Mai multe posturi" button, none matching said and the alerts offered, the facts answer kept."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import pytest

from bot.answers.topics import Reply
from bot.jobs import texts as say
from bot.jobs.chat import openings_in_answer, remembered_place
from bot.jobs.openings import Opening, OpeningsUnavailable
from bot.jobs.search import Filters, for_subscription, page_request

FACTS_TEXT = (
    "Poți căuta locuri de muncă de operator call center aici: https://jobs.example/operator . "
    "Te poți abona și la alerte de joburi personalizate."
)
ALERTS = {"title": "Alerte de joburi", "payload": "/subscribe_alerts"}


def facts_answer(lead: str = "find_job.search") -> Reply:
    other = "find_job.alerts" if lead == "find_job.search" else "find_job.search"
    return Reply(FACTS_TEXT, [ALERTS], [lead, other], "find_job")


def opening(
    number: int, city: str | None, industry: str, languages: tuple[str, ...] = (), remote: bool = False
) -> Opening:
    return Opening(
        id=number,
        ref=f"T-{number}",
        title=f"Operator {number}",
        industry=industry,
        city=city,
        remote=remote,
        languages=languages,
        salary_min_ron=None,
        salary_max_ron=None,
        posted_on=date(2026, 11, 1),
        expires_on=None,
        apply_url=f"https://jobs.example/{number}",
        description=None,
        status="open",
        created_at=datetime(2026, 11, 1, tzinfo=timezone.utc),
    )


OPENINGS = [
    opening(1, "Cluj-Napoca", "retail", ("germana",)),
    opening(2, "București", "retail"),
    opening(3, "București", "retail", ("germana",)),
    opening(4, "București", "telecom"),
    opening(5, "București", "retail", ("engleza",)),
    opening(6, "București", "retail"),
    opening(7, None, "telecom", ("engleza",), remote=True),
    opening(8, "Iași", "asigurari"),
]


def message(text: str, **entities: str) -> dict[str, Any]:
    return {
        "text": text,
        "intent": {"name": "find_job", "confidence": 0.9},
        "entities": [{"entity": k, "value": v, "start": 0, "end": 1} for k, v in entities.items()],
    }


def ask(text: str, slots: dict[str, Any] | None = None, answer: Reply | None = None, **entities: str) -> Reply:
    return openings_in_answer(answer or facts_answer(), message(text, **entities), slots or {}, lambda: OPENINGS)


def listed(reply: Reply) -> list[str]:
    return [line.split(" (")[0].removeprefix("• ") for line in reply.text.splitlines() if line.startswith("• ")]


def test_a_search_by_town_lists_its_openings_before_the_facts() -> None:
    reply = ask("caut job în Cluj")
    assert listed(reply) == ["Operator 1"]
    assert reply.text.startswith("Am 1 post deschis de operator în Cluj-Napoca:")
    assert reply.text.endswith(FACTS_TEXT)  # the facts answer is kept, whole
    assert reply.facts == ["find_job.search", "find_job.alerts"] and reply.topic == "find_job"
    assert reply.buttons == [ALERTS]


def test_a_search_by_language() -> None:
    reply = ask("ce posturi aveți cu germană?", language="germana")
    assert listed(reply) == ["Operator 1", "Operator 3"] and "cu germană" in reply.text.splitlines()[0]


def test_a_search_by_industry_and_town_shows_three_and_a_more_button() -> None:
    reply = ask("ceva în retail în București?", industry="retail")
    assert reply.text.startswith("Am 4 posturi deschise de operator în retail, în București; iată primele 3:")
    assert listed(reply) == ["Operator 2", "Operator 3", "Operator 5"]
    more, alerts = reply.buttons
    assert more["title"] == "Mai multe posturi (1)" and alerts == ALERTS
    payload = json.loads(more["payload"].removeprefix("/find_job"))
    assert payload == {"jobs_page": "2", "job_city": "București", "industry": "retail"}

    # The button: the next page of the same search, without the facts again.
    entities = [{"entity": k, "value": v} for k, v in payload.items()]
    assert page_request(entities) == (2, Filters(city="București", industry="retail"))
    page = openings_in_answer(facts_answer(), {"text": more["payload"], "entities": entities}, {}, lambda: OPENINGS)
    assert listed(page) == ["Operator 6"] and page.text.startswith("Alte posturi deschise de operator în retail")
    assert "(4–4 din 4)" in page.text and FACTS_TEXT not in page.text and page.buttons == [ALERTS]


def test_work_from_home() -> None:
    assert listed(ask("aveți ceva de acasă?")) == ["Operator 7"]


def test_none_matching_is_said_and_the_alerts_are_offered() -> None:
    reply = ask("caut job in Constanta")
    assert reply.text.startswith("Acum nu am niciun post deschis de operator în Constanța.")
    assert "Alerte de joburi" in reply.text and reply.text.endswith(FACTS_TEXT) and ALERTS in reply.buttons


def test_a_general_question_keeps_the_facts_first_and_adds_the_openings() -> None:
    reply = ask("unde găsesc un job?")
    assert reply.text.startswith(FACTS_TEXT)
    assert reply.text.splitlines()[1] == "Am 8 posturi deschise de operator; iată primele 3:"
    assert len(listed(reply)) == 3 and reply.buttons[0]["title"] == "Mai multe posturi (5)"


def test_a_general_question_without_openings_is_todays_answer() -> None:
    answer = facts_answer()
    assert openings_in_answer(answer, message("unde găsesc un job?"), {}, lambda: []) == answer


def test_the_conversation_supplies_what_the_message_does_not_say() -> None:
    slots = {"industry": "asigurari", "language": None, "job_city": "Iași"}
    reply = ask("ce posturi aveți?", slots)
    assert listed(reply) == ["Operator 8"] and "în asigurări, în Iași" in reply.text
    # The message's town replaces the conversation's; its industry stays.
    assert listed(ask("și în Cluj?", {"industry": "retail", "job_city": "Iași"})) == ["Operator 1"]


def test_conversation_filters_are_dropped_when_nothing_matches_with_them() -> None:
    reply = ask("caut job în Cluj", {"industry": "telecom"})
    assert reply.text.startswith("Nu am posturi deschise de operator în telecomunicații, în Cluj-Napoca, dar am 1")
    assert listed(reply) == ["Operator 1"]


def test_a_question_about_the_alerts_is_left_alone() -> None:
    answer = facts_answer("find_job.alerts")
    assert ask("pot primi alerte cu joburi noi?", answer=answer) == answer


def test_other_topics_and_unreadable_openings_leave_the_answer_unchanged() -> None:
    salary = Reply("3000 RON net pe lună.", [], ["salary.average"], "salary")
    assert openings_in_answer(salary, message("cat castig in Cluj?"), {}, lambda: OPENINGS) == salary

    def down() -> list[Opening]:
        raise OpeningsUnavailable("OperationalError")

    answer = facts_answer()
    assert openings_in_answer(answer, message("caut job în Cluj"), {}, down) == answer


def test_the_town_named_is_remembered_for_the_next_search() -> None:
    assert remembered_place(message("cât se câștigă în Cluj?")) == {"job_city": "Cluj-Napoca"}
    assert remembered_place(message("lucru de acasă?")) == {"job_city": "de acasă (remote)"}
    assert remembered_place(message("cât câștigă un operator?")) == {}


@pytest.mark.parametrize(
    "entities",
    [
        {"jobs_page": "1"},
        {"jobs_page": "abc"},
        {"jobs_page": "1000"},
        {"industry": "retail"},
    ],
)
def test_hand_typed_page_payloads_are_not_pages(entities: dict[str, str]) -> None:
    assert page_request([{"entity": k, "value": v} for k, v in entities.items()]) is None


def test_hand_typed_filters_are_checked() -> None:
    entities = [
        {"entity": "jobs_page", "value": "2"},
        {"entity": "job_city", "value": "<script>"},
        {"entity": "industry", "value": "constructii"},
    ]
    assert page_request(entities) == (2, Filters())


@pytest.mark.parametrize(
    "subscription, expected",
    [
        (("retail", "Cluj-Napoca", ["germana"]), [1]),
        (("retail", "Cluj-Napoca", []), []),  # the opening asks for German: not for someone without it
        (("oricare", "București", []), [2, 4, 6]),
        (("retail", "oriunde", ["engleza", "germana"]), [1, 2, 3, 5, 6]),
        (("oricare", "de acasă (remote)", ["engleza"]), [7]),
        (("telecom", "Cluj-Napoca", ["engleza"]), []),
    ],
)
def test_an_alert_subscription_asks_only_for_what_it_said(subscription: tuple, expected: list[int]) -> None:
    industry, city, languages = subscription
    assert [o.id for o in OPENINGS if for_subscription(o, industry, city, languages)] == expected


def test_salary_is_said_only_as_the_opening_publishes_it() -> None:
    assert say.salary(OPENINGS[0]) is None and "RON" not in say.opening_line(OPENINGS[0])
    published = Opening(**{**OPENINGS[0].__dict__, "salary_min_ron": 4000, "salary_max_ron": 4500})
    assert say.salary(published) == "salariu 4000–4500 RON net pe lună (din anunț)"

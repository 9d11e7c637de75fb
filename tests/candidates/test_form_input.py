"""During a form: an answer fills the slot, a wrong answer gets a hint, another request is left to the rules."""

from __future__ import annotations

import pytest

from bot.candidates import texts
from bot.candidates.form_input import ALERT_SLOTS, RECRUITER_SLOTS, FormMessage, read_alert_form, read_recruiter_form
from bot.candidates.summary import context_summary, conversation_topics


def msg(text: str, intent: str | None = "nlu_fallback", confidence: float = 0.5, **entities: str) -> FormMessage:
    return FormMessage(text, intent, confidence, tuple(entities.items()))


# ------------------------------------------------------------------ job alerts


def test_the_request_starts_afresh_with_the_industry_it_names() -> None:
    fresh = read_alert_form(None, msg("vreau alerte de joburi", "subscribe_alerts", 0.98))
    assert fresh.values == dict.fromkeys(ALERT_SLOTS) and not fresh.hints
    telecom = read_alert_form(None, msg("vreau alerte pentru joburi în telecom", "subscribe_alerts", 0.98))
    assert telecom.values["alert_industry"] == "telecom" and telecom.values["alert_email"] is None


def test_email_answer_and_wrong_answers() -> None:
    assert read_alert_form("alert_email", msg("Ana.Pop@Gmail.com")).values == {"alert_email": "Ana.Pop@gmail.com"}
    wrong = read_alert_form("alert_email", msg("ana@gmail"))
    assert wrong.values == {"alert_email": None} and "nu pare o adresă de e-mail corectă" in wrong.hints[0]
    no_address = read_alert_form("alert_email", msg("nu am așa ceva acum", "inform", 0.6))
    assert no_address.values == {"alert_email": None} and no_address.hints == [texts.EMAIL_MISSING]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("cât câștigă un operator?", "ask_salary"),
        ("renunț", "stop"),
        ("nu", "deny"),
        ("ce date aveți despre mine?", "show_my_data"),
        ("șterge-mi datele", "delete_my_data"),
        ("vreau să vorbesc cu un om", "talk_to_human"),
        ("salut", "greet"),
    ],
)
def test_another_request_is_not_an_answer(text: str, intent: str) -> None:
    for slot in ALERT_SLOTS:
        reading = read_alert_form(slot, msg(text, intent, 0.95))
        if slot == "alert_languages" and text == "nu":
            assert reading.values == {"alert_languages": "niciuna"}  # "nu" answers "which languages?"
        elif slot == "alert_consent" and intent == "deny":
            assert reading.values == {"alert_consent": False}  # and "nu" answers the consent question
        else:
            assert not reading.for_the_form, (slot, text)


def test_de_fapt_vreau_in_telecom_changes_the_industry_whatever_was_asked() -> None:
    for slot in ("alert_email", "alert_city", "alert_languages", "alert_consent"):
        reading = read_alert_form(slot, msg("de fapt vreau în telecom", "inform", 0.9, industry="telecom"))
        assert reading.values == {"alert_industry": "telecom"}
        assert reading.hints == [texts.industry_changed("telecom")]


def test_a_question_naming_an_industry_is_a_question() -> None:
    assert not read_alert_form("alert_email", msg("ce face un operator în telecom?", "ask_duties", 0.97)).for_the_form


def test_industry_answers() -> None:
    assert read_alert_form("alert_industry", msg("asigurări", "inform", 0.9)).values == {"alert_industry": "asigurari"}
    assert read_alert_form("alert_industry", msg("oricare")).values == {"alert_industry": "oricare"}
    button = msg('/inform{"industry": "comert"}', "inform", 1.0, industry="comert")
    assert read_alert_form("alert_industry", button).values == {"alert_industry": "comert"}
    unknown = read_alert_form("alert_industry", msg("construcții", "inform", 0.5))
    assert unknown.values == {"alert_industry": None} and unknown.hints == [texts.INDUSTRY_UNKNOWN]


def test_city_answers() -> None:
    assert read_alert_form("alert_city", msg("cluj", "ask_not_covered", 0.9)).values == {"alert_city": "Cluj-Napoca"}
    assert read_alert_form("alert_city", msg("Vatra Dornei", "out_of_scope", 0.9)).values == {
        "alert_city": "Vatra Dornei"
    }
    assert read_alert_form("alert_city", msg("oriunde")).values == {"alert_city": "oriunde"}
    wrong = read_alert_form("alert_city", msg("12345"))
    assert wrong.values == {"alert_city": None} and wrong.hints == [texts.CITY_INVALID]
    assert not read_alert_form("alert_city", msg("cum e atmosfera?", "ask_work_environment", 0.95)).for_the_form


def test_language_answers() -> None:
    assert read_alert_form("alert_languages", msg("engleză și germană", "inform", 0.8)).values == {
        "alert_languages": "engleza,germana"
    }
    assert read_alert_form("alert_languages", msg("niciuna")).values == {"alert_languages": "niciuna"}
    wrong = read_alert_form("alert_languages", msg("bine"))
    assert wrong.values == {"alert_languages": None} and wrong.hints == [texts.LANGUAGES_UNKNOWN]
    salary = msg("cât câștig cu germană?", "ask_salary", 0.97)
    assert not read_alert_form("alert_languages", salary).for_the_form


def test_consent_answers() -> None:
    assert read_alert_form("alert_consent", msg("da", "affirm", 0.99)).values == {"alert_consent": True}
    assert read_alert_form("alert_consent", msg("/affirm", "affirm", 1.0)).values == {"alert_consent": True}
    assert read_alert_form("alert_consent", msg("nu sunt de acord", "deny", 0.99)).values == {"alert_consent": False}
    unclear = read_alert_form("alert_consent", msg("hmm", "nlu_fallback", 0.3))
    assert unclear.values == {"alert_consent": None} and unclear.hints == [texts.YES_OR_NO]
    assert not read_alert_form("alert_consent", msg("renunț", "stop", 0.99)).for_the_form


def test_asking_again_for_alerts_during_the_alerts_form_repeats_the_question() -> None:
    reading = read_alert_form("alert_city", msg("vreau alerte", "subscribe_alerts", 0.99))
    assert reading.values == {"alert_city": None} and not reading.hints


# ------------------------------------------------------------------ recruiter


def test_recruiter_form_answers() -> None:
    assert read_recruiter_form(None, msg("vreau un om", "talk_to_human", 0.99)).values == dict.fromkeys(RECRUITER_SLOTS)
    assert read_recruiter_form("contact_name", msg("ion popescu", "out_of_scope", 0.6)).values == {
        "contact_name": "Ion Popescu"
    }
    assert read_recruiter_form("contact_name", msg("mă numesc andreea", "greet", 0.95)).values == {
        "contact_name": "Andreea"
    }
    assert read_recruiter_form("contact_details", msg("0722 123 456")).values == {"contact_details": "+40722123456"}
    assert read_recruiter_form("contact_details", msg("ana@example.com")).values == {
        "contact_details": "ana@example.com"
    }
    assert read_recruiter_form("contact_consent", msg("da", "affirm", 0.99)).values == {"contact_consent": True}


def test_recruiter_form_wrong_answers() -> None:
    name = read_recruiter_form("contact_name", msg("12345"))
    assert name.values == {"contact_name": None} and name.hints == [texts.NAME_INVALID]
    phone = read_recruiter_form("contact_details", msg("0722 12"))
    assert phone.values == {"contact_details": None} and phone.hints == [texts.CONTACT_MISSING]
    short = read_recruiter_form("contact_details", msg("0722 123 45"))
    assert short.values == {"contact_details": None} and "nu pare corect" in short.hints[0]
    email = read_recruiter_form("contact_details", msg("ana@"))
    assert email.values == {"contact_details": None} and "nu pare o adresă" in email.hints[0]


def test_recruiter_form_interruptions() -> None:
    for slot in RECRUITER_SLOTS:
        assert not read_recruiter_form(slot, msg("cât durează trainingul?", "ask_training", 0.97)).for_the_form
        assert not read_recruiter_form(slot, msg("renunț", "stop", 0.97)).for_the_form
        assert not read_recruiter_form(slot, msg("vreau alerte", "subscribe_alerts", 0.97)).for_the_form
    assert read_recruiter_form("contact_name", msg("vreau un recrutor", "talk_to_human", 0.99)).values == {
        "contact_name": None
    }


# ------------------------------------------------------------------ summary for the recruiter


def _user(intent: str) -> dict:
    return {"event": "user", "text": "...", "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}


def test_topics_are_the_questions_not_the_form_answers() -> None:
    events = [
        _user("greet"),
        _user("ask_salary"),
        _user("ask_training"),
        _user("ask_salary"),
        _user("talk_to_human"),
        {"event": "active_loop", "name": "recruiter_form"},
        _user("out_of_scope"),  # "Ion Popescu": an answer
        _user("ask_license"),  # a question during the form: the form rejected it
        {"event": "action_execution_rejected", "name": "recruiter_form"},
        _user("ask_not_covered"),  # "0722 123 456": an answer
        {"event": "active_loop", "name": None},
        _user("find_job"),
    ]
    assert conversation_topics(events) == ["ask_salary", "ask_training", "ask_license", "find_job"]


def test_context_summary() -> None:
    assert context_summary("telecom", "germana", None) == "industry=telecom; language=germana"
    assert context_summary(None, None, "none") == "experience=none"
    assert context_summary(None, None, None) == ""


# ------------------------------------------------------------------ with the trained model's confidences


@pytest.fixture(scope="module")
def understood():  # noqa: ANN201 - a function: text -> FormMessage as the form reads it
    import asyncio

    from rasa.core.agent import Agent

    from bot import PROJECT_ROOT

    agent = Agent.load(str(PROJECT_ROOT / "models" / "assistant.tar.gz"))

    def parse(text: str) -> FormMessage:
        result = asyncio.run(agent.parse_message(text))
        entities = tuple((e["entity"], e["value"]) for e in result["entities"])
        return FormMessage(text, result["intent"]["name"], result["intent"]["confidence"], entities)

    return parse


@pytest.mark.parametrize(
    "answer",
    ["Brașov", "galati", "Râmnicu Vâlcea", "Elena Stan", "mihai dobre", "george", "construcții", "agricultura",
     "engleza", "franceza si italiana", "popescu.ana@yahoo.ro", "0745 111 222", "sectorul 6"],
)  # fmt: skip
def test_answers_typed_into_a_form_are_not_taken_for_another_topic(understood, answer: str) -> None:  # noqa: ANN001
    assert not understood(answer).sure_other_topic


@pytest.mark.parametrize(
    "question",
    ["cat castiga un operator incepator?", "Cât ține cursul de pregătire?", "ce studii imi trebuie",
     "ce face concret un operator la telefon?", "e nevoie de vreo autorizatie pentru asigurari?"],
)  # fmt: skip
def test_questions_asked_during_a_form_are_recognised(understood, question: str) -> None:  # noqa: ANN001
    assert understood(question).sure_other_topic

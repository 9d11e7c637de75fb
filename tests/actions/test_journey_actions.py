"""The candidate-journey actions on real rasa-sdk trackers and a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa_sdk.events import SessionStarted, SlotSet
from rasa_sdk.forms import FormValidationAction

from actions.alerts_actions import (
    ActionAlertsStopped,
    ActionAskAlertConsent,
    ActionSubscribeAlerts,
    ValidateJobAlertForm,
)
from actions.privacy_actions import ActionDeleteMyData, ActionGreet, ActionShowMyData, ActionUnsubscribe
from actions.recruiter_actions import ActionAskContactConsent, ActionRequestCallback, ValidateRecruiterForm
from bot.candidates import store as store_module
from bot.candidates import texts
from bot.candidates.form_input import ALERT_SLOTS, RECRUITER_SLOTS, read_alert_form
from bot.candidates.store import CandidateStore
from bot.knowledge.db import Database
from tests.actions.conftest import make_tracker

PRIVACY = "https://privacy.example/date"


@pytest.fixture
def candidates(env_database: Database, monkeypatch, tmp_path: Path) -> Iterator[CandidateStore]:
    """DATABASE_URL on a fresh database, PRIVACY_URL set, no tracker store yet (TRACKER_DB in tmp_path)."""
    monkeypatch.setenv("PRIVACY_URL", PRIVACY)
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    store_module._stores.clear()
    yield CandidateStore(env_database)
    for store in store_module._stores.values():
        store.database.dispose()
    store_module._stores.clear()


def texts_of(dispatcher) -> list[str]:  # noqa: ANN001
    return [m.get("text") or "" for m in dispatcher.messages]


# ------------------------------------------------------------------ form validation


async def test_alert_validator_fills_the_requested_slot(dispatcher, domain) -> None:
    tracker = make_tracker([("ana@example.com", "nlu_fallback")], slots={"requested_slot": "alert_email"})
    events = await ValidateJobAlertForm().run(dispatcher, tracker, domain)
    assert events == [SlotSet("alert_email", "ana@example.com")] and not dispatcher.messages


async def test_alert_validator_explains_a_wrong_address_and_asks_again(dispatcher, domain) -> None:
    tracker = make_tracker([("ana@gmail", "nlu_fallback")], slots={"requested_slot": "alert_email"})
    assert await ValidateJobAlertForm().run(dispatcher, tracker, domain) == [SlotSet("alert_email", None)]
    assert "„ana@gmail” nu pare o adresă de e-mail corectă" in texts_of(dispatcher)[0]


async def test_alert_validator_leaves_a_question_to_the_rules(dispatcher, domain) -> None:
    tracker = make_tracker([("Cât câștigă un operator?", "ask_salary")], slots={"requested_slot": "alert_city"})
    assert await ValidateJobAlertForm().run(dispatcher, tracker, domain) == []
    assert not dispatcher.messages


async def test_alert_validator_changes_the_industry_mid_form(dispatcher, domain) -> None:
    tracker = make_tracker([("de fapt vreau în telecom", "inform")], slots={"requested_slot": "alert_languages"})
    assert await ValidateJobAlertForm().run(dispatcher, tracker, domain) == [SlotSet("alert_industry", "telecom")]
    assert texts_of(dispatcher) == [texts.industry_changed("telecom")]


async def test_alert_validator_starts_afresh(dispatcher, domain) -> None:
    old = {"alert_email": "vechi@example.com", "alert_city": "Iași", "requested_slot": None}
    tracker = make_tracker([("vreau alerte de joburi în retail", "subscribe_alerts")], slots=old)
    events = await ValidateJobAlertForm().run(dispatcher, tracker, domain)
    assert {e["name"]: e["value"] for e in events} == {**dict.fromkeys(ALERT_SLOTS), "alert_industry": "retail"}


async def test_the_form_reads_the_message_as_typed_not_as_folded_for_the_nlu(dispatcher, domain) -> None:
    tracker = make_tracker([("Ştefan Ţurcanu", "nlu_fallback")], slots={"requested_slot": "contact_name"})
    tracker.latest_message["text"] = "stefan turcanu"  # what RomanianTextNormalizer leaves in the parse data
    assert await ValidateRecruiterForm().run(dispatcher, tracker, domain) == [SlotSet("contact_name", "Ştefan Ţurcanu")]


@pytest.mark.parametrize("action", [ValidateJobAlertForm, ValidateRecruiterForm])
def test_the_forms_use_rasa_sdks_hooks_for_every_slot(action, domain) -> None:  # noqa: ANN001
    """Rasa SDK's own run() calls extract_<slot> and validate_<slot>: a slot without them would never be filled."""
    assert action.run is FormValidationAction.run
    for slot in domain["forms"][action().form_name()]["required_slots"]:
        assert callable(getattr(action, f"extract_{slot}", None)), slot
        assert callable(getattr(action, f"validate_{slot}", None)), slot


async def test_the_message_is_read_once_a_turn(dispatcher, domain, monkeypatch) -> None:
    calls = []
    action = ValidateJobAlertForm()
    monkeypatch.setattr(action, "read", lambda *args: calls.append(args) or read_alert_form(*args))
    tracker = make_tracker([("vreau alerte de joburi în retail", "subscribe_alerts")], slots={"requested_slot": None})
    assert len(await action.run(dispatcher, tracker, domain)) == len(ALERT_SLOTS)
    assert len(calls) == 1


async def test_recruiter_validator(dispatcher, domain) -> None:
    name = make_tracker([("mă numesc Ana Pop", "greet")], slots={"requested_slot": "contact_name"})
    assert await ValidateRecruiterForm().run(dispatcher, name, domain) == [SlotSet("contact_name", "Ana Pop")]
    phone = make_tracker([("0722 12", "nlu_fallback")], slots={"requested_slot": "contact_details"})
    assert await ValidateRecruiterForm().run(dispatcher, phone, domain) == [SlotSet("contact_details", None)]
    assert texts_of(dispatcher) == [texts.CONTACT_MISSING]


# ------------------------------------------------------------------ consent questions


@pytest.mark.parametrize(
    ("action", "stored"), [(ActionAskAlertConsent, "adresa de e-mail"), (ActionAskContactConsent, "numele")]
)
async def test_consent_questions_say_what_is_stored_and_link_the_privacy_page(
    candidates, dispatcher, domain, action, stored
) -> None:
    await action().run(dispatcher, make_tracker([("x", "inform")]), domain)
    message = dispatcher.messages[0]
    assert stored in message["text"] and PRIVACY in message["text"] and message["text"].endswith("Ești de acord?")
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


async def test_consent_question_without_a_privacy_page(dispatcher, domain, monkeypatch) -> None:
    monkeypatch.delenv("PRIVACY_URL", raising=False)
    await ActionAskAlertConsent().run(dispatcher, make_tracker([("x", "inform")]), domain)
    assert "Detalii" not in dispatcher.messages[0]["text"]


# ------------------------------------------------------------------ saving


ALERT_VALUES = {
    "alert_email": "ana@example.com",
    "alert_industry": "telecom",
    "alert_city": "Cluj-Napoca",
    "alert_languages": "engleza,germana",
}


async def test_subscription_is_stored_with_the_consent_and_confirmed(candidates, dispatcher, domain) -> None:
    tracker = make_tracker([("da", "affirm")], slots={**ALERT_VALUES, "alert_consent": True})
    events = await ActionSubscribeAlerts().run(dispatcher, tracker, domain)
    assert events == [SlotSet(name, None) for name in ALERT_SLOTS]
    reply = texts_of(dispatcher)[0]
    assert reply.startswith("Mulțumim pentru abonarea la alertele de joburi personalizate!")
    assert "ana@example.com" in reply and "telecomunicații" in reply and "engleză și germană" in reply
    [subscription] = candidates.stored_for("test-user").subscriptions
    assert subscription.email == "ana@example.com" and subscription.languages == ("engleza", "germana")
    assert subscription.consent_text == texts.alert_consent_text(PRIVACY)


async def test_no_consent_no_subscription(candidates, dispatcher, domain) -> None:
    tracker = make_tracker([("nu", "deny")], slots={**ALERT_VALUES, "alert_consent": False})
    await ActionSubscribeAlerts().run(dispatcher, tracker, domain)
    assert "nu te-am abonat" in texts_of(dispatcher)[0]
    assert candidates.stored_for("test-user").empty


async def test_subscription_when_the_database_is_down(dispatcher, domain, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'lipsa' / 'nu-exista.db'}")
    store_module._stores.clear()
    tracker = make_tracker([("da", "affirm")], slots={**ALERT_VALUES, "alert_consent": True})
    events = await ActionSubscribeAlerts().run(dispatcher, tracker, domain)
    assert texts_of(dispatcher) == [texts.STORAGE_UNAVAILABLE] and events == [SlotSet(n, None) for n in ALERT_SLOTS]
    store_module._stores.clear()


async def test_stopping_the_alerts_form_forgets_its_values(dispatcher, domain) -> None:
    events = await ActionAlertsStopped().run(dispatcher, make_tracker([("renunț", "stop")]), domain)
    assert events == [SlotSet(name, None) for name in ALERT_SLOTS]
    assert texts_of(dispatcher) == [texts.ALERTS_STOPPED]


async def test_callback_request_stores_the_topics_of_the_conversation(candidates, dispatcher, domain) -> None:
    turns = [
        ("Cât câștigă un operator?", "ask_salary"),
        ("Cât durează trainingul?", "ask_training"),
        ("vreau să vorbesc cu un om", "talk_to_human"),
        ("da", "affirm"),
    ]
    slots = {"contact_name": "Ana Pop", "contact_details": "+40722123456", "contact_consent": True}
    tracker = make_tracker(turns, slots={**slots, "industry": "asigurari"})
    events = await ActionRequestCallback().run(dispatcher, tracker, domain)
    assert events == [SlotSet(name, None) for name in RECRUITER_SLOTS]
    assert texts_of(dispatcher)[0].startswith("Mulțumim, Ana Pop! Am transmis cererea ta")
    [callback] = candidates.callbacks()
    assert (callback.name, callback.contact, callback.contact_kind) == ("Ana Pop", "+40722123456", "phone")
    assert callback.topics == ("ask_salary", "ask_training") and callback.context == "industry=asigurari"
    assert callback.consent_text == texts.callback_consent_text(PRIVACY)


async def test_callback_without_consent(candidates, dispatcher, domain, monkeypatch) -> None:
    monkeypatch.setenv("RECRUITER_CONTACT", "recrutare@example.ro")
    slots = {"contact_name": "Ana", "contact_details": "ana@example.com", "contact_consent": False}
    await ActionRequestCallback().run(dispatcher, make_tracker([("nu", "deny")], slots=slots), domain)
    assert "nu am trimis cererea" in texts_of(dispatcher)[0] and "recrutare@example.ro" in texts_of(dispatcher)[0]
    assert candidates.callbacks() == []


# ------------------------------------------------------------------ own data


async def test_greeting_links_the_privacy_page(candidates, dispatcher, domain) -> None:
    await ActionGreet().run(dispatcher, make_tracker([("salut", "greet")]), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_greet" and PRIVACY in message["privacy_details"]
    assert "{privacy_details}" in domain["responses"]["utter_greet"][0]["text"]


async def test_unsubscribe(candidates, dispatcher, domain) -> None:
    candidates.subscribe("test-user", "ana@example.com", "retail", "Iași", [], "Acord?")
    await ActionUnsubscribe().run(dispatcher, make_tracker([("dezabonează-mă", "unsubscribe")]), domain)
    assert texts_of(dispatcher) == [texts.unsubscribed(["ana@example.com"])]
    assert not candidates.stored_for("test-user").subscriptions[0].active
    await ActionUnsubscribe().run(dispatcher, make_tracker([("dezabonează-mă", "unsubscribe")]), domain)
    assert texts_of(dispatcher)[1] == texts.NOT_SUBSCRIBED


async def test_show_my_data_lists_everything_stored_for_this_conversation(candidates, dispatcher, domain) -> None:
    candidates.subscribe("test-user", "ana@example.com", "telecom", "Cluj-Napoca", ["germana"], "Acord?")
    candidates.request_callback("test-user", "Ana Pop", "+40722123456", "phone", ["ask_salary"], "", "Acord?")
    candidates.subscribe("altcineva", "ion@example.com", "retail", "Iași", [], "Acord?")
    await ActionShowMyData().run(dispatcher, make_tracker([("ce date aveți despre mine?", "show_my_data")]), domain)
    text = texts_of(dispatcher)[0]
    assert "ana@example.com" in text and "germană" in text and "Ana Pop" in text and "+40722123456" in text
    assert "Salariul" in text and "1 mesaj scris de tine" in text and PRIVACY in text
    assert "ion@example.com" not in text


async def test_delete_my_data_while_the_tracker_store_is_unreadable(
    candidates, dispatcher, domain, monkeypatch, tmp_path
) -> None:
    """The subscriptions go at once; the messages are left to retention, and the conversation starts afresh."""
    broken = tmp_path / "not-a-database.db"
    broken.write_bytes(b"this is not SQLite" * 100)
    monkeypatch.setenv("TRACKER_DB", str(broken))
    candidates.subscribe("test-user", "ana@example.com", "telecom", "Cluj-Napoca", [], "Acord?")
    tracker = make_tracker([("șterge-mi datele", "delete_my_data")], slots={"alert_email": "ana@example.com"})
    events = await ActionDeleteMyData().run(dispatcher, tracker, domain)
    assert texts_of(dispatcher) == [texts.deleted_later(1, 0)]
    assert events == [SessionStarted()]
    assert candidates.stored_for("test-user").empty
    assert [sender for _, sender, _ in candidates.pending_erasures()] == ["test-user"]


async def test_delete_my_data(candidates, dispatcher, domain, monkeypatch) -> None:
    started = []
    monkeypatch.setattr("actions.privacy_actions.finish_in_background", lambda *args, **kwargs: started.append(args))
    candidates.subscribe("test-user", "ana@example.com", "telecom", "Cluj-Napoca", [], "Acord?")
    candidates.request_callback("test-user", "Ana Pop", "+40722123456", "phone", [], "", "Acord?")
    candidates.subscribe("altcineva", "ion@example.com", "retail", "Iași", [], "Acord?")
    tracker = make_tracker([("șterge-mi datele", "delete_my_data")], slots={"alert_email": "ana@example.com"})
    events = await ActionDeleteMyData().run(dispatcher, tracker, domain)
    assert texts_of(dispatcher) == [texts.deleted(1, 1)]
    assert events == [SessionStarted()]  # slots and form reset; later turns do not load the old session
    assert candidates.stored_for("test-user").empty and not candidates.stored_for("altcineva").empty
    # The rows Rasa writes again after this turn are deleted by a background thread; until then, it is pending.
    assert [sender for _, sender, _ in candidates.pending_erasures()] == ["test-user"]
    assert started and started[0][:2] == ("test-user", "action_delete_my_data")

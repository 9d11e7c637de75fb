"""Long conversations end to end (issue 11, item 7): the journeys still work after many turns, when the tracker is
kept in memory between turns (bot/tracker_store.py), the policies see the last states only and the action server
the last turns' events (bot/runtime/long_conversations.py)."""

from __future__ import annotations

import json

import pytest

from bot.candidates import texts
from tests.e2e.conftest import Assistant
from tests.e2e.test_journeys import (
    ASK_CITY,
    ASK_CONTACT,
    ASK_EMAIL,
    ASK_INDUSTRY,
    ASK_NAME,
    ERASURE_SECONDS,
    Chat,
    callbacks,
    stored_events,
    subscriptions,
)
from tests.services.processes import wait_for

pytestmark = pytest.mark.e2e

# More turns than the action server is sent (ACTION_HISTORY_TURNS, 10) before the journeys start.
SMALL_TALK = ["salut", "ce poti face?", "esti un robot?", "mulțumesc", "care e capitala frantei?", "hmm"] * 3


def test_the_recruiter_gets_every_topic_of_a_long_conversation(assistant: Assistant) -> None:
    """action_request_callback is sent the whole conversation: the first topics are stored too."""
    chat = Chat(assistant)
    assert "3000 RON net" in chat("Cât câștigă un operator?")
    chat("Ce face un operator în retail?")
    for message in SMALL_TALK:
        assert chat(message)
    assert ASK_NAME in chat("vreau să vorbesc cu un recrutor")
    assert ASK_CONTACT in chat("Ana Pop")
    assert chat("0722 123 456")
    assert chat("da").startswith("Mulțumim, Ana Pop!")
    [saved] = callbacks(assistant, chat.user)
    assert saved["topics"].split(",")[:2] == ["ask_salary", "ask_duties"]


def test_forms_and_follow_ups_after_many_turns(assistant: Assistant) -> None:
    chat = Chat(assistant)
    for message in SMALL_TALK * 2:
        assert chat(message)
    assert ASK_EMAIL in chat("vreau alerte de joburi")
    assert ASK_INDUSTRY in chat("lung@example.com")
    salary = chat("Cât câștigă un operator?")  # a question in the middle of the form
    assert "3000 RON net" in salary and ASK_INDUSTRY in salary
    assert ASK_CITY in chat("retail")
    assert chat("renunț") == texts.ALERTS_STOPPED
    assert subscriptions(assistant, chat.user) == []
    assert "germană" in chat("cât câștigă un operator?") + chat("și dacă știu germană?")


def test_deleting_a_long_conversation(assistant: Assistant) -> None:
    chat = Chat(assistant)
    for message in ["vreau alerte de joburi", "sters@example.com", *SMALL_TALK]:
        chat(message)
    chat("șterge-mi datele")
    assert "3000 RON net" in chat("cât câștigă un operator?")  # before the background deletion, likely
    assert wait_for(lambda: "sters@example.com" not in json.dumps(stored_events(assistant, chat.user)), ERASURE_SECONDS)
    for message in SMALL_TALK[:4]:
        chat(message)
    assert "sters@example.com" not in json.dumps(stored_events(assistant, chat.user))
    assert "Nicio abonare la alerte" in chat("ce date aveți despre mine?")

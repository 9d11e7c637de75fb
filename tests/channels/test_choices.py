from __future__ import annotations

import pytest

from bot.channels.choices import (
    CHOICE_HINT,
    Option,
    OptionMemory,
    PayloadStore,
    chosen_payload,
    numbered_text,
    options_from_buttons,
)

BUTTONS = [
    {"title": "Ce face un operator", "payload": "/ask_duties"},
    {"title": "Salariul", "payload": "/ask_salary"},
    {"title": "Site", "url": "https://example.ro", "type": "web_url"},
]


def test_buttons_become_numbered_lines() -> None:
    options = options_from_buttons(BUTTONS)
    assert options == [Option("Ce face un operator", "/ask_duties"), Option("Salariul", "/ask_salary")]
    text = numbered_text("Alege un subiect:", options)
    assert text == f"Alege un subiect:\n\n1. Ce face un operator\n2. Salariul\n\n{CHOICE_HINT}"
    assert numbered_text("Fără variante", []) == "Fără variante"


@pytest.mark.parametrize(("reply", "payload"), [("1", "/ask_duties"), (" 2 ", "/ask_salary"), ("2.", "/ask_salary"),
                                                ("1)", "/ask_duties"), ("3", None), ("0", None), ("12 lei", None),
                                                ("salariul", None), ("", None)])
def test_a_number_picks_an_option(reply: str, payload: str | None) -> None:
    assert chosen_payload(reply, options_from_buttons(BUTTONS)) == payload


def test_options_are_remembered_per_sender_for_the_next_reply_only() -> None:
    memory = OptionMemory()
    memory.offer("ana", options_from_buttons(BUTTONS))
    assert memory.resolve("ion", "2") == "2"
    assert memory.resolve("ana", "2") == "/ask_salary"
    assert memory.resolve("ana", "2") == "2"  # used up


def test_a_text_reply_drops_the_offered_options() -> None:
    memory = OptionMemory()
    memory.offer("ana", options_from_buttons(BUTTONS))
    assert memory.resolve("ana", "cât câștigă un operator?") == "cât câștigă un operator?"
    assert memory.resolve("ana", "1") == "1"


def test_offered_options_expire() -> None:
    now = [0.0]
    memory = OptionMemory(ttl_seconds=10, clock=lambda: now[0])
    memory.offer("ana", options_from_buttons(BUTTONS))
    now[0] = 11
    assert memory.resolve("ana", "1") == "1"


def test_long_payloads_get_a_short_stand_in() -> None:
    store = PayloadStore()
    short = '/ask_duties{"industry": "retail"}'
    long = '/ask_salary{"industry": "suport_business", "language": "germana", "experience": "none"}'
    assert store.short(short) == short
    key = store.short(long)
    assert len(key.encode()) <= 64 and key != long
    assert store.full(key) == long
    assert store.full(short) == short
    assert store.full("p:unknown") is None

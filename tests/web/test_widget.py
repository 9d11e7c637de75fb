"""The website widget in headless Chromium, on `make run`'s demo page, talking to the running assistant."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from bot import PROJECT_ROOT
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e

SCREENSHOT = PROJECT_ROOT / "artifacts" / "widget.png"
XSS = "<img src=x onerror=alert(1)>"
TIMEOUT = 30_000
LAUNCHER = "Chat cu asistentul"


def open_chat(page: Page) -> None:
    launcher = page.get_by_role("button", name=LAUNCHER)
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    expect(page.get_by_role("dialog", name="Asistent carieră")).to_be_visible()


def ask(page: Page, question: str, expected: str) -> None:
    """Type a question with the keyboard, press Enter and wait for an answer containing `expected`."""
    answers = page.locator(".rw-bot", has_text=expected)
    before = answers.count()
    page.get_by_label("Mesajul tău").focus()
    page.keyboard.type(question)
    page.keyboard.press("Enter")
    expect(page.locator(".rw-user").last).to_have_text(f"Tu: {question}")
    expect(answers).not_to_have_count(before, timeout=TIMEOUT)


def test_conversation_in_the_widget(assistant: Assistant, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ro-RO")
    page = context.new_page()
    dialogs: list[Dialog] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog), dialog.dismiss()))
    page.goto(assistant.web_url)
    expect(page).to_have_title(re.compile("Operator call center"))

    open_chat(page)
    log = page.get_by_role("log", name="Conversația cu asistentul")
    expect(log).to_contain_text("Bună! Sunt asistentul virtual", timeout=TIMEOUT)  # data-first-message="/greet"
    expect(page.get_by_label("Mesajul tău")).to_be_focused()

    ask(page, "Cât câștigă un operator?", "3000 RON net")
    ask(page, "cat dureaza trainingul", "între două și patru săptămâni")  # no diacritics
    ask(page, "Ce face un operator?", "reclamațiile")

    replies = page.get_by_role("group", name="Variante de răspuns")
    insurance = replies.get_by_role("button", name="Asigurări")
    expect(insurance).to_be_visible()
    insurance.click()
    expect(page.locator(".rw-user").last).to_have_text("Tu: Asigurări")  # the title, not the payload
    expect(page.locator(".rw-bot").last).to_contain_text("polițe de asigurare", timeout=TIMEOUT)
    expect(replies).to_have_count(0)

    # Reload: the conversation is still there, and the assistant still knows its context (same session).
    page.reload()
    expect(page.get_by_role("dialog", name="Asistent carieră")).to_be_visible()
    for fact in ("3000 RON net", "între două și patru săptămâni", "polițe de asigurare", "Tu: Asigurări"):
        expect(log).to_contain_text(fact)
    ask(page, "și în retail?", "retururile")

    # What the user types is shown as text, never run as HTML.
    ask(page, XSS, "")
    expect(page.locator(".rw-user").last).to_have_text(f"Tu: {XSS}")
    expect(log.locator("img")).to_have_count(0)
    assert dialogs == []

    # Links in answers are real links, opened safely.
    ask(page, "unde gasesc joburi?", "https://jobs.example/operator")
    link = log.get_by_role("link", name="https://jobs.example/operator").last
    expect(link).to_have_attribute("href", "https://jobs.example/operator")
    expect(link).to_have_attribute("rel", "noopener noreferrer nofollow")

    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    # Keyboard: Escape closes the chat and gives the focus back to the launcher.
    page.keyboard.press("Escape")
    launcher = page.get_by_role("button", name=LAUNCHER)
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    context.close()


def test_widget_fills_a_phone_screen(assistant: Assistant, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(assistant.web_url)
    open_chat(page)
    box = page.get_by_role("dialog", name="Asistent carieră").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740
    assert box["width"] >= 350
    ask(page, "cat castiga un operator fara experienta", "2500 RON net")
    page.get_by_role("button", name="Închide chatul").click()
    expect(page.get_by_role("button", name=LAUNCHER)).to_be_visible()
    context.close()


def test_widget_reconnects_after_the_connection_drops(assistant: Assistant, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    connections = []

    def through(ws) -> None:  # noqa: ANN001 (a WebSocketRoute: the browser's websocket, passed to the server)
        connections.append(ws.connect_to_server())

    page.route_web_socket(re.compile(r".*/socket\.io/.*"), through)
    page.goto(assistant.web_url)
    open_chat(page)
    log = page.get_by_role("log", name="Conversația cu asistentul")
    expect(log).to_contain_text("Bună!", timeout=TIMEOUT)
    wait_until(lambda: len(connections) == 1, page)  # socket.io upgraded from polling to a websocket

    connections[0].close()  # the connection drops (as when the server restarts)
    reconnecting = page.get_by_role("status").filter(has_text="Se reconectează")
    # The visitor is told, as soon as the page notices: at once when the close reaches it, else at socket.io's
    # ping timeout (25 + 20 s).
    expect(reconnecting).to_have_count(1, timeout=60_000)
    # The widget connects again by itself (polling first; the websocket upgrade may come later on a loaded
    # machine, so what is checked is what the visitor sees: the notice goes, the question is answered).
    expect(reconnecting).to_have_count(0, timeout=60_000)
    ask(page, "Cât câștigă un operator?", "3000 RON net")  # in the same session, answered
    expect(page.get_by_role("status").filter(has_text="Se reconectează")).to_have_count(0)
    context.close()


def wait_until(condition: Callable[[], bool], page: Page, seconds: float = 20) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not met in time")


def test_widget_in_english(assistant: Assistant, browser: Browser) -> None:
    """data-language="en" (web/en.html): the widget's own texts, the greeting and the answers in English; a
    message in Romanian (without diacritics) switches the conversation to Romanian, and a short "ok" keeps it."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(assistant.web_url + "/en.html")  # web/en.html: the demo page with data-language="en"
    page.get_by_role("button", name="Chat with the assistant").click()
    expect(page.get_by_role("dialog", name="Career assistant")).to_be_visible()
    log = page.get_by_role("log", name="Conversation with the assistant")
    expect(log).to_contain_text("Hi! I'm the virtual assistant", timeout=TIMEOUT)  # '/greet{"reply_language": "en"}'
    expect(page.get_by_label("Your message")).to_have_attribute("placeholder", "Type a question…")

    def ask_in(question: str, expected: str) -> None:
        answers = page.locator(".rw-bot", has_text=expected)
        before = answers.count()
        page.get_by_label("Your message").fill(question)
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".rw-user").last).to_have_text(f"You: {question}")
        expect(answers).not_to_have_count(before, timeout=TIMEOUT)

    ask_in("ok", "What else can I help you with?")  # too short to tell: the widget's English is kept
    ask_in("How much does an operator earn?", "3000 RON net per month")
    ask_in("cat dureaza trainingul", "între două și patru săptămâni")  # Romanian without diacritics
    ask_in("ok", "Cu ce te mai pot ajuta?")  # and now "ok" keeps Romanian
    ask_in("And do I need a degree?", "high-school diploma")  # back to English
    context.close()

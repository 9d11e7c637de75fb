"""Issue 14's journey as a visitor lives it: in the website widget (headless Chromium) a candidate finds an
opening, subscribes to job alerts, confirms by the e-mail's link, receives an alert for a new opening and
unsubscribes by the alert's link, both links opened in the same browser. The e-mails go to a real SMTP server on
loopback; the recruiter's steps are the real command line. tests/e2e/test_jobs.py covers the same over REST in
more detail (bad links, the `List-Unsubscribe` POST, sending twice)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from bot.jobs import texts as say
from tests.e2e.conftest import Assistant
from tests.e2e.test_jobs import HEADER, bot
from tests.services.smtp import link, text_part
from tests.web.test_widget import TIMEOUT, ask, open_chat

pytestmark = pytest.mark.e2e

ADDRESS = "widget.alerte@example.com"
OPENING = "WEB-TM,Operator widget retail Timișoara,retail,Timișoara,nu,,,,2026-11-01,,https://jobs.example/web-1"


def test_find_subscribe_confirm_receive_and_unsubscribe_in_the_widget(
    assistant: Assistant, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    mail = assistant.mail
    assert mail is not None
    csv = tmp_path_factory.mktemp("web-jobs") / "posturi.csv"
    csv.write_text(f"{HEADER}\n{OPENING}\n", encoding="utf-8")
    bot(assistant, "jobs", "import", str(csv), "--by", "recrutor")

    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ro-RO")
    page = context.new_page()
    page.goto(assistant.web_url)
    open_chat(page)
    log = page.get_by_role("log", name="Conversația cu asistentul")
    expect(log).to_contain_text("Bună!", timeout=TIMEOUT)

    # (1) The opening, found by a town written without diacritics; its link is a real link.
    ask(page, "caut un job in timisoara", "Operator widget retail Timișoara")
    expect(log.get_by_role("link", name="https://jobs.example/web-1")).to_have_attribute(
        "href", "https://jobs.example/web-1"
    )

    # (2) Subscribing through the form, the industry by its button.
    ask(page, "vreau alerte de joburi", "adresă de e-mail")
    ask(page, ADDRESS, "domeniu")
    page.get_by_role("group", name="Variante de răspuns").get_by_role("button", name="Retail").click()
    expect(page.locator(".rw-user").last).to_have_text("Tu: Retail")
    expect(page.locator(".rw-bot").last).to_contain_text("În ce oraș", timeout=TIMEOUT)
    ask(page, "Timisoara", "limb")
    ask(page, "niciuna", "")
    ask(page, "da", "link de confirmare")
    [confirmation] = mail.wait_for(1, to=ADDRESS)

    # (3) Confirming: the e-mail's link opened in the browser, a button to press.
    mail_page = context.new_page()
    mail_page.goto(link(confirmation, "confirm"))
    expect(mail_page.locator("html")).to_have_attribute("lang", "ro")
    mail_page.get_by_role("button", name="Confirmă abonarea").click()
    expect(mail_page.get_by_role("heading", level=1)).to_have_text(say.CONFIRMED[0])

    # (4) A new matching opening; the cron run sends it.
    bot(assistant, "jobs", "add", "--title", "Operator widget retail Timișoara nou", "--industry", "retail",
        "--city", "Timișoara", "--apply-url", "https://jobs.example/web-2", "--ref", "WEB-TM-2")  # fmt: skip
    bot(assistant, "alerts", "send")
    alert = mail.wait_for(2, to=ADDRESS)[1]
    assert "Operator widget retail Timișoara nou" in text_part(alert)
    assert "https://jobs.example/web-2" in text_part(alert)

    # (5) Unsubscribing: one click on the alert's link, and the chat knows.
    mail_page.goto(link(alert, "unsubscribe"))
    expect(mail_page.get_by_role("heading", level=1)).to_have_text(say.UNSUBSCRIBED[0])
    mail_page.close()
    ask(page, "ce date aveti despre mine?", "încheiată")
    context.close()

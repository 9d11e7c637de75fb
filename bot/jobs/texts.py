"""What the job search in the chat, the alert e-mails and the link pages say, in Romanian; the chat's texts
also in English (bot/english.yml, section `jobs`), the e-mails and pages only in Romanian.

The e-mails have a plain-text and an HTML part with the same content; every value a recruiter or a candidate
typed is escaped in the HTML. Nothing here states a salary unless the opening publishes it ("din anunț").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape

from bot.answers.names import language_name
from bot.candidates.texts import CONFIRM_DAYS, count, industry_title, languages_title
from bot.candidates.validation import ANY_INDUSTRY, ANYWHERE, REMOTE
from bot.english import ENGLISH, english
from bot.jobs.openings import Opening
from bot.jobs.search import Filters

PAGE_SIZE = 3
MORE_TITLE = "Mai multe posturi"
ALERTS_BUTTON = {"title": "Alerte de joburi", "payload": "/subscribe_alerts"}

# ---------------------------------------------------------------- the chat


def _en(name: str, *names: str) -> str:
    return str(english("jobs", name, *names))


def more_title(language: str = "ro") -> str:
    return _en("MORE_TITLE") if language == ENGLISH else MORE_TITLE


def alerts_button(language: str = "ro") -> dict[str, str]:
    return dict(english("jobs", "ALERTS_BUTTON")) if language == ENGLISH else dict(ALERTS_BUTTON)


def no_more(language: str = "ro") -> str:
    return _en("NO_MORE") if language == ENGLISH else NO_MORE


def where(filters: Filters, language: str = "ro") -> str:
    """ " în retail, în Cluj-Napoca, cu germană" (with its leading space), "" without filters."""
    parts = []
    if language == ENGLISH:
        if filters.industry:
            parts.append(_en("where", "industry").format(industry=industry_title(filters.industry, language)))
        if filters.city:
            parts.append(_en("where", "city").format(city=filters.city))
        if filters.remote:
            parts.append(_en("where", "remote"))
        if filters.language:
            parts.append(_en("where", "language").format(language=language_name(filters.language, language)))
        return " " + ", ".join(parts) if parts else ""
    if filters.industry:
        parts.append(f"în {industry_title(filters.industry)}")
    if filters.city:
        parts.append(f"în {filters.city}")
    if filters.remote:
        parts.append("de acasă")
    if filters.language:
        parts.append(f"cu {language_name(filters.language)}")
    return " " + ", ".join(parts) if parts else ""


def salary(opening: Opening, language: str = "ro") -> str | None:
    """The net salary the opening publishes, said as the opening's; None when it publishes none."""
    low, high = opening.salary_min_ron, opening.salary_max_ron
    english_text = language == ENGLISH
    if low and high:
        amount = f"{low}" if low == high else f"{low}–{high}"
    elif low:
        amount = _en("from").format(low=low) if english_text else f"de la {low}"
    elif high:
        amount = _en("up_to").format(high=high) if english_text else f"până la {high}"
    else:
        return None
    return _en("salary").format(amount=amount) if english_text else f"salariu {amount} RON net pe lună (din anunț)"


def place(opening: Opening, language: str = "ro") -> str:
    if language == ENGLISH:
        if opening.city and opening.remote:
            return _en("city_or_remote").format(city=opening.city)
        return opening.city or _en("remote")
    if opening.city and opening.remote:
        return f"{opening.city} sau de acasă"
    return opening.city or "de acasă"


def details(opening: Opening, language: str = "ro") -> str:
    """ "Cluj-Napoca, retail, cu germană, salariu 4000–4500 RON net pe lună (din anunț)" """
    parts = [place(opening, language), industry_title(opening.industry, language)]
    if opening.languages:
        spoken = languages_title(opening.languages, language)
        parts.append(_en("languages").format(languages=spoken) if language == ENGLISH else f"cu {spoken}")
    pay = salary(opening, language)
    if pay:
        parts.append(pay)
    return ", ".join(parts)


def opening_line(opening: Opening, language: str = "ro") -> str:
    if language == ENGLISH:
        return _en("opening_line").format(
            title=opening.title, details=details(opening, language), apply_url=opening.apply_url
        )
    return f"• {opening.title} ({details(opening)}). Aplică: {opening.apply_url}"


def posts(n: int, language: str = "ro") -> str:
    if language == ENGLISH:
        return f"1 {_en('post_one')}" if n == 1 else f"{n} {_en('post_many')}"
    return count(n, "post deschis", "posturi deschise")


def _shown(n: int, language: str) -> str:
    if n <= PAGE_SIZE:
        return ":"
    return _en("first_ones").format(page_size=PAGE_SIZE) if language == ENGLISH else f"; iată primele {PAGE_SIZE}:"


def found(n: int, filters: Filters, language: str = "ro") -> str:
    shown = _shown(n, language)
    if language == ENGLISH:
        return _en("found").format(posts=posts(n, language), where=where(filters, language), shown=shown)
    return f"Am {posts(n)} de operator{where(filters)}{shown}"


def found_without(n: int, asked: Filters, full: Filters, language: str = "ro") -> str:
    """Nothing matches with the conversation's filters too: what matches the message's own."""
    shown = _shown(n, language)
    if language == ENGLISH:
        return _en("found_without").format(
            full=where(full, language), posts=posts(n, language), asked=where(asked, language), shown=shown
        )
    return f"Nu am posturi deschise de operator{where(full)}, dar am {posts(n)}{where(asked)}{shown}"


def none_found(filters: Filters, language: str = "ro") -> str:
    if language == ENGLISH:
        return _en("none_found").format(where=where(filters, language))
    return (
        f"Acum nu am niciun post deschis de operator{where(filters)}. Te pot anunța prin e-mail când apare unul: "
        "apasă „Alerte de joburi” sau scrie „vreau alerte de joburi”."
    )


def page_intro(first: int, last: int, n: int, filters: Filters, language: str = "ro") -> str:
    if language == ENGLISH:
        return _en("page_intro").format(where=where(filters, language), first=first, last=last, n=n)
    return f"Alte posturi deschise de operator{where(filters)} ({first}–{last} din {n}):"


NO_MORE = "Nu mai am alte posturi deschise pentru această căutare."


# ---------------------------------------------------------------- what the subscription asked for


def asked_for(industry: str, city: str, languages: Sequence[str]) -> str:
    """ "în retail, în Cluj-Napoca, pentru vorbitori de engleză" """
    field = "în orice domeniu" if industry == ANY_INDUSTRY else f"în {industry_title(industry)}"
    if city == ANYWHERE:
        place_text = "în orice oraș"
    elif city == REMOTE:
        place_text = "cu lucru de acasă"
    else:
        place_text = f"în {city}"
    spoken = f", pentru vorbitori de {languages_title(languages)}" if languages else ", fără limbi străine cerute"
    return f"{field}, {place_text}{spoken}"


def _day(moment: date | datetime) -> str:
    return f"{moment:%d.%m.%Y}"


# ---------------------------------------------------------------- e-mails


def confirmation_subject() -> str:
    return "Confirmă abonarea la alertele de joburi"


def confirmation_text(what: str, confirm_url: str, unsubscribe_url: str) -> str:
    return (
        "Bună ziua,\n\n"
        "Ai cerut, în conversația cu asistentul nostru de carieră, alerte prin e-mail cu joburi de operator call "
        f"center {what}.\n\n"
        "Ca să pornim alertele, confirmă că această adresă îți aparține:\n"
        f"{confirm_url}\n\n"
        f"Linkul este valabil {CONFIRM_DAYS} zile. Dacă nu tu ai cerut alertele, ignoră acest mesaj: fără "
        "confirmare nu îți trimitem nicio alertă, iar cererea se oprește singură.\n\n"
        f"Renunți? Dezabonare cu un clic: {unsubscribe_url}\n"
    )


def confirmation_html(what: str, confirm_url: str, unsubscribe_url: str) -> str:
    return _html(
        confirmation_subject(),
        f"<p>Bună ziua,</p><p>Ai cerut, în conversația cu asistentul nostru de carieră, alerte prin e-mail cu joburi "
        f"de operator call center {escape(what)}.</p>"
        "<p>Ca să pornim alertele, confirmă că această adresă îți aparține:</p>"
        f'<p><a href="{escape(confirm_url)}" style="{_BUTTON}">Confirmă abonarea</a></p>'
        f"<p>Linkul este valabil {CONFIRM_DAYS} zile. Dacă nu tu ai cerut alertele, ignoră acest mesaj: fără "
        "confirmare nu îți trimitem nicio alertă, iar cererea se oprește singură.</p>"
        f'<p style="{_SMALL}">Renunți? <a href="{escape(unsubscribe_url)}">Dezabonare cu un clic</a>.</p>',
    )


def alert_subject(n: int) -> str:
    return f"{count(n, 'job nou', 'joburi noi')} de operator call center pentru tine"


def _alert_intro(n: int, what: str) -> str:
    new = "A apărut un job nou" if n == 1 else f"Au apărut {count(n, 'job nou', 'joburi noi')}"
    return f"{new} de operator call center potrivit{'' if n == 1 else 'e'} abonării tale ({what}):"


def _alert_footer(consented: datetime) -> str:
    return (
        f"Primești acest e-mail pentru că te-ai abonat la alertele de joburi pe {_day(consented)} și ai confirmat "
        "adresa. Îți trimitem doar anunțurile potrivite domeniului, orașului și limbilor alese, fiecare o singură "
        "dată."
    )


def alert_text(openings: Sequence[Opening], what: str, consented: datetime, unsubscribe_url: str) -> str:
    lines = ["Bună ziua,", "", _alert_intro(len(openings), what), ""]
    for number, opening in enumerate(openings, start=1):
        lines += [
            f"{number}. {opening.title}",
            f"   {details(opening)}",
            f"   Publicat pe {_day(opening.posted_on)}. Aplică: {opening.apply_url}",
            "",
        ]
    lines += [_alert_footer(consented), "", f"Dezabonare cu un clic: {unsubscribe_url}"]
    return "\n".join(lines) + "\n"


def alert_html(openings: Sequence[Opening], what: str, consented: datetime, unsubscribe_url: str) -> str:
    items = "".join(
        f'<li style="margin-bottom:12px"><strong>{escape(o.title)}</strong><br>{escape(details(o))}<br>'
        f'Publicat pe {_day(o.posted_on)}. <a href="{escape(o.apply_url)}">Aplică</a></li>'
        for o in openings
    )
    return _html(
        alert_subject(len(openings)),
        f"<p>Bună ziua,</p><p>{escape(_alert_intro(len(openings), what))}</p><ol>{items}</ol>"
        f'<p style="{_SMALL}">{escape(_alert_footer(consented))} '
        f'<a href="{escape(unsubscribe_url)}">Dezabonare cu un clic</a>.</p>',
    )


_BUTTON = (
    "display:inline-block;padding:10px 18px;background:#0b57d0;color:#ffffff;text-decoration:none;border-radius:6px"
)
_SMALL = "font-size:13px;color:#555555"


def _html(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="ro"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>"
        f'<body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#222222">{body}</body></html>'
    )


# ---------------------------------------------------------------- the link pages (bot/channels/alert_links.py)


def page(title: str, message: str, form: str = "") -> str:
    """A small self-contained page (no script, no outside resource)."""
    return (
        '<!DOCTYPE html><html lang="ro"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title>"
        "<style>body{font-family:Arial,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5;"
        "color:#222}button{font-size:1rem;padding:.6rem 1.2rem;background:#0b57d0;color:#fff;border:0;"
        "border-radius:6px;cursor:pointer}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(message)}</p>{form}</body></html>"
    )


CONFIRM_TITLE = "Confirmă abonarea la alertele de joburi"


def confirm_question(what: str) -> str:
    return f"Apasă butonul ca să pornești alertele prin e-mail cu joburi de operator call center {what}."


def confirm_form() -> str:
    """The button that confirms: a POST to the page's own address (the link)."""
    return '<form method="post"><button type="submit">Confirmă abonarea</button></form>'


CONFIRMED = (
    "Abonare confirmată",
    "Mulțumim! De acum îți trimitem prin e-mail joburile noi potrivite abonării tale. Fiecare e-mail are un link "
    "de dezabonare.",
)
ALREADY_CONFIRMED = ("Abonarea era deja confirmată", "Linkul a fost folosit deja: abonarea ta este confirmată.")
CONFIRM_ENDED = (
    "Abonarea a fost oprită",
    "Această abonare a fost oprită între timp, așa că nu o mai poți confirma. Dacă vrei alerte, abonează-te din nou "
    "din conversația cu asistentul („vreau alerte de joburi”).",
)
CONFIRM_EXPIRED = (
    "Linkul de confirmare a expirat",
    f"Linkul de confirmare este valabil {CONFIRM_DAYS} zile și a expirat. Nu îți trimitem nicio alertă. Dacă vrei "
    "alerte, abonează-te din nou din conversația cu asistentul („vreau alerte de joburi”).",
)
UNSUBSCRIBED = (
    "Te-ai dezabonat",
    "Gata: nu vei mai primi alerte de joburi la această adresă. Te poți abona din nou oricând din conversația cu "
    "asistentul.",
)
ALREADY_UNSUBSCRIBED = (
    "Te-ai dezabonat deja",
    "Linkul a fost folosit deja: abonarea este oprită și nu vei mai primi alerte de joburi de la ea.",
)
SUBSCRIPTION_GONE = (
    "Abonarea nu mai există",
    "Nu am găsit abonarea acestui link: a fost ștearsă (la cererea ta sau după perioada de păstrare a datelor). Nu "
    "vei primi alerte de la ea.",
)
LINK_INVALID = (
    "Link nevalid",
    "Linkul nu este valid: poate a fost copiat incomplet sau modificat. Deschide-l din nou din e-mail, exact cum "
    "a fost trimis.",
)
UNAVAILABLE = (
    "Nu am putut înregistra acum",
    "Îmi pare rău, din cauza unei probleme tehnice nu am putut înregistra cererea. Te rog să încerci din nou peste "
    "câteva minute, cu același link.",
)


def review_texts() -> list[tuple[str, str, str]]:
    """(topic, variant, text) of the job search's and the e-mails' texts, with example values, for `review`."""
    from bot.jobs.openings import Opening

    example = Opening(
        id=1, ref="EX-01", title="[EXEMPLU] Operator call center cu germană", industry="retail", city="Cluj-Napoca",
        remote=False, languages=("germana",), salary_min_ron=None, salary_max_ron=None, posted_on=date(2026, 11, 2),
        expires_on=None, apply_url="https://www.example.com/exemplu/ex-01", description=None, status="open",
        created_at=datetime(2026, 11, 2),
    )  # fmt: skip
    search = Filters(city="Cluj-Napoca", industry="retail")
    what = asked_for("retail", "Cluj-Napoca", ["germana"])
    pages = [CONFIRMED, ALREADY_CONFIRMED, CONFIRM_ENDED, CONFIRM_EXPIRED, UNSUBSCRIBED, ALREADY_UNSUBSCRIBED,
             SUBSCRIPTION_GONE, LINK_INVALID, UNAVAILABLE]  # fmt: skip
    return [
        ("find_job", "posturi găsite (exemplu)", "\n".join([found(4, search), opening_line(example)])),
        ("find_job", "fără filtrele conversației (exemplu)", found_without(1, Filters(city="Cluj-Napoca"), search)),
        ("find_job", "niciun post (exemplu)", none_found(Filters(city="Oradea"))),
        ("find_job", "butonul „mai multe” (exemplu)", page_intro(4, 6, 8, search)),
        ("find_job", "nu mai sunt posturi", NO_MORE),
        ("subscribe_alerts", "e-mailul de confirmare (exemplu)", confirmation_text(what, "<link>", "<link>")),
        ("subscribe_alerts", "e-mailul cu alerte (exemplu)", alert_text([example], what, example.created_at, "<link>")),
        *[("subscribe_alerts", f"pagina linkului: {title}", message) for title, message in pages],
    ]

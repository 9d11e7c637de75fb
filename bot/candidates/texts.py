"""What the assistant says in the candidate journeys. Questions without a link or a value are fixed
responses in domain/journeys.yml; the texts here depend on the configuration (PRIVACY_URL, ...) or on what the
candidate gave. Romanian here, English in bot/english.yml (section `candidates`, same names): every function
takes the reply language, `fixed(NAME, language)` gives a constant in it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.answers.names import language_name
from bot.candidates.validation import ANY_INDUSTRY, ANYWHERE, REMOTE
from bot.english import ENGLISH, english
from bot.settings import Settings
from bot.vocabulary import INDUSTRIES

if TYPE_CHECKING:  # for the annotations only: the texts need no database code
    from bot.candidates.store import Callback, Subscription

# Names of the journeys' topics for recruiters (`python -m bot review`).
JOURNEY_TITLES: dict[str, str] = {
    "subscribe_alerts": "Alerte de joburi",
    "talk_to_human": "Vorbește cu un recrutor",
    "unsubscribe": "Dezabonare de la alerte",
    "show_my_data": "Ce date am despre tine",
    "delete_my_data": "Ștergerea datelor",
    "stop": "Renunț (oprește un formular)",
    "affirm": "Da",
    "deny": "Nu",
}
# Responses sent by actions and forms rather than by a rule: the topic they belong to.
RESPONSE_TOPICS: dict[str, str] = {
    "utter_greet": "greet",
    "utter_ask_alert_email": "subscribe_alerts",
    "utter_ask_alert_industry": "subscribe_alerts",
    "utter_ask_alert_city": "subscribe_alerts",
    "utter_ask_alert_languages": "subscribe_alerts",
    "utter_ask_contact_name": "talk_to_human",
    "utter_ask_contact_details": "talk_to_human",
}

INDUSTRY_TITLES: dict[str, str] = {**{key: i.title for key, i in INDUSTRIES.items()}, ANY_INDUSTRY: "orice domeniu"}

# How long the link of the confirmation e-mail works (bot/jobs/links.py); after that the subscription ends.
CONFIRM_DAYS = 7

# Yes / no buttons of the consent questions: they send the intent itself, whatever the channel.
CONSENT_BUTTONS = [
    {"title": "Da, sunt de acord", "payload": "/affirm"},
    {"title": "Nu", "payload": "/deny"},
]


def _en(*names: str) -> str:
    return str(english("candidates", *names))


def fixed(name: str, language: str = "ro") -> str:
    """One of the fixed texts of this module (EMAIL_MISSING, ALERTS_STOPPED, ...) in the reply language."""
    return _en(name) if language == ENGLISH else str(globals()[name])


def consent_buttons(language: str = "ro") -> list[dict[str, str]]:
    return list(english("candidates", "CONSENT_BUTTONS")) if language == ENGLISH else list(CONSENT_BUTTONS)


def industry_title(value: str, language: str = "ro") -> str:
    if language == ENGLISH:
        titles = {**english("extras", "industry_titles"), **english("candidates", "INDUSTRY_TITLES")}
        return str(titles.get(value, value))
    return INDUSTRY_TITLES.get(value, value)


def languages_title(values: Sequence[str], language: str = "ro") -> str:
    names = [language_name(v, language) for v in values]
    if not names:
        return _en("languages_title", "none") if language == ENGLISH else "niciuna"
    joiner = _en("languages_title", "and") if language == ENGLISH else " și "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]


def privacy_details(privacy_url: str, language: str = "ro") -> str:
    """The sentence that points to the privacy notice, or nothing when PRIVACY_URL is not configured."""
    if not privacy_url:
        return ""
    if language == ENGLISH:
        return _en("privacy_details").format(privacy_url=privacy_url)
    return f"Detalii despre cum folosim datele: {privacy_url} . "


# ---------------------------------------------------------------- consent


def alert_consent_text(privacy_url: str, language: str = "ro") -> str:
    """The consent question of the job alerts; stored, word for word, with the subscription."""
    if language == ENGLISH:
        return _en("alert_consent_text").format(privacy_details=privacy_details(privacy_url, language))
    return (
        "Ca să îți trimitem alertele, păstrăm adresa de e-mail, domeniul, orașul și limbile străine pe care mi "
        "le-ai dat, împreună cu data acestui acord, doar pentru a-ți trimite prin e-mail anunțuri de joburi "
        "potrivite. Îți trimitem întâi un e-mail cu un link de confirmare: alertele pornesc doar după ce îl "
        "apeși. Te poți dezabona oricând, din linkul din fiecare e-mail sau scriind „dezabonează-mă”, iar "
        f"„șterge-mi datele” le șterge pe toate. {privacy_details(privacy_url)}Ești de acord?"
    )


def callback_consent_text(privacy_url: str, language: str = "ro") -> str:
    """The consent question of a callback request; stored, word for word, with the request."""
    if language == ENGLISH:
        return _en("callback_consent_text").format(privacy_details=privacy_details(privacy_url, language))
    return (
        "Ca un recrutor să te poată contacta, păstrăm numele și datele de contact pe care mi le-ai dat, împreună "
        "cu subiectele despre care ai întrebat în această conversație, doar pentru a te suna sau a-ți scrie "
        "despre un job de operator call center. Poți cere oricând ștergerea lor scriind „șterge-mi datele”. "
        f"{privacy_details(privacy_url)}Ești de acord?"
    )


# ---------------------------------------------------------------- form hints

EMAIL_MISSING = "Am nevoie de o adresă de e-mail, de exemplu nume@exemplu.ro."


def email_invalid(candidate: str, non_ascii: bool = False, language: str = "ro") -> str:
    if language == ENGLISH:
        extra = _en("email_invalid_extra") if non_ascii else ""
        return _en("email_invalid").format(candidate=candidate, extra=extra)
    extra = " Scrie-o fără diacritice." if non_ascii else ""
    return f"„{candidate}” nu pare o adresă de e-mail corectă.{extra} Verific-o, te rog, și scrie-o din nou."


INDUSTRY_UNKNOWN = (
    "Nu am recunoscut domeniul. Alege unul dintre: retail, telecomunicații, utilități, asigurări, financiar, "
    "suport tehnic, suport pentru companii, comerț, sau scrie „oricare”."
)


def industry_changed(value: str, language: str = "ro") -> str:
    if language == ENGLISH:
        return _en("industry_changed").format(industry=industry_title(value, language))
    return f"Am schimbat domeniul: {industry_title(value)}."


CITY_INVALID = "Scrie, te rog, doar numele orașului (de exemplu „Cluj-Napoca”), „oriunde” sau „de acasă”."
LANGUAGES_UNKNOWN = (
    "Nu am recunoscut limbile. Scrie limbile străine pe care le vorbești (de exemplu „engleză și germană”) "
    "sau „niciuna”."
)
YES_OR_NO = "Te rog să răspunzi cu „da” (ești de acord) sau „nu”."
NAME_INVALID = "Scrie, te rog, doar numele tău, de exemplu „Ana Popescu”."
CONTACT_MISSING = "Am nevoie de un număr de telefon (de exemplu 0722 123 456) sau de o adresă de e-mail."


def phone_invalid(candidate: str, language: str = "ro") -> str:
    if language == ENGLISH:
        return _en("phone_invalid").format(candidate=candidate)
    return (
        f"Numărul „{candidate}” nu pare corect. Scrie un număr de telefon (de exemplu 0722 123 456 sau "
        "+40 722 123 456) sau o adresă de e-mail."
    )


# ---------------------------------------------------------------- job alerts


def _where(city: str, language: str = "ro") -> str:
    if language == ENGLISH:
        where = "anywhere" if city == ANYWHERE else "remote" if city == REMOTE else "city"
        return _en("_where", where).format(city=city)
    if city == ANYWHERE:
        return "în orice oraș"
    if city == REMOTE:
        return "cu lucru de acasă (remote)"
    return f"în {city}"


def subscribed(email: str, industry: str, city: str, languages: Sequence[str], language: str = "ro") -> str:
    if language == ENGLISH:
        field = (
            _en("field_any")
            if industry == ANY_INDUSTRY
            else _en("field_industry").format(industry=industry_title(industry, language))
        )
        spoken = _en("spoken").format(languages=languages_title(languages, language)) if languages else ""
        return _en("subscribed").format(
            email=email, confirm_days=CONFIRM_DAYS, field=field, where=_where(city, language), spoken=spoken
        )
    field = "în orice domeniu" if industry == ANY_INDUSTRY else f"în {industry_title(industry)}"
    spoken = f", pentru vorbitori de {languages_title(languages)}" if languages else ""
    return (
        f"Mulțumim pentru abonarea la alertele de joburi personalizate! Ți-am trimis la {email} un e-mail cu un "
        f"link de confirmare: după ce îl apeși (în cel mult {CONFIRM_DAYS} zile), îți trimitem anunțurile noi "
        f"pentru operator call center {field}, {_where(city)}{spoken}. Dacă nu îl găsești, caută și în dosarul "
        "Spam. Te poți dezabona oricând scriind „dezabonează-mă”."
    )


def not_subscribed(job_search_url: str, language: str = "ro") -> str:
    if language == ENGLISH:
        return _en("not_subscribed").format(job_search_url=job_search_url)
    return (
        "Am înțeles: fără acordul tău nu păstrez nimic, așa că nu te-am abonat la alerte. Poți căuta oricând "
        f"joburi aici: {job_search_url}"
    )


ALERTS_STOPPED = (
    "Am oprit abonarea la alerte și nu am păstrat nimic din ce mi-ai scris pentru ea. Cu ce te mai pot ajuta?"
)


def unsubscribed(emails: Iterable[str], language: str = "ro") -> str:
    addresses = ", ".join(sorted(set(emails)))
    if language == ENGLISH:
        return _en("unsubscribed").format(addresses=addresses)
    return f"Gata, te-am dezabonat: nu vei mai primi alerte de joburi la {addresses}."


NOT_SUBSCRIBED = (
    "Nu am găsit nicio abonare activă la alerte făcută din această conversație, așa că nu am ce opri. Dacă "
    "primești alerte prin e-mail, folosește linkul de dezabonare din mesaj."
)

# ---------------------------------------------------------------- callback requests


def callback_saved(name: str, contact: str, recruiter_contact: str, language: str = "ro") -> str:
    if language == ENGLISH:
        text = _en("callback_saved", "text").format(name=name, contact=contact)
        if recruiter_contact:
            text += _en("callback_saved", "recruiter").format(recruiter_contact=recruiter_contact)
        return text
    text = (
        f"Mulțumim, {name}! Am transmis cererea ta: un recrutor te va contacta la {contact} în legătură cu un "
        "job de operator call center."
    )
    if recruiter_contact:
        text += f" Dacă vrei, poți scrie și direct: {recruiter_contact} ."
    return text


def callback_not_saved(recruiter_contact: str, language: str = "ro") -> str:
    if language == ENGLISH:
        text = _en("callback_not_saved", "text")
        if recruiter_contact:
            text += _en("callback_not_saved", "recruiter").format(recruiter_contact=recruiter_contact)
        return text + _en("callback_not_saved", "end")
    text = "Am înțeles: fără acordul tău nu păstrez nimic, așa că nu am trimis cererea."
    if recruiter_contact:
        text += f" Poți scrie oricând direct unui recrutor: {recruiter_contact} ."
    return text + " Dacă te răzgândești, scrie „vreau să vorbesc cu un recrutor”."


CALLBACK_STOPPED = (
    "Am oprit cererea către un recrutor și nu am păstrat nimic din ce mi-ai scris pentru ea. Cu ce te mai pot ajuta?"
)

# The store refused a value (bot/candidates/stored_values.py): only a caller that skipped the form gets this.
DATA_REFUSED = "Nu am salvat nimic: unele date nu sunt valide. Te rog să le scrii din nou."

STORAGE_UNAVAILABLE = (
    "Îmi pare rău, acum nu pot salva sau citi aceste date din cauza unei probleme tehnice. Te rog să încerci din "
    "nou peste câteva momente."
)

# ---------------------------------------------------------------- the candidate's own data


def count(n: int, one: str, many: str) -> str:
    """ "1 mesaj", "5 mesaje", "20 de mesaje": Romanian puts "de" before the noun from 20 on (but not 101-119)."""
    if n == 1:
        return f"1 {one}"
    of = "de " if n % 100 >= 20 or (n >= 100 and n % 100 == 0) else ""
    return f"{n} {of}{many}"


def _date(moment: datetime) -> str:
    return f"{moment:%d.%m.%Y %H:%M} (UTC)"


def stored_data(
    messages: int,
    first_message: datetime | None,
    subscriptions: Sequence[Subscription],
    callbacks: Sequence[Callback],
    retention_days: int | None,
    privacy_url: str,
    topic_titles: dict[str, str],
    language: str = "ro",
) -> str:
    if language == ENGLISH:
        args = (messages, first_message, subscriptions, callbacks, retention_days, privacy_url, topic_titles)
        return _stored_data_en(*args)
    lines = ["Iată ce am păstrat din această conversație:"]
    since = f", din {_date(first_message)}" if first_message else ""
    kept = f" Le păstrăm cel mult {retention_days} de zile." if retention_days else ""
    lines.append(f"• Mesajele conversației: {count(messages, 'mesaj scris', 'mesaje scrise')} de tine{since}.{kept}")
    for s in subscriptions:
        if s.unsubscribed_at is not None:  # not s.active
            state = f"încheiată pe {_date(s.unsubscribed_at)}"
        elif s.confirmed_at is not None:
            state = f"activă, confirmată prin e-mail pe {_date(s.confirmed_at)}"
        else:
            state = "așteaptă confirmarea din e-mail"
        lines.append(
            f"• Abonare la alerte ({state}): e-mail {s.email}, domeniu {industry_title(s.industry)}, oraș {s.city}, "
            f"limbi străine {languages_title(s.languages)}; acord dat pe {_date(s.consented_at)}."
        )
    for c in callbacks:
        state = "în așteptare" if c.done_at is None else f"rezolvată pe {_date(c.done_at)}"  # c.open
        topics = ", ".join(topic_titles.get(t, t) for t in c.topics) or "-"
        lines.append(
            f"• Cerere de contact către un recrutor ({state}): nume {c.name}, contact {c.contact}, subiecte: "
            f"{topics}; acord dat pe {_date(c.consented_at)}."
        )
    if not subscriptions and not callbacks:
        lines.append("• Nicio abonare la alerte și nicio cerere de contact.")
    lines.append(f"Scrie „șterge-mi datele” ca să le șterg pe toate. {privacy_details(privacy_url)}".rstrip())
    return "\n".join(lines)


def _stored_data_en(
    messages: int,
    first_message: datetime | None,
    subscriptions: Sequence[Any],
    callbacks: Sequence[Any],
    retention_days: int | None,
    privacy_url: str,
    topic_titles: dict[str, str],
) -> str:
    def text(key: str, /, **values: object) -> str:
        return str(_en("stored_data", key)).format(**values)

    lines = [text("header")]
    since = text("since", date=_date(first_message)) if first_message else ""
    kept = text("kept", retention_days=retention_days) if retention_days else ""
    written = text("message_one") if messages == 1 else text("message_many")
    lines.append(text("messages", count=f"{messages} {written}", since=since, kept=kept))
    for s in subscriptions:
        if not s.active:
            state = text("subscription_ended", date=_date(s.unsubscribed_at))
        elif s.confirmed_at is not None:
            state = text("subscription_confirmed", date=_date(s.confirmed_at))
        else:
            state = text("subscription_waiting")
        lines.append(
            text(
                "subscription",
                state=state,
                email=s.email,
                industry=industry_title(s.industry, ENGLISH),
                city=s.city,
                languages=languages_title(s.languages, ENGLISH),
                consented_at=_date(s.consented_at),
            )
        )
    for c in callbacks:
        state = text("callback_open") if c.open else text("callback_done", date=_date(c.done_at))
        topics = ", ".join(topic_titles.get(t, t) for t in c.topics) or "-"
        lines.append(
            text(
                "callback",
                state=state,
                name=c.name,
                contact=c.contact,
                topics=topics,
                consented_at=_date(c.consented_at),
            )
        )
    if not subscriptions and not callbacks:
        lines.append(text("nothing"))
    lines.append(text("footer", privacy_details=privacy_details(privacy_url, ENGLISH)).rstrip())
    return "\n".join(lines)


def deleted(subscriptions: int, callbacks: int, language: str = "ro") -> str:
    if language == ENGLISH:
        parts = []
        if subscriptions:
            parts.append(
                _en("deleted", "subscription_one")
                if subscriptions == 1
                else _en("deleted", "subscriptions_many").format(n=subscriptions)
            )
        if callbacks:
            parts.append(
                _en("deleted", "callback_one")
                if callbacks == 1
                else _en("deleted", "callbacks_many").format(n=callbacks)
            )
        parts.append(_en("deleted", "messages"))
        what = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _en("deleted", "and") + parts[-1]
        return _en("deleted", "text").format(what=what)
    parts = []
    if subscriptions:
        parts.append("abonarea la alerte" if subscriptions == 1 else f"{subscriptions} abonări la alerte")
    if callbacks:
        parts.append("cererea de contact" if callbacks == 1 else f"{callbacks} cereri de contact")
    parts.append("mesajele acestei conversații")
    what = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " și " + parts[-1]
    return (
        f"Am șters datele tale: {what}. Nu mai păstrăm nimic din ce mi-ai scris până acum; de aici începe o "
        "conversație nouă."
    )


def deleted_later(subscriptions: int, callbacks: int, language: str = "ro") -> str:
    """The tracker store was unavailable: the rest of the erasure is finished by `bot retention`."""
    if language == ENGLISH:
        what = _en("deleted_later", "what_some" if subscriptions or callbacks else "what_none")
        return _en("deleted_later", "text").format(what=what)
    what = "abonările și cererile de contact" if subscriptions or callbacks else "datele tale"
    return (
        f"Am șters {what}. Mesajele acestei conversații nu au putut fi șterse chiar acum; cererea ta e "
        "înregistrată și vor fi șterse automat în curând."
    )


# „șterge-mi datele” while the action server is down: answered by the Rasa server (bot/runtime/local_actions.py),
# which deletes the messages at once and queues the rest for the action server (bot/candidates/erasure_queue.py).
DELETION_QUEUED = (
    "Am primit cererea ta și am șters mesajele acestei conversații. Abonările la alerte și cererile de contact "
    "făcute din ea le ștergem automat în câteva minute, imediat ce sistemul funcționează din nou. De aici începe "
    "o conversație nouă."
)


def review_texts(settings: Settings) -> list[tuple[str, str, str]]:
    """(topic, variant, text) of every composed text of the journeys, with example values, for `review`; the job
    search's and the alert e-mails' too (bot/jobs/texts.py)."""
    from bot.jobs.texts import review_texts as job_texts

    url = settings.privacy_url
    example = ("nume@exemplu.ro", "telecom", "Cluj-Napoca", ["engleza", "germana"])
    return job_texts() + [
        ("subscribe_alerts", "întrebarea de acord", alert_consent_text(url)),
        ("subscribe_alerts", "abonat (exemplu)", subscribed(*example)),
        ("subscribe_alerts", "fără acord", not_subscribed(settings.job_search_url)),
        ("subscribe_alerts", "e-mail greșit (exemplu)", email_invalid("nume@exemplu")),
        ("subscribe_alerts", "lipsește e-mailul", EMAIL_MISSING),
        ("subscribe_alerts", "domeniu necunoscut", INDUSTRY_UNKNOWN),
        ("subscribe_alerts", "domeniu schimbat (exemplu)", industry_changed("telecom")),
        ("subscribe_alerts", "oraș greșit", CITY_INVALID),
        ("subscribe_alerts", "limbi nerecunoscute", LANGUAGES_UNKNOWN),
        ("subscribe_alerts", "răspuns neclar la acord", YES_OR_NO),
        ("talk_to_human", "întrebarea de acord", callback_consent_text(url)),
        (
            "talk_to_human",
            "cerere trimisă (exemplu)",
            callback_saved("Ana Pop", "+40722123456", settings.recruiter_contact),
        ),
        ("talk_to_human", "fără acord", callback_not_saved(settings.recruiter_contact)),
        ("talk_to_human", "nume greșit", NAME_INVALID),
        ("talk_to_human", "lipsește telefonul sau e-mailul", CONTACT_MISSING),
        ("talk_to_human", "telefon greșit (exemplu)", phone_invalid("0722 123 45")),
        ("stop", "oprirea alertelor", ALERTS_STOPPED),
        ("stop", "oprirea cererii către un recrutor", CALLBACK_STOPPED),
        ("unsubscribe", "dezabonat (exemplu)", unsubscribed(["nume@exemplu.ro"])),
        ("unsubscribe", "nicio abonare", NOT_SUBSCRIBED),
        (
            "show_my_data",
            "fără abonări sau cereri (exemplu)",
            stored_data(3, None, [], [], settings.retention_days, url, {}),
        ),
        ("delete_my_data", "șters (exemplu)", deleted(1, 1)),
        ("delete_my_data", "conversațiile indisponibile", deleted_later(1, 0)),
        ("delete_my_data", "serviciul indisponibil: ștergere programată", DELETION_QUEUED),
        ("system", "date refuzate la salvare", DATA_REFUSED),
        ("system", "baza de date indisponibilă (alerte, cereri)", STORAGE_UNAVAILABLE),
    ]

"""Fixed messages sent by custom actions (answers chosen by rules live in domain/responses.yml); their English
versions are in bot/english.yml under `messages`, said by `in_language`."""

from bot.english import ENGLISH, english

DID_YOU_MEAN = "Nu sunt sigur că am înțeles. Te referi la unul dintre subiectele acestea?"

FOLLOW_UP_UNCLEAR = (
    "Nu sunt sigur la ce te referi. Întreabă-mă, de exemplu, „cât câștigă un operator?” și apoi „și cu "
    "germană?”, sau „ce face un operator în retail?”."
)

NOT_UNDERSTOOD = (
    "Îmi pare rău, nu am înțeles. Reformulează, te rog, sau scrie „ce poți face?” ca să vezi subiectele la "
    "care te pot ajuta."
)

KNOWLEDGE_UNAVAILABLE = (
    "Îmi pare rău, acum nu pot accesa informațiile despre salarii și roluri. Te rog să încerci din nou peste "
    "câteva momente."
)

# Sent by the Rasa server itself (bot/runtime/), not by the action server: it must work when that is down.
ACTION_UNAVAILABLE = (
    "Îmi pare rău, nu pot răspunde chiar acum din cauza unei probleme tehnice. Te rog să încerci din nou peste "
    "câteva momente."
)

EMPTY_MESSAGE = "Mesajul tău pare gol. Scrie-mi, te rog, o întrebare, de exemplu „cât câștigă un operator?”."

UNREADABLE_MESSAGE = "Nu am putut citi mesajul. Trimite-mi, te rog, întrebarea ca text simplu."


def in_language(name: str, language: str) -> str:
    """One of the messages above by its name, in the reply language."""
    return str(english("messages", name)) if language == ENGLISH else str(globals()[name])


def message_too_long(limit: int, language: str = "ro") -> str:
    """The answer to a message over the length limit; the limit is configurable (MAX_MESSAGE_CHARS)."""
    if language == ENGLISH:
        return str(english("messages", "message_too_long")).format(limit=limit)
    # Romanian puts "de" between a number and its noun from 20 on, except after 101-119, 201-219, ...
    of = "de " if limit % 100 >= 20 or (limit >= 100 and limit % 100 == 0) else ""
    return (
        f"Mesajul tău este prea lung: pot citi cel mult {limit} {of}caractere. Te rog să îmi scrii întrebarea pe "
        "scurt, în câteva propoziții."
    )

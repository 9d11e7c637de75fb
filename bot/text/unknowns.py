"""What the source never says, asked inside a question on a topic it does cover.

"Trainingul e plătit?" is a training question, and the source says a lot about training, but nothing about pay
during it; "cât se câștigă în Cluj?" is a salary question, and the figures are national. Such a question gets
„Nu am această informație” about that aspect first, then what the source does say on the topic. Questions that are
wholly about such an aspect ("se lucrează în ture?") are recognised by the intent classifier (ask_not_covered);
this list catches the aspect inside a question the classifier rightly puts on a topic.

Works on folded text (bot/text/normalize.py); patterns as in bot/text/entities.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text.entities import mentions
from bot.vocabulary import Pattern


@dataclass(frozen=True)
class Aspect:
    said_as: str  # completes „Nu am această informație despre …”
    patterns: tuple[Pattern, ...]
    topics: frozenset[str] | None = None  # the topics where it is an unknown aspect; None: any topic


CITIES = (
    "bucuresti", "cluj", "iasi", "timisoara", "brasov", "constanta", "craiova", "sibiu", "oradea", "galati",
    "ploiesti", "arad", "pitesti", "bacau", "suceava", "targu", "buzau", "botosani",
)  # fmt: skip
EMPLOYERS = ("teleperformance", "webhelp", "concentrix", "conduent", "sykes", "genpact", "majorel", "alorica", "tts")

ASPECTS: tuple[Aspect, ...] = (
    Aspect(
        "program și ture",
        (
            ("ture$",),
            ("tura$",),
            ("turele$",),
            ("noaptea$",),
            ("weekend",),
            ("sambata",),
            ("duminica",),
            ("program", "lucru"),
            ("program", "fix"),
            ("cate", "ore"),
            ("ore", "pe", "zi"),
            ("part", "time"),
            ("norma$",),
            ("full", "time"),
        ),
    ),  # fmt: skip
    Aspect("pauze", (("pauza",), ("pauze",))),
    Aspect("munca de acasă", (("de", "acasa$"), ("remote",), ("home", "office"), ("telemunca",))),
    Aspect("contract", (("contract",), ("cim$",), ("pfa$",), ("perioada", "proba"), ("determinata",))),
    Aspect(
        "bonusuri și beneficii",
        (
            ("bonus",),
            ("comision",),
            ("prime$",),
            ("tichete",),
            ("bonuri", "masa"),
            ("beneficii",),
            ("asigurare", "medical"),
            ("concediu",),
            ("zile", "libere"),
            ("ore", "suplimentare"),
        ),
    ),  # fmt: skip
    Aspect("interviu", (("interviu",),)),
    # Colleagues or customers of every age are facts (a diverse team): only the age to be hired is unknown.
    Aspect(
        "vârsta cerută",
        (("varsta",), ("pensionar",), ("minor$",), ("majorat",)),
        frozenset({"education", "find_job", "role_types", "duties", "training"}),
    ),
    Aspect(
        "salarii pe orașe sau angajatori",
        tuple((city,) for city in CITIES) + tuple((name,) for name in EMPLOYERS) + (("orasul", "meu"), ("in", "oras")),
        frozenset({"salary"}),
    ),
    Aspect("salariul după studii", (("facultat",), ("studii",), ("diploma",)), frozenset({"salary"})),
    Aspect(
        "plata în timpul trainingului",
        (("platit",), ("platita",), ("plateste",), ("platesc",), ("bani$",), ("remunerat",)),
        frozenset({"training"}),
    ),
    Aspect("costuri", (("cat", "costa"), ("costa$",), ("taxa$",), ("pret",)), frozenset({"license"})),
    Aspect("cât de greu e examenul", (("greu",), ("dificil",), ("usor",), ("pica",)), frozenset({"license"})),
    Aspect("numărul de apeluri pe zi", (("cate", "apeluri"), ("numar", "apeluri")), frozenset({"work_environment"})),
)


# A longer text is a story around the question: what it mentions in passing ("scanam colete pe tura") is not asked.
MAX_WORDS = 20


def unknown_aspect(text: str, topic: str) -> str | None:
    """How to name what the source does not say in this question on `topic`, or None."""
    if len(text.split()) > MAX_WORDS:
        return None
    for aspect in ASPECTS:
        if (aspect.topics is None or topic in aspect.topics) and mentions(text, aspect.patterns):
            return aspect.said_as
    return None

"""The project's vocabulary in one place: the question topics and their intents, the industries with the words
that name them and their titles. The domain (domain/*.yml), the knowledge files (knowledge/*.yml) and the training
data must agree with it: tests/test_vocabulary.py checks them.
"""

from __future__ import annotations

from dataclasses import dataclass

Pattern = tuple[str, ...]

# --- question topics -------------------------------------------------------------------------------------------

# Topic key (as in knowledge/facts.yml) -> the intent that asks about it.
TOPIC_INTENTS: dict[str, str] = {
    "duties": "ask_duties",
    "salary": "ask_salary",
    "role_types": "ask_role_types",
    "work_environment": "ask_work_environment",
    "education": "ask_education",
    "training": "ask_training",
    "license": "ask_license",
    "skills": "ask_skills",
    "find_job": "find_job",
}
INTENT_TOPICS: dict[str, str] = {intent: topic for topic, intent in TOPIC_INTENTS.items()}
# The questions the source does not answer (shifts, contracts, …) have an intent but no topic.
NOT_COVERED = "ask_not_covered"
# The questions about the job the assistant answers, as opposed to chit-chat, dialogue answers and journeys.
QUESTION_INTENTS = frozenset({*TOPIC_INTENTS.values(), NOT_COVERED})

# --- industries ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Industry:
    title: str  # how the journeys name it ("Te anunț de joburi în …"); the answers use knowledge/roles.yml
    patterns: tuple[Pattern, ...]  # the words that name it, by meaning (bot/text/entities.py matches them)


# Industries are also recognised by what they sell or serve, as candidates say it: a clothes shop or online
# orders is retail, the internet or cable TV telecom, gas, electricity or water utilities, a bank or a loan
# finance, a policy or a claim insurance.
INDUSTRIES: dict[str, Industry] = {
    "retail": Industry(
        "retail",
        (
            ("retail",),
            ("ritel",),
            ("retai",),
            ("ecommerce",),
            ("e", "commerce"),
            ("magazin",),
            ("magazine",),
            ("haine$",),
            ("imbracamint",),
            ("incaltamint",),
            ("pantofi$",),
            ("comenzi", "online"),
            ("comanda", "online"),
            ("cumparaturi",),
            ("online", "shop"),
            ("shop$",),
            ("emag",),
            ("supermarket",),
            ("hypermarket",),
            ("retur$",),
            ("retururi",),
            ("produse", "comandat"),
            ("colet",),
            ("livrar",),
        ),
    ),
    "telecom": Industry(
        "telecomunicații",
        (
            ("telecom",),
            ("telefonie",),
            ("telcom",),
            ("internet",),
            ("netul$",),
            ("netu$",),
            ("cablu",),
            ("cablul",),
            ("televiziun",),
            ("tv$",),
            ("abonament", "telefon"),
            ("operator", "telefonie"),
            ("operator", "mobil"),
            ("telefonie", "mobila"),
            ("fibra",),
            ("wifi",),
            ("router",),
            ("digi$",),
            ("orange$",),
            ("vodafone",),
            ("telekom",),
        ),
    ),
    "utilitati": Industry(
        "utilități",
        (
            ("utilitat",),
            ("energie",),
            ("gaze", "naturale"),
            ("gaz$",),
            ("gaze$",),
            ("gazul$",),
            ("furnizor", "energie"),
            ("curentul",),
            ("curent", "electric"),
            ("de", "curent$"),
            ("electrica",),
            ("electricitat",),
            ("apa$",),
            ("apei$",),
            ("apa", "calda"),
            ("termoficar",),
            ("enel$",),
            ("engie$",),
        ),
    ),
    "asigurari": Industry(
        "asigurări",
        (
            ("asigurar",),
            ("asigurator",),
            ("polit", "asigur"),
            ("polita$",),
            ("polite$",),
            ("politele$",),
            ("politei$",),
            ("daune",),
            ("dauna$",),
            ("rca$",),
            ("casco$",),
            ("despagubir",),
        ),
    ),
    "financiar": Industry(
        "domeniul financiar-bancar",
        (
            ("financ",),
            ("banca",),
            ("banci",),
            ("bancar",),
            ("fintech",),
            ("credit$",),
            ("credite",),
            ("creditul",),
            ("creditare",),
            ("imprumut",),
            ("ifn$",),
            ("leasing",),
            ("card", "bancar"),
            ("carduri",),
            ("investit",),
        ),
    ),
    "suport_tehnic": Industry(
        "suport tehnic",
        (
            ("suport", "tehnic"),
            ("support", "tehnic"),
            ("asistenta", "tehnic"),
            ("servici", "tehnic"),
            ("helpdesk",),
            ("help", "desk"),
            ("it", "support"),
            ("technical", "support"),
            ("tech", "support"),
        ),
    ),
    "suport_business": Industry(
        "suport pentru companii (business)",
        (
            ("business",),
            ("busines",),
            ("suport", "companii"),
            ("asistenta", "companii"),
            ("b2b",),
        ),
    ),
    "comert": Industry("comerț", (("comert",),)),
}

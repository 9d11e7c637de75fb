"""English words for the industries, languages and experience a candidate writing in English names (issue 15).

Added to the Romanian patterns of bot/text/entities.py and bot/vocabulary.py (same format: stems in order, "$" a
whole word). Chosen so that no stem starts a Romanian word a candidate would write: the Romanian sets are
measured unchanged with them (`make evaluate`).
"""

from __future__ import annotations

from bot.vocabulary import Pattern

INDUSTRIES: dict[str, tuple[Pattern, ...]] = {
    "retail": (("store$",), ("stores$",), ("clothes",), ("clothing",), ("fashion",), ("shopping",),
               ("online", "orders"), ("returns$",), ("delivery",), ("deliveries",)),
    "telecom": (("phone", "company"), ("mobile", "operator"), ("mobile", "network"), ("cable$",), ("television",),
                ("broadband",), ("fiber$",), ("fibre$",)),
    "utilitati": (("utiliti",), ("utility$",), ("energy",), ("electricity",), ("gas$",), ("water$",),
                  ("power", "company"), ("power", "supplier")),
    "asigurari": (("insur",), ("claims$",), ("policy$",), ("policies$",)),
    "financiar": (("bank$",), ("banks$",), ("banking",), ("loan$",), ("loans$",), ("credit", "card")),
    "suport_business": (("corporate", "clients"), ("companies$",)),
    "comert": (("trade$",), ("wholesale",)),
}  # fmt: skip

LANGUAGES: dict[str, tuple[Pattern, ...]] = {
    "maghiara": (("hungarian",),),
    "olandeza": (("dutch",),),
    "portugheza": (("portuguese",),),
    "polona": (("polish$",),),
    "rusa": (("russian",),),
    "turca": (("turkish",),),
    "greaca": (("greek$",),),
    "ceha": (("czech",),),
    "suedeza": (("swedish",),),
    "norvegiana": (("norwegian",),),
    "daneza": (("danish",),),
    "finlandeza": (("finnish",),),
    "bulgara": (("bulgarian",),),
    "ucraineana": (("ukrainian",),),
    "chineza": (("chinese",),),
    "japoneza": (("japanese",),),
    "coreeana": (("korean",),),
    "araba": (("arabic",),),
}

NO_EXPERIENCE: tuple[Pattern, ...] = (
    ("no", "experience"), ("without", "experience"), ("no", "prior", "experience"), ("zero", "experience"),
    ("never", "worked"), ("havent", "worked"), ("have", "not", "worked"), ("dont", "have", "experience"),
    ("do", "not", "have", "experience"), ("beginner",), ("first", "job"), ("fresh", "graduate"),
    ("new", "to", "this"), ("inexperienced",),
)  # fmt: skip
SOME_EXPERIENCE: tuple[Pattern, ...] = (("with", "experience"), ("experienced",), ("some", "experience"))
# Durations ("3 years", "over two years") and the words that make them experience, not an age.
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
MORE_THAN = r"more than|over|at least"
UNITS = r"years|year|months|month"
EXPERIENCE_AFTER = r"of experience|experience|in call|in a call|in customer"
EXPERIENCE_BEFORE = r"experience|worked|working|been"

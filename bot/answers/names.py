"""Display names for entity values, Romanian and English."""

from bot.english import ENGLISH, english

LANGUAGE_NAMES: dict[str, str] = {
    "germana": "germană",
    "engleza": "engleză",
    "franceza": "franceză",
    "italiana": "italiană",
    "spaniola": "spaniolă",
    "maghiara": "maghiară",
    "olandeza": "olandeză",
    "portugheza": "portugheză",
    "polona": "polonă",
    "rusa": "rusă",
    "turca": "turcă",
    "greaca": "greacă",
    "ceha": "cehă",
    "suedeza": "suedeză",
    "norvegiana": "norvegiană",
    "daneza": "daneză",
    "finlandeza": "finlandeză",
    "bulgara": "bulgară",
    "ucraineana": "ucraineană",
    "chineza": "chineză",
    "japoneza": "japoneză",
    "coreeana": "coreeană",
    "araba": "arabă",
    "straina": "o limbă străină",
}


def language_name(value: str, language: str = "ro") -> str:
    if language == ENGLISH:
        return str(english("extras", "language_names").get(value, value))
    return LANGUAGE_NAMES.get(value, value)


def money(amount: int, language: str = "ro") -> str:
    """Figures stay as the source gives them, net RON per month, in every language."""
    if language == ENGLISH:
        return str(english("extras", "money").format(amount=amount))
    return f"{amount} RON net pe lună"

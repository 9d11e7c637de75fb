"""Romanian display names for entity values."""

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


def language_name(value: str) -> str:
    return LANGUAGE_NAMES.get(value, value)


def money(amount: int) -> str:
    return f"{amount} RON net pe lună"

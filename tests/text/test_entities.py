import pytest

from bot.text.entities import Experience, extract


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("Ce face un operator în asigurări?", "asigurari"),
        ("ce face un operator in asigurari", "asigurari"),
        ("şi în asigurările de viaţă?", "asigurari"),
        ("si in asigruari?", "asigurari"),  # typo
        ("dar la telecomunicaţii?", "telecom"),
        ("lucrez in telecom", "telecom"),
        ("și în retail?", "retail"),
        ("pentru utilităţi", "utilitati"),
        ("într-o bancă", "financiar"),
        ("în domeniul financiar", "financiar"),
        ("la suport tehnic", "suport_tehnic"),
        ("business support", "suport_business"),
        ("în comerț", "comert"),
    ],
)
def test_industry_is_found_in_any_spelling(text: str, industry: str) -> None:
    assert extract(text).industry == industry


def test_first_industry_named_wins() -> None:
    assert extract("retail, nu telecom").industry == "retail"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("și dacă știu germană?", "germana"),
        ("si daca stiu germana", "germana"),
        ("vorbesc nemţeşte", "germana"),
        ("cu engleza la nivel avansat", "engleza"),
        ("stiu franceza", "franceza"),
        ("dar cu italiana?", "italiana"),
        ("o limbă străină", "straina"),
    ],
)
def test_language_is_found(text: str, language: str) -> None:
    assert extract(text).language == language


def test_romanian_is_not_a_foreign_language() -> None:
    assert extract("vorbesc doar limba română").language is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("dar fără experiență?", "none"),
        ("dar fara experienta?", "none"),
        ("nu am experiență deloc", "none"),
        ("sunt începător", "none"),
        ("e primul meu job", "none"),
        ("am 5 ani experiență", "5"),
        ("experiență de patru ani", "4"),
        ("lucrez de 2 ani ca operator", "2"),
        ("și cu peste 3 ani?", ">3"),
        ("am 6 luni de experienta", "0.5"),
        ("cu experiență", "some"),
    ],
)
def test_experience_is_found(text: str, value: str) -> None:
    found = extract(text).experience
    assert found is not None and found.to_value() == value


def test_an_age_is_not_experience() -> None:
    assert extract("am 20 de ani, cât câștig?").experience is None


def test_entities_carry_spans_in_the_normalised_text() -> None:
    from bot.text.normalize import normalize_message

    text = normalize_message("Cât câștig în asigurări cu germană?")
    for match in extract(text, already_normalized=True).matches:
        assert text[match.start : match.end]
        assert match.start < match.end <= len(text)


@pytest.mark.parametrize("value", [None, "", "abc", "-1", "100", "{'x': 1}"])
def test_invalid_experience_values_are_rejected(value) -> None:
    assert Experience.from_value(value) is None


def test_experience_values_round_trip() -> None:
    for value in ("none", "some", "3", ">3", "0.5"):
        assert Experience.from_value(value).to_value() == value

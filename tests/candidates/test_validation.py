"""What candidates type into the forms: e-mail, phone, name, city, industry, languages, yes/no."""

from __future__ import annotations

import pytest

from bot.candidates.validation import (
    ANY_INDUSTRY,
    ANYWHERE,
    REMOTE,
    clean_city,
    clean_name,
    find_email,
    find_phone,
    read_industry,
    read_languages,
    read_yes_no,
    valid_email,
    valid_phone,
)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("ana@example.com", "ana@example.com"),
        ("Adresa mea e Ana.Pop@Gmail.COM.", "Ana.Pop@gmail.com"),
        ("<ion.popescu+joburi@yahoo.ro>", "ion.popescu+joburi@yahoo.ro"),
        ("  maria_i@firma.co.uk  ", "maria_i@firma.co.uk"),
    ],
)
def test_valid_addresses_are_found_and_normalised(text: str, address: str) -> None:
    assert valid_email(find_email(text)) == address


@pytest.mark.parametrize(
    "text", ["ana@", "@example.com", "ana@@example.com", "ion@yahoo", "ana@example..com", "ana ţepeş@x.ro", "a@b.c"]
)
def test_invalid_addresses_are_refused(text: str) -> None:
    candidate = find_email(text)
    assert candidate is None or valid_email(candidate) is None


def test_an_address_with_diacritics_is_refused() -> None:
    assert valid_email("ioana.ţepeş@exemplu.ro") is None


def test_no_email_in_a_question() -> None:
    assert find_email("cât câștigă un operator?") is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0722 123 456", "+40722123456"),
        ("0722-123-456", "+40722123456"),
        ("+40 722 123 456", "+40722123456"),
        ("0040722123456", "+40722123456"),
        ("021 312 34 56", "+40213123456"),
        ("sunați-mă la 0744.555.666 după ora 5", "+40744555666"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_romanian_and_international(text: str, number: str) -> None:
    assert valid_phone(find_phone(text)) == number


@pytest.mark.parametrize("text", ["072212345", "0822 123 456", "12345678901234567", "0722 123 45"])
def test_wrong_phone_numbers_are_refused(text: str) -> None:
    candidate = find_phone(text)
    assert candidate is None or valid_phone(candidate) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ion popescu", "Ion Popescu"),
        ("Mă numesc Ana-Maria Ionescu", "Ana-Maria Ionescu"),
        ("ma numesc andrei", "Andrei"),
        ("eu sunt Mihai.", "Mihai"),
        ("Ştefan Ţurcanu", "Ştefan Ţurcanu"),
        ("O'Brien", "O'Brien"),
    ],
)
def test_names(text: str, name: str) -> None:
    assert clean_name(text) == name


@pytest.mark.parametrize(
    "text", ["", "cât câștigă?", "da", "nu știu", "Andrei 2", "ana@example.com", "unu doi trei patru cinci sase"]
)
def test_not_names(text: str) -> None:
    assert clean_name(text) is None


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("cluj", "Cluj-Napoca"),
        ("Bucuresti", "București"),
        ("Bucureşti, sector 3", "București"),
        ("în Iași", "Iași"),
        ("la Constanta", "Constanța"),
        ("Timişoara", "Timișoara"),
        ("tg mures", "Târgu Mureș"),
        ("craiovaa", "Craiova"),
        ("Vatra Dornei", "Vatra Dornei"),
        ("oriunde", ANYWHERE),
        ("nu contează", ANYWHERE),
        ("de acasă", REMOTE),
        ("remote", REMOTE),
    ],
)
def test_cities(text: str, city: str) -> None:
    assert clean_city(text) == city


@pytest.mark.parametrize("text", ["", "   ", "ce salariu are un operator?", "nu știu", "abc123", "salut", "x"])
def test_not_cities(text: str) -> None:
    assert clean_city(text) is None


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("telecom", "telecom"),
        ("in retail", "retail"),
        ("la o bancă", "financiar"),
        ("asigurări", "asigurari"),
        ("de fapt vreau în telecom", "telecom"),
        ("orice domeniu", ANY_INDUSTRY),
        ("nu contează", ANY_INDUSTRY),
        ("oricare", ANY_INDUSTRY),
    ],
)
def test_industries(text: str, industry: str) -> None:
    assert read_industry(text) == industry


def test_industry_from_a_button_entity_and_unknown_values() -> None:
    assert read_industry('/inform{"industry": "utilitati"}', ["utilitati"]) == "utilitati"
    assert read_industry("x", ["oricare"]) == ANY_INDUSTRY
    assert read_industry("constructii", ["constructii"]) is None
    assert read_industry("în construcții") is None


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("engleza si germana", ["engleza", "germana"]),
        ("franceză, italiană şi spaniolă", ["franceza", "italiana", "spaniola"]),
        ("Engleză.", ["engleza"]),
        ("nu știu germană, doar engleză", ["engleza"]),
        ("niciuna", []),
        ("nu", []),
        ("doar română", []),
        ("nu stiu nicio limba straina", []),
    ],
)
def test_languages(text: str, languages: list[str]) -> None:
    assert read_languages(text) == languages


@pytest.mark.parametrize("text", ["o limbă străină", "ceva", "salut"])
def test_no_language_understood(text: str) -> None:
    assert read_languages(text) is None


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("da", True),
        ("Da, sunt de acord", True),
        ("ok", True),
        ("sigur", True),
        ("nu", False),
        ("Nu sunt de acord.", False),
        ("refuz", False),
        ("nu știu", None),
        ("da?", None),
        ("poate", None),
        ("da, dar ce faceți cu datele?", None),
    ],
)
def test_yes_no(text: str, answer: bool | None) -> None:
    assert read_yes_no(text) is answer

"""Romanian towns found in what candidates type: with and without diacritics, old cedilla letters, short forms,
typos; and common words that look like town names left alone."""

from __future__ import annotations

import pytest

from bot.text.places import COUNTY_SEATS, find_city, known_city, mentions_remote, same_city


def test_every_county_seat_and_the_capital_are_listed() -> None:
    assert len(COUNTY_SEATS) == 42 and len(set(COUNTY_SEATS)) == 42
    for town in COUNTY_SEATS:
        assert known_city(town) == town
        assert find_city(f"caut job în {town}") == town


@pytest.mark.parametrize(
    "message, town",
    [
        ("caut job în Cluj", "Cluj-Napoca"),
        ("caut job in cluj napoca", "Cluj-Napoca"),
        ("ceva în retail în București?", "București"),
        ("ceva in retail in bucuresti?", "București"),
        ("joburi în Timişoara", "Timișoara"),  # cedilla
        ("posturi la Tg. Mures", "Târgu Mureș"),
        ("in Tîrgu-Mureş", "Târgu Mureș"),
        ("la Rm. Valcea", "Râmnicu Vâlcea"),
        ("ceva prin sectorul 3?", "București"),
        ("caut in Timisoar", "Timișoara"),  # a typo, after a place word
        ("job la Ploesti", "Ploiești"),
        ("în Bucurest", "București"),
        ("in Constnta?", "Constanța"),
        ("sunt din Iasi dar vreau la Brasov", "Brașov"),  # the last one named
        ("in Roman", "Roman"),
        ("CAUT JOB ÎN SIBIU", "Sibiu"),
        ("ceva in Piatra-Neamt", "Piatra Neamț"),
    ],
)
def test_towns_in_a_message(message: str, town: str) -> None:
    assert find_city(message) == town


@pytest.mark.parametrize(
    "message",
    [
        "ce posturi aveți cu germană?",
        "vorbesc limba română",  # "roman" without diacritics is not the town Roman
        "sunt roman si caut job",
        "lucrez in tura de noapte",  # "tura" is not Turda
        "care e media salariului?",  # "media" is not Mediaș
        "care e cheia reusitei?",  # "reușita" is not Reșița
        "am fost voluntar la o asociatie",
        "in campania de angajari",  # "campania" is not Câmpina
        "cât câștigă un operator?",
    ],
)
def test_no_town_where_none_is_named(message: str) -> None:
    assert find_city(message) is None


def test_same_town_whatever_the_spelling() -> None:
    assert same_city("Cluj-Napoca", "cluj napoca") and same_city("Brașov", "Brasov")
    assert not same_city("Cluj-Napoca", "Iași") and not same_city(None, "Iași")


@pytest.mark.parametrize("message", ["caut ceva de acasă", "job remote cu engleza", "lucru la distanță?"])
def test_work_from_home(message: str) -> None:
    assert mentions_remote(message)


def test_not_work_from_home() -> None:
    assert not mentions_remote("caut job in Cluj") and not mentions_remote("sunt acasa cu copilul")

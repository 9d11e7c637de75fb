import pytest

from bot.text.normalize import MAX_NLU_CHARS, fold, normalize_message


@pytest.mark.parametrize(
    "variant",
    [
        "Știu germană și țin la asigurări",
        "Ştiu germană şi ţin la asigurări",
        "Stiu germana si tin la asigurari",
        "ȘTIU GERMANĂ ȘI ȚIN LA ASIGURĂRI",
    ],
)
def test_diacritics_comma_and_cedilla_fold_to_the_same_text(variant: str) -> None:
    assert normalize_message(variant) == "stiu germana si tin la asigurari"


def test_fold_handles_a_circumflex_and_breve() -> None:
    assert fold("Cât câștigă în România") == "cat castiga in romania"


def test_markup_and_control_characters_are_removed() -> None:
    assert normalize_message("<img src=x onerror=alert(1)>salariu\x00\u200b?") == "salariu ?"


def test_script_and_style_code_is_dropped_with_its_tags() -> None:
    assert normalize_message("<script>alert(1)</script><img src=x onerror=alert(1)>") == ""
    assert normalize_message("<STYLE type='x'>p{}</style>Cât câștig?<script>alert(1)") == "cat castig?"
    assert normalize_message("alerte <b>de joburi</b>") == "alerte de joburi"


def test_emphasis_letters_are_collapsed_and_whitespace_squeezed() -> None:
    assert normalize_message("  salutttt \n\t mersiiii  ") == "salutt mersii"


@pytest.mark.parametrize("empty", [None, "", "   ", "\n\t"])
def test_empty_input_gives_empty_text(empty) -> None:
    assert normalize_message(empty) == ""


def test_huge_input_is_bounded() -> None:
    assert len(normalize_message("salariu " * 100_000)) <= MAX_NLU_CHARS


def test_emoji_survive_as_text() -> None:
    assert normalize_message("👍 mulțumesc") == "👍 multumesc"

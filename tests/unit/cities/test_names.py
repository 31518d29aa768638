"""City names: display form and duplicate-detection key."""

from __future__ import annotations

import unicodedata

import pytest

from mmc_cities.domain.names import name_key, normalize_name


@pytest.mark.parametrize(
    ("spellings", "country_code"),
    [
        (["Zürich", "Zurich", " zurich ", "ZÜRICH", "zu\u0308rich"], "CH"),
        (["São Paulo", "Sao Paulo", "SAO  PAULO", "são-paulo"], "BR"),
        (["Saint-Denis", "Saint Denis", "saint.denis", "Saint – Denis"], "FR"),
        (["Łódź", "Lodz", "LODZ"], "PL"),
        (["København", "Kobenhavn"], "DK"),
        (["N'Djamena", "N’Djamena", "NDjamena", "ndjamena"], "TD"),
        (["Straße", "Strasse"], "DE"),
        (["İstanbul", "Istanbul", "istanbul"], "TR"),
        (["Bogotá, D.C.", "Bogota DC", "bogotá d c"], "CO"),
    ],
)
def test_spellings_of_one_city_collide(spellings: list[str], country_code: str) -> None:
    keys = {name_key(spelling, country_code) for spelling in spellings}
    assert len(keys) == 1, keys


def test_key_format_and_country_case() -> None:
    assert name_key("Zürich", "CH") == "CH:zurich"
    assert name_key(" zurich ", "ch") == "CH:zurich"
    assert name_key("Saint-Denis", " fr ") == "FR:saintdenis"


def test_same_name_in_other_country_differs() -> None:
    assert name_key("Valencia", "ES") != name_key("Valencia", "VE")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Munich", "München"),
        ("St. Louis", "Saint Louis"),
        ("Newcastle", "Newcastle upon Tyne"),
        ("Santa Ana", "Santana"),
    ],
)
def test_different_names_do_not_collide(one: str, other: str) -> None:
    assert name_key(one, "XX") != name_key(other, "XX")


@pytest.mark.parametrize("name", ["東京", "München", "Mumbai", "मुंबई", "القاهرة", "Київ", "Αθήνα"])
def test_letters_of_every_script_are_kept(name: str) -> None:
    key = name_key(name, "XX").removeprefix("XX:")
    assert key
    assert key == name_key(f"  {name.upper()} ", "XX").removeprefix("XX:")


def test_name_without_letters_gives_an_empty_name_part() -> None:
    assert name_key(" -- ", "CH") == "CH:"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  São   Paulo ", "São Paulo"),
        ("Saint-Denis", "Saint-Denis"),
        ("\tN'Djamena\n", "N'Djamena"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_name_trims_and_collapses_but_keeps_spelling(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_normalize_name_composes_accents() -> None:
    decomposed = "Zu\u0308rich"
    assert normalize_name(decomposed) == "Zürich"
    assert unicodedata.is_normalized("NFC", normalize_name(decomposed))

"""Reference geography: ISO 3166-1 countries, UN M49 regions, ISO 639-1 languages."""

from __future__ import annotations

import pytest

from mmc_cities.domain.geography import (
    COUNTRIES,
    LANGUAGES,
    REGIONS,
    Country,
    UnknownCountry,
    country,
    find_country,
    is_country,
    is_language,
    is_region,
    sub_regions,
)


def test_all_249_iso_codes() -> None:
    assert len(COUNTRIES) == 249
    assert all(len(code) == 2 and code.isascii() and code.isupper() for code in COUNTRIES)
    assert all(c.code == code and c.name for code, c in COUNTRIES.items())
    assert len({c.name for c in COUNTRIES.values()}) == 249


def test_every_country_is_consistent_with_regions() -> None:
    for c in COUNTRIES.values():
        assert is_region(c.region), c
        assert c.sub_region in sub_regions(c.region), c
    used = {(c.region, c.sub_region) for c in COUNTRIES.values()}
    assert used == {(r, s) for r, subs in REGIONS.items() for s in subs}


def test_regions() -> None:
    assert set(REGIONS) == {"Africa", "Americas", "Asia", "Europe", "Oceania", "Antarctica"}
    assert sub_regions("Americas") == {
        "Caribbean",
        "Central America",
        "South America",
        "Northern America",
    }
    assert sub_regions("Atlantis") == frozenset()
    assert not is_region("Latin America")


@pytest.mark.parametrize(
    ("code", "name", "region", "sub_region"),
    [
        ("SL", "Sierra Leone", "Africa", "Western Africa"),
        ("BR", "Brazil", "Americas", "South America"),
        ("US", "United States", "Americas", "Northern America"),
        ("GR", "Greece", "Europe", "Southern Europe"),
        ("UG", "Uganda", "Africa", "Eastern Africa"),
        ("CH", "Switzerland", "Europe", "Western Europe"),
        ("CA", "Canada", "Americas", "Northern America"),
        ("GB", "United Kingdom", "Europe", "Northern Europe"),
        ("IT", "Italy", "Europe", "Southern Europe"),
        ("JO", "Jordan", "Asia", "Western Asia"),
        ("MX", "Mexico", "Americas", "Central America"),
        ("JM", "Jamaica", "Americas", "Caribbean"),
        ("IN", "India", "Asia", "Southern Asia"),
        ("AU", "Australia", "Oceania", "Australia and New Zealand"),
        ("AQ", "Antarctica", "Antarctica", "Antarctica"),
    ],
)
def test_spot_checks(code: str, name: str, region: str, sub_region: str) -> None:
    assert country(code) == Country(code, name, region, sub_region)


def test_country_is_case_insensitive_and_strips() -> None:
    assert country(" sl ").code == "SL"
    assert is_country("gb")
    assert not is_country("UK")


@pytest.mark.parametrize("code", ["XX", "UK", "", "USA"])
def test_unknown_country(code: str) -> None:
    with pytest.raises(UnknownCountry) as excinfo:
        country(code)
    assert str(excinfo.value) == f"unknown ISO 3166-1 alpha-2 country code '{code}'"
    assert isinstance(excinfo.value, ValueError)


def test_unknown_country_message_uses_normalised_code() -> None:
    with pytest.raises(UnknownCountry, match="unknown ISO 3166-1 alpha-2 country code 'XX'"):
        country(" xx ")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("US", "US"),
        ("us", "US"),
        ("USA", "US"),
        ("United States of America", "US"),
        ("united states", "US"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("Northern Ireland", "GB"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Tanzania", "TZ"),
        ("Congo (DRC)", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("Congo", "CG"),
        ("Palestine", "PS"),
        ("  sao tome & principe ", "ST"),
        ("The Netherlands", "NL"),
        ("SIERRA LEONE", "SL"),
        ("St Lucia", "LC"),
    ],
)
def test_find_country(text: str, code: str) -> None:
    found = find_country(text)
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize("text", ["", "  ", "XX", "Atlantis", "Kosovo", "America"])
def test_find_country_unknown(text: str) -> None:
    assert find_country(text) is None


def test_every_name_finds_its_country() -> None:
    for c in COUNTRIES.values():
        assert find_country(c.name) == c
        assert find_country(c.code.lower()) == c


def test_languages() -> None:
    assert len(LANGUAGES) in (183, 184)
    assert {"en", "fr", "ar", "sw", "pt", "es", "zh", "ru"} <= LANGUAGES
    assert all(len(code) == 2 and code.isascii() and code.islower() for code in LANGUAGES)
    assert is_language("EN ")
    assert not is_language("eng")
    assert not is_language("xx")

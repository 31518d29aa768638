"""The demo city data set shipped with the cities service."""

from __future__ import annotations

import csv
from collections import Counter
from importlib import resources

import pytest

from mmc_cities.domain.geography import LANGUAGES, find_country, is_country

COLUMNS = [
    "name",
    "country_code",
    "population",
    "migrant_population",
    "migration_contexts",
    "size_class",
    "networks",
    "languages",
    "mayor_name",
    "mayor_title",
    "partnership_status",
    "website",
]
CONTEXTS = {
    "destination",
    "transit",
    "origin",
    "return",
    "refugee_hosting",
    "internal_displacement",
    "climate_mobility",
}
SIZE_CLASSES = {"global", "primary", "secondary"}
STATUSES = {"prospect", "engaged", "partner", "inactive"}
NETWORKS = {
    "C40 Cities",
    "UCLG",
    "Mayors Migration Council",
    "Global Parliament of Mayors",
    "Welcoming International",
    "Eurocities",
    "Intercultural Cities",
    "Metropolis",
    "Strong Cities Network",
    "Mercociudades",
}
FOUNDING_BOARD = {
    ("Freetown", "SL"): ("Yvonne Aki-Sawyerr", "Mayor"),
    ("São Paulo", "BR"): ("Bruno Covas", "Mayor"),
    ("Los Angeles", "US"): ("Eric Garcetti", "Mayor"),
    ("Athens", "GR"): ("Georgios Kaminis", "Mayor"),
    ("Kampala", "UG"): ("Erias Lukwago", "Lord Mayor"),
    ("Zürich", "CH"): ("Corine Mauch", "Mayor"),
    ("Montréal", "CA"): ("Valérie Plante", "Mayor"),
    ("Bristol", "GB"): ("Marvin Rees", "Mayor"),
    ("Milan", "IT"): ("Giuseppe Sala", "Mayor"),
    ("Amman", "JO"): ("Yousef Shawarbeh", "Mayor"),
}

Row = dict[str, str]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


@pytest.fixture(scope="module")
def header_and_rows() -> tuple[list[str], list[Row]]:
    text = resources.files("mmc_cities.demo").joinpath("cities.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def rows(header_and_rows: tuple[list[str], list[Row]]) -> list[Row]:
    return header_and_rows[1]


def test_header(header_and_rows: tuple[list[str], list[Row]]) -> None:
    assert header_and_rows[0] == COLUMNS
    for row in header_and_rows[1]:
        assert None not in row, row  # no row has more fields than the header
        assert all(value is not None for value in row.values()), row


def test_enough_rows_and_unique(rows: list[Row]) -> None:
    assert len(rows) >= 45
    keys = Counter((row["name"], row["country_code"]) for row in rows)
    assert [key for key, n in keys.items() if n > 1] == []
    assert all(row["name"] == row["name"].strip() and row["name"] for row in rows)


def test_first_rows_are_the_founding_board(rows: list[Row]) -> None:
    first = [(row["name"], row["country_code"]) for row in rows[: len(FOUNDING_BOARD)]]
    assert set(first) == set(FOUNDING_BOARD)


def test_founding_board_cities_are_partners_with_their_mayors(rows: list[Row]) -> None:
    by_key = {(row["name"], row["country_code"]): row for row in rows}
    for key, (mayor, title) in FOUNDING_BOARD.items():
        row = by_key[key]
        assert row["partnership_status"] == "partner", key
        assert row["mayor_name"] == mayor, key
        assert row["mayor_title"] == title, key
        assert "Mayors Migration Council" in _split(row["networks"]), key


def test_country_codes_known(rows: list[Row]) -> None:
    for row in rows:
        assert is_country(row["country_code"]), row["name"]
        assert row["country_code"] == row["country_code"].upper()
        found = find_country(row["country_code"])
        assert found is not None


def test_every_region_covered(rows: list[Row]) -> None:
    regions = set()
    for row in rows:
        found = find_country(row["country_code"])
        assert found is not None
        regions.add(found.region)
    assert regions == {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_languages_known(rows: list[Row]) -> None:
    for row in rows:
        languages = _split(row["languages"])
        assert languages, row["name"]
        assert set(languages) <= LANGUAGES, row["name"]


def test_enum_values(rows: list[Row]) -> None:
    for row in rows:
        contexts = _split(row["migration_contexts"])
        assert contexts, row["name"]
        assert set(contexts) <= CONTEXTS, row["name"]
        assert len(set(contexts)) == len(contexts), row["name"]
        assert set(_split(row["networks"])) <= NETWORKS, row["name"]
        assert row["size_class"] in SIZE_CLASSES, row["name"]
        assert row["partnership_status"] in STATUSES, row["name"]


def test_status_and_size_mix(rows: list[Row]) -> None:
    sizes = Counter(row["size_class"] for row in rows)
    statuses = Counter(row["partnership_status"] for row in rows)
    assert sizes["secondary"] >= 12
    assert sizes["global"] >= 1
    assert sizes["primary"] >= 1
    assert set(statuses) == STATUSES
    assert statuses["inactive"] >= 1


def test_numbers(rows: list[Row]) -> None:
    for row in rows:
        population = int(row["population"])
        assert population > 0, row["name"]
        if row["migrant_population"]:
            migrants = int(row["migrant_population"])
            assert 0 < migrants <= population, row["name"]


def test_mayor_only_with_a_title_and_websites_are_https(rows: list[Row]) -> None:
    for row in rows:
        if row["mayor_name"]:
            assert row["mayor_title"], row["name"]
        if row["website"]:
            assert row["website"].startswith("https://"), row["name"]
            assert " " not in row["website"], row["name"]

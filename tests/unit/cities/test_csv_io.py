"""Reading and writing the registry's CSV form (no I/O)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from mmc_cities.csv_io import (
    COLUMNS,
    MAX_NUMBER,
    CsvFileError,
    column_of,
    decode,
    export_header,
    export_row,
    read_rows,
)
from mmc_cities.domain.city import City
from mmc_contracts import EventContext

HEADER = ",".join(COLUMNS)


def test_a_full_row_becomes_the_fields_of_a_profile() -> None:
    text = (
        f"{HEADER}\n"
        "Kampala,Uganda,1 700 000,,destination; refugee_hosting,primary,"
        "Mayors Migration Council,en;lg;sw,Erias Lukwago,Lord Mayor,partner,https://www.kcca.go.ug\n"
    )
    [row] = read_rows(text)
    assert row.row == 2
    assert row.name == "Kampala"
    assert row.error is None
    assert row.partnership_status == "partner"
    assert row.profile == {
        "name": "Kampala",
        "country_code": "UG",
        "population": 1_700_000,
        "migrant_population": None,
        "migration_contexts": ["destination", "refugee_hosting"],
        "size_class": "primary",
        "networks": ["Mayors Migration Council"],
        "languages": ["en", "lg", "sw"],
        "mayor": {"name": "Erias Lukwago", "role": "mayor", "title": "Lord Mayor"},
        "website": "https://www.kcca.go.ug",
    }


def test_columns_may_come_in_any_order_and_only_three_are_required() -> None:
    [row] = read_rows("Size_Class, Country_Code ,NAME,notes\nsecondary,sl,Bo,ignored\n")
    assert row.profile is not None
    assert (row.profile["name"], row.profile["country_code"]) == ("Bo", "SL")
    assert row.partnership_status == "prospect"
    assert "mayor" not in row.profile


def test_rows_are_numbered_as_a_spreadsheet_shows_them_and_empty_rows_are_skipped() -> None:
    rows = read_rows("name,country_code,size_class\nA,SL,primary\n,,\n\nB,SL,primary\n")
    assert [(row.row, row.name) for row in rows] == [(2, "A"), (5, "B")]


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        ("Atlantis,Atlantis,primary,", "country_code: 'Atlantis' is not a country code or name"),
        ("Nowhere,,primary,", "country_code: is required"),
        ("Big,FR,primary,lots", "population: must be a whole number"),
        ("Big,FR,primary,-5", "population: must be a whole number"),
        ("Big,FR,primary,١٢", "population: must be a whole number"),
        ("Big,FR,primary,99999999999", f"population: must be at most {MAX_NUMBER}"),
        ("Long,FR,primary,1,extra", "has 5 fields, the header 4"),
    ],
)
def test_unreadable_rows_say_why(cells: str, error: str) -> None:
    [row] = read_rows(f"name,country_code,size_class,population\n{cells}\n")
    assert row.profile is None
    assert row.error == error
    assert row.name == cells.split(",")[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (" , \n", "empty"),
        ("name,size_class\nA,primary\n", "missing column(s) country_code"),
        ("name,country_code,size_class,Name\n", "named twice in the header: name"),
        ('name,country_code,size_class\n"open,SL,primary\n', "not valid CSV"),
        ("name,country_code,size_class\nA\x00,SL,primary\n", "NUL"),
    ],
)
def test_files_that_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(CsvFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_rows(text)


def test_decode_takes_utf8_with_or_without_bom_and_refuses_anything_else() -> None:
    assert decode("\ufeffname".encode()) == "name"
    assert decode("Zürich".encode()) == "Zürich"
    with pytest.raises(CsvFileError, match="not UTF-8"):
        decode("Zürich".encode("latin-1"))


def test_column_of_maps_domain_fields_to_csv_columns() -> None:
    assert column_of("profile.languages.2") == "languages"
    assert column_of("profile.country_code") == "country_code"
    assert column_of("profile.mayor.name") == "mayor_name"
    assert column_of("profile.mayor.title") == "mayor_title"
    assert column_of("partnership_status") == "partnership_status"


def test_an_exported_row_reads_back_as_the_same_profile() -> None:
    context = EventContext(actor="test", at=datetime(2026, 1, 1, tzinfo=UTC))
    city = City.register(
        "c1",
        {
            "name": "Montréal",
            "country_code": "CA",
            "population": 1_760_000,
            "migrant_population": 580_000,
            "migration_contexts": ["refugee_hosting", "destination"],
            "size_class": "primary",
            "networks": ["C40 Cities", "Metropolis"],
            "languages": ["fr", "en"],
            "mayor": {"name": "Valérie Plante", "role": "mayor", "title": "Mayor"},
            "website": "https://montreal.ca",
        },
        context,
        "partner",  # type: ignore[arg-type]
    )
    text = export_header() + export_row(city)
    [row] = read_rows(text)
    assert row.profile is not None
    again = City.register("c2", row.profile, context, row.partnership_status)  # type: ignore[arg-type]
    assert again.profile == city.profile
    assert again.partnership_status == city.partnership_status
    assert again.name_key == city.name_key


def test_export_keeps_spreadsheets_from_running_cells_as_formulas() -> None:
    context = EventContext(actor="test")
    city = City.register(
        "c1",
        {"name": "=HYPERLINK(1)", "country_code": "FR", "size_class": "secondary"},
        context,
    )
    [cells] = list(csv.reader(io.StringIO(export_row(city))))
    assert cells[0] == "'=HYPERLINK(1)"
    assert cells[COLUMNS.index("partnership_status")] == "prospect"

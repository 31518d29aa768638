"""Bulk import and export of the city registry as CSV."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

import pytest

from mmc_cities.csv_io import COLUMNS
from tests.integration.cities.conftest import CitiesService

pytestmark = pytest.mark.integration

HEADER = ",".join(COLUMNS)


def demo_csv() -> str:
    return resources.files("mmc_cities.demo").joinpath("cities.csv").read_text(encoding="utf-8")


async def import_text(service: CitiesService, text: str, **headers: str) -> Any:
    response = await service.client.post(
        "/cities/import",
        content=text.encode(),
        headers={"Content-Type": "text/csv", **headers},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_import_registers_valid_rows_and_reports_duplicates_and_rejections(
    cities: CitiesService,
) -> None:
    existing = await cities.register(name="Kampala", country_code="UG")
    text = "\n".join(
        [
            HEADER,
            "Freetown,Sierra Leone,1050000,,destination;climate_mobility,primary,"
            "C40 Cities;Mayors Migration Council,en,Yvonne Aki-Sawyerr,Mayor,partner,"
            "https://fcc.gov.sl",
            "Zürich,ch,440000,140000,destination,primary,,de,,,,",
            "zurich,CH,,,,primary,,,,,,",
            "Atlantis,Atlantis,1,,,primary,,,,,,",
            "Bogus,BR,100,200,,secondary,,,,,,",
            "Lingua,FR,,,,secondary,,en;xx,,,,",
            "Huge,FR,,,,megacity,,,,,,",
            "KAMPALA,UG,,,,primary,,,,,,",
            ",FR,,,,secondary,,,,,,",
            "Counting,FR,many,,,secondary,,,,,,",
            "",
            '"Saint-Denis",France,"110 000",,transit,secondary,,fr,,,engaged,',
            "Odd,FR,,,,secondary,,,,,friend,",
        ]
    )
    report = await import_text(cities, text)
    assert report["total"] == 12
    assert report["imported"] == 3
    assert report["duplicates"] == 2
    assert report["duplicate_rows"] == [
        {"row": 4, "name": "zurich", "existing_id": None, "first_row": 3},
        {"row": 9, "name": "KAMPALA", "existing_id": existing["id"], "first_row": None},
    ]
    rejected = {(r["row"], r["name"]): r["reason"] for r in report["rejected"]}
    assert set(rejected) == {
        (5, "Atlantis"),
        (6, "Bogus"),
        (7, "Lingua"),
        (8, "Huge"),
        (10, ""),
        (11, "Counting"),
        (14, "Odd"),
    }
    assert rejected[(5, "Atlantis")].startswith("country_code:")
    assert rejected[(6, "Bogus")].startswith("migrant_population:")
    assert rejected[(7, "Lingua")] == "languages: 'xx' is not an ISO 639-1 code"
    assert rejected[(8, "Huge")].startswith("size_class:")
    assert rejected[(10, "")].startswith("name:")
    assert rejected[(11, "Counting")] == "population: must be a whole number"
    assert rejected[(14, "Odd")].startswith("partnership_status:")

    listing = (await cities.client.get("/cities")).json()
    by_name = {city["name"]: city for city in listing["items"]}
    assert sorted(by_name) == ["Freetown", "Kampala", "Saint-Denis", "Zürich"]
    freetown = by_name["Freetown"]
    assert freetown["country_code"] == "SL"
    assert freetown["partnership_status"] == "partner"
    assert freetown["mayor"]["name"] == "Yvonne Aki-Sawyerr"
    assert freetown["networks"] == ["C40 Cities", "Mayors Migration Council"]
    assert by_name["Saint-Denis"]["population"] == 110_000
    assert by_name["Saint-Denis"]["partnership_status"] == "engaged"


async def test_import_streams_progress_as_ndjson(cities: CitiesService) -> None:
    rows = [f"Town {n},FR,{1000 + n},,,secondary,,fr,,,," for n in range(210)]
    response = await cities.client.post(
        "/cities/import",
        content="\n".join([HEADER, *rows]).encode(),
        headers={"Content-Type": "text/csv", "Accept": "application/x-ndjson"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines[:-1] == [
        {"processed": 100, "total": 210},
        {"processed": 200, "total": 210},
        {"processed": 210, "total": 210},
    ]
    report = lines[-1]
    assert (report["total"], report["imported"], report["duplicates"]) == (210, 210, 0)
    assert report["rejected"] == []
    page = (await cities.client.get("/cities", params={"country": "FR", "limit": 1})).json()
    assert page["total"] == 210


async def test_the_demo_file_imports_cleanly_and_its_export_reimports_as_duplicates(
    cities: CitiesService,
) -> None:
    first = await cities.client.post(
        "/cities/import", files={"file": ("cities.csv", demo_csv().encode(), "text/csv")}
    )
    assert first.status_code == 200, first.text
    report = first.json()
    assert report["rejected"] == []
    assert report["imported"] == report["total"] >= 45

    export = await cities.client.get("/cities/export.csv")
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    exported = list(csv.DictReader(io.StringIO(export.text)))
    assert len(exported) == report["total"]
    assert list(exported[0]) == list(COLUMNS)
    zurich = next(row for row in exported if row["name"] == "Zürich")
    assert zurich["mayor_name"] == "Corine Mauch"
    assert zurich["languages"] == "de"
    assert zurich["partnership_status"] == "partner"

    again = await import_text(cities, export.text)
    assert again["total"] == report["total"]
    assert again["imported"] == 0
    assert again["duplicates"] == report["total"]
    assert again["rejected"] == []
    assert all(row["existing_id"] for row in again["duplicate_rows"])

    filtered = await cities.client.get("/cities/export.csv", params={"country": "UG"})
    names = [row["name"] for row in csv.DictReader(io.StringIO(filtered.text))]
    assert names == ["Arua", "Kampala", "Koboko"]


async def test_import_refuses_what_it_cannot_read(cities: CitiesService) -> None:
    client = cities.client
    too_big = b"name,country_code,size_class\n" + b"x" * (5 * 1024 * 1024)
    response = await client.post(
        "/cities/import", content=too_big, headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 413
    response = await client.post("/cities/import", files={"file": ("big.csv", too_big)})
    assert response.status_code == 413

    response = await client.post("/cities/import", json={"name": "Freetown"})
    assert response.status_code == 415

    for content, message in (
        (b"", "empty"),
        (b"name,population\nFreetown,1\n", "missing column(s) country_code, size_class"),
        ("name,country_code,size_class\nSão Paulo,BR,global\n".encode("latin-1"), "UTF-8"),
        (b"name,name,country_code,size_class\n", "named twice"),
    ):
        response = await client.post(
            "/cities/import", content=content, headers={"Content-Type": "text/csv"}
        )
        assert response.status_code == 422, content
        detail = response.json()["detail"][0]
        assert detail["loc"] == ["body", "file"]
        assert message in detail["msg"]

    response = await client.post(
        "/cities/import",
        content=b"--x\r\nnot a part",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code in (400, 422)
    response = await client.post("/cities/import", files={"other": ("a.csv", b"name\n")})
    assert response.status_code == 422
    assert await cities.database["cities"].count_documents({}) == 0


async def test_import_accepts_a_byte_order_mark_and_windows_line_ends(
    cities: CitiesService,
) -> None:
    text = "\ufeffname,country_code,size_class\r\nFreetown,SL,primary\r\nBo,SL,secondary\r\n"
    report = await import_text(cities, text)
    assert (report["total"], report["imported"]) == (2, 2)

"""The city registry's HTTP API against the real broker and database."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from mmc_contracts import decode
from mmc_contracts.cities import CityRegistered
from mmc_contracts.topics import CITIES_CITY
from tests.integration.cities.conftest import ACTOR, CitiesService, read_records

pytestmark = pytest.mark.integration

CE_HEADERS = ("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "ce_subject")


def field_errors(response: Any) -> list[tuple[str, ...]]:
    """The `loc` of each 422 error, without the leading `body`/`query`/`path`."""
    assert response.status_code == 422, response.text
    return [tuple(str(part) for part in item["loc"][1:]) for item in response.json()["detail"]]


async def test_register_returns_the_city_and_publishes_city_registered_with_cloudevents_headers(
    cities: CitiesService, kafka_bootstrap: str
) -> None:
    response = await cities.client.post(
        "/cities",
        json={
            "name": "  São   Paulo ",
            "country_code": "br",
            "population": 11_450_000,
            "migration_contexts": ["refugee_hosting", "destination", "destination"],
            "size_class": "global",
            "networks": ["UCLG", "C40 Cities"],
            "languages": ["PT"],
            "mayor": {"name": "Bruno Covas", "title": "Mayor"},
            "partnership_status": "partner",
            "website": "https://www.prefeitura.sp.gov.br",
        },
        headers={"X-Correlation-ID": "flow-42"},
    )
    assert response.status_code == 201, response.text
    city = response.json()
    assert len(city["id"]) == 32
    assert city["version"] == 1
    assert city["name"] == "São Paulo"
    assert city["country_code"] == "BR"
    assert (city["region"], city["sub_region"]) == ("Americas", "South America")
    assert city["migration_contexts"] == ["destination", "refugee_hosting"]
    assert city["networks"] == ["C40 Cities", "UCLG"]
    assert city["languages"] == ["pt"]
    assert city["mayor"]["role"] == "mayor"
    assert city["partnership_status"] == "partner"
    assert city["next_partnership_statuses"] == ["inactive"]

    fetched = await cities.client.get(f"/cities/{city['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == city

    records = await read_records(
        kafka_bootstrap, CITIES_CITY, lambda r: r.key == city["id"].encode(), 1
    )
    record = records[0]
    headers = dict(record.headers)
    for name in CE_HEADERS:
        assert headers.get(name), name
    assert headers["content-type"] == b"application/json"
    assert headers["ce_type"] == b"org.mayorsmigrationcouncil.cities.CityRegistered.v2"
    assert headers["ce_source"] == b"/mmc/cities"
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_subject"] == city["id"].encode()
    event = decode(record.value, record.headers)
    assert isinstance(event, CityRegistered)
    assert event.aggregate_version == 1
    assert event.actor == ACTOR
    assert event.correlation_id == "flow-42"
    assert event.profile.name == "São Paulo"
    assert event.partnership_status == "partner"
    assert headers["ce_id"] == str(event.event_id).encode()

    stored = await cities.database["cities"].find_one({"_id": city["id"]})
    assert stored is not None
    assert all(e["event_id"] == str(event.event_id) for e in stored["outbox"].values())


async def test_a_second_city_with_the_same_name_and_country_is_refused(
    cities: CitiesService,
) -> None:
    first = await cities.register(name="Zürich", country_code="CH")
    response = await cities.client.post(
        "/cities", json={"name": " zurich", "country_code": "ch", "size_class": "primary"}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"a city named zurich in CH is already registered (id {first['id']})"
    )
    # Same name elsewhere is another city.
    await cities.register(name="Zurich", country_code="NL", size_class="secondary")


async def test_renaming_a_city_to_another_citys_name_is_a_conflict(cities: CitiesService) -> None:
    await cities.register(name="Bristol", country_code="GB", size_class="secondary")
    other = await cities.register(name="Bath", country_code="GB", size_class="secondary")
    response = await cities.client.patch(
        f"/cities/{other['id']}", json={"expected_version": 1, "name": "BRISTOL"}
    )
    assert response.status_code == 409
    assert "already registered" in response.json()["detail"]
    unchanged = (await cities.client.get(f"/cities/{other['id']}")).json()
    assert unchanged["name"] == "Bath"
    assert unchanged["version"] == 1


async def test_update_with_the_current_version_changes_the_profile(
    cities: CitiesService,
) -> None:
    city = await cities.register(population=1_000_000)
    response = await cities.client.patch(
        f"/cities/{city['id']}",
        json={"expected_version": 1, "population": 1_200_000, "website": None},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["version"] == 2
    assert updated["population"] == 1_200_000
    assert updated["name"] == "Freetown"

    # Nothing new: no new version.
    same = await cities.client.patch(
        f"/cities/{city['id']}", json={"expected_version": 2, "population": 1_200_000}
    )
    assert same.status_code == 200
    assert same.json()["version"] == 2


async def test_update_with_a_stale_version_is_a_conflict_and_changes_nothing(
    cities: CitiesService,
) -> None:
    city = await cities.register(population=1_000_000)
    first = await cities.client.patch(
        f"/cities/{city['id']}", json={"expected_version": 1, "population": 1_100_000}
    )
    assert first.status_code == 200
    stale = await cities.client.patch(
        f"/cities/{city['id']}", json={"expected_version": 1, "population": 5}
    )
    assert stale.status_code == 409
    assert "expected version 1" in stale.json()["detail"]
    current = (await cities.client.get(f"/cities/{city['id']}")).json()
    assert current["version"] == 2
    assert current["population"] == 1_100_000


async def test_unknown_ids_are_404_and_junk_ids_422(cities: CitiesService) -> None:
    for path in (
        "/cities/doesnotexist",
        "/cities/doesnotexist/partnership/history",
        "/cities/doesnotexist/timeline",
        "/assistance-requests/doesnotexist",
    ):
        response = await cities.client.get(path)
        assert response.status_code == 404, path
        assert "not found" in response.json()["detail"]
    response = await cities.client.patch(
        "/cities/doesnotexist", json={"expected_version": 1, "population": 3}
    )
    assert response.status_code == 404
    response = await cities.client.post(
        "/cities/doesnotexist/partnership", json={"to_status": "engaged", "reason": "call"}
    )
    assert response.status_code == 404
    for junk in ("x" * 65, "a.b", "%00", "%C3%A9t%C3%A9"):
        response = await cities.client.get(f"/cities/{junk}")
        assert response.status_code in (404, 422), (junk, response.status_code)
        assert field_errors(response) == [("city_id",)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country_code": "XX"}, ("country_code",)),
        ({"country_code": "Sierra Leone"}, ("country_code",)),
        ({"languages": ["en", "zz"]}, ("languages", "1")),
        ({"population": 10, "migrant_population": 11}, ("migrant_population",)),
        ({"population": -1}, ("population",)),
        ({"population": 10**30}, ("population",)),
        ({"size_class": "megacity"}, ("size_class",)),
        ({"mayor": {"name": "A", "email": "not-an-email"}}, ("mayor", "email")),
        ({"website": "ftp://x.example.org"}, ("website",)),
        ({"favourite_colour": "blue"}, ("favourite_colour",)),
        ({"region": "Europe"}, ("region",)),
        ({"name": "Free\x00town"}, ("name",)),
        ({"name": "x" * 121}, ("name",)),
        ({"networks": ["n"] * 51}, ("networks",)),
    ],
)
async def test_bad_values_are_422_with_the_field_and_register_nothing(
    cities: CitiesService, changes: dict[str, Any], field: tuple[str, ...]
) -> None:
    body = {"name": "Freetown", "country_code": "SL", "size_class": "primary", **changes}
    response = await cities.client.post("/cities", json=body)
    assert field in field_errors(response), response.text
    assert await cities.database["cities"].count_documents({}) == 0


async def test_bad_values_in_an_update_are_422_and_change_nothing(cities: CitiesService) -> None:
    city = await cities.register()
    for changes, field in (
        ({"country_code": "QQ"}, ("country_code",)),
        ({"languages": ["xx"]}, ("languages", "0")),
        ({"population": 5, "migrant_population": 6}, ("migrant_population",)),
        ({"name": None}, ("name",)),
        ({"mayor": {"name": "X"}}, ("mayor",)),
        ({"unknown": 1}, ("unknown",)),
    ):
        response = await cities.client.patch(
            f"/cities/{city['id']}", json={"expected_version": 1, **changes}
        )
        assert field in field_errors(response), (changes, response.text)
    response = await cities.client.patch(f"/cities/{city['id']}", json={"population": 5})
    assert ("expected_version",) in field_errors(response)
    assert (await cities.client.get(f"/cities/{city['id']}")).json() == city


async def test_a_body_that_is_not_json_is_422(cities: CitiesService) -> None:
    response = await cities.client.post(
        "/cities", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    response = await cities.client.post(
        "/cities",
        content=json.dumps({"name": "\ud800", "country_code": "SL"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422


async def test_requests_without_the_api_token_are_refused(cities: CitiesService) -> None:
    response = await cities.client.get("/cities", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401
    response = await cities.client.get("/healthz", headers={"Authorization": ""})
    assert response.status_code == 200


async def test_partnership_moves_along_its_life_cycle_and_keeps_its_history(
    cities: CitiesService,
) -> None:
    city = await cities.register()
    path = f"/cities/{city['id']}/partnership"
    engaged = await cities.client.post(
        path, json={"to_status": "engaged", "reason": "first call", "expected_version": 1}
    )
    assert engaged.status_code == 200, engaged.text
    assert engaged.json()["partnership_status"] == "engaged"
    assert engaged.json()["version"] == 2

    partner = await cities.client.post(
        path,
        json={"to_status": "partner", "reason": "signed MoU"},
        headers={"X-MMC-Actor": "staff-director"},
    )
    assert partner.status_code == 200, partner.text
    assert partner.json()["next_partnership_statuses"] == ["inactive"]

    refused = await cities.client.post(path, json={"to_status": "prospect", "reason": "oops"})
    assert refused.status_code == 409
    assert "allowed next: inactive" in refused.json()["detail"]
    same = await cities.client.post(path, json={"to_status": "partner", "reason": "again"})
    assert same.status_code == 409
    stale = await cities.client.post(
        path, json={"to_status": "inactive", "reason": "lapsed", "expected_version": 2}
    )
    assert stale.status_code == 409
    for body, field in (
        ({"to_status": "inactive", "reason": "   "}, ("reason",)),
        ({"to_status": "friend", "reason": "x"}, ("to_status",)),
        ({"to_status": "inactive"}, ("reason",)),
    ):
        assert field in field_errors(await cities.client.post(path, json=body)), body

    history = await cities.client.get(f"/cities/{city['id']}/partnership/history")
    assert history.status_code == 200
    body = history.json()
    assert body["partnership_status"] == "partner"
    assert [
        (h["from_status"], h["to_status"], h["reason"], h["actor"]) for h in body["history"]
    ] == [
        ("prospect", "engaged", "first call", ACTOR),
        ("engaged", "partner", "signed MoU", "staff-director"),
    ]
    assert (await cities.client.get(f"/cities/{city['id']}")).json()["version"] == 3


async def test_a_new_mayor_is_recorded(cities: CitiesService) -> None:
    city = await cities.register(mayor={"name": "Yvonne Aki-Sawyerr", "title": "Mayor"})
    response = await cities.client.post(
        f"/cities/{city['id']}/mayor",
        json={"name": "Amina Diallo", "title": "Mayor", "took_office_on": "2028-06-01"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["mayor"] == {
        "name": "Amina Diallo",
        "role": "mayor",
        "title": "Mayor",
        "email": None,
        "phone": None,
    }
    assert response.json()["version"] == 2
    bad = await cities.client.post(
        f"/cities/{city['id']}/mayor", json={"name": "Amina Diallo", "email": "nope"}
    )
    assert ("email",) in field_errors(bad)


async def test_list_filters_and_pagination(cities: CitiesService) -> None:
    await cities.register(
        name="Zürich",
        country_code="CH",
        migration_contexts=["destination"],
        networks=["Eurocities"],
    )
    await cities.register(
        name="Kampala",
        country_code="UG",
        migration_contexts=["refugee_hosting"],
        partnership_status="partner",
    )
    await cities.register(
        name="Arua",
        country_code="UG",
        size_class="secondary",
        migration_contexts=["refugee_hosting", "transit"],
        networks=["Mayors Migration Council"],
    )
    await cities.register(name="Bogotá, D.C.", country_code="CO", partnership_status="engaged")

    async def names(**params: Any) -> list[str]:
        response = await cities.client.get("/cities", params=params)
        assert response.status_code == 200, response.text
        return [city["name"] for city in response.json()["items"]]

    assert await names() == ["Arua", "Bogotá, D.C.", "Kampala", "Zürich"]
    assert await names(region="Africa") == ["Arua", "Kampala"]
    assert await names(sub_region="Western Europe") == ["Zürich"]
    assert await names(country="ug") == ["Arua", "Kampala"]
    assert await names(migration_context="refugee_hosting", size_class="secondary") == ["Arua"]
    assert await names(partnership_status="partner") == ["Kampala"]
    assert await names(network="Eurocities") == ["Zürich"]
    assert await names(q="ZUR") == ["Zürich"]
    assert await names(q="bogota dc") == ["Bogotá, D.C."]
    # Punctuation is ignored, never read as a pattern.
    assert await names(q="a.*") == await names(q="A") == ["Arua", "Bogotá, D.C.", "Kampala"]
    assert await names(q="((") == await names()
    assert await names(region="Antarctica") == []

    page = (await cities.client.get("/cities", params={"limit": 2, "offset": 1})).json()
    assert [c["name"] for c in page["items"]] == ["Bogotá, D.C.", "Kampala"]
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 1)
    beyond = (await cities.client.get("/cities", params={"offset": 10})).json()
    assert (beyond["items"], beyond["total"]) == ([], 4)

    for params, field in (
        ({"limit": 0}, ("limit",)),
        ({"limit": 201}, ("limit",)),
        ({"offset": -1}, ("offset",)),
        ({"offset": 10**20}, ("offset",)),
        ({"size_class": "huge"}, ("size_class",)),
        ({"country": "USA"}, ("country",)),
        ({"q": "x" * 121}, ("q",)),
    ):
        response = await cities.client.get("/cities", params=params)
        assert field in field_errors(response), params


async def test_concurrent_writers_one_version_one_winner(cities: CitiesService) -> None:
    city = await cities.register(population=1)
    path = f"/cities/{city['id']}"
    answers = await asyncio.gather(
        *(
            cities.client.patch(path, json={"expected_version": 1, "population": 100 + n})
            for n in range(5)
        )
    )
    assert sorted(answer.status_code for answer in answers) == [200, 409, 409, 409, 409]
    winner = next(answer.json() for answer in answers if answer.status_code == 200)
    current = (await cities.client.get(path)).json()
    assert (current["version"], current["population"]) == (2, winner["population"])

    # Without expected_version each change is re-applied to the latest state: all land.
    mayors = await asyncio.gather(
        *(cities.client.post(f"{path}/mayor", json={"name": f"Mayor {n}"}) for n in range(3))
    )
    assert [answer.status_code for answer in mayors] == [200, 200, 200]
    assert (await cities.client.get(path)).json()["version"] == 5


async def test_concurrent_registrations_of_one_city_register_it_once(
    cities: CitiesService,
) -> None:
    answers = await asyncio.gather(
        *(
            cities.client.post(
                "/cities", json={"name": name, "country_code": "UG", "size_class": "secondary"}
            )
            for name in ("Arua", "ARUA", "arua", " Arua ")
        )
    )
    assert sorted(answer.status_code for answer in answers) == [201, 409, 409, 409]
    assert await cities.database["cities"].count_documents({}) == 1

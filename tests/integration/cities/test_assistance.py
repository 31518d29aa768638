"""Technical assistance requests: opened for a known city, followed through their life cycle."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.cities.conftest import ACTOR, CitiesService

pytestmark = pytest.mark.integration

URL = "https://docs.example.org/cn"
REQUEST = {
    "kind": "funding_access",
    "title": "Access to the Global Cities Fund",
    "description": "Help with a concept note.",
    "requested_by": "Amina Diallo",
}


async def open_request(service: CitiesService, city_id: str, **fields: Any) -> dict[str, Any]:
    response = await service.client.post(
        f"/cities/{city_id}/assistance-requests", json={**REQUEST, **fields}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_request_for_an_unknown_city_is_404(cities: CitiesService) -> None:
    response = await cities.client.post("/cities/nosuchcity/assistance-requests", json=REQUEST)
    assert response.status_code == 404
    assert await cities.database["assistance_requests"].count_documents({}) == 0


async def test_the_assistance_life_cycle(cities: CitiesService) -> None:
    city = await cities.register()
    request = await open_request(cities, city["id"], due_on="2099-01-31")
    assert request["status"] == "received"
    assert request["city_id"] == city["id"]
    assert request["version"] == 1
    assert request["next_statuses"] == ["triaged", "declined"]
    path = f"/assistance-requests/{request['id']}"
    assert (await cities.client.get(path)).json() == request

    async def move(to_status: str, **body: Any) -> Any:
        return await cities.client.post(f"{path}/status", json={"to_status": to_status, **body})

    assert (await move("triaged")).status_code == 200
    assert (await move("accepted", reason="fits the programme")).status_code == 200
    assignee = await cities.client.post(f"{path}/assignee", json={"assignee": "staff-ta"})
    assert assignee.status_code == 200
    assert assignee.json()["assignee"] == "staff-ta"
    assert (await move("in_progress")).status_code == 200

    early = await move("delivered")
    assert early.status_code == 409
    assert "deliverable" in early.json()["detail"]

    deliverable = await cities.client.post(
        f"{path}/deliverables",
        json={
            "title": "Concept note",
            "url": "https://docs.example.org/cn",
            "delivered_on": "2026-11-28",
        },
    )
    assert deliverable.status_code == 200, deliverable.text
    assert deliverable.json()["deliverables"] == [
        {
            "title": "Concept note",
            "url": "https://docs.example.org/cn",
            "delivered_on": "2026-11-28",
        }
    ]
    delivered = await move("delivered")
    assert delivered.status_code == 200
    closed = await move("closed", expected_version=delivered.json()["version"])
    assert closed.status_code == 200
    final = closed.json()
    assert final["status"] == "closed"
    assert final["next_statuses"] == []
    assert [(h["from_status"], h["to_status"]) for h in final["status_history"]] == [
        ("received", "triaged"),
        ("triaged", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "delivered"),
        ("delivered", "closed"),
    ]
    assert {h["actor"] for h in final["status_history"]} == {ACTOR}
    assert final["version"] == 8

    refused = await move("in_progress", reason="more work")
    assert refused.status_code == 409
    assert "final" in refused.json()["detail"]
    late = await cities.client.post(f"{path}/deliverables", json={"title": "Annex"})
    assert late.status_code == 409
    assert (await cities.client.get(path)).json()["version"] == 8


async def test_assistance_commands_check_their_input(cities: CitiesService) -> None:
    city = await cities.register()
    request = await open_request(cities, city["id"])
    path = f"/assistance-requests/{request['id']}"
    cases: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
        (f"{path}/status", {"to_status": "declined"}, ("reason",)),
        (f"{path}/status", {"to_status": "declined", "reason": "  "}, ("reason",)),
        (f"{path}/status", {"to_status": "finished"}, ("to_status",)),
        (f"{path}/assignee", {"assignee": ""}, ("assignee",)),
        (f"{path}/assignee", {"assignee": "   "}, ("assignee",)),
        (f"{path}/deliverables", {"title": "   "}, ("title",)),
        (f"{path}/deliverables", {"title": "x", "extra": 1}, ("extra",)),
        (f"/cities/{city['id']}/assistance-requests", {**REQUEST, "kind": "cash"}, ("kind",)),
        (
            f"/cities/{city['id']}/assistance-requests",
            {**REQUEST, "due_on": "2001-01-01"},
            ("due_on",),
        ),
        (f"/cities/{city['id']}/assistance-requests", {**REQUEST, "title": ""}, ("title",)),
    ]
    for url, body, field in cases:
        response = await cities.client.post(url, json=body)
        assert response.status_code == 422, (url, body, response.text)
        locs = [tuple(str(p) for p in item["loc"][1:]) for item in response.json()["detail"]]
        assert field in locs, (body, locs)

    wrong_move = await cities.client.post(f"{path}/status", json={"to_status": "closed"})
    assert wrong_move.status_code == 409
    stale = await cities.client.post(
        f"{path}/status", json={"to_status": "triaged", "expected_version": 5}
    )
    assert stale.status_code == 409
    assert (await cities.client.get(path)).json()["version"] == 1
    unknown = await cities.client.post(
        "/assistance-requests/nosuchrequest/status", json={"to_status": "triaged"}
    )
    assert unknown.status_code == 404


async def test_listing_requests_by_city_status_kind_and_assignee(cities: CitiesService) -> None:
    freetown = await cities.register()
    kampala = await cities.register(name="Kampala", country_code="UG")
    first = await open_request(cities, freetown["id"])
    second = await open_request(cities, freetown["id"], kind="advocacy_support", title="Op-ed")
    third = await open_request(cities, kampala["id"])
    await cities.client.post(
        f"/assistance-requests/{second['id']}/status", json={"to_status": "triaged"}
    )
    await cities.client.post(
        f"/assistance-requests/{third['id']}/assignee", json={"assignee": "staff-ta"}
    )

    async def ids(**params: Any) -> list[str]:
        response = await cities.client.get("/assistance-requests", params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids() == [third["id"], second["id"], first["id"]]
    assert await ids(city_id=freetown["id"]) == [second["id"], first["id"]]
    assert await ids(status="triaged") == [second["id"]]
    assert await ids(kind="funding_access") == [third["id"], first["id"]]
    assert await ids(assignee="staff-ta") == [third["id"]]
    assert await ids(city_id=freetown["id"], status="received") == [first["id"]]
    page = (
        await cities.client.get("/assistance-requests", params={"limit": 1, "offset": 1})
    ).json()
    assert ([i["id"] for i in page["items"]], page["total"]) == ([second["id"]], 3)
    bad = await cities.client.get("/assistance-requests", params={"city_id": "a b"})
    assert bad.status_code == 422

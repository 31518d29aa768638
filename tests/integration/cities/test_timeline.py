"""A city's engagement timeline, projected from the events on Kafka."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mmc_cities.adapters.timeline import Timeline
from mmc_cities.reactions import project_timeline
from mmc_contracts import EventContext
from mmc_contracts.cities import CityPartnershipStatusChanged
from tests.integration.cities.conftest import ACTOR, CitiesService, timeline_of

pytestmark = pytest.mark.integration


async def test_the_timeline_shows_what_happened_with_the_city_newest_first(
    cities: CitiesService,
) -> None:
    client = cities.client
    city = await cities.register(mayor={"name": "Yvonne Aki-Sawyerr"})
    other = await cities.register(name="Kampala", country_code="UG")
    city_path = f"/cities/{city['id']}"
    assert (
        await client.post(
            f"{city_path}/partnership", json={"to_status": "engaged", "reason": "first call"}
        )
    ).status_code == 200
    assert (
        await client.post(
            f"{city_path}/partnership", json={"to_status": "partner", "reason": "signed MoU"}
        )
    ).status_code == 200
    assert (await client.patch(city_path, json={"expected_version": 3, "population": 5})).is_success
    assert (
        await client.post(f"{city_path}/mayor", json={"name": "Amina Diallo"})
    ).status_code == 200
    request = await client.post(
        f"{city_path}/assistance-requests",
        json={
            "kind": "funding_access",
            "title": "Concept note",
            "requested_by": "Amina Diallo",
        },
    )
    request_path = f"/assistance-requests/{request.json()['id']}"
    await client.post(f"{request_path}/status", json={"to_status": "triaged"})
    await client.post(f"{request_path}/assignee", json={"assignee": "staff-ta"})
    await client.post(f"{request_path}/deliverables", json={"title": "Draft note"})

    entries = await timeline_of(cities, city["id"], lambda items: len(items) >= 9)
    assert [entry["summary"] for entry in entries] == [
        "Deliverable recorded: Draft note",
        "Assistance request assigned to staff-ta",
        "Assistance request status changed from received to triaged",
        "Assistance requested (funding access): Concept note, requested by Amina Diallo",
        "Mayor changed from Yvonne Aki-Sawyerr to Amina Diallo",
        "Profile updated: population",
        "Partnership status changed from engaged to partner: signed MoU",
        "Partnership status changed from prospect to engaged: first call",
        "Freetown, Sierra Leone, registered with partnership status prospect",
    ]
    assert [entry["kind"] for entry in entries][-1] == "CityRegistered"
    assert all(entry["city_id"] == city["id"] and entry["actor"] == ACTOR for entry in entries)
    assert [entry["aggregate_version"] for entry in entries[4:]] == [5, 4, 3, 2, 1]
    assert entries[-1]["aggregate_id"] == city["id"]
    assert entries[0]["aggregate"] == "assistance_request"
    times = [entry["occurred_at"] for entry in entries]
    assert times == sorted(times, reverse=True)

    page = (await client.get(f"{city_path}/timeline", params={"limit": 2, "offset": 1})).json()
    assert [e["summary"] for e in page["items"]] == [s["summary"] for s in entries[1:3]]
    assert page["total"] == 9

    others = await timeline_of(cities, other["id"], lambda items: len(items) >= 1)
    assert [entry["kind"] for entry in others] == ["CityRegistered"]


async def test_a_redelivered_event_appears_once(cities: CitiesService) -> None:
    timeline = Timeline(cities.database["timeline"])
    event = CityPartnershipStatusChanged.stamp(
        EventContext(actor="tester", at=datetime(2026, 11, 28, 9, 0, tzinfo=UTC)),
        aggregate_id="city-x",
        aggregate_version=2,
        from_status="prospect",
        to_status="engaged",
        reason="a call",
    )
    for _ in range(3):
        await project_timeline(event, timeline=timeline)
    documents = [d async for d in cities.database["timeline"].find({"city_id": "city-x"})]
    assert len(documents) == 1
    assert documents[0]["_id"] == str(event.event_id)
    assert documents[0]["occurred_at"] == "2026-11-28T09:00:00.000000Z"
    assert documents[0]["summary"] == (
        "Partnership status changed from prospect to engaged: a call"
    )

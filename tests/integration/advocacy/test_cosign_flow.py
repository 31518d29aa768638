"""Co-signing and the timeline flow on the real broker and database, with a real registry.

A city registered in cities reaches advocacy's read model and may co-sign a statement; an
unknown city gets 422; a withdrawn signature leaves the public list; a city that left the
partnership keeps its signature but cannot sign anew. Co-signatures, the publication naming the
cities, a city input and a pledge with its progress appear on the cities' timelines.
"""

from __future__ import annotations

import pytest

from tests.integration.advocacy.conftest import (
    APPROVER,
    Advocacy,
    Json,
    Service,
    moment_body,
    register_city,
)
from tests.waiting import eventually

pytestmark = pytest.mark.integration

CONSENT = {"given_by": "Office of the Mayor", "given_on": "2026-11-20", "method": "signed_letter"}


async def statement(advocacy: Advocacy, **fields: object) -> Json:
    return await advocacy.ok(
        "POST",
        "/materials",
        201,
        json={
            "kind": "public_statement",
            "title": "Mayors' call to the GFMD",
            "text": "We, the undersigned mayors, call on national governments...",
            **fields,
        },
    )


async def sign(advocacy: Advocacy, material_id: str, city: Json, status: int = 201) -> Json:
    return await advocacy.ok(
        "POST",
        f"/materials/{material_id}/signatures",
        status,
        json={"city_id": city["id"], "mayor_name": "A Mayor", "consent": CONSENT},
    )


async def publish(advocacy: Advocacy, material_id: str) -> Json:
    await advocacy.ok("POST", f"/materials/{material_id}/status", json={"to_status": "in_review"})
    await advocacy.ok(
        "POST",
        f"/materials/{material_id}/status",
        json={"to_status": "approved"},
        headers=APPROVER,
    )
    return await advocacy.ok(
        "POST",
        f"/materials/{material_id}/status",
        json={
            "to_status": "published",
            "publication": {"channel": "website", "published_on": "2026-12-01"},
        },
    )


async def timeline(cities: Service, city_id: str, wanted: set[str]) -> list[Json]:
    entries: list[Json] = []

    async def check() -> bool:
        nonlocal entries
        entries = (await cities.ok("GET", f"/cities/{city_id}/timeline?limit=200"))["items"]
        return wanted <= {entry["kind"] for entry in entries}

    await eventually(check, 30, f"{wanted} on the timeline of {city_id}")
    return entries


async def test_a_registered_city_signs_an_unknown_one_is_refused_and_a_withdrawal_leaves_the_list(
    cities: Service, advocacy: Advocacy
) -> None:
    freetown = await register_city(cities, "Freetown", "SL", "Yvonne Aki-Sawyerr")
    bogota = await register_city(cities, "Bogotá", "CO", "Carlos Fernando Galán", status="engaged")
    await advocacy.known_city(freetown["id"])
    await advocacy.known_city(bogota["id"])
    material = await statement(advocacy)
    await sign(advocacy, material["id"], freetown)
    await sign(advocacy, material["id"], bogota)

    unknown = await sign(advocacy, material["id"], {"id": "no-such-city"}, 422)
    assert unknown["detail"][0]["loc"] == ["body", "city_id"]
    await sign(advocacy, material["id"], freetown, 409)  # not twice

    hidden = await advocacy.client.get(f"/public/statements/{material['id']}/signatories")
    assert hidden.status_code == 404  # not public before publication

    # Nobody approves their own text, and only an approver approves.
    status_url = f"/materials/{material['id']}/status"
    await advocacy.ok("POST", status_url, json={"to_status": "in_review"})
    own = await advocacy.client.post(
        f"/materials/{material['id']}/status",
        json={"to_status": "approved"},
        headers={"X-MMC-Roles": "approver"},
    )
    assert own.status_code == 403
    no_role = await advocacy.client.post(
        f"/materials/{material['id']}/status",
        json={"to_status": "approved"},
        headers={"X-MMC-Actor": "someone-else"},
    )
    assert no_role.status_code == 403
    await advocacy.ok("POST", f"/materials/{material['id']}/status", json={"to_status": "draft"})
    await publish(advocacy, material["id"])

    listed = await advocacy.ok("GET", f"/public/statements/{material['id']}/signatories")
    assert {s["city_id"] for s in listed["signatories"]} == {freetown["id"], bogota["id"]}
    await advocacy.ok(
        "POST",
        f"/materials/{material['id']}/signatures/{bogota['id']}/withdrawal",
        json={"reason": "The council reconsidered"},
    )
    listed = await advocacy.ok("GET", f"/public/statements/{material['id']}/signatories")
    assert [s["city_id"] for s in listed["signatories"]] == [freetown["id"]]
    signatures = await advocacy.ok("GET", f"/materials/{material['id']}/signatures")
    assert len(signatures["history"]) == 2
    assert [s["city_id"] for s in signatures["active"]] == [freetown["id"]]

    # Freetown leaves the partnership: its signature stands, it signs nothing new.
    await cities.ok(
        "POST",
        f"/cities/{freetown['id']}/partnership",
        json={"to_status": "inactive", "reason": "The partnership ended"},
    )
    await advocacy.known_city(freetown["id"], lambda c: c["partnership_status"] == "inactive")
    second = await statement(advocacy, title="A second call")
    refused = await sign(advocacy, second["id"], freetown, 409)
    assert "left" in refused["detail"]
    listed = await advocacy.ok("GET", f"/public/statements/{material['id']}/signatories")
    assert [s["city_id"] for s in listed["signatories"]] == [freetown["id"]]

    # The flows reach the cities' timelines.
    entries = await timeline(
        cities,
        bogota["id"],
        {"StatementCoSigned", "CityFeaturedInMaterial", "StatementSignatureWithdrawn"},
    )
    assert any("co-signed" in e["summary"] for e in entries)


async def test_a_city_input_and_a_pledge_with_progress_reach_the_timeline(
    cities: Service, advocacy: Advocacy
) -> None:
    city = await register_city(cities, "Kampala", "UG", "Erias Lukwago")
    await advocacy.known_city(city["id"])
    moment = await advocacy.ok(
        "POST",
        "/policy-moments",
        201,
        json=moment_body("GFMD Summit", "gfmd", "2027-01-20"),
    )
    moment = await advocacy.ok(
        "POST",
        f"/policy-moments/{moment['id']}/inputs",
        201,
        json={"city_id": city["id"], "kind": "speaking_slot", "title": "Mayors Mechanism panel"},
    )
    input_id = moment["inputs"][0]["id"]
    await advocacy.ok(
        "POST",
        f"/policy-moments/{moment['id']}/inputs/{input_id}/status",
        json={"to_status": "submitted"},
    )
    pledge = await advocacy.ok(
        "POST",
        "/pledges",
        201,
        json={
            "city_id": city["id"],
            "title": "Refugee-inclusive city services",
            "description": "Every city service open to refugees by 2027.",
            "made_on": "2023-12-13",
            "gcm_objectives": [15, 16],
            "gcr_areas": ["health"],
        },
    )
    await advocacy.ok(
        "POST",
        f"/pledges/{pledge['id']}/progress",
        json={
            "reported_on": "2025-12-01",
            "status": "in_progress",
            "narrative": "Health services opened",
            "figures": {"people_reached": 4200},
        },
    )
    found = await advocacy.ok("GET", "/pledges?objective=16&status=in_progress")
    assert [p["id"] for p in found["items"]] == [pledge["id"]]
    assert (await advocacy.ok("GET", "/pledges?objective=3"))["total"] == 0
    entries = await timeline(
        cities,
        city["id"],
        {"CityInputSubmitted", "CityInputStatusChanged", "PledgeMade", "PledgeProgressReported"},
    )
    assert any("GCM objectives 15, 16" in e["summary"] for e in entries)

"""A person's data in the cities service: a city's contact goes, a mayor keeps name and office
(public facts) but not e-mail and phone; no event ever carried them (real broker, database)."""

from __future__ import annotations

import json

import pytest

from tests.integration.cities.conftest import CitiesService, read_records
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def test_erasure_keeps_the_mayors_office_and_forgets_contact_details(
    cities: CitiesService, kafka_bootstrap: str
) -> None:
    mayor_email, contact_email = "y.mayor@fcc.example.org", "focal.point@fcc.example.org"
    city = await cities.register(
        mayor={
            "name": "Yvonne Mayor-Privacy",
            "title": "Mayor",
            "email": mayor_email,
            "phone": "+232 76 555 0101",
        },
        contacts=[
            {"name": "Fatmata Focal-Privacy", "role": "focal_point", "email": contact_email},
            {"name": "Other Person", "role": "senior_staff"},
        ],
    )
    exported = await cities.client.get("/personal-data", params={"email": mayor_email.upper()})
    assert exported.status_code == 200
    [held] = exported.json()["held"]
    assert held["data"]["phone"] == "+232 76 555 0101"

    for email in (mayor_email, contact_email):
        erased = await cities.client.post("/personal-data/erasure", json={"email": email})
        assert erased.status_code == 200, erased.text
        assert erased.json()["erased"]
    assert (await cities.client.post("/personal-data/erasure", json={"email": mayor_email})).json()[
        "erased"
    ] == []

    after = (await cities.client.get(f"/cities/{city['id']}")).json()
    assert after["mayor"]["name"] == "Yvonne Mayor-Privacy"  # the office is public
    assert after["mayor"]["email"] is None
    assert [c["name"] for c in after["contacts"]] == ["Other Person"]
    # An event the erasure's own first write recorded (it still names the contact the second
    # write removed) leaves the document once published and trimmed: within seconds.
    secrets = (mayor_email, contact_email, "555 0101", "Fatmata")
    await eventually(
        lambda: _stored_without(cities, city["id"], secrets), what="the stored city without them"
    )

    records = await read_records(
        kafka_bootstrap,
        cities.runtime.settings.topic_prefix + "mmc.cities.city.v2",
        lambda r: r.key == city["id"].encode(),
        expected=3,
    )
    for record in records:
        body = (record.value or b"").decode()
        assert mayor_email not in body
        assert contact_email not in body
        assert "555 0101" not in body


async def _stored_without(cities: CitiesService, city_id: str, secrets: tuple[str, ...]) -> bool:
    stored = json.dumps(await cities.database["cities"].find_one({"_id": city_id}), default=str)
    return not any(secret in stored for secret in secrets)

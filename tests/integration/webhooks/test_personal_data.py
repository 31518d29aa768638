"""An endpoint owner's contact in the webhooks service: exported, erased (the endpoint stays),
announced once by a tombstone with ids only; searched by value afterwards, the database and the
service's topic hold the address nowhere (real broker and database)."""

from __future__ import annotations

import json

import pytest
from pymongo import AsyncMongoClient

from mmc_contracts import decode
from mmc_contracts.topics import WEBHOOKS_ENDPOINT
from mmc_contracts.webhooks import WebhookOwnerContactErased
from tests.integration.board.conftest import read_all
from tests.integration.webhooks.conftest import ServiceFactory
from tests.waiting import eventually

pytestmark = pytest.mark.integration

OWNER = "Amina.Owner@partner-network.example.org"


async def test_an_owner_contact_is_exported_then_erased_and_the_endpoint_stays(
    webhooks_service: ServiceFactory, mongo_client: AsyncMongoClient[dict[str, object]]
) -> None:
    async with webhooks_service() as service:
        created = await service.client.post(
            "/endpoints",
            json={
                "url": "http://127.0.0.1:9/hook",
                "topics": ["mmc.cities.city.v2"],
                "owner_contact": OWNER,
            },
        )
        assert created.status_code == 201, created.text
        endpoint_id = created.json()["id"]
        other = await service.client.post(
            "/endpoints",
            json={
                "url": "http://127.0.0.1:9/other",
                "topics": ["mmc.cities.city.v2"],
                "owner_contact": "someone.else@partner-network.example.org",
            },
        )
        assert other.status_code == 201, other.text

        export = await service.client.get("/personal-data", params={"email": OWNER.upper()})
        assert export.status_code == 200, export.text
        held = export.json()["held"]
        assert [(h["kind"], h["id"]) for h in held] == [("webhook endpoint owner", endpoint_id)]
        assert held[0]["data"]["owner_contact"] == OWNER

        erased = await service.client.post("/personal-data/erasure", json={"email": OWNER})
        assert erased.status_code == 200, erased.text
        assert erased.json()["erased"] == [f"webhook endpoint owner {endpoint_id}"]
        again = await service.client.post("/personal-data/erasure", json={"email": OWNER})
        assert again.json()["erased"] == []

        endpoint = await service.client.get(f"/endpoints/{endpoint_id}")
        assert endpoint.status_code == 200
        assert endpoint.json()["status"] == "active"  # it keeps receiving
        database = mongo_client[service.settings.database_name]
        stored: list[object] = []
        for name in await database.list_collection_names():
            stored.extend([document async for document in database[name].find({})])
        text = json.dumps(stored, default=str).casefold()
        assert OWNER.casefold() not in text
        assert "someone.else@partner-network.example.org" in text  # only that person's

        topic = service.settings.topic_prefix + WEBHOOKS_ENDPOINT
        tombstones: list[str] = []

        async def announced() -> bool:
            records = await read_all(service.settings.kafka_bootstrap_servers, topic)
            assert all(OWNER.casefold().encode() not in (r.value or b"").lower() for r in records)
            tombstones[:] = [
                event.aggregate_id
                for r in records
                if isinstance(event := decode(r.value, r.headers), WebhookOwnerContactErased)
            ]
            return bool(tombstones)

        await eventually(announced, 30, "the tombstone on the endpoint topic")
        assert tombstones == [endpoint_id]

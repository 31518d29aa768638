"""The webhooks API: the allowlist at registration, secret rotation without downtime, replay of
a time range, and the answers to bad input."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from tests.integration.webhooks.conftest import Partner, ServiceFactory, city_events
from tests.integration.webhooks.test_delivery import received_versions, until_received
from tests.waiting import eventually

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://10.0.0.1/hooks", "non-public"),
        ("http://169.254.169.254/latest/meta-data", "non-public"),
        ("http://127.0.0.2:9/hooks", "non-public"),
        ("http://no-such-host.invalid/hooks", "no address"),
        ("ftp://127.0.0.1/hooks", "http"),
    ],
)
async def test_only_allowed_targets_can_be_registered(
    webhooks_service: ServiceFactory, url: str, why: str
) -> None:
    async with webhooks_service() as service:
        response = await service.client.post(
            "/endpoints",
            json={"url": url, "topics": ["mmc.cities.city.v2"], "owner_contact": "a@b.example.org"},
        )
        assert response.status_code == 422, response.text
        assert why in response.text
        print(f"\n{url}: 422 {response.json()['detail'][0]['msg']}")


async def test_a_rotated_secret_and_the_old_one_both_sign_during_the_grace_period(
    webhooks_service: ServiceFactory, partners: Callable[..., Awaitable[Partner]]
) -> None:
    partner = await partners("rotating")
    async with webhooks_service() as service:
        endpoint = await service.register(partner)
        old = endpoint["secret"]
        rotated = await service.client.post(
            f"/endpoints/{endpoint['id']}/secret", json={"grace_seconds": 3600}
        )
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["secret"]
        assert new != old
        assert rotated.json()["secrets_live"] == 2
        await service.publish(*city_events("city-r", 2))
        await until_received(partner, 2)
        for delivery in partner.received:
            assert len(delivery.headers["webhook-signature"].split(" ")) == 2
            Webhook(old).verify(delivery.body, delivery.headers)  # a partner not yet switched
            Webhook(new).verify(delivery.body, delivery.headers)  # a partner already switched
        shown = await service.client.get(f"/endpoints/{endpoint['id']}")
        assert "secret" not in shown.json()
        print(f"\nafter rotation: {delivery.headers['webhook-signature'][:24]}... (2 signatures)")


async def test_a_time_range_is_replayed_to_the_endpoint(
    webhooks_service: ServiceFactory, partners: Callable[..., Awaitable[Partner]]
) -> None:
    partner = await partners("replayed")
    async with webhooks_service() as service:
        endpoint = await service.register(partner)
        await service.publish(*city_events("city-x", 3))
        await until_received(partner, 3)
        await asyncio.sleep(0.05)
        since = datetime.now(UTC)
        await service.publish(*city_events("city-y", 4))
        until = datetime.now(UTC)
        await until_received(partner, 7)
        started = await service.client.post(
            f"/endpoints/{endpoint['id']}/replays",
            json={"since": since.isoformat(), "until": until.isoformat()},
        )
        assert started.status_code == 202, started.text
        replay_id = started.json()["id"]

        async def finished() -> bool:
            found = await service.client.get(f"/endpoints/{endpoint['id']}/replays/{replay_id}")
            return bool(found.json()["status"] == "finished")

        await eventually(finished, 30, "the replay to finish")
        done = (await service.client.get(f"/endpoints/{endpoint['id']}/replays/{replay_id}")).json()
        assert done["delivered"] == 4
        assert received_versions(partner) == {
            "city-x": [1, 2, 3],
            "city-y": [1, 2, 3, 4, 1, 2, 3, 4],
        }
        log = await service.deliveries(endpoint["id"])
        assert sum(1 for entry in log if entry["replay_id"] == replay_id) == 4
        print(f"\nreplay {replay_id}: {done['status']}, {done['delivered']} events again, in order")


async def test_bad_input_is_422_unknown_ids_404_and_repeated_moves_409(
    webhooks_service: ServiceFactory, partners: Callable[..., Awaitable[Partner]]
) -> None:
    partner = await partners("api")
    async with webhooks_service() as service:
        client = service.client
        bad_topic = await client.post(
            "/endpoints",
            json={
                "url": partner.url,
                "topics": ["mmc.nowhere.v1"],
                "owner_contact": "a@b.example.org",
            },
        )
        assert bad_topic.status_code == 422
        assert bad_topic.json()["detail"][0]["loc"][-1] in ("topics", 0, "0")
        endpoint = await service.register(partner)
        assert (await client.get("/endpoints/nope")).status_code == 404
        assert (await client.get("/endpoints/nope/deliveries")).status_code == 404
        assert (
            await client.post(f"/endpoints/{endpoint['id']}/resume", json={})
        ).status_code == 409
        paused = await client.post(f"/endpoints/{endpoint['id']}/pause", json={})
        assert paused.status_code == 200
        assert paused.json()["pause_reason"] == "staff"
        assert (await client.post(f"/endpoints/{endpoint['id']}/pause", json={})).status_code == 409
        backwards = await client.post(
            f"/endpoints/{endpoint['id']}/replays",
            json={"since": "2026-12-02T10:00:00Z", "until": "2026-12-02T09:00:00Z"},
        )
        assert backwards.status_code == 422
        listed = await client.get("/endpoints", params={"status": "paused"})
        assert [item["id"] for item in listed.json()["items"]] == [endpoint["id"]]

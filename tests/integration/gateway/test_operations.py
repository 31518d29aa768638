"""Dead letters of every service through the gateway (list, inspect, replay) with a real poison
message on the real broker; and the event catalogue."""

from __future__ import annotations

import re

import pytest
from aiokafka import AIOKafkaProducer

from mmc_contracts.registry import ALL_EVENTS
from mmc_contracts.topics import CITIES_CITY
from mmc_gateway.roles import Role
from tests.integration.gateway.conftest import Gateway
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def test_a_dead_letter_is_listed_inspected_and_replayed(
    gateway: Gateway, kafka_bootstrap: str
) -> None:
    admin = await gateway.signed_in(Role.ADMIN)
    marker = f"poison-{admin.account.staff_id}"
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            gateway.settings.topic_prefix + CITIES_CITY, marker.encode(), key=marker.encode()
        )
    finally:
        await producer.stop()

    link = re.compile(r'href="(/admin/dead-letters/board/[^"]+)"')
    found: list[str] = []

    async def listed() -> bool:
        page = await admin.client.get("/admin/dead-letters")
        assert page.status_code == 200
        rows = [row for row in page.text.split("<tr>") if "malformed" in row]
        found[:] = [m.group(1) for row in rows for m in [link.search(row)] if m]
        return bool(found)

    await eventually(listed, 30, "the poison message in the board's dead letters")
    detail = None
    for path in found:
        page = await admin.client.get(path)
        if marker in page.text:
            detail = path
            break
    assert detail, "the dead letter of this test is not listed"
    replayed = await admin.client.post(f"{detail}/replay", data={"csrf_token": admin.csrf})
    assert replayed.status_code == 303, replayed.text
    after = await admin.client.get(detail)
    assert admin.account.staff_id in after.text.split('id="replayed"', 1)[1][:300]
    entry = await gateway.database["audit"].find_one(
        {"staff_id": admin.account.staff_id, "action": "dead_letters.replay"}
    )
    assert entry is not None


async def test_the_event_catalogue_lists_every_event(gateway: Gateway) -> None:
    viewer = await gateway.signed_in(Role.VIEWER)
    page = await viewer.client.get("/events")
    assert page.status_code == 200
    for cls in ALL_EVENTS:
        assert cls.event_type() in page.text, cls.__name__
    assert "mmc.gateway.audit.v1" in page.text

"""Setting up what the outreach action pages work on, through the services' own APIs: a city
outreach knows, a partner organisation, a coalition, a funding connection, a target, a
nomination call (opened by outreach itself when a Board seat falls vacant), mbox files."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from mmc_contracts import EventContext
from mmc_contracts.advocacy import PolicyMomentApproaching
from mmc_contracts.board import Mayor, MembershipEndReason, SeatVacated
from tests.conftest import unique
from tests.integration.board.conftest import publish
from tests.integration.gateway.conftest import Gateway
from tests.waiting import eventually


async def known_city(gateway: Gateway, name: str | None = None, partner: bool = False) -> str:
    """A city registered in cities (a partner city if `partner`), once outreach knows it."""
    body = {"name": name or unique("Townsville"), "country_code": "KE", "size_class": "secondary"}
    if partner:
        body["partnership_status"] = "partner"
    async with gateway.api("cities") as cities:
        registered = await cities.post("/cities", json=body)
        assert registered.status_code == 201, registered.text
        city_id: str = registered.json()["id"]
    async with gateway.api("outreach") as api:

        async def known() -> bool:
            return (await api.get(f"/cities/{city_id}")).status_code == 200

        await eventually(known, 60, "the city in outreach's read model")
    return city_id


async def made(gateway: Gateway, path: str, body: dict[str, Any]) -> dict[str, Any]:
    async with gateway.api("outreach") as api:
        answer = await api.post(path, json=body)
        assert answer.status_code in (200, 201), answer.text
        found: dict[str, Any] = answer.json()
        return found


async def outreach_get(gateway: Gateway, path: str) -> dict[str, Any]:
    async with gateway.api("outreach") as api:
        answer = await api.get(path)
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found


async def partner(gateway: Gateway) -> dict[str, Any]:
    return await made(gateway, "/partners", {"name": unique("Network"), "kinds": ["city_network"]})


async def coalition(gateway: Gateway) -> dict[str, Any]:
    body = {"name": unique("Coalition"), "goal": "Inclusive recovery (test data)"}
    return await made(gateway, "/coalitions", body)


async def connection(gateway: Gateway, city_id: str) -> dict[str, Any]:
    opportunity = await made(
        gateway, "/funding/opportunities", {"funder": unique("Funder"), "title": "Fund (test)"}
    )
    body = {"city_id": city_id, "opportunity_id": opportunity["id"]}
    return await made(gateway, "/funding/connections", body)


async def nomination_call(gateway: Gateway) -> dict[str, Any]:
    """A Board seat vacated (as the board publishes it): outreach opens a call."""
    event_id = f"vacancy-{uuid.uuid4().hex[:8]}"
    vacated = SeatVacated.stamp(
        EventContext(actor="board"),
        aggregate_id=event_id,
        aggregate_version=1,
        seat=7,
        previous_mayor=Mayor(
            name="A. Mayor", city_id="city-x", city_name="Somewhere", country_code="FR"
        ),
        reason=MembershipEndReason.RESIGNED,
        vacated_on="2026-11-30",
        membership_id=f"m-{event_id}",
    )
    settings = gateway.settings
    await publish(settings.kafka_bootstrap_servers, settings.topic_prefix, vacated)
    found: dict[str, Any] = {}
    async with gateway.api("outreach") as api:

        async def opened() -> bool:
            page = (await api.get("/nomination-calls", params={"limit": 100})).json()
            for call in page["items"]:
                if call["board_event_id"] == str(vacated.event_id):
                    found.update(call)
            return bool(found)

        await eventually(opened, 60, "the nomination call")
    return found


async def mobilisation_list(gateway: Gateway) -> dict[str, Any]:
    """A policy moment approaching (as advocacy announces it): outreach opens a list."""
    moment_id = f"moment-{uuid.uuid4().hex[:8]}"
    approaching = PolicyMomentApproaching.stamp(
        EventContext(actor="advocacy"),
        aggregate_id=moment_id,
        aggregate_version=2,
        name=unique("GFMD Summit"),
        starts_on="2027-01-20",
        days_left=49,
    )
    settings = gateway.settings
    await publish(settings.kafka_bootstrap_servers, settings.topic_prefix, approaching)
    found: dict[str, Any] = {}
    async with gateway.api("outreach") as api:

        async def opened() -> bool:
            page = await api.get("/mobilisation-lists", params={"moment_id": moment_id})
            found.update(*page.json()["items"][:1])
            return bool(found)

        await eventually(opened, 60, "the mobilisation list")
    return found


def mbox(good: int, malformed: int) -> bytes:
    """An mbox file of `good` messages (new each time) and `malformed` ones (no sender)."""
    out = bytearray()
    stamp = uuid.uuid4().hex[:8]
    messages: list[bytes] = []
    for number in range(good):
        mail = EmailMessage()
        mail["From"] = f"Officer {number} <officer{number}@city.example.org>"
        mail["To"] = "info@mmc.example.org"
        mail["Subject"] = f"Question {stamp}-{number} (test data)"
        mail["Date"] = format_datetime(datetime(2026, 12, 1, 9, number, tzinfo=UTC))
        mail["Message-ID"] = f"<{stamp}-{number}@city.example.org>"
        mail.set_content("Dear MMC,\nwhen is the next consultation?\n")
        messages.append(mail.as_bytes())
    messages += [b"Subject: no sender\nDate: Mon, 30 Nov 2026 10:00:00 +0000\n\nbody\n"] * malformed
    for raw in messages:
        out += b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n"
        out += raw.replace(b"\nFrom ", b"\n>From ") + b"\n"
    return bytes(out)

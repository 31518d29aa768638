"""A person's data in outreach: export, erasure (with its tombstone events) and retention, against
the real broker and database. Searched by value: after erasure neither the database nor any
event of outreach's topics holds the person's e-mail, phone, name or words."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, timedelta
from typing import Any

import pytest

from mmc_chassis.personal_data import main
from mmc_contracts import Event, decode
from mmc_contracts.outreach import InquiryAnonymised, PartnerContactErased
from mmc_contracts.topics import OUTREACH_INQUIRY, OUTREACH_PARTNER
from mmc_outreach.adapters.repository import Repository
from mmc_outreach.domain.inquiry import ERASED, Inquiry
from mmc_outreach.retention import anonymise_expired
from tests.integration.board.conftest import read_all
from tests.integration.board.test_demo_load import served
from tests.integration.outreach.conftest import Outreach
from tests.waiting import eventually

pytestmark = pytest.mark.integration

EMAIL = "Rosa.Privacy@city.example.org"
NAME = "Rosa Quintero-Privacy"
PHONE = "+52 962 555 0142"
WORDS = "our reception centre in the old railway depot"
SECRETS = (EMAIL.casefold(), NAME.casefold(), PHONE, WORDS)


def inquiry_body(subject: str) -> dict[str, Any]:
    return {
        "sender_name": NAME,
        "sender_email": EMAIL,
        "sender_phone": PHONE,
        "subject": subject,
        "message": f"We ask for advice on {WORDS}.",
        "city_name": "Tapachula",
        "country_code": "MX",
    }


async def database_text(outreach: Outreach) -> str:
    """Every document of every collection of outreach's database, as one lower-case text."""
    parts: list[str] = []
    for name in await outreach.database.list_collection_names():
        async for document in outreach.database[name].find({}):
            parts.append(json.dumps(document, default=str))
    return "\n".join(parts).casefold()


async def events_of(outreach: Outreach, topic: str) -> list[tuple[bytes, Event]]:
    records = await read_all(
        outreach.settings.kafka_bootstrap_servers, outreach.settings.topic_prefix + topic
    )
    return [(record.value or b"", decode(record.value, record.headers)) for record in records]


async def test_export_then_erasure_leaves_no_trace_and_is_announced_once(
    outreach: Outreach,
) -> None:
    first = await outreach.ok("POST", "/inquiries", 201, json=inquiry_body("Reception advice"))
    second = await outreach.ok("POST", "/inquiries", 201, json=inquiry_body("A second question"))
    inquiry_ids = {first["id"], second["id"]}
    await outreach.ok("POST", f"/inquiries/{first['id']}/triage", json={})
    await outreach.ok("POST", f"/inquiries/{first['id']}/assign", json={"assignee": "staff-7"})
    await outreach.ok(
        "POST", f"/inquiries/{first['id']}/answer", json={"text": f"Dear {NAME}, yes."}
    )
    partner = await outreach.ok(
        "POST",
        "/partners",
        201,
        json={
            "name": "Privacy Test Network",
            "kinds": ["city_network"],
            "contacts": [
                {"name": NAME, "email": EMAIL.upper()},
                {"name": "Someone Else", "email": "other@network.example.org"},
            ],
        },
    )

    # Export: every record, found by the address in any case.
    exported = await outreach.ok("GET", "/personal-data", params={"email": EMAIL.lower()})
    assert exported["service"] == "outreach"
    held = {(item["kind"], item["id"]) for item in exported["held"]}
    assert held == {("inquiry", i) for i in inquiry_ids} | {
        ("partner organisation contact", partner["id"])
    }
    assert any(item["data"].get("sender", {}).get("phone") == PHONE for item in exported["held"])

    # Neither an e-mail nor an id: 422 with a message, never 500.
    refused = await outreach.client.get("/personal-data")
    assert refused.status_code == 422
    no_actor = await outreach.client.post(
        "/personal-data/erasure", json={"email": EMAIL}, headers={"X-MMC-Actor": ""}
    )
    assert no_actor.status_code == 422

    erased = await outreach.ok("POST", "/personal-data/erasure", json={"email": EMAIL})
    assert sorted(erased["erased"]) == sorted(
        [f"inquiry {i}" for i in inquiry_ids] + [f"partner organisation contact {partner['id']}"]
    )
    assert erased["kept"]  # the inquiries' dates, kinds and city stay, and it says so

    # The record stays, without the person.
    inquiry = await outreach.ok("GET", f"/inquiries/{first['id']}")
    assert inquiry["status"] == "answered"
    assert inquiry["subject"] == ERASED
    assert (await outreach.ok("GET", "/personal-data", params={"email": EMAIL}))["held"] == []
    organisation = await outreach.ok("GET", f"/partners/{partner['id']}")
    assert [c["name"] for c in organisation["contacts"]] == ["Someone Else"]

    # Asking again erases nothing more and announces nothing more.
    again = await outreach.ok("POST", "/personal-data/erasure", json={"email": EMAIL})
    assert again["erased"] == []

    # Nothing in the database, nothing on the wire (once the relay has published).
    async def published() -> bool:
        events = await events_of(outreach, OUTREACH_INQUIRY)
        return sum(isinstance(e, InquiryAnonymised) for _, e in events) >= 2

    await eventually(published, 30, "the tombstones on the inquiry topic")
    text = await database_text(outreach)
    assert not [secret for secret in SECRETS if secret.casefold() in text]
    inquiry_events = await events_of(outreach, OUTREACH_INQUIRY)
    partner_events = await events_of(outreach, OUTREACH_PARTNER)
    for raw, _ in inquiry_events + partner_events:
        body = raw.decode().casefold()
        assert not [secret for secret in SECRETS if secret.casefold() in body]
    tombstones = [e for _, e in inquiry_events if isinstance(e, InquiryAnonymised)]
    assert sorted(e.aggregate_id for e in tombstones) == sorted(inquiry_ids)
    assert {e.reason for e in tombstones} == {"erasure_request"}
    assert [
        e.contacts_erased for _, e in partner_events if isinstance(e, PartnerContactErased)
    ] == [1]


async def test_retention_anonymises_closed_inquiries_once(outreach: Outreach) -> None:
    closed = await outreach.ok("POST", "/inquiries", 201, json=inquiry_body("Closed long ago"))
    still_open = await outreach.ok("POST", "/inquiries", 201, json=inquiry_body("Still open"))
    await outreach.ok("POST", f"/inquiries/{closed['id']}/close", json={})
    inquiries: Repository[Inquiry] = Repository(
        outreach.runtime.store("inquiries", "inquiry"), Inquiry.from_document
    )
    closed_at = (await inquiries.get(closed["id"])).closed_at
    assert closed_at is not None
    retention = timedelta(days=outreach.settings.inquiry_retention_days)

    # Not yet: a day before the period runs out.
    assert (
        await anonymise_expired(inquiries, closed_at + retention - timedelta(days=1), retention)
        == []
    )
    later = closed_at + retention + timedelta(minutes=1)
    assert await anonymise_expired(inquiries, later, retention) == [closed["id"]]
    assert await anonymise_expired(inquiries, later + timedelta(days=3), retention) == []

    anonymised = await inquiries.get(closed["id"])
    assert anonymised.sender.email is None
    assert anonymised.body == ERASED
    assert (await inquiries.get(still_open["id"])).sender.email == EMAIL

    async def announced() -> bool:
        events = await events_of(outreach, OUTREACH_INQUIRY)
        return any(isinstance(e, InquiryAnonymised) for _, e in events)

    await eventually(announced, 30, "the retention tombstone")
    tombstones = [
        e
        for _, e in await events_of(outreach, OUTREACH_INQUIRY)
        if isinstance(e, InquiryAnonymised)
    ]
    assert [(e.aggregate_id, e.reason) for e in tombstones] == [(closed["id"], "retention")]
    assert tombstones[0].occurred_at == later.astimezone(UTC)  # the pass's clock, not the wall's


async def test_the_command_asks_every_service_and_reports_the_silent_ones(
    outreach: Outreach, capsys: pytest.CaptureFixture[str]
) -> None:
    await outreach.ok("POST", "/inquiries", 201, json=inquiry_body("Asked by the command"))
    async with served(outreach.runtime.http) as url:
        args = ["--email", EMAIL, "--service", f"outreach={url}"]
        unreachable = ["--service", "nowhere=http://127.0.0.1:9"]
        assert await asyncio.to_thread(main, ["export", *args]) == 0
        exported = json.loads(capsys.readouterr().out)
        assert [item["kind"] for item in exported["outreach"]["held"]] == ["inquiry"]

        with pytest.raises(SystemExit):  # erasure goes on record: --actor is required
            await asyncio.to_thread(main, ["erase", *args])
        assert "erase needs --actor" in capsys.readouterr().err
        assert await asyncio.to_thread(main, ["erase", *args, *unreachable, "--actor", "s-1"]) == 1
        answers = json.loads(capsys.readouterr().out)
        assert len(answers["outreach"]["erased"]) == 1
        assert answers["nowhere"]["error"].startswith("no answer")

"""Board's nominators: their texts travel sealed with their key, and `/personal-data` exports
or erases them (real broker, real database)."""

from __future__ import annotations

import json

import pytest

from mmc_contracts import decode
from mmc_contracts.board import NominationReceived, NominatorErased
from mmc_contracts.topics import BOARD_NOMINATION
from tests.conftest import unique
from tests.integration.board.conftest import (
    Board,
    Json,
    city_registered,
    publish_city,
    read_all,
)
from tests.waiting import eventually

pytestmark = pytest.mark.integration

STATEMENT = "Twelve years building the city's reception of people displaced by floods."


async def nominate(board: Board, city_id: str, email: str) -> Json:
    return await board.ok(
        "POST",
        "/nominations",
        201,
        json={
            "city_id": city_id,
            "nominated_by_name": "Mariama Sesay-Privacy",
            "nominated_by_role": "Deputy Mayor",
            "nominated_by_email": email,
            "statement": STATEMENT,
        },
    )


async def nomination_events(board: Board, nomination_id: str) -> list[object]:
    records = await read_all(
        board.settings.kafka_bootstrap_servers, board.settings.topic_prefix + BOARD_NOMINATION
    )
    return [
        decode(r.value, r.headers) for r in records if r.key and r.key.decode() == nomination_id
    ]


async def test_a_nominator_is_sealed_in_events_then_exported_and_erased(board: Board) -> None:
    bo = await publish_city(
        board, city_registered("Bo", "SL", "Africa", "Western Africa", mayor="Ibrahim Conteh")
    )
    kenema = await publish_city(
        board, city_registered("Kenema", "SL", "Africa", "Western Africa", mayor="Fatmata Kamara")
    )
    email = f"{unique('nominator')}@bo.example.org"
    first = await nominate(board, bo["id"], email)
    second = await nominate(board, kenema["id"], email.upper())

    # Staff see the nominator and the statement (board's own state).
    shown = await board.ok("GET", f"/nominations/{first['id']}")
    assert (shown["nominated_by_name"], shown["statement"]) == ("Mariama Sesay-Privacy", STATEMENT)
    assert shown["nominated_by_email"] == email
    assert shown["nominator_erased"] is False

    # The event carries them sealed with the nominator's key: not one clear word of them.
    async def published() -> bool:
        return len(await nomination_events(board, first["id"])) == 1

    await eventually(published, 30, "NominationReceived on the topic")
    [received] = await nomination_events(board, first["id"])
    assert isinstance(received, NominationReceived)
    wire = received.model_dump_json()
    for private in ("Mariama", "Deputy Mayor", "flood", email):
        assert private not in wire
    assert received.mayor.name == "Ibrahim Conteh"  # the nominee: public
    keys = board.service.parts.keys
    assert await keys.open(received.nominated_by_name) == "Mariama Sesay-Privacy"
    assert await keys.open(received.statement) == STATEMENT

    # One person, one key: the same e-mail (any case) is the same nominator.
    exported = await board.ok("GET", "/personal-data", params={"email": email.upper()})
    assert exported["service"] == "board"
    held = {h["id"]: h for h in exported["held"]}
    assert set(held) == {first["id"], second["id"]}
    nominator_id = held[first["id"]]["data"]["nominator_id"]
    assert held[second["id"]]["data"]["nominator_id"] == nominator_id
    assert held[first["id"]]["data"]["statement"] == STATEMENT
    by_id = await board.ok("GET", "/personal-data", params={"person_id": nominator_id})
    assert {h["id"] for h in by_id["held"]} == set(held)

    # Erasure: the key goes, the texts are anonymised, a tombstone with ids only.
    erased = await board.ok(
        "POST", "/personal-data/erasure", json={"email": email}, headers={"X-MMC-Actor": "dpo-1"}
    )
    assert len(erased["erased"]) == 2
    assert any("Ibrahim Conteh" in kept for kept in erased["kept"])
    assert await keys.open(received.nominated_by_name) is None  # every sealed copy: unreadable
    assert await board.database["person_keys"].count_documents({"_id": nominator_id}) == 0
    after = await board.ok("GET", f"/nominations/{first['id']}")
    assert after["nominator_erased"] is True
    assert after["nominated_by_email"] is None
    assert {after["nominated_by_name"], after["nominated_by_role"], after["statement"]} == {
        "(erased)"
    }
    assert (after["mayor"]["name"], after["status"]) == ("Ibrahim Conteh", "received")
    stored = json.dumps([d async for d in board.database["nominations"].find({})], default=str)
    for private in ("Mariama", "flood", email):
        assert private not in stored

    async def tombstoned() -> bool:
        return any(
            isinstance(e, NominatorErased) for e in await nomination_events(board, first["id"])
        )

    await eventually(tombstoned, 30, "NominatorErased on the topic")

    # Asking again erases nothing more; the export by e-mail finds nothing.
    again = await board.ok(
        "POST", "/personal-data/erasure", json={"email": email}, headers={"X-MMC-Actor": "dpo-1"}
    )
    assert again["erased"] == []
    assert (await board.ok("GET", "/personal-data", params={"email": email}))["held"] == []
    # Neither e-mail nor id: 422.
    refused = await board.client.get("/personal-data")
    assert refused.status_code == 422


async def test_a_board_membership_is_public_and_kept(board: Board) -> None:
    city = await publish_city(
        board, city_registered("Makeni", "SL", "Africa", "Western Africa", mayor="Sunkarie Kamara")
    )
    membership = await board.seat(city["id"], board.clock(), seat=2)
    exported = await board.ok("GET", "/personal-data", params={"person_id": membership["id"]})
    assert [h["kind"] for h in exported["held"]] == ["board membership (public)"]
    erased = await board.ok(
        "POST",
        "/personal-data/erasure",
        json={"person_id": membership["id"]},
        headers={"X-MMC-Actor": "dpo-1"},
    )
    assert erased["erased"] == []
    assert erased["kept"] == [
        f"board membership {membership['id']}: Sunkarie Kamara's seat and terms on the "
        "Leadership Board (public facts)"
    ]
    assert (await board.ok("GET", f"/memberships/{membership['id']}"))["seat"] == 2

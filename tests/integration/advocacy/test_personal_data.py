"""A person's data in advocacy: export and erasure on the real broker and database.

A staff member (named by staff id and e-mail) recorded a co-signature, reviewed the statement
with words of their own, gave a city's consent (named with their address) and is an author of a
knowledge resource; a campaign's owner was typed in as their address. After the erasure, no
collection of advocacy's database holds their address, their words or their name as typed in,
the tombstones are on the topics once per record (ids only), the public facts stay (the signing
city and its mayor), and asking again erases nothing more.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from mmc_contracts import decode
from mmc_contracts.advocacy import (
    CampaignPersonalDataErased,
    ErasedPart,
    MaterialPersonalDataErased,
    PersonalDataErasedFacts,
    ResourcePersonalDataErased,
)
from mmc_contracts.topics import ADVOCACY_CAMPAIGN, ADVOCACY_MATERIAL, ADVOCACY_RESOURCE
from tests.integration.advocacy.conftest import (
    APPROVER,
    Advocacy,
    Database,
    Json,
    Service,
    register_city,
)
from tests.integration.board.conftest import read_all
from tests.waiting import eventually

pytestmark = pytest.mark.integration

STAFF_ID = "staff-5e7a91c2"
EMAIL = "Lena.Privacy@mmc.example.org"
NAME = "Lena Privacy-Okafor"
WORDS = "the paragraph on detention reads like my own notes"
AS_STAFF = {"X-MMC-Actor": STAFF_ID}
SECRETS = (EMAIL.casefold(), NAME.casefold(), WORDS)
MAYOR = "Yvonne Aki-Sawyerr"


async def database_text(database: Database) -> str:
    parts: list[str] = []
    for name in await database.list_collection_names():
        async for document in database[name].find({}):
            parts.append(json.dumps(document, default=str))
    return "\n".join(parts).casefold()


async def published_statement(advocacy: Advocacy, city: Json) -> Json:
    material = await advocacy.ok(
        "POST",
        "/materials",
        201,
        json={
            "kind": "public_statement",
            "title": "Mayors on inclusive reception",
            "text": "We, the undersigned mayors, call for inclusive reception...",
        },
    )
    url = f"/materials/{material['id']}"
    await advocacy.ok(
        "POST",
        f"{url}/signatures",
        201,
        headers=AS_STAFF,
        json={
            "city_id": city["id"],
            "mayor_name": MAYOR,
            "consent": {
                "given_by": f"{NAME} <{EMAIL}>",
                "given_on": "2026-11-20",
                "method": "email",
            },
        },
    )
    await advocacy.ok("POST", f"{url}/status", json={"to_status": "in_review"})
    await advocacy.ok("POST", f"{url}/comments", headers=AS_STAFF, json={"text": WORDS})
    await advocacy.ok("POST", f"{url}/comments", json={"text": "Fine by me."})
    await advocacy.ok("POST", f"{url}/status", json={"to_status": "approved"}, headers=APPROVER)
    publication = {"channel": "website", "published_on": "2026-12-01"}
    await advocacy.ok(
        "POST", f"{url}/status", json={"to_status": "published", "publication": publication}
    )
    return material


async def test_export_then_erasure_leaves_no_trace_keeps_public_facts_and_is_announced_once(
    cities: Service, advocacy: Advocacy
) -> None:
    assert advocacy.database is not None
    city = await register_city(cities, "Freetown", "SL", MAYOR)
    await advocacy.known_city(city["id"])
    material = await published_statement(advocacy, city)
    campaign = await advocacy.ok(
        "POST",
        "/campaigns",
        201,
        json={
            "name": "Reception that works",
            "goal": "National funding for city reception",
            "starts_on": "2026-11-01",
            "ends_on": "2027-03-01",
            "owner": EMAIL,
        },
    )
    resource = await advocacy.ok(
        "POST",
        "/resources",
        201,
        json={
            "kind": "guide",
            "title": "A guide to city reception",
            "summary": "How cities receive newcomers well.",
            "authors": [f"{NAME} ({EMAIL})", "Demo Research Institute"],
        },
    )
    person = {"email": EMAIL, "person_id": STAFF_ID}

    export = await advocacy.ok("GET", "/personal-data", params=person)
    held = {(item["kind"], item["id"]): item["data"] for item in export["held"]}
    assert set(held) == {
        ("material", material["id"]),
        ("campaign", campaign["id"]),
        ("resource", resource["id"]),
    }
    statement = held[("material", material["id"])]
    assert [c["text"] for c in statement["review comments"]] == [WORDS]
    assert statement["signatures recorded"] == [city["name"]]
    assert statement["consents given"][0]["given_by"] == f"{NAME} <{EMAIL}>"
    assert held[("campaign", campaign["id"])]["owner"] is True
    assert held[("resource", resource["id"])]["named as author"] == [f"{NAME} ({EMAIL})"]
    before = await database_text(advocacy.database)
    assert all(secret in before for secret in SECRETS)

    erased = await advocacy.ok(
        "POST", "/personal-data/erasure", json=person, headers={"X-MMC-Actor": "admin-1"}
    )
    assert erased["service"] == "advocacy"
    assert sorted(erased["erased"]) == sorted(
        [
            f"material {material['id']}",
            f"campaign {campaign['id']}",
            f"resource {resource['id']}",
        ]
    )
    assert any("signing cities and mayors" in kept for kept in erased["kept"])

    text = await database_text(advocacy.database)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} is still in advocacy's database"
    after = await advocacy.ok("GET", "/personal-data", params=person)
    assert {(item["kind"], item["id"]) for item in after["held"]} == {
        ("material", material["id"])  # the staff id stays on the signature it recorded
    }
    assert set(after["held"][0]["data"]) == {"material", "review comments", "signatures recorded"}

    # Public facts stay: the signing city and its mayor, the other author, the campaign.
    public = await advocacy.ok("GET", f"/public/statements/{material['id']}/signatories")
    assert [(s["city_id"], s["mayor_name"]) for s in public["signatories"]] == [(city["id"], MAYOR)]
    kept = await advocacy.ok("GET", f"/resources/{resource['id']}")
    assert kept["authors"] == ["Demo Research Institute"]

    again = await advocacy.ok(
        "POST", "/personal-data/erasure", json=person, headers={"X-MMC-Actor": "admin-1"}
    )
    assert again["erased"] == []

    # On the log: each record's tombstone once, ids and kinds only; nothing of the person.
    bootstrap = advocacy.service.settings.kafka_bootstrap_servers  # type: ignore[union-attr]
    prefix = advocacy.service.settings.topic_prefix  # type: ignore[union-attr]
    wanted = {
        MaterialPersonalDataErased: ADVOCACY_MATERIAL,
        CampaignPersonalDataErased: ADVOCACY_CAMPAIGN,
        ResourcePersonalDataErased: ADVOCACY_RESOURCE,
    }
    tombstones: Counter[str] = Counter()

    async def announced() -> bool:
        tombstones.clear()
        for kind, topic in wanted.items():
            for record in await read_all(bootstrap, prefix + topic):
                value = (record.value or b"").decode().casefold()
                assert EMAIL.casefold() not in value
                assert WORDS not in value
                assert NAME.casefold() not in value
                event = decode(record.value, record.headers)
                if isinstance(event, kind):
                    assert isinstance(event, PersonalDataErasedFacts)
                    assert event.person_id == STAFF_ID
                    tombstones[type(event).__name__] += 1
                    if isinstance(event, MaterialPersonalDataErased):
                        assert event.parts == [
                            ErasedPart.CONSENT_GIVER,
                            ErasedPart.REVIEW_COMMENT,
                        ]
        return len(tombstones) == len(wanted)

    await eventually(announced, 30, "the tombstones on advocacy's topics")
    assert set(tombstones.values()) == {1}

"""One person erased everywhere: no database and no readable event holds them, the public facts
stay, and a replay of every topic from offset 0 brings nothing back.

The cities, board, advocacy, outreach and gateway services run against the real broker and
database, on topics of this test's own (a prefix), served over real HTTP. The person is:

* the sender of an inquiry (outreach: name, e-mail, phone, subject, text),
* the NOMINATOR of their city's mayor to the Leadership Board (board: name, role, e-mail,
  statement; the event carries name, role and statement sealed with the nominator's key), the
  nominee being the city's mayor, a public person who stays,
* a staff member with an account (gateway: e-mail, name).

The chassis command (`python -m mmc_chassis.personal_data erase --email ...`) erases them across
every service that answers `/personal-data`. Then every collection of every service's database
and every event of every topic (a raw consumer from offset 0) is searched by value; a sealed
value whose key was shredded must not open. The projections are reset and rebuilt from offset 0
(`mmc_chassis.rebuild`, every subscription of every service) and the databases searched again.
The counts searched are printed.

Not a city contact: the city topic (v2) carries contacts' names in clear (`PublicContact`), so a
contact's name would stay readable in the log after cities erases the contact.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import pytest

from mmc_advocacy.settings import AdvocacySettings
from mmc_board.app import build_service as build_board_service
from mmc_board.settings import BoardSettings
from mmc_chassis.outbox import outboxes_empty
from mmc_chassis.person_keys import PERSON_KEYS, open_with
from mmc_chassis.personal_data import main as personal_data_command
from mmc_chassis.rebuild import rebuild
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_cities.app import build as build_cities
from mmc_cities.settings import CitiesSettings
from mmc_contracts import decode
from mmc_contracts.board import NominationReceived
from mmc_contracts.sealed import Sealed
from mmc_contracts.topics import ALL_TOPICS
from mmc_gateway.app import build as build_gateway
from mmc_gateway.roles import Role
from mmc_gateway.settings import GatewaySettings
from mmc_outreach.app import build as build_outreach
from mmc_outreach.settings import OutreachSettings
from tests.conftest import unique
from tests.integration.advocacy.conftest import FakeClock as AdvocacyClock
from tests.integration.advocacy.conftest import running_advocacy
from tests.integration.board.conftest import (
    Board,
    Cities,
    Database,
    MongoClient,
    board,
    board_settings,
    cities,
    cities_settings,
    clock,
    read_all,
    topic_prefix,
)
from tests.integration.board.test_demo_load import served
from tests.integration.outreach.conftest import Outreach, outreach, outreach_settings
from tests.waiting import eventually

pytestmark = pytest.mark.integration

__all__ = [  # fixtures used by name
    "board",
    "board_settings",
    "cities",
    "cities_settings",
    "clock",
    "outreach",
    "outreach_settings",
    "topic_prefix",
]

DPO = "staff-00d90e2e"
"""Who runs the erasure: a staff id, so the gateway's audit trail names them."""

PROJECTIONS: dict[str, dict[str, list[str]]] = {
    "cities": {"timeline": ["timeline"]},
    "board": {"cities": ["known_cities"]},
    "outreach": {"cities": ["known_cities"], "mobilisation": ["moment_inputs"]},
}
"""Per service, the read models a rebuild resets: subscription group -> its collections (the
other subscriptions react on aggregates; they are replayed too, from offset 0)."""


def letters(count: int) -> str:
    """A made-up word, so that a search for the person's name finds only them."""
    return "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:count]).capitalize()


@asynccontextmanager
async def api(url: str) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": "staff-e2e"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
        yield client


async def ok(client: httpx.AsyncClient, method: str, url: str, status: int = 200, **kw: Any) -> Any:
    response = await client.request(method, url, **kw)
    assert response.status_code == status, f"{method} {url}: {response.text}"
    return response.json()


async def search_databases(
    databases: Mapping[str, Database], needles: list[str]
) -> tuple[int, int, list[str]]:
    """(collections, documents, hits): every document of every collection, as JSON text,
    searched for every needle without regard to case."""
    collections = documents = 0
    hits: list[str] = []
    for service, database in databases.items():
        for name in sorted(await database.list_collection_names()):
            collections += 1
            async for document in database[name].find({}):
                documents += 1
                text = json.dumps(document, default=str, ensure_ascii=False).casefold()
                hits.extend(
                    f"{service}.{name} {document.get('_id')}: {needle!r}"
                    for needle in needles
                    if needle.casefold() in text
                )
    return collections, documents, hits


async def search_topics(
    bootstrap: str, prefix: str, needles: list[str]
) -> tuple[int, int, list[str], dict[str, list[Sealed]]]:
    """(topics, events, hits, sealed values of NominationReceived by nomination id) over every
    topic from offset 0, read with a raw consumer: each record's bytes searched for every
    needle."""
    topics = events = 0
    hits: list[str] = []
    sealed: dict[str, list[Sealed]] = {}
    for topic in ALL_TOPICS:
        try:
            records = await read_all(bootstrap, prefix + topic)
        except AssertionError:  # a topic nobody declared in this run
            continue
        topics += 1
        for record in records:
            events += 1
            text = (record.value or b"").decode().casefold()
            hits.extend(f"{topic}@{record.offset}: {n!r}" for n in needles if n.casefold() in text)
            event = decode(record.value, record.headers)
            if isinstance(event, NominationReceived):
                sealed[event.aggregate_id] = [
                    event.nominated_by_name,
                    event.nominated_by_role,
                    event.statement,
                ]
    return topics, events, hits, sealed


async def answers_personal_data(client: httpx.AsyncClient) -> bool:
    """Whether the service has the chassis' routes (advocacy will, once merged)."""
    response = await client.get("/personal-data", params={"email": "nobody@example.org"})
    return response.status_code == 200


async def test_a_person_erased_everywhere_stays_erased_after_a_replay(
    cities: Cities,
    board: Board,
    outreach: Outreach,
    cities_settings: CitiesSettings,
    board_settings: BoardSettings,
    outreach_settings: OutreachSettings,
    topic_prefix: str,
    kafka_bootstrap: str,
    mongodb_url: str,
    mongo_client: MongoClient,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.perf_counter()
    tag = letters(10)
    name = f"Aminata {tag}"
    email = f"aminata.{tag.lower()}@bo.example.org"
    phone = f"+232 76 {uuid.uuid4().int % 10**6:06d}"
    statement = f"Mayor Conteh opened the {tag} reception centre for flood-displaced families."
    subject = f"Reception centre {tag}: funding advice"
    message = f"Could the MMC advise our {tag} reception centre on funding? Call me."
    needles = [email, name, phone, statement, subject, message]

    advocacy_settings = AdvocacySettings(
        service_name=unique("advocacy-test"),
        mongodb_database=unique("advocacy").replace("-", "_"),
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        topic_prefix=topic_prefix,
        relay_sweep_seconds=0.5,
        scheduler_interval_seconds=3600,
        log_json=False,
    )
    gateway_settings = GatewaySettings(
        service_name=unique("gateway-test"),
        mongodb_database=unique("gateway").replace("-", "_"),
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        topic_prefix=topic_prefix,
        relay_sweep_seconds=0.5,
        cookie_secure=False,
        log_json=False,
    )
    gateway = build_gateway(
        gateway_settings,
        transports={
            "cities": httpx.ASGITransport(app=cities.runtime.http),
            "board": httpx.ASGITransport(app=board.runtime.http),
            "outreach": httpx.ASGITransport(app=outreach.runtime.http),
        },
    )
    databases: dict[str, Database] = {
        "cities": mongo_client[cities_settings.database_name],
        "board": board.database,
        "advocacy": mongo_client[advocacy_settings.database_name],
        "outreach": mongo_client[outreach_settings.database_name],
        "gateway": mongo_client[gateway_settings.database_name],
    }
    try:
        async with AsyncExitStack() as stack:
            advocacy = await stack.enter_async_context(
                running_advocacy(advocacy_settings, AdvocacyClock(), mongo_client)
            )
            await stack.enter_async_context(gateway.http.router.lifespan_context(gateway.http))
            runtimes = {
                "cities": cities.runtime,
                "board": board.runtime,
                "advocacy": advocacy.runtime,
                "outreach": outreach.runtime,
                "gateway": gateway,
            }
            urls = {
                service: await stack.enter_async_context(served(runtime.http))
                for service, runtime in runtimes.items()
            }
            clients = {
                service: await stack.enter_async_context(api(url)) for service, url in urls.items()
            }

            # --- the person, in four services ---------------------------------------------
            city = await ok(
                clients["cities"],
                "POST",
                "/cities",
                201,
                json={
                    "name": f"Bo {tag}",
                    "country_code": "SL",
                    "size_class": "secondary",
                    "migration_contexts": ["destination"],
                    "partnership_status": "partner",
                    "mayor": {"name": "Ibrahim Conteh", "title": "Mayor"},
                },
            )
            await board.known_city(city["id"], lambda c: c["partnership_status"] == "partner")
            inquiry = await ok(
                clients["outreach"],
                "POST",
                "/inquiries",
                201,
                json={
                    "sender_name": name,
                    "sender_email": email,
                    "sender_phone": phone,
                    "sender_role": "Deputy Mayor",
                    "subject": subject,
                    "message": message,
                    "city_id": city["id"],
                },
            )
            nomination = await ok(
                clients["board"],
                "POST",
                "/nominations",
                201,
                json={
                    "city_id": city["id"],
                    "nominated_by_name": name,
                    "nominated_by_role": "Deputy Mayor",
                    "nominated_by_email": email,
                    "statement": statement,
                },
            )
            accounts = gateway.http.state.gateway.accounts
            account, _password = await accounts.create(email=email, name=name, roles={Role.VIEWER})
            # A public fact of the Board that must stay: another city's mayor serving a term.
            other = await ok(
                clients["cities"],
                "POST",
                "/cities",
                201,
                json={
                    "name": f"Kenema {tag}",
                    "country_code": "SL",
                    "size_class": "secondary",
                    "migration_contexts": ["transit"],
                    "mayor": {"name": "Fatmata Kamara", "title": "Mayor"},
                },
            )
            await board.known_city(other["id"])
            membership = await ok(
                clients["board"],
                "POST",
                "/memberships",
                201,
                json={"city_id": other["id"], "term_start": board.clock().isoformat()},
            )

            # Someone else, nominated by someone else: not erased.
            third = await ok(
                clients["cities"],
                "POST",
                "/cities",
                201,
                json={
                    "name": f"Makeni {tag}",
                    "country_code": "SL",
                    "size_class": "secondary",
                    "migration_contexts": ["transit"],
                    "partnership_status": "partner",
                    "mayor": {"name": "Sunkarie Kamara", "title": "Mayor"},
                },
            )
            await board.known_city(third["id"], lambda c: c["partnership_status"] == "partner")
            bystander = await ok(
                clients["board"],
                "POST",
                "/nominations",
                201,
                json={
                    "city_id": third["id"],
                    "nominated_by_name": "Kadiatu Bangura",
                    "nominated_by_role": "Chief Administrator",
                    "nominated_by_email": f"k.bangura.{tag.lower()}@makeni.example.org",
                    "statement": "Her council runs the region's first migrant help desk.",
                },
            )

            # Before: the search is not blind (the person is held, events are on the topics).
            services = [s for s, client in clients.items() if await answers_personal_data(client)]
            assert {"cities", "board", "outreach", "gateway"} <= set(services)
            command = ["--email", email.upper()]
            for service in services:
                command += ["--service", f"{service}={urls[service]}"]
            capsys.readouterr()
            code = await asyncio.to_thread(personal_data_command, ["export", *command])
            exported = json.loads(capsys.readouterr().out)
            assert code == 0, exported
            held = {s: len(answer["held"]) for s, answer in exported.items()}
            assert all(held[s] >= 1 for s in ("board", "outreach", "gateway")), held
            _, _, before = await search_databases(databases, needles)
            assert before, "the person is in the databases before the erasure"
            await quiet_outboxes(databases)
            _, _, wire_before, sealed_before = await search_topics(
                kafka_bootstrap, topic_prefix, needles
            )
            assert wire_before == [], f"events carried the person in clear: {wire_before}"
            board_keys = board.service.parts.keys
            assert await board_keys.open(sealed_before[nomination["id"]][0]) == name

            # --- the erasure, by the chassis command ---------------------------------------
            code = await asyncio.to_thread(
                personal_data_command, ["erase", *command, "--actor", DPO]
            )
            erased = json.loads(capsys.readouterr().out)
            assert code == 0, {s: a for s, a in erased.items() if "error" in a}
            show(capsys, {"erasure answers": erased})
            assert erased["board"]["erased"]
            assert erased["outreach"]["erased"]
            assert erased["gateway"]["erased"]

            # The tombstones reach the log, the outboxes drain, the projections follow.
            await quiet_outboxes(databases)
            await asyncio.sleep(2)  # the consumers apply the last events

            collections, documents, hits = await search_databases(databases, needles)
            topics, events, wire, sealed = await search_topics(
                kafka_bootstrap, topic_prefix, needles
            )
            remaining_keys = [d async for d in board.database[PERSON_KEYS].find({})]
            theirs = sealed[nomination["id"]]
            unopened = await unreadable(theirs, board_keys, remaining_keys)
            # Another nominator's key is untouched: their sealed name still opens.
            assert await board_keys.open(sealed[bystander["id"]][0]) == "Kadiatu Bangura"
            show(
                capsys,
                {
                    "after erasure": {
                        "services searched": sorted(databases),
                        "collections searched": collections,
                        "documents searched": documents,
                        "topics read from offset 0": topics,
                        "events searched": events,
                        "their sealed values found": len(theirs),
                        "their sealed values that open with no key board holds": unopened,
                        "keys left at board (others')": len(remaining_keys),
                        "hits": hits + wire,
                    }
                },
            )
            assert hits == []
            assert wire == []
            assert len(theirs) == 3
            assert unopened == len(theirs)

            # Public facts stay.
            kept_city = await ok(clients["cities"], "GET", f"/cities/{city['id']}")
            assert (kept_city["name"], kept_city["mayor"]["name"]) == (
                f"Bo {tag}",
                "Ibrahim Conteh",
            )
            kept = await ok(clients["board"], "GET", f"/nominations/{nomination['id']}")
            assert (kept["mayor"]["name"], kept["status"]) == ("Ibrahim Conteh", "received")
            assert kept["nominator_erased"] is True
            other_nomination = await ok(clients["board"], "GET", f"/nominations/{bystander['id']}")
            assert other_nomination["nominated_by_name"] == "Kadiatu Bangura"
            seat = await ok(clients["board"], "GET", f"/memberships/{membership['id']}")
            assert (seat["mayor"]["name"], seat["seat"]) == ("Fatmata Kamara", membership["seat"])
            kept_inquiry = await ok(clients["outreach"], "GET", f"/inquiries/{inquiry['id']}")
            assert kept_inquiry["city_id"] == city["id"]
            assert await gateway_account_is_anonymous(databases["gateway"], account.staff_id)

            # Asked again: nothing more is held, anywhere.
            code = await asyncio.to_thread(personal_data_command, ["export", *command])
            again = json.loads(capsys.readouterr().out)
            assert code == 0, again
            assert {s: a["held"] for s, a in again.items()} == {s: [] for s in services}

        # --- the services stopped: reset every projection, replay every topic from 0 ----------
        replayed = await replay_all(cities_settings, board_settings, outreach_settings, board.clock)
        collections, documents, hits = await search_databases(databases, needles)
        topics, events, wire, sealed = await search_topics(kafka_bootstrap, topic_prefix, needles)
        show(
            capsys,
            {
                "after replay from offset 0": {
                    "events replayed (per subscription)": replayed,
                    "collections searched": collections,
                    "documents searched": documents,
                    "topics read": topics,
                    "events searched": events,
                    "hits": hits + wire,
                },
                "seconds": round(time.perf_counter() - started, 1),
            },
        )
        assert hits == []
        assert wire == []
        timeline = databases["cities"]["timeline"]
        assert await timeline.count_documents({"city_id": city["id"]}) > 0  # rebuilt
    finally:
        for name_ in ("advocacy", "gateway"):
            await mongo_client.drop_database(databases[name_].name)


def show(capsys: pytest.CaptureFixture[str], what: object) -> None:
    """Print for the reader (past the capture the command's output goes to)."""
    with capsys.disabled():
        print(json.dumps(what, indent=1, sort_keys=True))


async def quiet_outboxes(databases: Mapping[str, Database]) -> None:
    async def drained() -> bool:
        return all([await outboxes_empty(database) for database in databases.values()])

    await eventually(drained, 30, "every outbox to drain")


async def unreadable(sealed: list[Sealed], keys: Any, remaining: list[dict[str, Any]]) -> int:
    """How many sealed values open with no key board holds (its own lookup, then every key)."""
    count = 0
    for value in sealed:
        if await keys.open(value) is not None:
            continue
        opened = False
        for document in remaining:
            try:
                open_with(bytes(document["key"]), value)
                opened = True
            except ValueError:
                pass
        count += not opened
    return count


async def gateway_account_is_anonymous(database: Database, staff_id: str) -> bool:
    stored = await database["accounts"].find_one({"_id": staff_id})
    return stored is not None and bool(stored.get("disabled"))


async def replay_all(
    cities_settings: CitiesSettings,
    board_settings: BoardSettings,
    outreach_settings: OutreachSettings,
    clock: Any,
) -> dict[str, int]:
    """Every subscription of cities, board and outreach rebuilt from offset 0 under a new
    group (`mmc_chassis.rebuild`), their read models reset first; events read per group."""
    runtimes = {
        "cities": build_cities(cities_settings),
        "board": build_board_service(board_settings, clock=clock).runtime,
        "outreach": build_outreach(outreach_settings),
    }
    replayed: dict[str, int] = {}
    for service, runtime in runtimes.items():
        resets = PROJECTIONS[service]
        for subscription in runtime.consumer.subscriptions:
            group = subscription.group_id.removeprefix(f"{runtime.consumer.service}.")
            done = await rebuild(runtime, subscription.group_id, resets.get(group, []))
            replayed[f"{service}.{group}"] = done.events
        await runtime.mongo.close()
    return replayed

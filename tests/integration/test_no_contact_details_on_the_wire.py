"""What a full demo run publishes holds no e-mail address and no phone number.

The cities, board, advocacy and outreach services run against the real broker and database, on
topics of this test's own (a prefix), and their demo loaders run over real HTTP as `make run`
runs them. Then every topic is read from offset 0 and every event's body searched, value by
value, with e-mail and phone patterns. The demo data does hold such details (city contacts,
inquiry senders), so the search is not blind: they must have stayed in the databases.
The scan of the schemas is tests/unit/contracts/test_no_contact_details.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from mmc_advocacy.demo.load import main as load_advocacy
from mmc_advocacy.settings import AdvocacySettings
from mmc_board.demo.load import main as load_board
from mmc_cities.demo.load import main as load_cities
from mmc_contracts import decode
from mmc_contracts.topics import ALL_TOPICS
from mmc_outreach.demo.load import main as load_outreach
from tests.conftest import unique
from tests.integration.advocacy.conftest import FakeClock as AdvocacyClock
from tests.integration.advocacy.conftest import running_advocacy
from tests.integration.board.conftest import (
    Board,
    Cities,
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
from tests.unit.contracts.test_no_contact_details import EMAIL, looks_like_contact

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


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every string in a decoded JSON body."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, f"{path}[]")


async def test_a_demo_run_publishes_no_contact_details(
    cities: Cities,
    board: Board,
    outreach: Outreach,
    topic_prefix: str,
    kafka_bootstrap: str,
    mongodb_url: str,
    mongo_client: MongoClient,
    capsys: pytest.CaptureFixture[str],
) -> None:
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
    async with (
        running_advocacy(advocacy_settings, AdvocacyClock(), mongo_client) as advocacy,
        served(cities.runtime.http) as cities_url,
        served(board.runtime.http) as board_url,
        served(advocacy.runtime.http) as advocacy_url,
        served(outreach.runtime.http) as outreach_url,
    ):
        assert await asyncio.to_thread(load_cities, ["--url", cities_url]) == 0
        assert await asyncio.to_thread(load_board, ["--url", board_url]) == 0
        assert await asyncio.to_thread(load_advocacy, ["--url", advocacy_url]) == 0
        outreach_args = ["--url", outreach_url, "--cities-url", cities_url]
        assert await asyncio.to_thread(load_outreach, outreach_args) == 0
        capsys.readouterr()

        # The demo data holds contact details: in the services' databases.
        held = json.dumps(
            [d async for d in outreach.database["inquiries"].find({}, {"sender": 1})], default=str
        )
        assert EMAIL.search(held)

        # Every topic, from offset 0 (the outboxes drained: the relay published everything).
        counts: dict[str, int] = {}
        found: list[str] = []
        for topic in ALL_TOPICS:
            try:
                records = await read_all(kafka_bootstrap, topic_prefix + topic)
            except AssertionError:  # a topic nobody declared in this run
                continue
            counts[topic] = len(records)
            for record in records:
                event = decode(record.value, record.headers)  # every one a valid event
                body = json.loads(record.value or b"{}")
                found.extend(
                    f"{topic} {event.event_type()} {path}: {text!r}"
                    for path, text in strings(body)
                    if looks_like_contact(text)
                )
    await mongo_client.drop_database(advocacy_settings.database_name)

    print(json.dumps({"events read by topic": counts}, indent=1))
    assert sum(counts.values()) > 100, counts
    assert found == []

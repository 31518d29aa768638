"""What every scenario shares: its parameters, the raw clients' settings, sample cities."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from pymongo import AsyncMongoClient

from mmc_chassis.mongo import Document, connect

if TYPE_CHECKING:
    from mmc_chassis.settings import ServiceSettings

# The producer settings of `mmc_chassis.kafka.create_broker`; the raw baselines use the same.
PRODUCER_SETTINGS: dict[str, Any] = {
    "acks": "all",
    "enable_idempotence": True,
    "linger_ms": 2,
    "request_timeout_ms": 15_000,
}
# What `EventConsumer.subscribe` asks of FastStream; FastStream reads one record at a time.
CONSUMER_SETTINGS: dict[str, Any] = {
    "enable_auto_commit": False,
    "auto_offset_reset": "earliest",
    "max_poll_interval_ms": 300_000,
}
PARTITIONS = 3  # ServiceSettings.topic_partitions' default

COUNTRIES = ("SL", "KE", "CO", "DE", "JO", "BD", "MX", "TR")


@dataclass(frozen=True)
class Params:
    """One side of one scenario, as handed to its subprocess (JSON on the command line)."""

    kafka: str
    mongodb_url: str
    database: str
    topic_prefix: str
    tag: str  # distinguishes rounds: names, groups, collections
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Params:
        return cls(**json.loads(text))

    def settings(self, service: str) -> ServiceSettings:
        from mmc_chassis.settings import ServiceSettings  # the platform sides only

        return ServiceSettings(
            # A local measurement, not a deployment: the development token is fine here.
            environment="development",
            service_name=service,
            kafka_bootstrap_servers=self.kafka,
            mongodb_url=self.mongodb_url,
            mongodb_database=self.database,
            topic_prefix=self.topic_prefix,
            log_json=False,
            log_level="WARNING",
        )

    def option(self, name: str) -> Any:
        return self.options[name]


def quiet_logging() -> None:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s"
    )


def platform_logging() -> None:
    """Logging as `ServiceRuntime.run` sets it up (FastStream's per-message lines off), at
    WARNING and in plain text: the platform sides run the runtime without `run`."""
    from mmc_chassis.telemetry import configure_logging  # the platform sides only

    configure_logging("WARNING", json_logs=False)


def mongo_client(url: str) -> AsyncMongoClient[Document]:
    """The raw side's client: the same options as the chassis' `connect`."""
    return connect(url, app_name="bench-raw")


def raw_producer(bootstrap: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(bootstrap_servers=bootstrap, client_id="bench-raw", **PRODUCER_SETTINGS)


async def create_topics(bootstrap: str, *topics: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        for topic in topics:
            if topic in existing:
                continue
            with contextlib.suppress(TopicAlreadyExistsError):  # created meanwhile
                await admin.create_topics([NewTopic(topic, PARTITIONS, 1)])
    finally:
        await admin.close()


async def delete_topics_with_prefix(bootstrap: str, prefixes: tuple[str, ...]) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15_000)
    await admin.start()
    try:
        ours = [t for t in await admin.list_topics() if t.startswith(prefixes)]
        if ours:
            await admin.delete_topics(ours)
        return len(ours)
    finally:
        await admin.close()


def profile_input(name: str, index: int) -> dict[str, Any]:
    """A realistic registration: every field a CSV import or the API would usually fill."""
    return {
        "name": name,
        "country_code": COUNTRIES[index % len(COUNTRIES)],
        "population": 250_000 + index,
        "migrant_population": 20_000 + index,
        "migration_contexts": ["destination", "transit"],
        "size_class": "secondary",
        "networks": ["Mayors Mechanism", "Global Cities Fund"],
        "languages": ["en", "fr"],
        "mayor": {"name": f"Mayor of {name}", "role": "mayor", "email": "mayor@city.example.org"},
        "contacts": [
            {"name": f"Focal point {index}", "role": "focal_point", "email": "fp@city.example.org"}
        ],
        "website": "https://city.example.org",
    }


def raw_city_document(
    template: Mapping[str, Any], city_id: str, name: str, population: int
) -> Document:
    """The raw baseline's document: the platform's city document with another id and name."""
    document = dict(template)
    profile = dict(document["profile"])
    profile["name"] = name
    profile["population"] = population
    document["_id"] = city_id
    document["profile"] = profile
    document["name_key"] = f"{profile['country_code']}:{name.lower().replace(' ', '')}"
    document["search_name"] = name.lower().replace(" ", "")
    document["updated_at"] = datetime.now(UTC).isoformat()
    return document


def raw_headers(event_type: str, city_id: str) -> list[tuple[str, bytes]]:
    """CloudEvents binary-mode headers like the platform's, for a raw record."""
    return [
        ("ce_specversion", b"1.0"),
        ("ce_id", str(uuid4()).encode()),
        ("ce_source", b"/mmc/cities"),
        ("ce_type", f"org.mayorsmigrationcouncil.cities.{event_type}.v1".encode()),
        ("ce_time", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ").encode()),
        ("ce_subject", city_id.encode()),
        ("content-type", b"application/json"),
    ]

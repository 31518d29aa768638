"""Fixtures shared by every test tier: the real infrastructure, isolated topics and databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
import pytest_asyncio
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from tests.infra import Infra, real_infrastructure

# The services fail closed (production's checks) unless told otherwise: the tests opt in to
# development, as `make run` does. A test of the safe default clears it for itself.
os.environ.setdefault("MMC_ENVIRONMENT", "development")

NewTopicFactory = Callable[..., Awaitable[str]]


def unique(prefix: str) -> str:
    """A random name, so that tests never see each other's topics or databases."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with real_infrastructure() as found:
        yield found


@pytest.fixture(scope="session")
def kafka_bootstrap(infra: Infra) -> str:
    return infra.kafka_bootstrap


@pytest.fixture(scope="session")
def mongodb_url(infra: Infra) -> str:
    return infra.mongodb_url


@pytest_asyncio.fixture(scope="session")
async def kafka_admin(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, request_timeout_ms=15000)
    await admin.start()
    yield admin
    await admin.close()


@pytest_asyncio.fixture
async def new_topic(kafka_admin: AIOKafkaAdminClient) -> NewTopicFactory:
    """Creates a topic with a random name (and the given number of partitions)."""

    async def create(prefix: str = "test", partitions: int = 1, name: str | None = None) -> str:
        topic = name or unique(prefix)
        await kafka_admin.create_topics(
            [NewTopic(name=topic, num_partitions=partitions, replication_factor=1)]
        )
        return topic

    return create


@pytest_asyncio.fixture(scope="session")
async def mongo_client(mongodb_url: str) -> AsyncIterator[AsyncMongoClient[dict[str, object]]]:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        mongodb_url, serverSelectionTimeoutMS=10000, tz_aware=True
    )
    yield client
    await client.close()


@pytest_asyncio.fixture
async def mongo_db(
    mongo_client: AsyncMongoClient[dict[str, object]],
) -> AsyncIterator[AsyncDatabase[dict[str, object]]]:
    """A database of its own for one test, dropped afterwards."""
    name = unique("test").replace("-", "_")
    yield mongo_client[name]
    await mongo_client.drop_database(name)

"""Which Kafka consumer group each subscription reads with, once a rebuild has given it a new one.

A rebuild (`python -m mmc_chassis.rebuild`) replays a projection's topics under a new consumer
group and records it here, in the service's own database, so the service continues from where
the rebuild stopped: the old group's offsets would skip what the rebuild has not seen or, at
offset 0, apply everything again.
"""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.mongo import Document

COLLECTION = "mmc_consumer_groups"


async def kafka_groups(database: AsyncDatabase[Document]) -> dict[str, str]:
    """Subscription (`<service>.<group>`) -> the Kafka group it reads with, where not its own."""
    return {
        document["_id"]: document["kafka_group"]
        async for document in database[COLLECTION].find({}, {"kafka_group": 1})
    }


async def record_kafka_group(
    database: AsyncDatabase[Document], subscription: str, kafka_group: str
) -> None:
    await database[COLLECTION].update_one(
        {"_id": subscription}, {"$set": {"kafka_group": kafka_group}}, upsert=True
    )

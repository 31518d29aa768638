"""Kafka topic names of the MMC platform.

One topic per aggregate type, named `mmc.<service>.<aggregate>.v<major>`. The Kafka message key
is always the aggregate id, so every event of one aggregate lands on the same partition and is
read in order. A breaking change to a topic's events is published on a new topic (`.v2`), never
on the existing one.
"""

from __future__ import annotations

CITIES_CITY = "mmc.cities.city.v1"
"""Events of the `city` aggregate of the cities service (registration, profile, partnership)."""

CITIES_ASSISTANCE_REQUEST = "mmc.cities.assistance-request.v1"
"""Events of the `assistance_request` aggregate of the cities service."""

ALL_TOPICS: tuple[str, ...] = (CITIES_CITY, CITIES_ASSISTANCE_REQUEST)
"""Every topic that carries events described by this package."""

DEAD_LETTER_SUFFIX = ".dlq"


def dead_letter_topic(topic: str) -> str:
    """The dead-letter topic of `topic`: where a consumer parks records it cannot process."""
    return f"{topic}{DEAD_LETTER_SUFFIX}"

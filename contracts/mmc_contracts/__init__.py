"""Event contracts of the Mayors Migration Council operations platform.

Read our events from Kafka::

    from mmc_contracts import decode, MalformedEvent, UnknownEventType

    event = decode(record.value, record.headers)

See `mmc_contracts.cities` (city registry, technical assistance) and `mmc_contracts.board`
(Leadership Board governance) for the events, and `mmc_contracts.topics` for the topics.
"""

from mmc_contracts import topics
from mmc_contracts._version import __version__
from mmc_contracts.cloudevents import KafkaRecord, MalformedEvent, UnknownEventType, decode, encode
from mmc_contracts.envelope import Event, EventContext
from mmc_contracts.registry import ALL_EVENTS, event_class, events_on

__all__ = [
    "ALL_EVENTS",
    "Event",
    "EventContext",
    "KafkaRecord",
    "MalformedEvent",
    "UnknownEventType",
    "__version__",
    "decode",
    "encode",
    "event_class",
    "events_on",
    "topics",
]

"""Events read from Kafka as the webhooks service sees them, which endpoint wants them, and
their CloudEvents HTTP binding (binary or structured content mode). Pure.

The service forwards what the producer wrote, unchanged: the body is the event's JSON, the
attributes are the record's `ce_*` headers (Kafka binding) renamed to `ce-*` (HTTP binding).
It never decodes the payload with the contracts' models, so events of a newer producer reach
partners too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mmc_contracts.webhooks import ContentMode

ATTRIBUTES = ("specversion", "id", "source", "type", "time", "subject")


class NotAnEvent(ValueError):
    """A record without the CloudEvents attributes or a JSON object body (skipped)."""


@dataclass(frozen=True)
class Incoming:
    topic: str  # without the deployment's topic prefix
    attributes: dict[str, str]  # CloudEvents attributes: id, source, type, time, subject, ...
    content_type: str
    body: bytes
    aggregate_id: str
    aggregate_version: int
    occurred_at: datetime

    @property
    def event_id(self) -> str:
        return self.attributes["id"]

    @property
    def event_type(self) -> str:
        return self.attributes["type"]

    @classmethod
    def of_record(
        cls, topic: str, headers: Iterable[tuple[str, bytes | None]], value: bytes | None
    ) -> Incoming:
        found: dict[str, str] = {}
        for name, raw in headers:
            if raw is not None:
                found[name.lower()] = raw.decode("utf-8", errors="replace")
        attributes = {
            name.removeprefix("ce_"): text for name, text in found.items() if name.startswith("ce_")
        }
        missing = [name for name in ATTRIBUTES if not attributes.get(name)]
        if missing:
            raise NotAnEvent(f"missing CloudEvents attributes {', '.join(missing)}")
        try:
            body: Any = json.loads(value or b"")
        except ValueError:
            raise NotAnEvent("the body is not JSON") from None
        if not isinstance(body, dict):
            raise NotAnEvent("the body is not a JSON object")
        try:
            version = int(body["aggregate_version"])
            occurred_at = datetime.fromisoformat(attributes["time"])
        except (KeyError, TypeError, ValueError):
            raise NotAnEvent("no aggregate_version or time") from None
        return cls(
            topic=topic,
            attributes=attributes,
            content_type=found.get("content-type", "application/json"),
            body=value or b"",
            aggregate_id=attributes["subject"],
            aggregate_version=version,
            occurred_at=occurred_at,
        )


def wanted(topics: Sequence[str], event_types: Sequence[str], topic: str, event_type: str) -> bool:
    """Whether an endpoint subscribed to `topics` (and `event_types`, empty: all) wants it."""
    return topic in topics and (not event_types or event_type in event_types)


def http_request(event: Incoming, mode: ContentMode) -> tuple[dict[str, str], bytes]:
    """The headers and body of the event's POST in the endpoint's content mode."""
    if mode is ContentMode.BINARY:
        headers = {f"ce-{name}": value for name, value in event.attributes.items()}
        headers["content-type"] = event.content_type
        return headers, event.body
    envelope: dict[str, Any] = dict(event.attributes)
    envelope["datacontenttype"] = event.content_type
    envelope["data"] = json.loads(event.body)
    body = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()
    return {"content-type": "application/cloudevents+json; charset=utf-8"}, body

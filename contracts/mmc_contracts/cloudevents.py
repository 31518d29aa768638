"""CloudEvents 1.0 over Kafka, binary content mode: how MMC events are written and read.

A record carries the event's JSON as its value, the aggregate id as its key, and the CloudEvents
attributes as headers (`ce_specversion`, `ce_id`, `ce_source`, `ce_type`, `ce_time`,
`ce_subject`, and `content-type` for `datacontenttype`). The body repeats the envelope fields
(`event_id`, `aggregate_id`, `occurred_at`, ...) so it stands on its own; `decode` checks that
the headers and the body agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from mmc_contracts.envelope import Event
from mmc_contracts.registry import event_class

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"
STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"

REQUIRED_HEADERS: tuple[str, ...] = (
    "ce_specversion",
    "ce_id",
    "ce_source",
    "ce_type",
    "ce_time",
    "ce_subject",
    "content-type",
)
"""Headers every MMC event record carries; `decode` rejects a record without one of them."""

HeaderValue = bytes | str | None
Headers = Iterable[tuple[str, HeaderValue]] | Mapping[str, HeaderValue]
"""Record headers as Kafka clients give them: aiokafka's list of (name, bytes) pairs, or a dict."""


class MalformedEvent(ValueError):
    """A record that is not a valid MMC event; the message says what is wrong.

    Messages never quote field values (events carry personal data such as contacts' e-mails).
    """


class UnknownEventType(MalformedEvent):
    """A well-formed CloudEvent of a type this version of the package does not know.

    Consumers may skip these (a newer producer may publish event types they do not handle).
    """

    def __init__(self, ce_type: str) -> None:
        super().__init__(f"unknown event type {ce_type!r} (not in this version of mmc-contracts)")
        self.ce_type = ce_type


@dataclass(frozen=True)
class KafkaRecord:
    """What to produce: topic, key (the aggregate id), value (the event's JSON) and headers."""

    topic: str
    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...]


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, e.g. `2026-11-28T01:02:03.123456Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def encode(event: Event, extra_headers: Mapping[str, str] | None = None) -> KafkaRecord:
    """The Kafka record of `event` on its topic, keyed by its aggregate id.

    `extra_headers` (e.g. `traceparent`, or CloudEvents extensions as `ce_<name>`) are appended;
    they may not replace the headers `encode` sets.
    """
    cls = type(event)
    if not cls.topic:
        raise TypeError(f"{cls.__name__} declares no topic; only concrete events can be encoded")
    headers: list[tuple[str, str]] = [
        ("ce_specversion", SPECVERSION),
        ("ce_id", str(event.event_id)),
        ("ce_source", cls.source()),
        ("ce_type", cls.event_type()),
        ("ce_time", format_time(event.occurred_at)),
        ("ce_subject", event.aggregate_id),
        ("content-type", CONTENT_TYPE),
    ]
    for name, value in (extra_headers or {}).items():
        if name.lower() in REQUIRED_HEADERS:
            raise ValueError(f"extra header {name!r} would clash with the CloudEvents headers")
        headers.append((name, value))
    return KafkaRecord(
        topic=cls.topic,
        key=event.aggregate_id.encode(),
        value=event.model_dump_json().encode(),
        headers=tuple((name, value.encode()) for name, value in headers),
    )


def header(headers: Headers, name: str) -> str | None:
    """The value of header `name` (case-insensitive; the last one if repeated), or None.

    Raises `MalformedEvent` if the value is not UTF-8.
    """
    return _header_map(headers).get(name.lower())


def decode(value: bytes | None, headers: Headers) -> Event:
    """The event in a record's value and headers (as read from Kafka).

    Raises `UnknownEventType` for a `ce_type` this package does not know, and `MalformedEvent`
    for anything else wrong: a missing attribute, another specversion or content type, a body
    that is not JSON or fails validation, or headers that disagree with the body.
    """
    attributes = _header_map(headers)
    missing = [name for name in REQUIRED_HEADERS if not attributes.get(name)]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise MalformedEvent(f"missing CloudEvents attribute{plural} {', '.join(missing)}")
    specversion = attributes["ce_specversion"]
    if specversion != SPECVERSION:
        raise MalformedEvent(
            f"unsupported CloudEvents specversion {specversion!r} (expected {SPECVERSION!r})"
        )
    ce_type = _required(attributes, "ce_type")
    try:
        cls = event_class(ce_type)
    except KeyError:
        raise UnknownEventType(ce_type) from None
    content_type = _required(attributes, "content-type")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == STRUCTURED_CONTENT_TYPE:
        raise MalformedEvent(
            f"structured-mode CloudEvents ({STRUCTURED_CONTENT_TYPE}) are not supported; "
            f"expected binary mode with content-type {CONTENT_TYPE}"
        )
    if media_type != CONTENT_TYPE:
        raise MalformedEvent(f"unsupported content-type {content_type!r} (expected {CONTENT_TYPE})")

    name = cls.__name__
    if not value:
        raise MalformedEvent(f"{name} record has no body (expected the event's JSON)")
    try:
        body: Any = json.loads(value)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise MalformedEvent(f"{name} body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise MalformedEvent(f"{name} body is not a JSON object")
    if "event_id" not in body:
        # The model would make one up; on the wire it is required.
        raise MalformedEvent(f"{name} body failed validation: event_id: Field required")
    try:
        event = cls.model_validate(body)
    except ValidationError as exc:
        raise MalformedEvent(f"{name} body failed validation: {describe_errors(exc)}") from None

    ce_id = _required(attributes, "ce_id")
    if not _same_uuid(ce_id, event.event_id):
        raise MalformedEvent(
            f"{name}: ce_id {ce_id!r} does not match the body's event_id {str(event.event_id)!r}"
        )
    ce_subject = _required(attributes, "ce_subject")
    if ce_subject != event.aggregate_id:
        raise MalformedEvent(f"{name}: ce_subject does not match the body's aggregate_id")
    ce_time = _required(attributes, "ce_time")
    try:
        moment = datetime.fromisoformat(ce_time)
    except ValueError:
        raise MalformedEvent(f"{name}: ce_time {ce_time!r} is not an RFC 3339 time") from None
    if moment.tzinfo is None:
        raise MalformedEvent(f"{name}: ce_time {ce_time!r} has no time zone offset")
    if moment != event.occurred_at:
        raise MalformedEvent(
            f"{name}: ce_time {ce_time!r} does not match the body's occurred_at "
            f"{format_time(event.occurred_at)!r}"
        )
    return event


def describe_errors(error: ValidationError) -> str:
    """`path: message` for each error, joined by `; ` (without the offending values)."""
    parts = []
    for item in error.errors(include_url=False, include_input=False, include_context=False):
        path = ""
        for loc in item["loc"]:
            path += f"[{loc}]" if isinstance(loc, int) else (f".{loc}" if path else str(loc))
        parts.append(f"{path or '(body)'}: {item['msg']}")
    return "; ".join(parts)


def _header_map(headers: Headers) -> dict[str, str | None]:
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str | None] = {}
    for name, raw in pairs:
        if isinstance(raw, bytes):
            try:
                text: str | None = raw.decode()
            except UnicodeDecodeError:
                raise MalformedEvent(f"header {name} is not UTF-8") from None
        else:
            text = raw
        result[name.lower()] = text
    return result


def _required(attributes: Mapping[str, str | None], name: str) -> str:
    value = attributes.get(name)
    if not value:  # already checked by decode; keeps the type checker informed
        raise MalformedEvent(f"missing CloudEvents attribute {name}")
    return value


def _same_uuid(text: str, expected: UUID) -> bool:
    try:
        return UUID(text) == expected
    except ValueError:
        return False

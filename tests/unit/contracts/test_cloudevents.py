"""CloudEvents Kafka binding, binary mode: encode and decode, and what decode rejects."""

from __future__ import annotations

import json
import re
from typing import Any
from uuid import uuid4

import pytest

from mmc_contracts import (
    ALL_EVENTS,
    Event,
    KafkaRecord,
    MalformedEvent,
    UnknownEventType,
    decode,
    encode,
)
from mmc_contracts.cities import CityMayorChanged, CityRegistered
from mmc_contracts.cloudevents import REQUIRED_HEADERS, header
from tests.unit.contracts.samples import CITY_ID, SAMPLES


def test_every_event_has_a_sample() -> None:
    assert set(SAMPLES) == set(ALL_EVENTS)


@pytest.mark.parametrize("cls", ALL_EVENTS, ids=lambda cls: cls.__name__)
def test_round_trip(cls: type[Event]) -> None:
    event = SAMPLES[cls]
    record = encode(event)

    decoded = decode(record.value, record.headers)

    assert type(decoded) is cls
    assert decoded == event
    assert record.topic == cls.topic
    assert record.key == event.aggregate_id.encode()


@pytest.mark.parametrize("cls", ALL_EVENTS, ids=lambda cls: cls.__name__)
def test_round_trip_with_mapping_headers(cls: type[Event]) -> None:
    record = encode(SAMPLES[cls])
    as_text = {name: value.decode() for name, value in record.headers}

    assert decode(record.value, as_text) == SAMPLES[cls]
    assert decode(record.value, dict(record.headers)) == SAMPLES[cls]


def test_headers() -> None:
    event = SAMPLES[CityRegistered]
    record = encode(
        event, {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
    )

    assert record.headers == (
        ("ce_specversion", b"1.0"),
        ("ce_id", str(event.event_id).encode()),
        ("ce_source", b"/mmc/cities"),
        ("ce_type", b"org.mayorsmigrationcouncil.cities.CityRegistered.v2"),
        ("ce_time", b"2026-11-28T01:02:03.123456Z"),
        ("ce_subject", CITY_ID.encode()),
        ("content-type", b"application/json"),
        ("traceparent", b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
    )


def test_value_is_the_whole_event_as_json() -> None:
    event = SAMPLES[CityRegistered]
    body = json.loads(encode(event).value)

    assert body["event_id"] == str(event.event_id)
    assert body["aggregate_id"] == CITY_ID
    assert body["aggregate_version"] == 1
    assert body["occurred_at"] == "2026-11-28T01:02:03.123456Z"
    assert body["actor"] == event.actor
    assert body["correlation_id"] == "flow-1"
    assert body["causation_id"] == "command-1"
    assert body["profile"]["country_code"] == "SL"
    assert body["partnership_status"] == "prospect"


def test_ce_time_always_has_microseconds() -> None:
    event = SAMPLES[CityRegistered].model_copy(
        update={"occurred_at": SAMPLES[CityRegistered].occurred_at.replace(microsecond=0)}
    )
    record = encode(event)

    assert header(record.headers, "ce_time") == "2026-11-28T01:02:03.000000Z"
    assert decode(record.value, record.headers) == event


@pytest.mark.parametrize("name", ["ce_type", "CE_ID", "ce_time", "content-type", "Content-Type"])
def test_extra_headers_may_not_replace_cloudevents_ones(name: str) -> None:
    with pytest.raises(ValueError, match="clash"):
        encode(SAMPLES[CityRegistered], {name: "x"})


def test_extension_attributes_may_be_added() -> None:
    record = encode(SAMPLES[CityRegistered], {"ce_partitionkey": CITY_ID})
    assert header(record.headers, "ce_partitionkey") == CITY_ID
    assert decode(record.value, record.headers) == SAMPLES[CityRegistered]


def test_kafka_record_is_immutable() -> None:
    record = encode(SAMPLES[CityRegistered])
    assert isinstance(record, KafkaRecord)
    with pytest.raises(AttributeError):
        record.topic = "other"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# header()
# --------------------------------------------------------------------------------------------


def test_header_lookup() -> None:
    headers: list[tuple[str, bytes | None]] = [
        ("ce_type", b"first"),
        ("CE_TYPE", b"second"),
        ("empty", None),
    ]

    assert header(headers, "ce_type") == "second"
    assert header(headers, "Ce_Type") == "second"
    assert header(headers, "empty") is None
    assert header(headers, "absent") is None
    assert header({"ce_id": "text"}, "ce_id") == "text"


def test_header_not_utf8() -> None:
    with pytest.raises(MalformedEvent, match="ce_id is not UTF-8"):
        header([("ce_id", b"\xff\xfe")], "ce_id")


# --------------------------------------------------------------------------------------------
# What decode rejects
# --------------------------------------------------------------------------------------------


def parts(event: Event | None = None) -> tuple[bytes, dict[str, bytes]]:
    record = encode(event or SAMPLES[CityRegistered])
    return record.value, dict(record.headers)


def body_of(event: Event | None = None) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(parts(event)[0])
    return result


@pytest.mark.parametrize("name", REQUIRED_HEADERS)
def test_missing_header(name: str) -> None:
    value, headers = parts()
    del headers[name]

    with pytest.raises(MalformedEvent) as exc:
        decode(value, headers)

    assert str(exc.value) == f"missing CloudEvents attribute {name}"
    assert not isinstance(exc.value, UnknownEventType)


def test_empty_header_counts_as_missing() -> None:
    value, headers = parts()
    headers["ce_id"] = b""
    with pytest.raises(MalformedEvent, match="missing CloudEvents attribute ce_id"):
        decode(value, headers)


def test_several_missing_headers_are_all_named() -> None:
    value, headers = parts()
    del headers["ce_id"], headers["ce_type"]
    with pytest.raises(MalformedEvent, match="missing CloudEvents attributes ce_id, ce_type"):
        decode(value, headers)


def test_no_headers_at_all() -> None:
    with pytest.raises(MalformedEvent, match="missing CloudEvents attributes ce_specversion"):
        decode(b"{}", [])


def test_wrong_specversion() -> None:
    value, headers = parts()
    headers["ce_specversion"] = b"0.3"
    with pytest.raises(
        MalformedEvent, match=re.escape("unsupported CloudEvents specversion '0.3'")
    ):
        decode(value, headers)


@pytest.mark.parametrize("content_type", [b"application/json; charset=utf-8", b"Application/JSON"])
def test_content_type_parameters_and_case(content_type: bytes) -> None:
    value, headers = parts()
    headers["content-type"] = content_type
    assert decode(value, headers) == SAMPLES[CityRegistered]


def test_wrong_content_type() -> None:
    value, headers = parts()
    headers["content-type"] = b"application/avro"
    with pytest.raises(MalformedEvent, match="unsupported content-type 'application/avro'"):
        decode(value, headers)


def test_structured_mode_is_named() -> None:
    value, headers = parts()
    headers["content-type"] = b"application/cloudevents+json"
    with pytest.raises(MalformedEvent, match="structured-mode"):
        decode(value, headers)


def test_unknown_type() -> None:
    value, headers = parts()
    headers["ce_type"] = b"org.mayorsmigrationcouncil.cities.CityTwinned.v1"

    with pytest.raises(UnknownEventType) as exc:
        decode(value, headers)

    assert exc.value.ce_type == "org.mayorsmigrationcouncil.cities.CityTwinned.v1"
    assert isinstance(exc.value, MalformedEvent)
    assert "CityTwinned" in str(exc.value)


def test_unknown_type_is_reported_before_the_body_is_read() -> None:
    _, headers = parts()
    headers["ce_type"] = b"org.example.Other.v1"
    with pytest.raises(UnknownEventType):
        decode(b"<not json>", headers)


@pytest.mark.parametrize("value", [None, b""])
def test_no_body(value: bytes | None) -> None:
    _, headers = parts()
    with pytest.raises(MalformedEvent, match="CityRegistered record has no body"):
        decode(value, headers)


@pytest.mark.parametrize("value", [b"{not json", b"\xff\xfe\x00", b'{"event_id": '])
def test_body_not_json(value: bytes) -> None:
    _, headers = parts()
    with pytest.raises(MalformedEvent, match="CityRegistered body is not valid JSON"):
        decode(value, headers)


def test_body_not_an_object() -> None:
    _, headers = parts()
    with pytest.raises(MalformedEvent, match="body is not a JSON object"):
        decode(b"[1, 2]", headers)


def test_validation_errors_name_the_fields() -> None:
    body = body_of()
    body["profile"]["country_code"] = "Sierra Leone"
    body["profile"]["contacts"][0]["role"] = "not-a-role"
    del body["partnership_status"]
    _, headers = parts()

    with pytest.raises(MalformedEvent) as exc:
        decode(json.dumps(body).encode(), headers)

    message = str(exc.value)
    assert message.startswith("CityRegistered body failed validation: ")
    assert "profile.country_code: String should match pattern '^[A-Z]{2}$'" in message
    assert "profile.contacts[0].role: Input should be" in message
    assert "partnership_status: Field required" in message
    # No personal data in messages that end up in logs and dead-letter queues.
    assert "Sierra Leone" not in message
    assert "not-a-role" not in message


def test_body_without_event_id() -> None:
    body = body_of()
    del body["event_id"]
    _, headers = parts()
    with pytest.raises(MalformedEvent, match="event_id: Field required"):
        decode(json.dumps(body).encode(), headers)


def test_ce_id_must_match_event_id() -> None:
    value, headers = parts()
    headers["ce_id"] = str(uuid4()).encode()
    with pytest.raises(MalformedEvent, match=r"ce_id .* does not match the body's event_id"):
        decode(value, headers)


def test_ce_id_comparison_ignores_uuid_case() -> None:
    value, headers = parts()
    headers["ce_id"] = headers["ce_id"].upper()
    assert decode(value, headers) == SAMPLES[CityRegistered]


def test_ce_id_not_a_uuid() -> None:
    value, headers = parts()
    headers["ce_id"] = b"event-1"
    with pytest.raises(MalformedEvent, match="ce_id 'event-1' does not match"):
        decode(value, headers)


def test_ce_subject_must_match_aggregate_id() -> None:
    value, headers = parts()
    headers["ce_subject"] = b"city-other"
    with pytest.raises(MalformedEvent, match="ce_subject does not match the body's aggregate_id"):
        decode(value, headers)


def test_ce_time_must_match_occurred_at() -> None:
    value, headers = parts()
    headers["ce_time"] = b"2026-11-28T01:02:04.123456Z"
    with pytest.raises(MalformedEvent, match="does not match the body's occurred_at"):
        decode(value, headers)


def test_ce_time_in_another_offset_is_the_same_instant() -> None:
    value, headers = parts()
    headers["ce_time"] = b"2026-11-28T02:02:03.123456+01:00"
    assert decode(value, headers) == SAMPLES[CityRegistered]


@pytest.mark.parametrize(
    ("ce_time", "problem"),
    [(b"yesterday", "is not an RFC 3339 time"), (b"2026-11-28T01:02:03", "has no time zone")],
)
def test_ce_time_invalid(ce_time: bytes, problem: str) -> None:
    value, headers = parts()
    headers["ce_time"] = ce_time
    with pytest.raises(MalformedEvent, match=problem):
        decode(value, headers)


def test_ce_type_decides_the_class() -> None:
    """A body of one event under another event's type fails that type's validation."""
    value, headers = parts(SAMPLES[CityRegistered])
    headers["ce_type"] = CityMayorChanged.event_type().encode()
    with pytest.raises(
        MalformedEvent,
        match="CityMayorChanged body failed validation: previous_mayor: Field required",
    ):
        decode(value, headers)


def test_unknown_body_fields_are_ignored() -> None:
    body = body_of()
    body["added_in_a_later_version"] = True
    _, headers = parts()
    assert decode(json.dumps(body).encode(), headers) == SAMPLES[CityRegistered]

"""Matching events to endpoints, and the CloudEvents HTTP binding of a Kafka record."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from mmc_contracts.cloudevents import encode
from mmc_contracts.webhooks import ContentMode, WebhookEndpointResumed
from mmc_webhooks.domain.messages import Incoming, NotAnEvent, http_request, wanted

TYPE = WebhookEndpointResumed.event_type()
TOPIC = "mmc.webhooks.endpoint.v1"


def test_an_endpoint_wants_its_topics_and_if_named_only_its_types() -> None:
    assert wanted([TOPIC], [], TOPIC, TYPE)
    assert wanted([TOPIC], [TYPE], TOPIC, TYPE)
    assert not wanted([TOPIC], ["other"], TOPIC, TYPE)
    assert not wanted(["mmc.board.membership.v1"], [], TOPIC, TYPE)


def _record() -> tuple[tuple[tuple[str, bytes], ...], bytes]:
    event = WebhookEndpointResumed(
        aggregate_id="ep-1",
        aggregate_version=3,
        occurred_at=datetime(2026, 12, 2, tzinfo=UTC),
        actor="staff-1",
    )
    record = encode(event)
    return record.headers, record.value


def test_binary_mode_puts_the_attributes_in_ce_headers_and_the_event_in_the_body() -> None:
    headers, value = _record()
    incoming = Incoming.of_record(TOPIC, headers, value)
    assert (incoming.aggregate_id, incoming.aggregate_version) == ("ep-1", 3)
    sent, body = http_request(incoming, ContentMode.BINARY)
    assert body == value
    assert sent["ce-type"] == TYPE
    assert sent["ce-subject"] == "ep-1"
    assert sent["ce-specversion"] == "1.0"
    assert sent["content-type"] == "application/json"


def test_structured_mode_sends_one_cloudevents_json_document() -> None:
    headers, value = _record()
    incoming = Incoming.of_record(TOPIC, headers, value)
    sent, body = http_request(incoming, ContentMode.STRUCTURED)
    assert sent["content-type"].startswith("application/cloudevents+json")
    document = json.loads(body)
    assert document["type"] == TYPE
    assert document["id"] == incoming.event_id
    assert document["data"] == json.loads(value)


def test_a_record_without_attributes_or_json_is_not_an_event() -> None:
    headers, value = _record()
    with pytest.raises(NotAnEvent, match="attributes"):
        Incoming.of_record("t", [], value)
    with pytest.raises(NotAnEvent, match="JSON"):
        Incoming.of_record("t", headers, b"nope")

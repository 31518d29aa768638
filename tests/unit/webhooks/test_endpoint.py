"""The Endpoint aggregate: registration rules, secret rotation with a grace period, pausing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mmc_contracts.cities import CityRegistered
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidTransition, InvalidValue
from mmc_contracts.webhooks import (
    ContentMode,
    PauseReason,
    WebhookEndpointPaused,
    WebhookEndpointRegistered,
    WebhookSecretRotated,
)
from mmc_webhooks.domain.endpoint import Endpoint, EndpointStatus

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def at(moment: datetime) -> EventContext:
    return EventContext(actor="staff-1", at=moment)


def endpoint(**changes: object) -> Endpoint:
    fields: dict[str, object] = {
        "url": "https://hooks.partner.example.org/mmc",
        "topics": ["mmc.cities.city.v2"],
        "event_types": [CityRegistered.event_type()],
        "content_mode": ContentMode.BINARY,
        "owner_contact": "ops@partner.example.org",
        "description": None,
        "secret": "whsec_first",
        "context": at(T0),
    }
    fields.update(changes)
    return Endpoint.register("ep-1", **fields)  # type: ignore[arg-type]


def test_registration_records_ids_and_subscription_never_url_contact_or_secret() -> None:
    registered = endpoint()
    [event] = registered.pull_events()
    assert isinstance(event, WebhookEndpointRegistered)
    wire = event.model_dump_json()
    for private in ("hooks.partner", "ops@partner", "whsec_"):
        assert private not in wire
    assert registered.to_document()["_id"] == "ep-1"
    assert Endpoint.from_document(registered.to_document()) == registered


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "ftp://x.example.org/"}, "url"),
        ({"url": "https://user:pw@x.example.org/"}, "url"),
        ({"url": "https:///nohost"}, "url"),
        ({"topics": []}, "topics"),
        ({"topics": ["mmc.nowhere.v1"]}, "topics.0"),
        ({"event_types": ["org.example.Other.v1"]}, "event_types.0"),
    ],
)
def test_registration_refuses_bad_values_at_their_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        endpoint(**changes)
    assert refused.value.field == field


def test_after_a_rotation_both_secrets_sign_until_the_grace_period_ends() -> None:
    rotated = endpoint()
    rotated.rotate_secret("whsec_second", T0 + timedelta(hours=2), at(T0 + timedelta(hours=1)))
    assert isinstance(rotated.pull_events()[-1], WebhookSecretRotated)
    assert rotated.live_secrets(T0 + timedelta(hours=1)) == ["whsec_second", "whsec_first"]
    assert rotated.live_secrets(T0 + timedelta(hours=3)) == ["whsec_second"]
    rotated.rotate_secret("whsec_third", T0 + timedelta(hours=5), at(T0 + timedelta(hours=4)))
    assert rotated.live_secrets(T0 + timedelta(hours=4)) == ["whsec_third", "whsec_second"]
    assert rotated.version == 3


def test_pause_and_resume_follow_the_life_cycle() -> None:
    paused = endpoint()
    paused.pause(PauseReason.FAILING, at(T0), failing_since=T0 - timedelta(days=2))
    assert paused.status is EndpointStatus.PAUSED
    assert isinstance(paused.pull_events()[-1], WebhookEndpointPaused)
    with pytest.raises(InvalidTransition):
        paused.pause(PauseReason.STAFF, at(T0))
    paused.resume(at(T0))
    assert paused.to_document()["status"] == "active"
    assert paused.to_document()["pause_reason"] is None
    with pytest.raises(InvalidTransition):
        paused.resume(at(T0))

"""`/metrics` in Prometheus' text format, read back with Prometheus' own parser."""

from __future__ import annotations

import uuid

import pytest
from prometheus_client.parser import text_string_to_metric_families

from mmc_contracts.topics import CITIES_CITY, dead_letter_topic
from tests.integration.cities.conftest import CitiesService, Json, timeline_of

pytestmark = pytest.mark.integration

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(service: CitiesService) -> Samples:
    response = await service.client.get("/metrics", headers={"Authorization": ""})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


def registered(entries: list[Json]) -> bool:
    return any(entry["kind"] == "CityRegistered" for entry in entries)


async def test_metrics_show_requests_publishes_consumption_lag_and_dead_letters(
    cities: CitiesService,
) -> None:
    city = await cities.register(name=f"Metricton {uuid.uuid4().hex[:6]}", country_code="KE")
    await timeline_of(cities, city["id"], registered)
    samples = await scrape(cities)
    group = f"{cities.runtime.settings.service_name}.timeline"

    requests = value(
        samples,
        "mmc_http_request_duration_seconds_count",
        method="POST",
        route="/cities",
        status="201",
    )
    assert requests == 1
    # Route templates, not paths: the city's id does not make a series of its own.
    assert not any(city["id"] in str(labels) for _, labels in samples)
    assert value(samples, "mmc_relay_publish_seconds_count", topic=CITIES_CITY) >= 1
    assert value(samples, "mmc_outbox_published_total") >= 1
    assert value(samples, "mmc_outbox_backlog") == 0
    assert value(samples, "mmc_outbox_oldest_entry_age_seconds") == 0
    handled = value(
        samples,
        "mmc_consumer_processing_seconds_count",
        group=group,
        topic=CITIES_CITY,
        outcome="handled",
    )
    assert handled >= 1
    assert value(samples, "mmc_consumer_handled_total", group=group) >= 1
    assert ("mmc_consumer_lag", frozenset({("group", group), ("topic", CITIES_CITY)})) in samples
    assert ("mmc_dead_letters", frozenset({("topic", dead_letter_topic(CITIES_CITY))})) in samples
    assert value(samples, "mmc_metrics_kafka_errors_total") == 0

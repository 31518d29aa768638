"""One trace spans the HTTP request, the relay's publish and the subscriber's processing."""

from __future__ import annotations

import uuid

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from mmc_chassis.settings import ServiceSettings
from tests.integration.chassis.probe import Probe, registered
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def test_http_publish_and_consume_share_one_trace(probe_settings: ServiceSettings) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    probe = Probe(probe_settings, provider=provider)

    @probe.runtime.http.post("/probe/{city_id}", status_code=201)
    async def register(city_id: str) -> dict[str, str]:
        await probe.save_new(registered(city_id))
        return {"id": city_id}

    city = uuid.uuid4().hex
    async with probe.running():
        transport = httpx.ASGITransport(app=probe.runtime.http)
        async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:
            response = await client.post(f"/probe/{city}")
        assert response.status_code == 201
        await eventually(lambda: _projected(probe, city), what="the event's projection")

    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind == SpanKind.SERVER and "/probe/" in s.name]
    publish = [s for s in spans if s.kind == SpanKind.PRODUCER and s.name.endswith(" publish")]
    process = [s for s in spans if s.kind == SpanKind.CONSUMER and s.name.endswith(" process")]
    assert server, [s.name for s in spans]
    assert publish, [s.name for s in spans]
    assert process, [s.name for s in spans]
    trace_id = server[0].context.trace_id
    assert {s.context.trace_id for s in publish + process} == {trace_id}
    # The consume continues the publish: its parent is in the same trace, under the request.
    assert process[0].parent is not None
    assert process[0].parent.trace_id == trace_id


async def _projected(probe: Probe, city: str) -> bool:
    return await probe.projection.find_one({"_id": city}) is not None

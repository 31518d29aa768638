"""The webhooks service, wired: endpoints, the delivery log, one Kafka worker per endpoint.

python -m mmc_webhooks.app      # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8105)
"""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.consumer import EventConsumer
from mmc_chassis.personal_data import personal_data_router
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.wiring import serve, service_runtime
from mmc_contracts.topics import WEBHOOKS_ENDPOINT
from mmc_webhooks.adapters.repository import INDEXES
from mmc_webhooks.entrypoints.http import routers
from mmc_webhooks.parts import WebhooksParts
from mmc_webhooks.personal_data import WebhooksPersonalData
from mmc_webhooks.settings import WebhooksSettings

TITLE = "MMC webhooks service"
PUBLISHED = (WEBHOOKS_ENDPOINT,)
DESCRIPTION = """\
Delivers the platform's events to partners' HTTP endpoints (city networks, UN agencies, funders
that run no Kafka consumer), in the CloudEvents HTTP binding (binary or structured), signed in the
Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature`).

Each endpoint receives the events of its topics (and event types) once per aggregate version, in
order per aggregate; a failed delivery is retried with exponential backoff for a day, then parked
with its reason; an endpoint that fails for long is paused and its owner told. Outbound calls go
only to hosts and networks on the service's allowlist (`MMC_WEBHOOK_ALLOWED_TARGETS`).

Every call needs `Authorization: Bearer <API token>`; writes name the staff member acting in
`X-MMC-Actor`. Errors: 422 names the field at fault, 404 an unknown id, 409 a stale
`expected_version` or a status the endpoint already has.
"""


def no_subscribers(consumer: EventConsumer, parts: WebhooksParts) -> None:
    """The service's readers are its own per-endpoint consumers (`workers.py`), started after
    the runtime is up, not the chassis' static consumer."""


def build(
    settings: WebhooksSettings | None = None, provider: TracerProvider | None = None
) -> ServiceRuntime:
    """The webhooks service's runtime, ready to `run()` or to serve `runtime.http` in tests."""
    settings = settings or WebhooksSettings()
    runtime = service_runtime(settings, TITLE, DESCRIPTION, provider, INDEXES)
    parts = WebhooksParts.of(runtime, settings)
    serve(runtime, parts, routers(), topics=PUBLISHED, subscribe=no_subscribers)
    runtime.include(personal_data_router("webhooks", WebhooksPersonalData(parts.endpoints)))
    runtime.after_start(parts.dispatcher.start_all)
    runtime.on_shutdown(parts.dispatcher.stop_all)
    return runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()

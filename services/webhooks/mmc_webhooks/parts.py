"""The webhooks service's parts: settings, stores, the allowlist and the dispatcher, built once
by `app.py` and handed to the routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from mmc_chassis.runtime import ServiceRuntime
from mmc_webhooks.adapters.deliveries import DeliveryLog
from mmc_webhooks.adapters.repository import DELIVERIES, ENDPOINTS, EndpointRepository
from mmc_webhooks.dispatcher import Dispatcher
from mmc_webhooks.domain.allowlist import Allowlist
from mmc_webhooks.settings import WebhooksSettings
from mmc_webhooks.workers import Reader

REPLAYS = "replays"


@dataclass(frozen=True)
class WebhooksParts:
    settings: WebhooksSettings
    endpoints: EndpointRepository
    deliveries: DeliveryLog
    allowlist: Allowlist
    dispatcher: Dispatcher

    @classmethod
    def of(cls, runtime: ServiceRuntime, settings: WebhooksSettings) -> WebhooksParts:
        endpoints = EndpointRepository(runtime.store(ENDPOINTS, "endpoint"))
        deliveries = DeliveryLog(runtime.database[DELIVERIES])
        allowlist = Allowlist.parse(settings.webhook_allowed_targets)
        reader = Reader(
            settings.kafka_bootstrap_servers,
            settings.topic_prefix,
            settings.service_name,
            settings.topic_partitions,
        )
        dispatcher = Dispatcher(
            reader,
            endpoints,
            deliveries,
            runtime.database[REPLAYS],
            allowlist,
            settings.backoff(),
            timedelta(seconds=settings.webhook_pause_after_seconds),
            settings.webhook_timeout_seconds,
        )
        return cls(settings, endpoints, deliveries, allowlist, dispatcher)

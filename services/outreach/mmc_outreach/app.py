"""The outreach service, wired: stores, read model, routes, subscribers, start-up.

python -m mmc_outreach.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8104)
"""

from __future__ import annotations

from typing import TypeVar

from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.aggregate import ModelAggregate
from mmc_chassis.consumer import EventConsumer
from mmc_chassis.periodic import every
from mmc_chassis.personal_data import personal_data_router
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.wiring import serve, service_runtime
from mmc_contracts.topics import (
    OUTREACH_COALITION,
    OUTREACH_FUNDING_CONNECTION,
    OUTREACH_INQUIRY,
    OUTREACH_MOBILISATION_LIST,
    OUTREACH_NOMINATION_CALL,
    OUTREACH_PARTNER,
    OUTREACH_TARGET,
)
from mmc_outreach import mobilisation
from mmc_outreach.adapters.cities_view import KNOWN_CITIES, KnownCities
from mmc_outreach.adapters.moment_inputs import INPUT_INDEXES, MOMENT_INPUTS, MomentInputs
from mmc_outreach.adapters.repository import (
    COALITIONS,
    CONNECTIONS,
    INDEXES,
    INQUIRIES,
    MOBILISATION_LISTS,
    NOMINATION_CALLS,
    OPPORTUNITIES,
    ORDERS,
    PARTNERS,
    TARGETS,
    Repository,
)
from mmc_outreach.domain.funding import FundingConnection, Opportunity
from mmc_outreach.domain.inquiry import Inquiry
from mmc_outreach.domain.mobilisation import MobilisationList
from mmc_outreach.domain.nomination_call import NominationCall
from mmc_outreach.domain.partners import Coalition, PartnerOrganisation
from mmc_outreach.domain.pipeline import OutreachTarget
from mmc_outreach.entrypoints import subscribers
from mmc_outreach.entrypoints.http import Deps, build_router
from mmc_outreach.entrypoints.http_mobilisation import build_mobilisation_router
from mmc_outreach.personal_data import OutreachPersonalData
from mmc_outreach.retention import RetentionPass
from mmc_outreach.settings import OutreachSettings

TITLE = "MMC outreach service"
PUBLISHED = (
    OUTREACH_INQUIRY,
    OUTREACH_TARGET,
    OUTREACH_NOMINATION_CALL,
    OUTREACH_FUNDING_CONNECTION,
    OUTREACH_PARTNER,
    OUTREACH_COALITION,
    OUTREACH_MOBILISATION_LIST,
)
DESCRIPTION = """\
The Mayors Migration Council's outreach: inquiries from cities (web form and shared mailbox),
outreach to cities with secondary cities first, calls for Leadership Board nominations, lists of
partner cities to mobilise for approaching policy moments, and funding connections between
cities and funders.

Every call needs `Authorization: Bearer <API token>`; writes name the staff member acting in
`X-MMC-Actor`. An inquiry's sender, subject and text are personal data: they stay in this
service and never go into an event.
"""


A = TypeVar("A", bound=ModelAggregate)


def build(
    settings: OutreachSettings | None = None, provider: TracerProvider | None = None
) -> ServiceRuntime:
    settings = settings or OutreachSettings()
    indexes = {
        **INDEXES,
        MOMENT_INPUTS: INPUT_INDEXES,
        MOBILISATION_LISTS: mobilisation.LIST_INDEXES,
    }
    runtime = service_runtime(settings, TITLE, DESCRIPTION, provider, indexes)
    cities = KnownCities(runtime.database[KNOWN_CITIES])

    def repository(collection: str, kind: str, model: type[A]) -> Repository[A]:
        store = runtime.store(collection, kind)
        return Repository(store, model.from_document, order=ORDERS.get(collection))

    deps = Deps(
        settings=settings,
        cities=cities,
        inquiries=repository(INQUIRIES, "inquiry", Inquiry),
        targets=repository(TARGETS, "outreach target", OutreachTarget),
        calls=repository(NOMINATION_CALLS, "nomination call", NominationCall),
        opportunities=repository(OPPORTUNITIES, "funding opportunity", Opportunity),
        connections=repository(CONNECTIONS, "funding connection", FundingConnection),
        partners=repository(PARTNERS, "partner organisation", PartnerOrganisation),
        coalitions=repository(COALITIONS, "coalition", Coalition),
        relay=runtime.relay,
    )
    inputs = MomentInputs(runtime.database[MOMENT_INPUTS])
    lists = repository(MOBILISATION_LISTS, "mobilisation list", MobilisationList)

    def subscribe(consumer: EventConsumer, deps: Deps) -> None:
        subscribers.register(
            consumer,
            cities=deps.cities,
            targets=deps.targets,
            inquiries=deps.inquiries,
            calls=deps.calls,
        )
        mobilisation.register(consumer, cities=deps.cities, inputs=inputs, lists=lists)

    personal_data = OutreachPersonalData(deps.inquiries, deps.partners)
    routers = [
        build_router(deps),
        build_mobilisation_router(lists),
        personal_data_router("outreach", personal_data),
    ]
    serve(runtime, deps, routers, topics=PUBLISHED, subscribe=subscribe)
    retention = RetentionPass(deps.inquiries, retention_days=settings.inquiry_retention_days)
    every(runtime, settings.retention_interval_seconds, retention.tick, name="outreach-retention")
    return runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()

"""The outreach service, wired: stores, read model, routes, subscribers, start-up.

python -m mmc_outreach.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8104)
"""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.personal_data import personal_data_router
from mmc_chassis.runtime import ServiceRuntime
from mmc_contracts.topics import (
    OUTREACH_COALITION,
    OUTREACH_FUNDING_CONNECTION,
    OUTREACH_INQUIRY,
    OUTREACH_NOMINATION_CALL,
    OUTREACH_PARTNER,
    OUTREACH_TARGET,
)
from mmc_outreach.adapters.cities_view import KNOWN_CITIES, KnownCities
from mmc_outreach.adapters.repository import (
    COALITIONS,
    CONNECTIONS,
    INQUIRIES,
    NOMINATION_CALLS,
    OPPORTUNITIES,
    PARTNERS,
    TARGETS,
    Repository,
    ensure_indexes,
)
from mmc_outreach.domain.funding import FundingConnection, Opportunity
from mmc_outreach.domain.inquiry import Inquiry
from mmc_outreach.domain.nomination_call import NominationCall
from mmc_outreach.domain.partners import Coalition, PartnerOrganisation
from mmc_outreach.domain.pipeline import OutreachTarget
from mmc_outreach.entrypoints import subscribers
from mmc_outreach.entrypoints.http import Deps, build_router
from mmc_outreach.personal_data import OutreachPersonalData
from mmc_outreach.retention import RetentionPass
from mmc_outreach.settings import OutreachSettings

DESCRIPTION = """\
The Mayors Migration Council's outreach: inquiries from cities (web form and shared mailbox),
outreach to cities with secondary cities first, calls for Leadership Board nominations, and
funding connections between cities and funders.

Every call needs `Authorization: Bearer <API token>`; writes name the staff member acting in
`X-MMC-Actor`. An inquiry's sender, subject and text are personal data: they stay in this
service and never go into an event.
"""


def build(
    settings: OutreachSettings | None = None, provider: TracerProvider | None = None
) -> ServiceRuntime:
    settings = settings or OutreachSettings()
    runtime = ServiceRuntime(
        settings, title="MMC outreach service", description=DESCRIPTION, provider=provider
    )
    cities = KnownCities(runtime.database[KNOWN_CITIES])
    deps = Deps(
        settings=settings,
        cities=cities,
        inquiries=Repository(runtime.store(INQUIRIES, "inquiry"), Inquiry),
        targets=Repository(runtime.store(TARGETS, "outreach target"), OutreachTarget),
        calls=Repository(runtime.store(NOMINATION_CALLS, "nomination call"), NominationCall),
        opportunities=Repository(runtime.store(OPPORTUNITIES, "funding opportunity"), Opportunity),
        connections=Repository(runtime.store(CONNECTIONS, "funding connection"), FundingConnection),
        partners=Repository(runtime.store(PARTNERS, "partner organisation"), PartnerOrganisation),
        coalitions=Repository(runtime.store(COALITIONS, "coalition"), Coalition),
    )
    runtime.declare_topics(
        OUTREACH_INQUIRY,
        OUTREACH_TARGET,
        OUTREACH_NOMINATION_CALL,
        OUTREACH_FUNDING_CONNECTION,
        OUTREACH_PARTNER,
        OUTREACH_COALITION,
    )

    async def create_indexes() -> None:
        await ensure_indexes(runtime.database)

    runtime.on_startup(create_indexes)
    runtime.include(build_router(deps))
    runtime.include(
        personal_data_router("outreach", OutreachPersonalData(deps.inquiries, deps.partners))
    )
    retention = RetentionPass(
        deps.inquiries,
        retention_days=settings.inquiry_retention_days,
        interval_seconds=settings.retention_interval_seconds,
    )
    runtime.after_start(retention.start)
    runtime.on_shutdown(retention.stop)
    subscribers.register(
        runtime.consumer,
        cities=cities,
        targets=deps.targets,
        inquiries=deps.inquiries,
        calls=deps.calls,
    )
    return runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()

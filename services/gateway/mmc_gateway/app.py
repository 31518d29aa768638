"""The gateway, wired: its own stores (accounts, sessions, throttle, audit), the service
clients, the pages, and the answers to "sign in first" and "not allowed".

python -m mmc_gateway.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8100)
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.personal_data import personal_data_router
from mmc_chassis.runtime import ServiceRuntime
from mmc_contracts.topics import GATEWAY_AUDIT
from mmc_gateway.accounts import ACCOUNTS, Accounts
from mmc_gateway.audit import AUDIT, AuditLog
from mmc_gateway.pages import (
    admin,
    advocacy,
    advocacy_actions,
    advocacy_files,
    advocacy_knowledge,
    advocacy_reports,
    assistance,
    auth,
    board,
    board_governance,
    board_members,
    cities,
    city_imports,
    home,
    oidc,
    operations,
    outreach,
    outreach_contacts,
    outreach_funding,
    outreach_mailbox,
    outreach_mobilisation,
    outreach_partners,
    personal_data,
    preferences,
    public,
)
from mmc_gateway.personal_data import StaffPersonalData
from mmc_gateway.services import ServiceError, Services
from mmc_gateway.sessions import SESSIONS, Sessions
from mmc_gateway.settings import GatewaySettings
from mmc_gateway.throttle import FAILURES, Throttle
from mmc_gateway.web import Gateway, Refused, SignInRequired, render

DESCRIPTION = """\
The MMC staff UI: server-rendered pages over the services' APIs. Its own database holds staff
accounts, sessions, sign-in failures and the audit trail (published on `mmc.gateway.audit.v1`).
"""

PAGE_ROUTERS = (
    auth.router,
    home.router,
    city_imports.router,  # before cities' /cities/{id}
    cities.router,
    board.router,
    board_members.router,
    board_governance.router,
    admin.router,
    operations.router,
    public.router,
    preferences.router,
    advocacy_actions.router,  # before advocacy's /advocacy/campaigns/{id}
    advocacy_reports.router,
    advocacy_files.router,
    advocacy.router,
    advocacy_knowledge.router,
    outreach.router,
    outreach_partners.router,  # outreach staff actions
    outreach_funding.router,
    outreach_contacts.router,
    outreach_mailbox.router,
    outreach_mobilisation.router,
    assistance.router,  # cities' technical assistance requests
    oidc.router,
    personal_data.router,
)
"""Each service's pages are one module of `pages/` with a `router()`; a new service adds its
module here (see the README: "Adding a service's pages")."""


def build(
    settings: GatewaySettings | None = None,
    provider: TracerProvider | None = None,
    *,
    transports: dict[str, httpx.AsyncBaseTransport] | None = None,
) -> ServiceRuntime:
    """The gateway's runtime; `transports` reach services in-process (tests)."""
    settings = settings or GatewaySettings()
    runtime = ServiceRuntime(
        settings, title="MMC gateway", description=DESCRIPTION, provider=provider
    )
    runtime.declare_topics(GATEWAY_AUDIT)
    database = runtime.database
    gateway = Gateway(
        settings=settings,
        accounts=Accounts(database[ACCOUNTS]),
        sessions=Sessions(
            database[SESSIONS],
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_absolute_hours),
        ),
        throttle=Throttle(
            database[FAILURES],
            window=timedelta(minutes=settings.throttle_window_minutes),
            per_account=settings.throttle_per_account,
            per_address=settings.throttle_per_address,
        ),
        audit=AuditLog(runtime.store(AUDIT, "audit entry")),
        services=Services(
            settings.service_urls(),
            settings.api_token.get_secret_value(),
            settings.service_timeout_seconds,
            transports,
        ),
    )
    app = runtime.http
    app.state.gateway = gateway
    oidc.install(gateway)  # OpenID Connect sign-in, when configured

    async def create_indexes() -> None:
        await gateway.accounts.ensure_indexes()
        await gateway.sessions.ensure_indexes()
        await gateway.throttle.ensure_indexes()
        await gateway.audit.ensure_indexes()
        if (organisation := gateway.extra.get("oidc")) is not None:
            await organisation.ensure_indexes()

    runtime.on_startup(create_indexes)
    runtime.on_shutdown(gateway.services.close)
    # Staff accounts' personal data, for the cross-service command (behind the API token).
    staff_data = StaffPersonalData(
        gateway.accounts, gateway.sessions, gateway.throttle, gateway.audit
    )
    runtime.include(personal_data_router("gateway", staff_data))

    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    # Pages are not behind the services' API token: they have their own sign-in.
    for page_router in PAGE_ROUTERS:
        app.include_router(page_router(), include_in_schema=False)

    @app.exception_handler(SignInRequired)
    async def sign_in_first(request: Request, error: Exception) -> Response:
        target = "/sign-in?next=" + quote(request.url.path)
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Exception) -> Response:
        reason = error.reason if isinstance(error, Refused) else "role"
        return render(request, "refused.html", 403, reason=reason)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, error: Exception) -> Response:
        status = error.status if isinstance(error, ServiceError) else 502
        messages = error.messages if isinstance(error, ServiceError) else []
        status = status if status in (404, 409, 422, 503) else 502
        return render(request, "service_error.html", status, messages=messages)

    return runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()

"""Sign-in through the organisation's OpenID Connect provider (when one is configured).

`GET /sign-in/oidc` sends the browser to the provider; the provider sends it back to
`GET /sign-in/oidc/callback`, where the state (query and cookie alike, known to the database,
used once), the code (with PKCE) and the ID token are checked and the person mapped to an
account an admin created. Then the same session rules as a password sign-in: any previous
session ends, a new session id, idle and absolute timeouts. Every refusal is audited.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from mmc_contracts.gateway import AuditOutcome
from mmc_gateway.i18n import N_
from mmc_gateway.oidc import PENDING, STATE_COOKIE, OidcRefused, OidcSignIn
from mmc_gateway.pages.auth import open_session, safe_next
from mmc_gateway.web import Gateway, client_address, gateway_of, render

CALLBACK = "/sign-in/oidc/callback"
MESSAGES = {
    "oidc.state": N_("The sign-in expired or did not start here: please try again."),
    "oidc.token": N_("The organisation's sign-in could not be verified: please try again."),
    "oidc.unknown": N_("No staff account is linked to this person: ask an administrator."),
    "oidc.disabled": N_("Wrong e-mail or password, or the account is disabled."),
    "oidc.provider": N_("The organisation's sign-in was cancelled or failed."),
}


def install(gateway: Gateway) -> None:
    """Builds the OIDC client when the settings name a provider (app.py calls this)."""
    if gateway.settings.oidc_enabled:
        pending = gateway.accounts.collection.database[PENDING]
        gateway.extra["oidc"] = OidcSignIn(gateway.settings, pending, gateway.accounts)


def _oidc(request: Request) -> OidcSignIn | None:
    found = gateway_of(request).extra.get("oidc")
    return found if isinstance(found, OidcSignIn) else None


def router() -> APIRouter:
    pages = APIRouter()

    async def refuse(request: Request, error: OidcRefused, status: int = 403) -> Response:
        await gateway_of(request).audit.record(
            staff_id=error.staff_id,
            action="auth.sign_in",
            outcome=AuditOutcome.REFUSED,
            address=client_address(request),
            target=error.reason,
        )
        response = render(request, "oidc/refused.html", status, message=MESSAGES[error.reason])
        response.delete_cookie(STATE_COOKIE, path="/sign-in/oidc")
        return response

    @pages.get("/sign-in/oidc")
    async def begin(
        request: Request, next: Annotated[str, Query(max_length=2000)] = "/"
    ) -> Response:
        oidc = _oidc(request)
        if oidc is None:
            return render(request, "not_found.html", 404)
        redirect_uri = str(request.url_for("oidc_callback"))
        try:
            url, state = await oidc.begin(redirect_uri, safe_next(next))
        except OidcRefused as unreachable:
            return await refuse(request, unreachable, 503)
        response = RedirectResponse(url, status_code=303)
        response.set_cookie(
            STATE_COOKIE,
            state,
            max_age=600,
            httponly=True,
            secure=gateway_of(request).settings.cookie_secure,
            samesite="lax",  # the provider's redirect back is a top-level GET
            path="/sign-in/oidc",
        )
        return response

    @pages.get(CALLBACK, name="oidc_callback")
    async def callback(
        request: Request,
        state: Annotated[str, Query(max_length=500)] = "",
        code: Annotated[str, Query(max_length=2000)] = "",
        error: Annotated[str, Query(max_length=200)] = "",
    ) -> Response:
        oidc = _oidc(request)
        if oidc is None:
            return render(request, "not_found.html", 404)
        bound = request.cookies.get(STATE_COOKIE, "")
        try:
            if not state or not bound or not hmac.compare_digest(state.encode(), bound.encode()):
                raise OidcRefused("oidc.state")
            pending = await oidc.take(state)
            if error or not code:
                raise OidcRefused("oidc.provider")
            account = await oidc.account_of(await oidc.finish(pending, code))
        except OidcRefused as refused:
            return await refuse(request, refused)
        response = await open_session(request, account.staff_id, pending.next_url, via="oidc")
        response.delete_cookie(STATE_COOKIE, path="/sign-in/oidc")
        return response

    return pages

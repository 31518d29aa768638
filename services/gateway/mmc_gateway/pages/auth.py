"""Sign-in and sign-out.

The sign-in form has no session yet, so its CSRF token is a double-submit one: a random value in
its own cookie that the form must echo. Failures are throttled per account and per address.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.gateway import AuditOutcome
from mmc_gateway.accounts import verify_password
from mmc_gateway.i18n import N_
from mmc_gateway.sessions import COOKIE
from mmc_gateway.web import client_address, current_staff, gateway_of, render, see_other

SIGN_IN_CSRF = "mmc_sign_in_csrf"
WRONG = N_("Wrong e-mail or password, or the account is disabled.")
THROTTLED = N_("Too many failed sign-ins: wait a few minutes and try again.")
EXPIRED = N_("The form expired: please try again.")


def safe_next(value: str | None) -> str:
    """Only a path of this site: never `//elsewhere` or `https://elsewhere`."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


async def open_session(
    request: Request, staff_id: str, next_url: str, *, via: str | None = None
) -> Response:
    """Signed in: the session the browser had (if any) ended, a new one with a new id started
    and on record, and the browser sent on to `next_url` with its cookie."""
    gateway = gateway_of(request)
    previous = await current_staff(request)
    if previous is not None:
        await gateway.sessions.end(previous.session.key)
    token = await gateway.sessions.start(staff_id)
    await gateway.audit.record(
        staff_id=staff_id,
        action="auth.sign_in",
        outcome=AuditOutcome.SUCCEEDED,
        address=client_address(request),
        target=via,
    )
    response = see_other(next_url)
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        secure=gateway.settings.cookie_secure,
        samesite="lax",
        path="/",
    )
    return response


def router() -> APIRouter:
    pages = APIRouter()

    def form(request: Request, next_url: str, message: str = "", status: int = 200) -> Response:
        token = secrets.token_urlsafe(24)
        response = render(
            request,
            "sign_in.html",
            status_code=status,
            sign_in_csrf=token,
            next_url=next_url,
            message=message,
        )
        response.set_cookie(
            SIGN_IN_CSRF,
            token,
            httponly=True,
            secure=gateway_of(request).settings.cookie_secure,
            samesite="lax",
            path="/sign-in",
        )
        return response

    @pages.get("/sign-in", response_class=HTMLResponse)
    async def sign_in_form(request: Request, next: str | None = None) -> Response:
        return form(request, safe_next(next))

    @pages.post("/sign-in")
    async def sign_in(
        request: Request,
        email: Annotated[str, Form(max_length=320)] = "",
        password: Annotated[str, Form(max_length=1024)] = "",
        csrf_token: Annotated[str, Form(max_length=200)] = "",
        next: Annotated[str, Form(max_length=2000)] = "/",
    ) -> Response:
        gateway = gateway_of(request)
        address = client_address(request)
        email = email.strip().lower()
        expected = request.cookies.get(SIGN_IN_CSRF, "")
        if not expected or not hmac.compare_digest(csrf_token.encode(), expected.encode()):
            await gateway.audit.record(
                staff_id=None,
                action="csrf",
                outcome=AuditOutcome.REFUSED,
                address=address,
                target="/sign-in",
            )
            return form(request, safe_next(next), EXPIRED, 403)
        if await gateway.throttle.blocked(email, address):
            account, _ = await gateway.accounts.by_email(email)
            await gateway.audit.record(
                staff_id=account.staff_id if account else None,
                action="auth.sign_in",
                outcome=AuditOutcome.REFUSED,
                address=address,
                target="throttled",
            )
            return form(request, safe_next(next), THROTTLED, 429)
        account, password_hash = await gateway.accounts.by_email(email)
        # argon2id takes tens of milliseconds of CPU on purpose: off the event loop.
        matches = await asyncio.to_thread(verify_password, password_hash, password)
        if not matches or account is None or account.disabled:
            await gateway.throttle.failed(email, address)
            await gateway.audit.record(
                staff_id=account.staff_id if account else None,
                action="auth.sign_in",
                outcome=AuditOutcome.FAILED,
                address=address,
            )
            return form(request, safe_next(next), WRONG, 401)
        await gateway.throttle.succeeded(email)
        response = await open_session(request, account.staff_id, safe_next(next))
        response.delete_cookie(SIGN_IN_CSRF, path="/sign-in")
        return response

    @pages.post("/sign-out")
    async def sign_out(
        request: Request, csrf_token: Annotated[str, Form(max_length=200)] = ""
    ) -> Response:
        gateway = gateway_of(request)
        staff = await current_staff(request)
        if staff is not None:
            if not hmac.compare_digest(csrf_token.encode(), staff.session.csrf.encode()):
                await gateway.audit.record(
                    staff_id=staff.staff_id,
                    action="csrf",
                    outcome=AuditOutcome.REFUSED,
                    address=client_address(request),
                    target="/sign-out",
                )
                return render(request, "refused.html", 403, reason="csrf")
            await gateway.sessions.end(staff.session.key)
            await gateway.audit.record(
                staff_id=staff.staff_id,
                action="auth.sign_out",
                outcome=AuditOutcome.SUCCEEDED,
                address=client_address(request),
            )
        response = see_other("/sign-in")
        response.delete_cookie(COOKIE, path="/")
        return response

    return pages

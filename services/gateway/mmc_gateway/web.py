"""What every page shares: the gateway's parts, the ONE authorisation dependency, rendering.

Every route declares `staff: Staff = require("<permission>")`. The dependency finds the session,
reads the account (a disabled account's sessions end at once), checks the role against
`roles.ALLOWED` and, on every POST, the session's CSRF token (form field `csrf_token`, or the
`X-CSRF-Token` header HTMX sends through `hx-headers`). Refusals are audited and answered 403.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from mmc_contracts.gateway import AuditOutcome
from mmc_gateway.accounts import Account, Accounts
from mmc_gateway.audit import AuditLog
from mmc_gateway.i18n import LOCALES, NAMES, Language, best_match
from mmc_gateway.labels import labeller
from mmc_gateway.roles import ALLOWED, allowed
from mmc_gateway.services import Services
from mmc_gateway.sessions import COOKIE, Session, Sessions
from mmc_gateway.settings import GatewaySettings
from mmc_gateway.throttle import Throttle

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class Gateway:
    settings: GatewaySettings
    accounts: Accounts
    sessions: Sessions
    throttle: Throttle
    audit: AuditLog
    services: Services
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Staff:
    account: Account
    session: Session

    @property
    def staff_id(self) -> str:
        return self.account.staff_id

    def can(self, permission: str) -> bool:
        return allowed(self.account.roles, permission)


class SignInRequired(Exception):
    """No live session: the page answers with a redirect to the sign-in form."""


class Refused(Exception):
    """Signed in, but not allowed (role or CSRF): 403, already audited."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def gateway_of(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def current_staff(request: Request) -> Staff | None:
    """The signed-in person, or None; a disabled account's sessions are ended here."""
    gateway = gateway_of(request)
    session, expired = await gateway.sessions.check(request.cookies.get(COOKIE))
    if session is None:
        if expired is not None:  # a session ended of a timeout is on record
            await _session_ended(request, expired.staff_id, expired.timeout)
        return None
    account = await gateway.accounts.get(session.staff_id)
    if account is None or account.disabled:
        await gateway.sessions.end_all(session.staff_id)
        await _session_ended(request, session.staff_id, "disabled")
        return None
    return Staff(account, session)


async def _session_ended(request: Request, staff_id: str, why: str) -> None:
    await gateway_of(request).audit.record(
        staff_id=staff_id,
        action="auth.session_ended",
        outcome=AuditOutcome.REFUSED,
        address=client_address(request),
        target=why,
    )


async def _csrf_given(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if "form" in content_type:
        value = (await request.form()).get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


class _Authorize:
    def __init__(self, permission: str) -> None:
        if permission not in ALLOWED:
            raise ValueError(f"unknown permission {permission!r}: add it to roles.ALLOWED")
        self.permission = permission

    async def __call__(self, request: Request) -> Staff:
        staff = await current_staff(request)
        if staff is None:
            raise SignInRequired()
        gateway = gateway_of(request)
        if not staff.can(self.permission):
            await gateway.audit.record(
                staff_id=staff.staff_id,
                action=self.permission,
                outcome=AuditOutcome.REFUSED,
                address=client_address(request),
                target=request.url.path,
            )
            raise Refused("role")
        if request.method not in SAFE_METHODS:
            given = await _csrf_given(request)
            if not hmac.compare_digest(given.encode(), staff.session.csrf.encode()):
                await gateway.audit.record(
                    staff_id=staff.staff_id,
                    action="csrf",
                    outcome=AuditOutcome.REFUSED,
                    address=client_address(request),
                    target=request.url.path,
                )
                raise Refused("csrf")
        request.state.staff = staff
        return staff


def require(permission: str) -> Any:
    """The one dependency of every staff route: signed in, role holds `permission`, CSRF."""
    return Depends(_Authorize(permission))


async def audit_action(
    request: Request,
    staff: Staff,
    action: str,
    target: str | None = None,
    outcome: AuditOutcome = AuditOutcome.SUCCEEDED,
) -> None:
    """A staff action on record: done, or refused by a service (`FAILED`)."""
    await gateway_of(request).audit.record(
        staff_id=staff.staff_id,
        action=action,
        outcome=outcome,
        address=client_address(request),
        target=target,
    )


def language_of(request: Request, staff: Staff | None) -> Language:
    """The signed-in person's chosen language, else the browser's best match."""
    if staff is not None and staff.account.locale in LOCALES:
        return Language(staff.account.locale)
    return Language(best_match(request.headers.get("accept-language")))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    staff: Staff | None = getattr(request.state, "staff", None)
    lang = language_of(request, staff)
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "staff": staff,
            "csrf": staff.session.csrf if staff else "",
            "lang": lang,
            "languages": NAMES,
            "_": lang.gettext,
            "fdate": lang.format_day,
            "fnum": lang.format_number,
            "label": labeller(lang.gettext),
            **context,
        },
        status_code=status_code,
    )


def see_other(url: str) -> Response:
    """After a successful form post: Post/Redirect/Get."""
    return RedirectResponse(url, status_code=303)

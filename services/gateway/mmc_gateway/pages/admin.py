"""Admin pages: accounts (create, roles, approver flag, disable) and the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.accounts import AccountExists
from mmc_gateway.audit import AuditFilter
from mmc_gateway.roles import Role
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require, see_other

EMAIL = r"^[^@\s]{1,64}@[^@\s]{1,255}$"


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/admin/accounts", response_class=HTMLResponse)
    async def accounts(
        request: Request, staff: Annotated[Staff, require("accounts.manage")]
    ) -> Response:
        listed = await gateway_of(request).accounts.all()
        return render(request, "admin/accounts.html", accounts=listed, roles=list(Role))

    @pages.post("/admin/accounts")
    async def create_account(
        request: Request,
        staff: Annotated[Staff, require("accounts.manage")],
        email: Annotated[str, Form(max_length=320, pattern=EMAIL)],
        name: Annotated[str, Form(min_length=1, max_length=200)],
        roles: Annotated[list[Role], Form(max_length=5)],
        approver: Annotated[bool, Form()] = False,
    ) -> Response:
        gateway = gateway_of(request)
        try:
            account, password = await gateway.accounts.create(
                email=email, name=name, roles=set(roles), approver=approver
            )
        except AccountExists:
            listed = await gateway.accounts.all()
            return render(
                request,
                "admin/accounts.html",
                409,
                accounts=listed,
                roles=list(Role),
                message=f"An account with {email} exists already.",
            )
        await audit_action(request, staff, "accounts.create", account.staff_id)
        listed = await gateway.accounts.all()
        # The one-time password is shown once, on this answer only (never stored in clear).
        return render(
            request,
            "admin/accounts.html",
            accounts=listed,
            roles=list(Role),
            created=account,
            password=password,
        )

    @pages.post("/admin/accounts/{staff_id}")
    async def update_account(
        request: Request,
        staff: Annotated[Staff, require("accounts.manage")],
        staff_id: str,
        roles: Annotated[list[Role], Form(max_length=5)],
        approver: Annotated[bool, Form()] = False,
        disabled: Annotated[bool, Form()] = False,
    ) -> Response:
        gateway = gateway_of(request)
        if not await gateway.accounts.update(
            staff_id, roles=set(roles), approver=approver, disabled=disabled
        ):
            return render(request, "not_found.html", 404)
        if disabled:
            await gateway.sessions.end_all(staff_id)
        await audit_action(request, staff, "accounts.update", staff_id)
        return see_other("/admin/accounts")

    @pages.get("/admin/audit", response_class=HTMLResponse)
    async def audit(
        request: Request,
        staff: Annotated[Staff, require("audit.view")],
        staff_id: Annotated[str | None, Query(max_length=40)] = None,
        action: Annotated[str | None, Query(max_length=80)] = None,
        outcome: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        where = AuditFilter(staff_id or None, action or None, outcome or None)
        entries = await gateway_of(request).audit.entries(where)
        return render(request, "admin/audit.html", entries=entries, where=where)

    return pages

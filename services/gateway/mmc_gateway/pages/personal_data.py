"""Admin page: a person's data across the services, exported or erased in one request.

`GET /admin/personal-data` shows the form; `POST` runs the request (export or erase, by e-mail or
person id) in the gateway itself (staff accounts) and in every service the gateway knows, each
through its `/personal-data` routes, and shows each one's answer (or why it gave none). Admins
only (the `accounts.manage` permission), CSRF-checked like every form, and on the audit trail
(`personal_data.export` / `personal_data.erase`; the target names neither the e-mail nor the
person, since audit entries are published).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from mmc_chassis.personal_data import PersonQuery, ask_service
from mmc_contracts import EventContext
from mmc_gateway.personal_data import StaffPersonalData
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require

TEMPLATE = "admin/personal_data.html"


def _holder(request: Request) -> StaffPersonalData:
    gateway = gateway_of(request)
    return StaffPersonalData(gateway.accounts, gateway.sessions, gateway.throttle, gateway.audit)


async def run_request(
    request: Request, staff: Staff, action: Literal["export", "erase"], person: PersonQuery
) -> dict[str, Any]:
    """Every answer by service name: the gateway's own first, then each service's."""
    answers: dict[str, Any] = {}
    holder = _holder(request)
    if action == "export":
        held = await holder.export(person)
        answers["gateway"] = {"held": [h.model_dump() for h in held]}
    else:
        context = EventContext(actor=staff.staff_id)
        answers["gateway"] = (await holder.erase(person, context)).model_dump()
    for name, client in gateway_of(request).services.clients.items():
        answers[name] = await ask_service(client.http, "", action, person, staff.staff_id)
    return answers


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/admin/personal-data", response_class=HTMLResponse)
    async def form(
        request: Request, staff: Annotated[Staff, require("accounts.manage")]
    ) -> Response:
        return render(request, TEMPLATE, answers=None, email="", person_id="")

    @pages.post("/admin/personal-data", response_class=HTMLResponse)
    async def run(
        request: Request,
        staff: Annotated[Staff, require("accounts.manage")],
        action: Annotated[Literal["export", "erase"], Form()],
        email: Annotated[str, Form(max_length=254)] = "",
        person_id: Annotated[str, Form(max_length=64)] = "",
    ) -> Response:
        try:
            person = PersonQuery(email=email.strip() or None, person_id=person_id.strip() or None)
        except ValidationError as error:
            messages = [str(item["msg"]) for item in error.errors()]
            return render(
                request,
                TEMPLATE,
                422,
                answers=None,
                email=email,
                person_id=person_id,
                message="; ".join(messages),
            )
        answers = await run_request(request, staff, action, person)
        await audit_action(request, staff, f"personal_data.{action}", "person")
        shown = {
            name: json.dumps(answer, indent=2, sort_keys=True) for name, answer in answers.items()
        }
        return render(
            request, TEMPLATE, answers=shown, action=action, email=email, person_id=person_id
        )

    return pages

"""A person's preferences, remembered on their account: for now, their language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from mmc_gateway.i18n import LOCALES
from mmc_gateway.pages.auth import safe_next
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require, see_other


def router() -> APIRouter:
    pages = APIRouter()

    @pages.post("/preferences/language")
    async def choose_language(
        request: Request,
        staff: Annotated[Staff, require("preferences.edit")],
        locale: Annotated[str, Form(max_length=5)],
    ) -> Response:
        if locale not in LOCALES:
            return render(request, "not_found.html", 404)
        await gateway_of(request).accounts.set_locale(staff.staff_id, locale)
        await audit_action(request, staff, "preferences.language", locale)
        back = request.headers.get("referer", "/")
        path = "/" + back.split("://", 1)[-1].split("/", 1)[-1] if "://" in back else back
        return see_other(safe_next(path))

    return pages

"""Importing the shared mailbox into outreach: an mbox file (or .eml messages) sent on to the
outreach service as it came; its report shown at once: how many messages, imported, already
there, and each malformed message with its place in its file and why it was rejected."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.gateway import AuditOutcome
from mmc_gateway.i18n import N_
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require

MAX_BYTES = 50 * 1024 * 1024
"""The outreach service's own limit (`MMC_IMPORT_MAX_BYTES` default)."""
MAX_FILES = 20
NO_FILE = N_("Choose an mbox file or .eml messages to import.")
TOO_LARGE = N_("The files are too large to import at once (50 MB at most).")


async def _send(request: Request, staff: Staff, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """The files to outreach's import as multipart `files`, as the signed-in person."""
    client = gateway_of(request).services.outreach
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    try:
        response = await client.http.post(
            "/inquiries/import", files=parts, headers={"X-MMC-Actor": staff.staff_id}
        )
    except httpx.HTTPError as error:
        raise ServiceError(503, [f"the outreach service is unreachable ({error})"]) from error
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail = response.text[:300]
        if isinstance(detail, list):
            detail = "; ".join(str(d.get("msg", d)) for d in detail if isinstance(d, dict))
        raise ServiceError(response.status_code, [str(detail)])
    report: dict[str, Any] = response.json()
    return report


def router() -> APIRouter:
    pages = APIRouter()

    def form(request: Request, message: str = "", status: int = 200, **extra: Any) -> Response:
        return render(request, "outreach_actions/mailbox.html", status, message=message, **extra)

    @pages.get("/outreach/mailbox", response_class=HTMLResponse)
    async def mailbox_form(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        return form(request)

    @pages.post("/outreach/mailbox", response_class=HTMLResponse)
    async def mailbox_import(
        request: Request,
        staff: Annotated[Staff, require("outreach.edit")],
        files: Annotated[list[UploadFile] | None, File()] = None,
    ) -> Response:
        chosen = [f for f in files or [] if f.filename][:MAX_FILES]
        read: list[tuple[str, bytes]] = []
        size = 0
        for upload in chosen:
            data = await upload.read(MAX_BYTES + 1 - size)
            size += len(data)
            if size > MAX_BYTES:
                return form(request, TOO_LARGE, 413)
            if data.strip():
                read.append((upload.filename[:200] if upload.filename else "upload.mbox", data))
        if not read:
            return form(request, NO_FILE, 422)
        try:
            report = await _send(request, staff, read)
        except ServiceError as error:
            if error.status not in (400, 413, 415, 422):
                raise
            names = ", ".join(name for name, _ in read)[:200]
            await audit_action(
                request, staff, "outreach.mailbox_import", names, AuditOutcome.FAILED
            )
            return form(request, status=error.status, errors=error.messages)
        await audit_action(
            request,
            staff,
            "outreach.mailbox_import",
            f"{report['imported']} of {report['messages']} messages",
        )
        return form(request, report=report, files=[name for name, _ in read])

    return pages

"""A knowledge resource's file: uploaded from the resource's page (a plain multipart form) and
stored by the advocacy service (`PUT /resources/{id}/file`), downloaded through the gateway.
Downloading is for everyone signed in; uploading is the advocacy role's, and audited."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from mmc_contracts.gateway import AuditOutcome
from mmc_gateway.i18n import N_
from mmc_gateway.pages.service_commands import REFUSALS
from mmc_gateway.services import ServiceError, _messages
from mmc_gateway.web import (
    Staff,
    audit_action,
    gateway_of,
    language_of,
    render,
    require,
    see_other,
)

MAX_BYTES = 25_000_000
"""The advocacy service's limit (it answers 413 above it); the gateway says so first."""
NO_FILE = N_("Choose a file to upload.")
TOO_LARGE = N_("The file is larger than 25 MB.")


def router() -> APIRouter:
    pages = APIRouter()

    @pages.post("/advocacy/knowledge/{resource_id}/file")
    async def upload(
        request: Request, resource_id: str, staff: Annotated[Staff, require("advocacy.edit")]
    ) -> Response:
        gettext = language_of(request, staff).gettext
        given = (await request.form()).get("file")
        if not isinstance(given, UploadFile) or not given.filename:
            return await _resource(request, resource_id, 422, [gettext(NO_FILE)])
        data = await given.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return await _resource(request, resource_id, 422, [gettext(TOO_LARGE)])
        if not data:
            return await _resource(request, resource_id, 422, [gettext(NO_FILE)])
        api = gateway_of(request).services.advocacy
        name = given.filename.replace("\\", "/").rsplit("/", 1)[-1]
        try:
            response = await api.http.put(
                f"/resources/{resource_id}/file",
                params={"file_name": name},
                content=data,
                headers={
                    "X-MMC-Actor": staff.staff_id,
                    "Content-Type": given.content_type or "application/octet-stream",
                },
            )
        except httpx.HTTPError as error:  # unreachable: the gateway's error page (503)
            raise ServiceError(503, [f"the advocacy service is unreachable ({error})"]) from error
        if response.status_code >= 400:
            failed = ServiceError(response.status_code, _messages(response))
            if failed.status not in (*REFUSALS, 413):
                raise failed
            await audit_action(
                request, staff, "advocacy.resource_file", resource_id, AuditOutcome.FAILED
            )
            return await _resource(request, resource_id, 422, failed.messages)
        await audit_action(request, staff, "advocacy.resource_file", resource_id)
        return see_other(f"/advocacy/knowledge/{resource_id}")

    @pages.get("/advocacy/knowledge/{resource_id}/file")
    async def download(
        request: Request, resource_id: str, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        api = gateway_of(request).services.advocacy
        found = await api.get(f"/resources/{resource_id}")
        data, content_type = await api.download(f"/resources/{resource_id}/file")
        name = (found.get("file") or {}).get("file_name") or "file"
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=content_type, headers={"Content-Disposition": disposition})

    return pages


async def _resource(request: Request, resource_id: str, code: int, errors: list[str]) -> Response:
    found = await gateway_of(request).services.advocacy.get(f"/resources/{resource_id}")
    return render(request, "advocacy_actions/resource.html", code, resource=found, errors=errors)

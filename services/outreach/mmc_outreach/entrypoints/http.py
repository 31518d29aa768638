"""The outreach service's HTTP API: inquiries (web-form intake and mailbox import), the outreach
pipeline with its priorities, nomination calls, funding. Errors are mapped by the chassis:
`InvalidValue` 422 at the field, `InvalidTransition`/`RuleViolation`/stale versions 409,
unknown ids 404."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from mmc_chassis.http import Actor
from mmc_chassis.http_models import ErrorOut
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import (
    IdFilter,
    Responses,
    conflict,
    id_path,
    invalid,
    not_found,
)
from mmc_contracts.outreach import InquiryKind, InquiryStatus
from mmc_contracts.rules import InvalidValue
from mmc_outreach import handlers, mailbox_import
from mmc_outreach.adapters.cities_view import KnownCities
from mmc_outreach.adapters.relay_pace import Relay
from mmc_outreach.adapters.repository import InquiryFilter
from mmc_outreach.domain.inquiry import Inquiry, Sender
from mmc_outreach.entrypoints import models as m
from mmc_outreach.entrypoints.http_funding import build_funding_router
from mmc_outreach.entrypoints.http_pipeline import build_pipeline_router
from mmc_outreach.settings import OutreachSettings

InquiryId = Annotated[str, id_path("inquiry")]
TargetId = Annotated[str, id_path("outreach target")]
CallId = Annotated[str, id_path("nomination call")]
CityId = Annotated[str, id_path("city")]

CHANGE: Responses = {
    **not_found(),
    **conflict("The life cycle does not allow it, or `expected_version` is stale."),
    **invalid("A value is not allowed."),
}
BAD_BODY: Responses = {400: {"model": ErrorOut, "description": "The body is not valid JSON."}}
CREATE: Responses = {**conflict("It exists already."), **invalid("A value is not allowed.")}
MBOX_TYPES = ("application/mbox", "application/octet-stream", "text/plain", "message/rfc822")


@dataclass(frozen=True)
class Deps:
    settings: OutreachSettings
    cities: KnownCities
    inquiries: handlers.Inquiries
    targets: handlers.Targets
    calls: handlers.Calls
    opportunities: handlers.Opportunities
    connections: handlers.Connections
    partners: handlers.Partners
    coalitions: handlers.Coalitions
    relay: Relay
    """Paces the mailbox import's batches."""


async def _read_upload(request: Request, limit: int) -> list[tuple[str, bytes]]:
    """The files of a multipart upload (field `files`), or the body itself as one mbox."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise HTTPException(413, f"the upload is larger than {limit} bytes")
    if content_type == "multipart/form-data":
        try:
            parser = MultiPartParser(
                request.headers, request.stream(), max_files=1000, max_part_size=limit
            )
            form = await parser.parse()
        except MultiPartException as error:
            raise HTTPException(400, f"malformed multipart body: {error.message}") from None
        files: list[tuple[str, bytes]] = []
        for _, value in form.multi_items():
            if isinstance(value, UploadFile):
                files.append((value.filename or "upload.mbox", await value.read()))
                await value.close()
        if not files:
            raise InvalidValue("files", "no file in the upload")
        return files
    if content_type in MBOX_TYPES:
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > limit:
                raise HTTPException(413, f"the upload is larger than {limit} bytes")
        name = "message.eml" if content_type == "message/rfc822" else "upload.mbox"
        return [(name, bytes(body))]
    raise HTTPException(415, "send an mbox (application/mbox), one message, or multipart files")


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(responses=BAD_BODY)
    d = deps

    # --- inquiries ----------------------------------------------------------------------------

    @router.post(
        "/inquiries",
        tags=["inquiries"],
        status_code=201,
        summary="Receive an inquiry from the web form",
        description="A city's idea or question. The city is matched with the registry by id, "
        "or by name and country; an unknown city becomes a prospect in the registry.",
        response_model=Inquiry,
        responses=invalid("A value is not allowed."),
    )
    async def intake(body: m.IntakeIn, context: Actor) -> Inquiry:
        return await handlers.receive_inquiry(
            handlers.Intake(
                sender=Sender(
                    name=body.sender_name,
                    email=body.sender_email,
                    phone=body.sender_phone,
                    role=body.sender_role,
                ),
                subject=body.subject,
                body=body.message,
                context=context,
                city_id=body.city_id,
                city_name=body.city_name,
                country_code=body.country_code,
                size_class=body.size_class,
                kind=body.kind,
            ),
            inquiries=d.inquiries,
            cities=d.cities,
        )

    @router.post(
        "/inquiries/import",
        tags=["inquiries"],
        summary="Import the shared mailbox (mbox, or .eml files)",
        description="An mbox file as the body (`application/mbox`), one message "
        "(`message/rfc822`), or several files (`.mbox`, `.eml`) as multipart field `files`. "
        "A message imported before (same Message-ID, else same sender, date and subject) is "
        "skipped; a malformed one is reported, and the rest imported.",
        response_model=m.ImportReportOut,
        responses={
            400: {"model": ErrorOut, "description": "A malformed multipart body."},
            413: {"model": ErrorOut, "description": "The upload is too large."},
            415: {"model": ErrorOut, "description": "Neither an mbox nor multipart files."},
            **invalid("No file in the upload."),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/mbox": {"schema": {"type": "string", "format": "binary"}},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["files"],
                            "properties": {
                                "files": {
                                    "type": "array",
                                    "items": {"type": "string", "format": "binary"},
                                }
                            },
                        }
                    },
                },
            }
        },
    )
    async def import_mailbox(request: Request, context: Actor) -> m.ImportReportOut:
        files = await _read_upload(request, d.settings.import_max_bytes)
        report = await mailbox_import.import_messages(
            files, context, inquiries=d.inquiries, relay=d.relay, cities=d.cities
        )
        return m.ImportReportOut.model_validate(asdict(report))

    @router.get(
        "/inquiries",
        tags=["inquiries"],
        summary="List inquiries, newest first",
        response_model=m.InquiryPage,
    )
    async def list_inquiries(
        paging: Paging,
        status: InquiryStatus | None = None,
        kind: InquiryKind | None = None,
        city_id: IdFilter = None,
    ) -> m.InquiryPage:
        where = InquiryFilter(status=status, kind=kind, city_id=city_id)
        return await paged(m.InquiryPage, d.inquiries, where, paging, m.as_is)

    @router.get(
        "/inquiries/{inquiry_id}",
        tags=["inquiries"],
        summary="An inquiry",
        response_model=Inquiry,
        responses=not_found(),
    )
    async def get_inquiry(inquiry_id: InquiryId) -> Inquiry:
        return await d.inquiries.get(inquiry_id)

    @router.post(
        "/inquiries/{inquiry_id}/triage",
        tags=["inquiries"],
        summary="Triage: decide the kind (the rules suggest one)",
        description="An assistance request makes the registry open a technical assistance "
        "request for the city.",
        response_model=Inquiry,
        responses=CHANGE,
    )
    async def triage(inquiry_id: InquiryId, body: m.TriageIn, context: Actor) -> Inquiry:
        return await handlers.triage_inquiry(
            inquiry_id,
            context,
            inquiries=d.inquiries,
            kind=body.kind,
            assistance_kind=body.assistance_kind,
            expected_version=body.expected_version,
        )

    @router.post(
        "/inquiries/{inquiry_id}/assign",
        tags=["inquiries"],
        summary="Assign to a staff member",
        response_model=Inquiry,
        responses=CHANGE,
    )
    async def assign(inquiry_id: InquiryId, body: m.AssignIn, context: Actor) -> Inquiry:
        return await handlers.assign_inquiry(
            inquiry_id,
            body.assignee,
            context,
            inquiries=d.inquiries,
            expected_version=body.expected_version,
        )

    @router.post(
        "/inquiries/{inquiry_id}/answer",
        tags=["inquiries"],
        summary="Record the answer (the first sets the response time)",
        response_model=Inquiry,
        responses=CHANGE,
    )
    async def answer(inquiry_id: InquiryId, body: m.AnswerIn, context: Actor) -> Inquiry:
        return await handlers.answer_inquiry(
            inquiry_id,
            body.text,
            context,
            inquiries=d.inquiries,
            target_hours=d.settings.response_target_hours,
            expected_version=body.expected_version,
        )

    @router.post(
        "/inquiries/{inquiry_id}/close",
        tags=["inquiries"],
        summary="Close",
        response_model=Inquiry,
        responses=CHANGE,
    )
    async def close(inquiry_id: InquiryId, body: m.CloseIn, context: Actor) -> Inquiry:
        return await handlers.close_inquiry(
            inquiry_id, context, inquiries=d.inquiries, expected_version=body.expected_version
        )

    @router.post(
        "/inquiries/{inquiry_id}/city",
        tags=["inquiries"],
        summary="Link to a city of the registry",
        response_model=Inquiry,
        responses=CHANGE,
    )
    async def link(inquiry_id: InquiryId, body: m.LinkIn, context: Actor) -> Inquiry:
        return await handlers.link_inquiry(
            inquiry_id, body.city_id, context, inquiries=d.inquiries, cities=d.cities
        )

    router.include_router(build_pipeline_router(deps))
    router.include_router(build_funding_router(deps))
    return router

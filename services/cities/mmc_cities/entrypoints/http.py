"""The cities service's HTTP API: translates requests into handler calls and results into JSON.

Errors are not handled here: the domain's `InvalidValue` becomes 422 (pointing at the field),
`InvalidTransition` and `RuleViolation` 409, the chassis' `NotFound` 404 and `Conflict`
(`StaleVersion`, `AlreadyExists`, `DuplicateCity`) 409, as `app.py` maps them. Request bodies
are flat (`{"name": ..., "country_code": ...}`), so a domain error about `profile.name` is
reported at `name`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from mmc_chassis.errors import NotFound
from mmc_chassis.http import Actor
from mmc_cities import csv_io, handlers
from mmc_cities.adapters.read_models import (
    AssistanceFilter,
    AssistanceRequestReadModel,
    CityFilter,
    CityReadModel,
)
from mmc_cities.adapters.repository import AssistanceRequestRepository, CityRepository
from mmc_cities.adapters.timeline import Timeline
from mmc_cities.domain.errors import InvalidValue
from mmc_cities.entrypoints.models import (
    ID_PATTERN,
    AssignIn,
    AssistancePage,
    AssistanceRequestOut,
    ChangeAssistanceStatusIn,
    ChangeMayorIn,
    ChangePartnershipIn,
    CityOut,
    CityPage,
    DeliverableIn,
    ErrorOut,
    ImportReportOut,
    OpenAssistanceIn,
    PartnershipHistoryOut,
    RegisterCityIn,
    TimelineEntryOut,
    TimelinePage,
    UpdateCityIn,
)
from mmc_cities.settings import CitiesSettings
from mmc_contracts.cities import (
    AssistanceKind,
    AssistanceStatus,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)

log = logging.getLogger("mmc.cities.http")

T = TypeVar("T")

NDJSON = "application/x-ndjson"
MAX_OFFSET = 1_000_000
MULTIPART_OVERHEAD = 64 * 1024

CityId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=ID_PATTERN,
        description="The city's id.",
        examples=["3f1c9a0d2b4e4f6a8c1d2e3f4a5b6c7d"],
    ),
]
RequestId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=ID_PATTERN,
        description="The assistance request's id.",
        examples=["9b8c7d6e5f4a4b3c2d1e0f9a8b7c6d5e"],
    ),
]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
FilterText = Annotated[str | None, Query(max_length=120, pattern=r"^[^\x00-\x1f\x7f]*$")]

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such city or assistance request."}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorOut,
        "description": "The change contradicts the current state: a stale `expected_version`, "
        "a status change the life cycle does not allow, or a duplicate city.",
    }
}


def city_filter(
    region: Annotated[FilterText, Query(description="UN M49 region, e.g. `Africa`.")] = None,
    sub_region: Annotated[
        FilterText, Query(description="UN M49 sub-region, e.g. `Western Africa`.")
    ] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.", examples=["SL"]),
    ] = None,
    migration_context: MigrationContext | None = None,
    size_class: SizeClass | None = None,
    partnership_status: PartnershipStatus | None = None,
    network: Annotated[FilterText, Query(description="A city network, e.g. `C40 Cities`.")] = None,
    q: Annotated[
        FilterText,
        Query(description="Part of the name; case, accents and punctuation do not matter."),
    ] = None,
) -> CityFilter:
    return CityFilter(
        region=region,
        sub_region=sub_region,
        country=country,
        migration_context=migration_context,
        size_class=size_class,
        partnership_status=partnership_status,
        network=network,
        q=q,
    )


Filters = Annotated[CityFilter, Depends(city_filter)]


@contextmanager
def reported_at(*renames: tuple[str, str]) -> Iterator[None]:
    """Re-point the domain's field paths at the request body's (`profile.name` -> `name`)."""
    try:
        yield
    except InvalidValue as error:
        for prefix, replacement in renames:
            if error.field == prefix.rstrip(".") or error.field.startswith(prefix):
                field = replacement + error.field[len(prefix) :]
                raise InvalidValue(field.strip(".") or "body", error.message) from error
        raise


def build_value(build: Callable[[], T], field_prefix: str = "") -> T:
    """A contract value built from request data; its validation errors become `InvalidValue`."""
    try:
        return build()
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        path = ".".join(str(part) for part in (field_prefix, *first["loc"]) if part != "")
        raise InvalidValue(path or "body", first["msg"]) from None


PROFILE = ("profile.", "")


def build_router(
    *,
    settings: CitiesSettings,
    cities: CityRepository,
    requests: AssistanceRequestRepository,
    city_reads: CityReadModel,
    request_reads: AssistanceRequestReadModel,
    timeline: Timeline,
) -> APIRouter:
    router = APIRouter()

    # ----------------------------------------------------------------------------------------
    # Import and export (declared before /cities/{city_id} so their paths win)
    # ----------------------------------------------------------------------------------------

    @router.post(
        "/cities/import",
        tags=["cities: import and export"],
        summary="Import cities from a CSV file",
        description=(
            "Registers every valid row of a CSV file (multipart upload in the field `file`, or "
            "the CSV itself as a `text/csv` body). Columns: "
            f"`{','.join(csv_io.COLUMNS)}`; lists separated by `;`; `country_code` may be a "
            "code or an English country name. Rows repeating a registered city, or an earlier "
            "row, are counted as duplicates; invalid rows are rejected with the reason.\n\n"
            "With `Accept: application/x-ndjson` the answer is streamed: a line "
            '`{"processed": n, "total": N}` every 100 rows, then the report. Files over '
            f"{settings.import_max_bytes} bytes get 413."
        ),
        response_model=ImportReportOut,
        responses={
            200: {
                "description": "The import report (or NDJSON progress lines, then the report).",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            },
            400: {"model": ErrorOut, "description": "A malformed multipart body."},
            413: {"model": ErrorOut, "description": "The file is too large."},
            415: {"model": ErrorOut, "description": "Neither multipart nor CSV."},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {"file": {"type": "string", "format": "binary"}},
                        }
                    },
                    "text/csv": {
                        "schema": {"type": "string"},
                        "example": "name,country_code,size_class\nFreetown,SL,primary\n",
                    },
                },
            }
        },
    )
    async def import_cities(
        request: Request,
        context: Actor,
        accept: Annotated[str | None, Header(max_length=500)] = None,
    ) -> ImportReportOut | Response:
        data = await _read_csv_upload(request, settings.import_max_bytes)
        try:
            rows = csv_io.read_rows(csv_io.decode(data))
        except csv_io.CsvFileError as error:
            raise InvalidValue("file", str(error)) from None
        steps = handlers.import_cities(
            handlers.ImportCities(rows, context, settings.import_progress_every), cities=cities
        )
        if accept and NDJSON in accept.lower():
            return StreamingResponse(_ndjson(steps), media_type=NDJSON)
        async for step in steps:
            if isinstance(step, handlers.ImportReport):
                return ImportReportOut.model_validate(asdict(step))
        raise AssertionError("the import ended without a report")  # pragma: no cover

    @router.get(
        "/cities/export.csv",
        tags=["cities: import and export"],
        summary="Export the cities as CSV",
        description=(
            "The matching cities (same filters as `GET /cities`), in the import's columns: "
            "importing an export finds every city already registered."
        ),
        response_class=StreamingResponse,
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    )
    async def export_cities(where: Filters) -> StreamingResponse:
        async def lines() -> AsyncIterator[str]:
            yield csv_io.export_header()
            async for city in city_reads.all(where):
                yield csv_io.export_row(city)

        return StreamingResponse(
            lines(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="cities.csv"'},
        )

    # ----------------------------------------------------------------------------------------
    # Cities
    # ----------------------------------------------------------------------------------------

    @router.post(
        "/cities",
        tags=["cities"],
        status_code=201,
        summary="Register a city",
        description=(
            "Region and sub-region follow from the country. 409 if a city with the same name "
            "(ignoring case, accents and punctuation) is registered in the country."
        ),
        response_model=CityOut,
        responses=CONFLICT,
    )
    async def register_city(
        body: Annotated[
            RegisterCityIn,
            Body(
                openapi_examples={
                    "freetown": {
                        "summary": "A partner city with its mayor",
                        "value": {
                            "name": "Freetown",
                            "country_code": "SL",
                            "population": 1_050_000,
                            "migration_contexts": ["destination", "climate_mobility"],
                            "size_class": "primary",
                            "networks": ["Mayors Migration Council", "C40 Cities"],
                            "languages": ["en"],
                            "mayor": {"name": "Yvonne Aki-Sawyerr", "title": "Mayor"},
                            "partnership_status": "partner",
                            "website": "https://fcc.gov.sl",
                        },
                    }
                }
            ),
        ],
        context: Actor,
    ) -> CityOut:
        with reported_at(PROFILE):
            city = await handlers.register_city(
                handlers.RegisterCity(
                    profile=body.profile(),
                    context=context,
                    partnership_status=body.partnership_status,
                ),
                cities=cities,
            )
        return CityOut.of(city)

    @router.get(
        "/cities",
        tags=["cities"],
        summary="List and search cities",
        description="Filters combine with AND; cities come by name.",
        response_model=CityPage,
    )
    async def list_cities(where: Filters, limit: Limit = 50, offset: Offset = 0) -> CityPage:
        page = await city_reads.page(where, limit=limit, offset=offset)
        return CityPage(
            items=[CityOut.of(city) for city in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/cities/{city_id}",
        tags=["cities"],
        summary="A city",
        response_model=CityOut,
        responses=NOT_FOUND,
    )
    async def get_city(city_id: CityId) -> CityOut:
        return CityOut.of(await city_reads.get(city_id))

    @router.patch(
        "/cities/{city_id}",
        tags=["cities"],
        summary="Change a city's profile",
        description=(
            "Send the fields to change and the `version` you saw as `expected_version`: if the "
            "city changed since, nothing is changed and the answer is 409."
        ),
        response_model=CityOut,
        responses={**NOT_FOUND, **CONFLICT},
    )
    async def update_city(
        city_id: CityId,
        body: Annotated[
            UpdateCityIn,
            Body(
                openapi_examples={
                    "population": {
                        "summary": "New census figures",
                        "value": {
                            "expected_version": 1,
                            "population": 1_200_000,
                            "migrant_population": 160_000,
                        },
                    }
                }
            ),
        ],
        context: Actor,
    ) -> CityOut:
        with reported_at(PROFILE):
            city = await handlers.update_profile(
                handlers.UpdateProfile(
                    city_id=city_id,
                    expected_version=body.expected_version,
                    changes=body.changes(),
                    context=context,
                ),
                cities=cities,
            )
        return CityOut.of(city)

    @router.post(
        "/cities/{city_id}/partnership",
        tags=["cities"],
        summary="Change the partnership status",
        description=(
            "prospect → engaged | inactive; engaged → partner | prospect | inactive; "
            "partner → inactive; inactive → engaged. Other moves get 409."
        ),
        response_model=CityOut,
        responses={**NOT_FOUND, **CONFLICT},
    )
    async def change_partnership(
        city_id: CityId, body: ChangePartnershipIn, context: Actor
    ) -> CityOut:
        city = await handlers.change_partnership_status(
            handlers.ChangePartnershipStatus(
                city_id=city_id,
                to_status=body.to_status,
                reason=body.reason,
                context=context,
                expected_version=body.expected_version,
            ),
            cities=cities,
        )
        return CityOut.of(city)

    @router.get(
        "/cities/{city_id}/partnership/history",
        tags=["cities"],
        summary="The partnership's history",
        response_model=PartnershipHistoryOut,
        responses=NOT_FOUND,
    )
    async def partnership_history(city_id: CityId) -> PartnershipHistoryOut:
        city = await city_reads.get(city_id)
        return PartnershipHistoryOut(
            city_id=city.id,
            partnership_status=city.partnership_status,
            history=list(city.partnership_history),
        )

    @router.post(
        "/cities/{city_id}/mayor",
        tags=["cities"],
        summary="Record a new mayor",
        description=(
            "Records `CityMayorChanged`; sending the current mayor with new details (title, "
            "e-mail) updates the profile instead."
        ),
        response_model=CityOut,
        responses={**NOT_FOUND, **CONFLICT},
    )
    async def change_mayor(city_id: CityId, body: ChangeMayorIn, context: Actor) -> CityOut:
        mayor = build_value(body.contact)
        with reported_at(("profile.mayor.", ""), ("new_mayor.", "")):
            city = await handlers.change_mayor(
                handlers.ChangeMayor(
                    city_id=city_id,
                    mayor=mayor,
                    took_office_on=body.took_office_on,
                    context=context,
                    expected_version=body.expected_version,
                ),
                cities=cities,
            )
        return CityOut.of(city)

    @router.get(
        "/cities/{city_id}/timeline",
        tags=["cities"],
        summary="The city's engagement timeline",
        description=(
            "Everything that happened with the city, in every service, newest first. Built "
            "from the events, so a change shows here a moment after it is made."
        ),
        response_model=TimelinePage,
        responses=NOT_FOUND,
    )
    async def city_timeline(city_id: CityId, limit: Limit = 50, offset: Offset = 0) -> TimelinePage:
        if not await city_reads.exists(city_id):
            raise NotFound("city", city_id)
        page = await timeline.page(city_id, limit=limit, offset=offset)
        return TimelinePage(
            items=[TimelineEntryOut.of(entry) for entry in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    # ----------------------------------------------------------------------------------------
    # Technical assistance
    # ----------------------------------------------------------------------------------------

    @router.post(
        "/cities/{city_id}/assistance-requests",
        tags=["technical assistance"],
        status_code=201,
        summary="Open a technical assistance request for a city",
        response_model=AssistanceRequestOut,
        responses=NOT_FOUND,
    )
    async def open_request(
        city_id: CityId, body: OpenAssistanceIn, context: Actor
    ) -> AssistanceRequestOut:
        request = await handlers.open_assistance_request(
            handlers.OpenAssistanceRequest(
                city_id=city_id,
                kind=body.kind,
                title=body.title,
                description=body.description,
                requested_by=body.requested_by,
                due_on=body.due_on,
                context=context,
            ),
            cities=cities,
            requests=requests,
        )
        return AssistanceRequestOut.of(request)

    @router.get(
        "/assistance-requests",
        tags=["technical assistance"],
        summary="List assistance requests",
        description="Newest first; filters combine with AND.",
        response_model=AssistancePage,
    )
    async def list_requests(
        city_id: Annotated[str | None, Query(max_length=64, pattern=ID_PATTERN)] = None,
        status: AssistanceStatus | None = None,
        kind: AssistanceKind | None = None,
        assignee: Annotated[FilterText, Query(max_length=200)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AssistancePage:
        where = AssistanceFilter(city_id=city_id, status=status, kind=kind, assignee=assignee)
        page = await request_reads.page(where, limit=limit, offset=offset)
        return AssistancePage(
            items=[AssistanceRequestOut.of(request) for request in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/assistance-requests/{request_id}",
        tags=["technical assistance"],
        summary="An assistance request",
        response_model=AssistanceRequestOut,
        responses=NOT_FOUND,
    )
    async def get_request(request_id: RequestId) -> AssistanceRequestOut:
        return AssistanceRequestOut.of(await request_reads.get(request_id))

    @router.post(
        "/assistance-requests/{request_id}/status",
        tags=["technical assistance"],
        summary="Move a request through its life cycle",
        description=(
            "received → triaged | declined; triaged → accepted | declined; accepted → "
            "in_progress; in_progress → delivered (needs a deliverable); delivered → closed | "
            "in_progress; declined → closed | triaged. Declining and reopening need a reason."
        ),
        response_model=AssistanceRequestOut,
        responses={**NOT_FOUND, **CONFLICT},
    )
    async def change_request_status(
        request_id: RequestId, body: ChangeAssistanceStatusIn, context: Actor
    ) -> AssistanceRequestOut:
        request = await handlers.change_assistance_status(
            handlers.ChangeAssistanceStatus(
                request_id=request_id,
                to_status=body.to_status,
                reason=body.reason,
                context=context,
                expected_version=body.expected_version,
            ),
            requests=requests,
        )
        return AssistanceRequestOut.of(request)

    @router.post(
        "/assistance-requests/{request_id}/assignee",
        tags=["technical assistance"],
        summary="Assign a request to a staff member",
        response_model=AssistanceRequestOut,
        responses={**NOT_FOUND, **CONFLICT},
    )
    async def assign_request(
        request_id: RequestId, body: AssignIn, context: Actor
    ) -> AssistanceRequestOut:
        request = await handlers.assign_assistance(
            handlers.AssignAssistance(
                request_id=request_id,
                assignee=body.assignee,
                context=context,
                expected_version=body.expected_version,
            ),
            requests=requests,
        )
        return AssistanceRequestOut.of(request)

    @router.post(
        "/assistance-requests/{request_id}/deliverables",
        tags=["technical assistance"],
        summary="Record a deliverable",
        response_model=AssistanceRequestOut,
        responses={**NOT_FOUND, **CONFLICT},
    )
    async def record_deliverable(
        request_id: RequestId, body: DeliverableIn, context: Actor
    ) -> AssistanceRequestOut:
        deliverable = build_value(body.deliverable)
        request = await handlers.record_deliverable(
            handlers.RecordDeliverable(
                request_id=request_id,
                deliverable=deliverable,
                context=context,
                expected_version=body.expected_version,
            ),
            requests=requests,
        )
        return AssistanceRequestOut.of(request)

    return router


# --------------------------------------------------------------------------------------------
# Upload and streaming helpers
# --------------------------------------------------------------------------------------------


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the file is larger than {limit} bytes; split it")


async def _read_csv_upload(request: Request, limit: int) -> bytes:
    """The CSV bytes of a multipart upload (field `file`) or of a `text/csv` body."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type == "multipart/form-data":
        body = await _read_body(request, limit + MULTIPART_OVERHEAD)

        async def replay() -> AsyncGenerator[bytes, None]:
            yield body

        parser = MultiPartParser(
            request.headers, replay(), max_files=1, max_fields=10, max_part_size=limit
        )
        try:
            form = await parser.parse()
        except MultiPartException as error:
            raise HTTPException(400, f"malformed multipart body: {error.message}") from None
        try:
            upload = form.get("file")
            if isinstance(upload, UploadFile):
                data = await upload.read()
            elif isinstance(upload, str):
                data = upload.encode()
            else:
                raise InvalidValue("file", "upload the CSV file in the form field 'file'")
        finally:
            await form.close()
        if len(data) > limit:
            raise _too_large(limit)
        return data
    if media_type in ("text/csv", "text/plain", "application/csv"):
        return await _read_body(request, limit)
    raise HTTPException(
        415, "send the CSV as multipart/form-data (field 'file') or as a text/csv body"
    )


async def _ndjson(
    steps: AsyncIterator[handlers.ImportProgress | handlers.ImportReport],
) -> AsyncIterator[bytes]:
    try:
        async for step in steps:
            if isinstance(step, handlers.ImportProgress):
                line: dict[str, Any] = {"processed": step.processed, "total": step.total}
            else:
                line = ImportReportOut.model_validate(asdict(step)).model_dump(mode="json")
            yield json.dumps(line, ensure_ascii=False).encode() + b"\n"
    except Exception as error:
        # The status line is sent already: say what went wrong in the stream itself.
        log.exception("the import failed")
        yield json.dumps({"error": f"the import stopped: {error}"}).encode() + b"\n"

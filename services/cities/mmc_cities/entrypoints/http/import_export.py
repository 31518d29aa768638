"""Cities in bulk: import from a CSV file (with streamed progress), export as CSV.

Declared before `/cities/{city_id}` (see `routers()`), so that its paths win.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from mmc_chassis.http import Actor
from mmc_chassis.http_models import ErrorOut
from mmc_chassis.http_params import invalid
from mmc_cities import csv_io
from mmc_cities.domain.errors import InvalidValue
from mmc_cities.entrypoints.http.deps import INVALID_PARAMS, Cities, Filters
from mmc_cities.entrypoints.models import ImportReportOut
from mmc_cities.imports import ImportCities, ImportProgress, ImportReport, import_cities

log = logging.getLogger("mmc.cities.http")

router = APIRouter(tags=["cities: import and export"])

NDJSON = "application/x-ndjson"
MULTIPART_OVERHEAD = 64 * 1024
CSV_BODY = {
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


@router.post(
    "/cities/import",
    summary="Import cities from a CSV file",
    description=(
        "Registers every valid row of a CSV file (multipart upload in the field `file`, or "
        "the CSV itself as a `text/csv` body). Columns: "
        f"`{','.join(csv_io.COLUMNS)}`; lists separated by `;`; `country_code` may be a "
        "code or an English country name. Rows repeating a registered city, or an earlier "
        "row, are counted as duplicates; invalid rows are rejected with the reason.\n\n"
        "With `Accept: application/x-ndjson` the answer is streamed: a line "
        '`{"processed": n, "total": N}` every `MMC_IMPORT_PROGRESS_EVERY` rows (100), then the '
        "report. Files over `MMC_IMPORT_MAX_BYTES` (5 MiB) get 413."
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
        **invalid(
            "The file cannot be read as CSV (`loc` is `file`: no header, no name column, not "
            "UTF-8), or a header is malformed."
        ),
    },
    openapi_extra={"requestBody": CSV_BODY},
)
async def import_csv(
    request: Request,
    context: Actor,
    parts: Cities,
    accept: Annotated[str | None, Header(max_length=500)] = None,
) -> ImportReportOut | Response:
    settings = parts.settings
    data = await _read_csv_upload(request, settings.import_max_bytes)
    try:
        rows = csv_io.read_rows(csv_io.decode(data))
    except csv_io.CsvFileError as error:
        raise InvalidValue("file", str(error)) from None
    steps = import_cities(
        ImportCities(rows, context, settings.import_progress_every), cities=parts.cities
    )
    if accept and NDJSON in accept.lower():
        return StreamingResponse(_ndjson(steps), media_type=NDJSON)
    async for step in steps:
        if isinstance(step, ImportReport):
            return ImportReportOut.model_validate(asdict(step))
    raise AssertionError("the import ended without a report")  # pragma: no cover


@router.get(
    "/cities/export.csv",
    summary="Export the cities as CSV",
    description=(
        "The matching cities (same filters as `GET /cities`), in the import's columns: "
        "importing an export finds every city already registered."
    ),
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **INVALID_PARAMS},
)
async def export_csv(parts: Cities, where: Filters) -> StreamingResponse:
    async def lines() -> AsyncIterator[str]:
        yield csv_io.export_header()
        async for city in parts.cities.each(where):
            yield csv_io.export_row(city)

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cities.csv"'},
    )


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


async def _ndjson(steps: AsyncIterator[ImportProgress | ImportReport]) -> AsyncIterator[bytes]:
    try:
        async for step in steps:
            if isinstance(step, ImportProgress):
                line: dict[str, Any] = {"processed": step.processed, "total": step.total}
            else:
                line = ImportReportOut.model_validate(asdict(step)).model_dump(mode="json")
            yield json.dumps(line, ensure_ascii=False).encode() + b"\n"
    except Exception as error:
        # The status line is sent already: say what went wrong in the stream itself.
        log.exception("the import failed")
        yield json.dumps({"error": f"the import stopped: {error}"}).encode() + b"\n"

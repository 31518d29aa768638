"""The advocacy HTTP API, part three: the knowledge repository: commissioned research and
tools, guides and reports, their search, and their files (GridFS)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from mmc_advocacy import handlers
from mmc_advocacy.adapters.search_index import ResourceFilter
from mmc_advocacy.domain import Resource
from mmc_advocacy.domain.resource import StoredFile
from mmc_advocacy.entrypoints.http_materials import BAD_BODY, Deps
from mmc_advocacy.entrypoints.models import ResearchStatusIn, ResourceIn, ResourceOut
from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import NotFound
from mmc_chassis.http import Actor
from mmc_chassis.http_models import ErrorOut, Page
from mmc_chassis.http_params import FilterText, Limit, Offset, conflict, id_path, invalid, not_found
from mmc_contracts.advocacy import ResearchStatus, ResourceKind

ResourceId = Annotated[str, id_path("resource")]
Language = Annotated[str | None, Query(pattern=r"^[a-z]{2}$")]
SearchText = Annotated[
    str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$", description="Search.")
]

MAX_FILE_BYTES = 25_000_000
FileName = Annotated[
    str,
    Query(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f/\\]+$", examples=["report.pdf"]),
]


async def _read_limited(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the file is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def resource_out(resource: Resource, score: float | None = None) -> ResourceOut:
    return ResourceOut(
        **resource.model_dump(exclude={"search", "search_terms"}),
        score=None if score is None else round(score, 3),
    )


def build_resources_router(deps: Deps) -> APIRouter:
    router = APIRouter(responses=BAD_BODY)
    repos = deps.repos

    # --- knowledge repository -----------------------------------------------------------------

    @router.post(
        "/resources",
        tags=["knowledge"],
        status_code=201,
        summary="Add commissioned research or a tool, guide or report",
        response_model=ResourceOut,
        responses=invalid("A bad value."),
    )
    async def add_resource(body: ResourceIn, context: Actor) -> ResourceOut:
        resource = Resource.add(handlers.new_id(), context=context, **body.model_dump())
        await repos.resources.add(resource)
        deps.search.put(resource)
        return resource_out(resource)

    @router.get(
        "/resources",
        tags=["knowledge"],
        summary="Search and filter the knowledge repository",
        description="With `q`: ranked by relevance (title, then tags, then summary; case and "
        "accents ignored; words matched by their stems in English, French, Spanish, Portuguese "
        "and more). Without: latest published first.",
        response_model=Page[ResourceOut],
    )
    async def list_resources(
        q: SearchText = None,
        kind: ResourceKind | None = None,
        topic: FilterText = None,
        region: FilterText = None,
        language: Language = None,
        research_status: ResearchStatus | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ResourceOut]:
        query: dict[str, Any] = {}
        if kind is not None:
            query["kind"] = str(kind)
        if topic:
            query["topics"] = topic
        if region:
            query["region"] = region
        if language:
            query["language"] = language
        if research_status is not None:
            query["research_status"] = str(research_status)
        if q and q.strip():
            where = ResourceFilter(kind, topic or None, region or None, language, research_status)
            ranked = await deps.search.search(q, where)
            items = [resource_out(r, s) for r, s in ranked[offset : offset + limit]]
            return Page[ResourceOut](items=items, total=len(ranked), limit=limit, offset=offset)
        resources = await repos.resources.list(
            query, [("published_on", -1), ("_id", 1)], limit=limit, offset=offset
        )
        return Page[ResourceOut](
            items=[resource_out(r) for r in resources],
            total=await repos.resources.count(query),
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/resources/{resource_id}",
        tags=["knowledge"],
        summary="A resource",
        response_model=ResourceOut,
        responses=not_found(),
    )
    async def get_resource(resource_id: ResourceId) -> ResourceOut:
        return resource_out(await repos.resources.get(resource_id))

    @router.post(
        "/resources/{resource_id}/research-status",
        tags=["knowledge"],
        summary="Move commissioned research: commissioned → in_progress → published",
        response_model=ResourceOut,
        responses={
            **not_found(),
            **invalid("A bad date."),
            **conflict("Not research, or the move is not allowed."),
        },
    )
    async def research_status(
        resource_id: ResourceId, body: ResearchStatusIn, context: Actor
    ) -> ResourceOut:
        resource = await change_aggregate(
            repos.resources,
            resource_id,
            body.expected_version,
            lambda r: r.change_research_status(body.to_status, context, on=body.published_on),
        )
        deps.search.put(resource)
        return resource_out(resource)

    @router.put(
        "/resources/{resource_id}/file",
        tags=["knowledge"],
        summary="Store the resource's file (the request body; GridFS), replacing any before",
        description=f"Send the file's bytes as the body, with its `Content-Type`, and its name in "
        f"`file_name`; at most {MAX_FILE_BYTES // 1_000_000} MB. The resource records the file "
        "(`ResourceFileAttached`).",
        response_model=ResourceOut,
        responses={
            **not_found(),
            **invalid("A bad file name."),
            413: {"model": ErrorOut, "description": "The file is too large."},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        },
    )
    async def put_file(
        resource_id: ResourceId, file_name: FileName, request: Request, context: Actor
    ) -> ResourceOut:
        await repos.resources.get(resource_id)  # 404 before reading the body
        data = await _read_limited(request, MAX_FILE_BYTES)
        content_type = request.headers.get("content-type", "application/octet-stream")[:200]
        file_id = await deps.files.upload(resource_id, file_name, content_type, data)
        stored = StoredFile(
            file_id=file_id, file_name=file_name, content_type=content_type, size=len(data)
        )
        replaced: list[str | None] = []
        try:
            resource = await change_aggregate(
                repos.resources,
                resource_id,
                None,
                lambda r: replaced.append(r.attach_file(stored, context)),
            )
        except BaseException:
            await deps.files.delete(file_id)  # nothing refers to it
            raise
        for previous in replaced:
            if previous is not None:
                await deps.files.delete(previous)
        deps.search.put(resource)
        return resource_out(resource)

    @router.get(
        "/resources/{resource_id}/file",
        tags=["knowledge"],
        summary="Download the resource's file",
        response_class=StreamingResponse,
        responses={
            **not_found("No such resource, or it has no stored file."),
            200: {"content": {"application/octet-stream": {}}, "description": "The file."},
        },
    )
    async def get_file(resource_id: ResourceId) -> StreamingResponse:
        resource = await repos.resources.get(resource_id)
        chunks = None if resource.file is None else await deps.files.chunks(resource.file.file_id)
        if resource.file is None or chunks is None:
            raise NotFound("file of resource", resource_id)
        disposition = f"attachment; filename*=UTF-8''{quote(resource.file.file_name)}"
        return StreamingResponse(
            chunks,
            media_type=resource.file.content_type,
            headers={"Content-Disposition": disposition},
        )

    return router

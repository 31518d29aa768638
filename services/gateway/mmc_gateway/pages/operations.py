"""Operations pages: every service's dead letters (admin: list, inspect, replay), and the event
catalogue (every topic and event of `mmc_contracts`, with its fields)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.registry import events_on
from mmc_contracts.schema_gen import event_schema, index_document
from mmc_gateway.pages.health import health
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require, see_other

Service = Annotated[str, Path(pattern=r"^[a-z]{1,30}$")]
Topic = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]+\.dlq$", max_length=249)]
Partition = Annotated[int, Path(ge=0, le=100_000)]
Offset = Annotated[int, Path(ge=0, le=2**62)]


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/admin/dead-letters", response_class=HTMLResponse)
    async def dead_letters(
        request: Request,
        staff: Annotated[Staff, require("dead_letters.manage")],
        status: Annotated[Literal["open", "replayed", "all"], Query()] = "open",
    ) -> Response:
        letters: list[dict[str, Any]] = []
        problems: list[str] = []
        for name, client in gateway_of(request).services.clients.items():
            try:
                found = await client.get("/dead-letters", status=status)
            except ServiceError as error:
                problems.append(f"{name}: {error}")
                continue
            letters.extend({**letter, "service": name} for letter in found["items"])
        return render(
            request,
            "operations/dead_letters.html",
            letters=letters,
            status=status,
            problems=problems,
            health=await health(gateway_of(request).services),
        )

    @pages.get(
        "/admin/dead-letters/{service}/{topic}/{partition}/{offset}", response_class=HTMLResponse
    )
    async def dead_letter(
        request: Request,
        service: Service,
        topic: Topic,
        partition: Partition,
        offset: Offset,
        staff: Annotated[Staff, require("dead_letters.manage")],
    ) -> Response:
        client = gateway_of(request).services.clients.get(service)
        if client is None:
            return render(request, "not_found.html", 404)
        letter = await client.get(f"/dead-letters/{topic}/{partition}/{offset}")
        return render(request, "operations/dead_letter.html", letter=letter, service=service)

    @pages.post("/admin/dead-letters/{service}/{topic}/{partition}/{offset}/replay")
    async def replay(
        request: Request,
        service: Service,
        topic: Topic,
        partition: Partition,
        offset: Offset,
        staff: Annotated[Staff, require("dead_letters.manage")],
        force: Annotated[bool, Form()] = False,
    ) -> Response:
        client = gateway_of(request).services.clients.get(service)
        if client is None:
            return render(request, "not_found.html", 404)
        where = f"{topic}/{partition}/{offset}"
        await client.call(
            "POST",
            f"/dead-letters/{where}/replay",
            actor=staff.staff_id,
            params={"force": "true" if force else None},
        )
        await audit_action(request, staff, "dead_letters.replay", f"{service}:{where}")
        return see_other(f"/admin/dead-letters/{service}/{where}")

    @pages.get("/events", response_class=HTMLResponse)
    async def catalogue(
        request: Request, staff: Annotated[Staff, require("events.view")]
    ) -> Response:
        topics = [
            {
                "topic": topic,
                "events": [
                    _event(cls_schema) for cls_schema in map(event_schema, events_on(topic))
                ],
            }
            for topic in index_document()["topics"]
        ]
        return render(request, "operations/events.html", topics=topics)

    return pages


def _event(schema: dict[str, Any]) -> dict[str, Any]:
    """An event's name, type, description and its own fields (the envelope's are left out)."""
    envelope = {
        "event_id",
        "aggregate_id",
        "aggregate_version",
        "occurred_at",
        "actor",
        "correlation_id",
        "causation_id",
    }
    required = set(schema.get("required", []))
    fields = [
        {
            "name": name,
            "type": _type(spec),
            "required": name in required,
            "description": spec.get("description", ""),
        }
        for name, spec in schema.get("properties", {}).items()
        if name not in envelope
    ]
    return {
        "name": schema.get("title", ""),
        "type": schema.get("x-ce-type", ""),
        "description": schema.get("description", ""),
        "fields": fields,
    }


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return str(spec["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " | ".join(_type(option) for option in spec["anyOf"])
    if spec.get("type") == "array":
        return f"list of {_type(spec.get('items', {}))}"
    return str(spec.get("type", spec.get("format", "any")))

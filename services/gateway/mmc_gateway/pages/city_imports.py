"""Cities from a CSV file, with a progress bar and the rejected rows shown.

`POST /cities/import` keeps an import job in the gateway's own database (`city_imports`) and
hands the file to the cities service (`POST /cities/import`, progress streamed as NDJSON) in a
task of its own; each progress line updates the job. The job's page polls its progress with
HTMX (without JavaScript: a refresh link) and, once done, lists the rejected rows with their
line number and reason. The cities service registers each valid row on its own and rejects
the others whole: a row is either a registered city or a line of the report, never half of one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pymongo.asynchronous.collection import AsyncCollection

from mmc_gateway.i18n import N_
from mmc_gateway.web import Gateway, Staff, audit_action, gateway_of, render, require, see_other

log = logging.getLogger("mmc.gateway.imports")

Document = dict[str, Any]
IMPORTS = "city_imports"
MAX_BYTES = 5 * 1024 * 1024  # the cities service's own limit (MMC_IMPORT_MAX_BYTES)
NO_FILE = N_("Choose a CSV file to import.")
TOO_LARGE = N_("The file is larger than 5 MiB: split it.")
STALE_AFTER = timedelta(minutes=15)  # far beyond the largest file's import


def _jobs(gateway: Gateway) -> AsyncCollection[Document]:
    return gateway.accounts.collection.database[IMPORTS]


async def _run(gateway: Gateway, job_id: str, staff_id: str, name: str, data: bytes) -> None:
    """Streams the file to the cities service and records each step on the job."""
    jobs = _jobs(gateway)
    client = gateway.services.cities.http
    outcome: Document = {"status": "failed", "error": "the import ended without a report"}
    try:
        async with client.stream(
            "POST",
            "/cities/import",
            files={"file": (name, data, "text/csv")},
            headers={"X-MMC-Actor": staff_id, "Accept": "application/x-ndjson"},
        ) as response:
            if response.status_code >= 400:
                body = (await response.aread()).decode(errors="replace")
                outcome = {"status": "failed", "error": _reason(body, response.status_code)}
            else:
                async for line in response.aiter_lines():
                    if not line.strip():
                        continue
                    step = json.loads(line)
                    if "error" in step:
                        outcome = {"status": "failed", "error": str(step["error"])[:500]}
                    elif "processed" in step:
                        await jobs.update_one(
                            {"_id": job_id},
                            {"$set": {"processed": step["processed"], "total": step["total"]}},
                        )
                    else:
                        outcome = {
                            "status": "done",
                            "report": step,
                            "processed": step["total"],
                            "total": step["total"],
                        }
    except Exception as error:  # the service unreachable or its stream cut: say so on the job
        log.exception("the import %s failed", job_id)
        outcome = {"status": "failed", "error": f"the cities service failed: {error}"[:500]}
    await jobs.update_one({"_id": job_id}, {"$set": {**outcome, "finished_at": datetime.now(UTC)}})


def _now() -> datetime:
    return datetime.now(UTC)


def _started(job: Document) -> datetime:
    started: datetime = job["started_at"]
    return started if started.tzinfo else started.replace(tzinfo=UTC)


def _reason(body: str, status: int) -> str:
    try:
        detail = json.loads(body).get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, list):
        detail = "; ".join(str(item.get("msg", item)) for item in detail if isinstance(item, dict))
    return f"{status}: {detail or body[:300]}"[:500]


def router() -> APIRouter:
    pages = APIRouter()

    def form(request: Request, message: str = "", status: int = 200) -> Response:
        return render(request, "city_imports/form.html", status, message=message)

    @pages.get("/cities/import", response_class=HTMLResponse)
    async def import_form(
        request: Request, staff: Annotated[Staff, require("cities.edit")]
    ) -> Response:
        return form(request)

    @pages.post("/cities/import")
    async def start(
        request: Request,
        staff: Annotated[Staff, require("cities.edit")],
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        if file is None or not file.filename:
            return form(request, NO_FILE, 422)
        data = await file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return form(request, TOO_LARGE, 413)
        if not data.strip():
            return form(request, NO_FILE, 422)
        gateway = gateway_of(request)
        job_id = f"import-{secrets.token_hex(8)}"
        await _jobs(gateway).insert_one(
            {
                "_id": job_id,
                "staff_id": staff.staff_id,
                "file": file.filename[:200],
                "status": "running",
                "processed": 0,
                "total": None,
                "started_at": datetime.now(UTC),
            }
        )
        await audit_action(request, staff, "cities.import", job_id)
        task = asyncio.create_task(_run(gateway, job_id, staff.staff_id, file.filename[:200], data))
        # Held until done, so the task is not collected mid-way.
        running: set[asyncio.Task[None]] = gateway.extra.setdefault("city_imports", set())
        running.add(task)
        task.add_done_callback(running.discard)
        return see_other(f"/cities/imports/{job_id}")

    async def job_of(request: Request, job_id: str) -> Document | None:
        if len(job_id) > 40:
            return None
        found: Document | None = await _jobs(gateway_of(request)).find_one({"_id": job_id})
        if found and found["status"] == "running" and _started(found) < _now() - STALE_AFTER:
            # Its gateway process stopped mid-way: what the service registered stays registered
            # (each row whole), the report is lost; importing the file again finds duplicates.
            found.update(status="failed", error="interrupted: import the file again")
        return found

    @pages.get("/cities/imports/{job_id}", response_class=HTMLResponse)
    async def job_page(
        request: Request, job_id: str, staff: Annotated[Staff, require("cities.edit")]
    ) -> Response:
        job = await job_of(request, job_id)
        if job is None:
            return render(request, "not_found.html", 404)
        return render(request, "city_imports/job.html", job=job)

    @pages.get("/cities/imports/{job_id}/progress", response_class=HTMLResponse)
    async def progress(
        request: Request, job_id: str, staff: Annotated[Staff, require("cities.edit")]
    ) -> Response:
        job = await job_of(request, job_id)
        if job is None:
            return render(request, "not_found.html", 404)
        return render(request, "city_imports/_progress.html", job=job)

    return pages

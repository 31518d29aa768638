"""What needs attention today in advocacy and outreach, for the dashboard: materials waiting for
review, policy moments approaching, inquiries past their first-response target, funding reports
due. Each item links to the page where it is handled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from mmc_gateway.pages.outreach import OPEN, past_target
from mmc_gateway.services import ServiceError, Services

MOMENTS_AHEAD = timedelta(days=60)
REPORTS_AHEAD = timedelta(days=30)

T = TypeVar("T")


async def or_error(answer: Awaitable[T]) -> T | ServiceError:
    """The answer, or the error of the service that did not give it (the dashboard shows what
    did answer and names what did not)."""
    try:
        return await answer
    except ServiceError as error:
        return error


async def attention(services: Services, today: date | None = None) -> dict[str, Any]:
    """The four lists (each a list of dicts with a link), and the services that did not answer."""
    today = today or datetime.now(UTC).date()
    advocacy, outreach = services.advocacy, services.outreach
    answers = await asyncio.gather(
        or_error(advocacy.get("/materials", status="in_review", limit=100)),
        or_error(advocacy.get("/policy-moments", limit=200)),
        *(or_error(outreach.get("/inquiries", status=str(s), limit=200)) for s in OPEN),
        or_error(outreach.get("/funding/connections", limit=200)),
    )
    problems = sorted({str(a) for a in answers if isinstance(a, ServiceError)})
    review, moments, *open_inquiries, connections = (
        None if isinstance(a, ServiceError) else a for a in answers
    )
    found: dict[str, Any] = {"problems": problems}
    found["review"] = [
        {"title": m["title"], "href": f"/advocacy/materials/{m['id']}"}
        for m in (review or {}).get("items", [])
    ]
    found["moments"] = [
        {"title": m["name"], "on": m["starts_on"], "href": f"/advocacy/moments/{m['id']}"}
        for m in (moments or {}).get("items", [])
        if today <= date.fromisoformat(m["starts_on"]) <= today + MOMENTS_AHEAD
    ]
    now = datetime.combine(today, datetime.now(UTC).timetz())
    found["inquiries"] = [
        {
            "title": i["subject"] or i["id"],
            "on": i["received_at"],
            "href": f"/outreach/inquiries/{i['id']}",
        }
        for page in open_inquiries
        for i in (page or {}).get("items", [])
        if past_target(i, now)
    ]
    found["reports"] = [
        {
            "title": f"{c['funder']}: {c['opportunity_title']}",
            "on": r["due_on"],
            "href": "/outreach/funding",
        }
        for c in (connections or {}).get("items", [])
        for r in c.get("reports", [])
        if r.get("received_on") is None and date.fromisoformat(r["due_on"]) <= today + REPORTS_AHEAD
    ]
    return found

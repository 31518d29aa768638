"""Setting up advocacy and outreach through their own APIs, for the gateway's tests: materials
at each step of their life cycle (written by someone else than the person testing), inquiries."""

from __future__ import annotations

from typing import Any

from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway

WRITER = "staff-0000000writer"
APPROVER = {"X-MMC-Actor": "staff-000000approver", "X-MMC-Roles": "approver"}


async def material(
    gateway: Gateway, status: str = "draft", kind: str = "op_ed", title: str | None = None
) -> dict[str, Any]:
    """A material moved to `status` (draft, in_review, approved, published) by others."""
    async with gateway.api("advocacy") as api:
        made = await api.post(
            "/materials",
            headers={"X-MMC-Actor": WRITER},
            json={
                "kind": kind,
                "title": title or unique("Cities lead on inclusion"),
                "text": "Cities welcome newcomers every day. (test data)",
            },
        )
        assert made.status_code == 201, made.text
        found: dict[str, Any] = made.json()
        steps = ["in_review", "approved", "published"]
        for step in steps[: steps.index(status) + 1] if status != "draft" else []:
            body: dict[str, Any] = {"to_status": step}
            if step == "published":
                body["publication"] = {"channel": "op-ed", "published_on": "2026-12-01"}
            moved = await api.post(
                f"/materials/{found['id']}/status",
                headers=APPROVER if step == "approved" else {"X-MMC-Actor": WRITER},
                json=body,
            )
            assert moved.status_code == 200, moved.text
            found = moved.json()
        return found


async def inquiry(
    gateway: Gateway, status: str = "received", subject: str | None = None
) -> dict[str, Any]:
    """An inquiry from the web form, moved on to `status` (received, triaged, assigned)."""
    async with gateway.api("outreach") as api:
        made = await api.post(
            "/inquiries",
            json={
                "sender_name": "Test Sender",
                "sender_email": "sender@city.example.org",
                "subject": subject or unique("A question about the Global Compact"),
                "message": "When is the next review? (test data)",
            },
        )
        assert made.status_code == 201, made.text
        found: dict[str, Any] = made.json()
        steps = {"triage": {}, "assign": {"assignee": "Someone Else"}}
        for step in list(steps)[: ["received", "triaged", "assigned"].index(status)]:
            moved = await api.post(f"/inquiries/{found['id']}/{step}", json=steps[step])
            assert moved.status_code == 200, moved.text
            found = moved.json()
        return found

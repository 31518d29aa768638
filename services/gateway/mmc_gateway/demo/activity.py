"""Today's advocacy activity for the staff UI's demo (development only): an op-ed a colleague
submitted for review this morning, waiting for an approver on the dashboard (the advocacy and
outreach services' own demo data holds the rest: a published statement, inquiries past their
response target, a funding report due). Marked as demo data; loading it again adds nothing."""

from __future__ import annotations

import httpx

from mmc_gateway.settings import GatewaySettings

TITLE = "Why our city counts newcomers in its climate plan (demo data)"
WRITER = {"X-MMC-Actor": "demo-writer"}


def load(settings: GatewaySettings) -> str:
    """Adds the material unless it is there; says what it did."""
    token = settings.api_token.get_secret_value()
    with httpx.Client(
        base_url=settings.advocacy_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=settings.service_timeout_seconds,
    ) as api:
        waiting = api.get("/materials", params={"status": "in_review", "limit": 200})
        waiting.raise_for_status()
        if any(m["title"] == TITLE for m in waiting.json()["items"]):
            return "an op-ed is already waiting for review"
        made = api.post(
            "/materials",
            headers=WRITER,
            json={
                "kind": "op_ed",
                "title": TITLE,
                "text": "Cities plan for the people who arrive as well as those who stay. "
                "(demo data)",
            },
        )
        made.raise_for_status()
        moved = api.post(
            f"/materials/{made.json()['id']}/status",
            headers=WRITER,
            json={"to_status": "in_review"},
        )
        moved.raise_for_status()
        return "an op-ed submitted for review today, waiting for an approver"

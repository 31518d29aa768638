"""Register the demo partner endpoint in a running webhooks service.

    python -m mmc_webhooks.demo.load --url http://127.0.0.1:8105 [--token TOKEN]

DEMO DATA, not a real partner: a city network that follows the city registry and the Board
from today (2026-12-02). Nothing listens at its address, so `GET /endpoints/{id}/deliveries`
shows deliveries being retried with backoff. Running it again changes nothing. Prints one
JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

import httpx

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN

DEFAULT_URL = "http://127.0.0.1:8105"
DEMO_DESCRIPTION = "DEMO DATA (not a real partner): a city network following cities and the Board"
DEMO_ENDPOINT = {
    "url": "http://127.0.0.1:8199/demo-partner/mmc-events",
    "topics": ["mmc.cities.city.v2", "mmc.board.membership.v1"],
    "event_types": [],
    "content_mode": "structured",
    "owner_contact": "webhooks@demo-network.example.org",
    "description": DEMO_DESCRIPTION,
}


def load(url: str, token: str, actor: str = "demo-loader") -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}", "X-MMC-Actor": actor}
    with httpx.Client(base_url=url, timeout=httpx.Timeout(30.0, connect=5.0)) as client:
        listed = client.get("/endpoints", params={"limit": 200}, headers=headers)
        listed.raise_for_status()
        for endpoint in listed.json()["items"]:
            if endpoint["description"] == DEMO_DESCRIPTION:
                return {"registered": 0, "endpoint_id": endpoint["id"]}
        response = client.post("/endpoints", json=DEMO_ENDPOINT, headers=headers)
        response.raise_for_status()
        # The secret is shown once; a demo has no partner to hand it to, so it is not printed.
        return {"registered": 1, "endpoint_id": response.json()["id"]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_webhooks.demo.load", description="Register the demo endpoint."
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("MMC_WEBHOOKS_URL", DEFAULT_URL),
        help=f"the webhooks service (default: $MMC_WEBHOOKS_URL or {DEFAULT_URL})",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("MMC_API_TOKEN", DEVELOPMENT_API_TOKEN),
        help="the API token (default: $MMC_API_TOKEN, else the development token)",
    )
    parser.add_argument("--actor", default="demo-loader", help="who registers, for the record")
    args = parser.parse_args(argv)
    try:
        report = load(args.url, args.token, args.actor)
    except httpx.HTTPError as exc:
        print(f"demo endpoint not registered: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

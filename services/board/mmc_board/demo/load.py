"""Seed a running board service: the supporting partners as voters, the founding Board seated.

    python -m mmc_board.demo.load --url http://127.0.0.1:8102 [--token TOKEN] [--wait SECONDS]

The founding mayors' cities come from the registry (the cities service's demo data, loaded
first by `make run`): the loader waits (up to `--wait` seconds, 60 by default) until the board's
own read model of the cities (`GET /cities`) lists every founding city by name and country, then
seats each founding mayor on their seat from the founding day (`via: founding`). Running it again
changes nothing: registered voters answer 409 and are counted as already there, and a seat
already held by its founding mayor is skipped. Prints the report as one JSON line.

The founding terms (from 2018-12-01, two years) are long over, so the board's terms scheduler
ends them at its next pass and opens their vacancies: `GET /board/as-of/2019-06-01` shows the
founding Board.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import httpx

from mmc_board.domain import (
    FOUNDED_ON,
    FOUNDING_BOARD,
    SUPPORTING_PARTNERS,
    FoundingMember,
    KnownCity,
    find_founding_city,
)
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN

DEFAULT_URL = "http://127.0.0.1:8102"
PAGE = 200


class DemoLoadError(Exception):
    """The demo data could not be loaded; the message says why."""


def load(
    url: str,
    token: str,
    *,
    wait_seconds: float = 60.0,
    actor: str = "demo-loader",
    poll_seconds: float = 1.0,
) -> dict[str, Any]:
    """Seed the board service at `url`; the report of what was added and what was there."""
    headers = {"Authorization": f"Bearer {token}", "X-MMC-Actor": actor}
    report: dict[str, Any] = {
        "voters_added": 0,
        "voters_existing": 0,
        "founding_seated": 0,
        "founding_existing": 0,
    }
    with httpx.Client(
        base_url=url, headers=headers, timeout=httpx.Timeout(30.0, connect=5.0)
    ) as client:
        for partner in SUPPORTING_PARTNERS:
            response = client.post("/voters", json={"id": partner.id, "name": partner.name})
            if response.status_code == 201:
                report["voters_added"] += 1
            elif response.status_code == 409:
                report["voters_existing"] += 1
            else:
                response.raise_for_status()
        cities = _founding_cities(client, wait_seconds, poll_seconds)
        held = _founding_seats(client)
        for member in FOUNDING_BOARD:
            city = cities[member.seat]
            if held.get(member.seat) == city.id:
                report["founding_existing"] += 1
                continue
            response = client.post(
                "/memberships",
                json={
                    "city_id": city.id,
                    "mayor_name": member.mayor_name,
                    "seat": member.seat,
                    "term_start": FOUNDED_ON.isoformat(),
                    "via": "founding",
                },
            )
            if response.status_code != 201:
                raise DemoLoadError(
                    f"could not seat {member.mayor_name} ({member.city_name}) on seat "
                    f"{member.seat}: {response.status_code} {response.text}"
                )
            report["founding_seated"] += 1
    return report


def _founding_cities(
    client: httpx.Client, wait_seconds: float, poll_seconds: float
) -> dict[int, KnownCity]:
    """Seat -> the founding member's city, once the board's read model has them all."""
    deadline = time.monotonic() + wait_seconds
    while True:
        known = _known_cities(client)
        found = {member.seat: find_founding_city(member, known) for member in FOUNDING_BOARD}
        missing = [m for m in FOUNDING_BOARD if found[m.seat] is None]
        if not missing:
            return {seat: city for seat, city in found.items() if city is not None}
        if time.monotonic() >= deadline:
            raise DemoLoadError(
                f"after {wait_seconds:g} s the board still does not know "
                f"{_names(missing)}: load the cities service's demo data first"
            )
        time.sleep(poll_seconds)


def _known_cities(client: httpx.Client) -> list[KnownCity]:
    cities: list[KnownCity] = []
    offset = 0
    while True:
        response = client.get("/cities", params={"limit": PAGE, "offset": offset})
        response.raise_for_status()
        page = response.json()
        cities.extend(
            KnownCity(
                id=item["id"],
                name=item["name"],
                country_code=item["country_code"],
                region=item["region"],
                sub_region=item["sub_region"],
                migration_contexts=frozenset(item["migration_contexts"]),
                size_class=item["size_class"],
                partnership_status=item["partnership_status"],
                mayor_name=item.get("mayor_name"),
            )
            for item in page["items"]
        )
        offset += PAGE
        if offset >= page["total"]:
            return cities


def _founding_seats(client: httpx.Client) -> dict[int, str]:
    """Seat -> city id of the founding memberships already recorded."""
    response = client.get("/memberships", params={"via": "founding", "limit": PAGE})
    response.raise_for_status()
    return {item["seat"]: item["mayor"]["city_id"] for item in response.json()["items"]}


def _names(members: Sequence[FoundingMember]) -> str:
    return ", ".join(f"{m.city_name} ({m.country_code})" for m in members)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_board.demo.load",
        description="Seed the supporting-partner voters and the founding Leadership Board.",
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("MMC_BOARD_URL", DEFAULT_URL),
        help=f"the board service (default: $MMC_BOARD_URL or {DEFAULT_URL})",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("MMC_API_TOKEN", DEVELOPMENT_API_TOKEN),
        help="the API token (default: $MMC_API_TOKEN, else the development token)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=60.0,
        help="seconds to wait for the founding cities in the board's read model (default 60)",
    )
    parser.add_argument("--actor", default="demo-loader", help="who loads, for the record")
    args = parser.parse_args(argv)
    try:
        report = load(args.url, args.token, wait_seconds=args.wait, actor=args.actor)
    except DemoLoadError as error:
        print(f"the board demo data was not loaded: {error}", file=sys.stderr)
        return 1
    except httpx.HTTPStatusError as error:
        print(
            f"the board demo data was not loaded: {error.response.status_code} "
            f"{error.response.text}",
            file=sys.stderr,
        )
        return 1
    except httpx.HTTPError as error:
        print(f"cannot reach the board service at {args.url}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Seed a running advocacy service with the policy calendar and the demo story of today
(2026-12-01): a campaign towards the GFMD summit whose statement several demo cities co-signed,
published and amplified; city inputs to the summit; pledges with their progress; a dozen
resources in four languages.

    python -m mmc_advocacy.demo.load --url http://127.0.0.1:8103 [--token TOKEN] [--wait SECONDS]

The calendar is public fact (see `calendar.py`); everything else is demo data and says so
("demo data" in its text). The cities come from the registry (the cities service's demo data,
loaded first by `make run`): the loader waits until advocacy's read model lists them. Running it
again changes nothing: a calendar already there means the demo is loaded.
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

from mmc_advocacy.demo.calendar import CALENDAR
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN

DEFAULT_URL = "http://127.0.0.1:8103"
DEMO = "(demo data)"
SIGNATORIES = ["Freetown", "Kampala", "Athens", "Montréal", "Milan", "Bristol"]
APPROVER = {"X-MMC-Actor": "demo-approver", "X-MMC-Roles": "approver"}

PLEDGES: list[tuple[str, str, list[int], list[str], str]] = [
    ("Freetown", "Climate-resilient neighbourhoods for people on the move", [2, 5],
     [], "in_progress"),
    ("Kampala", "City services open to refugees and host communities alike", [15, 16],
     ["health", "education"], "in_progress"),
    ("Athens", "A one-stop migrant integration centre in every district", [16],
     ["jobs_and_livelihoods"], "achieved"),
    ("Montréal", "Access to city services without fear, whatever one's status", [15],
     [], "announced"),
]  # fmt: skip

RESOURCES: list[tuple[str, str, str, list[str], str | None, str]] = [
    ("report", "Cities on the move: climate migration in African secondary cities", "en",
     ["climate mobility", "secondary cities"], "Africa", "How mayors plan for people moving."),
    ("guide", "Guía de inclusión de personas migrantes y refugiadas en las ciudades", "es",
     ["inclusión", "servicios"], "Americas", "Prácticas municipales de inclusión."),
    ("guide", "Accueillir les personnes réfugiées : guide pour les villes", "fr",
     ["accueil", "réfugiés"], "Europe", "Étapes et exemples de municipalités."),
    ("tool", "Xenophobia prevention toolkit for local governments", "en",
     ["social cohesion"], None, "Communication tools against xenophobia."),
    ("report", "Financing urban refugee responses: lessons from city grants", "en",
     ["finance", "funding"], None, "What city-led projects achieved with direct funding."),
    ("guide", "Migração e cidades: guia de acolhimento", "pt",
     ["acolhimento"], "Americas", "Experiências de municípios brasileiros."),
    ("tool", "Language access checklist for city services", "en",
     ["language access"], None, "Interpretation and translation in city halls."),
    ("report", "Labour market integration of refugee women in cities", "en",
     ["livelihoods", "gender"], "Asia", "Employment programmes run by cities."),
    ("guide", "Participación política de migrantes en gobiernos locales", "es",
     ["participación"], "Americas", "Consejos consultivos de migrantes."),
    ("report", "Heat, work and migration: protecting migrant workers in cities", "en",
     ["climate mobility", "labour"], None, "Heat action plans that include migrants."),
    ("guide", "Éducation des enfants migrants : le rôle des villes", "fr",
     ["éducation"], "Africa", "Scolariser tous les enfants."),
]  # fmt: skip


class DemoLoadError(Exception):
    """The demo data could not be loaded; the message says why."""


def load(url: str, token: str, *, wait_seconds: float = 60.0, actor: str = "demo-loader") -> Any:
    headers = {"Authorization": f"Bearer {token}", "X-MMC-Actor": actor}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:

        def call(method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
            response = client.request(method, path, **kwargs)
            if response.status_code != status:
                raise DemoLoadError(f"{method} {path}: {response.status_code} {response.text}")
            return response.json()

        if call("GET", "/policy-moments", params={"limit": 1})["total"]:
            return {"loaded": False, "reason": "the calendar is there already"}
        cities = _wait_for_cities(call, wait_seconds)
        moments = {m["name"]: call("POST", "/policy-moments", 201, json=m) for m in CALENDAR}
        gfmd = next(m for name, m in moments.items() if name.startswith("GFMD"))
        grf = moments["Global Refugee Forum 2023"]
        campaign = call(
            "POST",
            "/campaigns",
            201,
            json={
                "name": "Cities at the GFMD summit",
                "goal": f"National governments commit to include cities in migration governance "
                f"{DEMO}.",
                "audiences": ["national governments", "the GFMD Chair", "UN agencies"],
                "starts_on": "2026-10-01",
                "ends_on": "2027-01-31",
                "policy_moment_id": gfmd["id"],
                "owner": "advocacy-lead",
            },
        )
        statement = call(
            "POST",
            "/materials",
            201,
            json={
                "campaign_id": campaign["id"],
                "kind": "public_statement",
                "title": "Mayors' call to the GFMD: a seat for cities at the table",
                "text": "We, the undersigned mayors, call on the states of the Global Forum on "
                f"Migration and Development to include cities in its decisions {DEMO}.",
            },
        )
        signed = 0
        for name in SIGNATORIES:
            city = cities.get(name)
            if city is None:
                continue
            call(
                "POST",
                f"/materials/{statement['id']}/signatures",
                201,
                json={
                    "city_id": city["id"],
                    "mayor_name": city.get("mayor_name") or f"Mayor of {name}",
                    "consent": {
                        "given_by": "Office of the Mayor (demo)",
                        "given_on": "2026-11-20",
                        "method": "signed_letter",
                    },
                },
            )
            signed += 1
        path = f"/materials/{statement['id']}/status"
        call("POST", path, json={"to_status": "in_review"})
        call("POST", path, json={"to_status": "approved"}, headers=APPROVER)
        call(
            "POST",
            path,
            json={
                "to_status": "published",
                "publication": {
                    "channel": "website",
                    "outlet": "MMC website",
                    "published_on": "2026-11-25",
                },
            },
        )
        for channel, reach, shares, pickups in (
            ("social media", 48000, 1250, 0),
            ("press", 0, 0, 7),
            ("newsletter", 5200, 90, 1),
        ):
            call(
                "POST",
                f"/materials/{statement['id']}/amplification",
                json={
                    "channel": channel,
                    "measured_on": "2026-11-30",
                    "reach": reach,
                    "shares": shares,
                    "pickups": pickups,
                },
            )
        call(
            "POST",
            "/materials",
            201,
            json={
                "campaign_id": campaign["id"],
                "kind": "op_ed",
                "title": "Why the GFMD needs mayors",
                "text": f"Cities are where migration happens {DEMO}.",
            },
        )
        for name, kind, title in (
            ("Freetown", "speaking_slot", "Local and Regional Governments Day panel"),
            ("Kampala", "position_paper", "Refugee-hosting cities and the GFMD"),
        ):
            if name in cities:
                call(
                    "POST",
                    f"/policy-moments/{gfmd['id']}/inputs",
                    201,
                    json={"city_id": cities[name]["id"], "kind": kind, "title": f"{title} (demo)"},
                )
        pledges = 0
        for name, title, objectives, areas, status in PLEDGES:
            if name not in cities:
                continue
            pledge = call(
                "POST",
                "/pledges",
                201,
                json={
                    "city_id": cities[name]["id"],
                    "title": title,
                    "description": f"{title} {DEMO}.",
                    "made_on": "2023-12-14",
                    "gcm_objectives": objectives,
                    "gcr_areas": areas,
                    "policy_moment_id": grf["id"],
                },
            )
            pledges += 1
            steps = {"in_progress": ["in_progress"], "achieved": ["in_progress", "achieved"]}
            for year, step in enumerate(steps.get(status, []), start=2024):
                call(
                    "POST",
                    f"/pledges/{pledge['id']}/progress",
                    json={
                        "reported_on": f"{year}-12-01",
                        "status": step,
                        "narrative": f"Progress reported for the Global Refugee Forum {DEMO}.",
                        "figures": {"people_reached": 1500 * (year - 2023)},
                    },
                )
        for kind, title, language, topics, region, summary in RESOURCES:
            call(
                "POST",
                "/resources",
                201,
                json={
                    "kind": kind,
                    "title": title,
                    "language": language,
                    "topics": topics,
                    "region": region,
                    "summary": f"{summary} {DEMO}",
                    "published_on": "2026-06-01",
                },
            )
        research = call(
            "POST",
            "/resources",
            201,
            json={
                "kind": "research",
                "title": "Cities and the second review of the Global Compact for Migration",
                "summary": f"Commissioned research on what cities brought to the IMRF {DEMO}.",
                "topics": ["GCM", "IMRF"],
                "language": "en",
                "authors": ["Demo Research Institute"],
                "funder": "Demo Foundation",
                "commissioned_on": "2026-03-01",
            },
        )
        call(
            "POST",
            f"/resources/{research['id']}/research-status",
            json={"to_status": "in_progress"},
        )
        return {
            "loaded": True,
            "moments": len(moments),
            "signatures": signed,
            "pledges": pledges,
            "resources": len(RESOURCES) + 1,
        }


def _wait_for_cities(call: Any, wait_seconds: float) -> dict[str, Any]:
    """The registry's cities by name, once advocacy's read model lists the signatories."""
    deadline = time.monotonic() + wait_seconds
    while True:
        found: dict[str, Any] = {}
        offset = 0
        while True:
            page = call("GET", "/cities", params={"limit": 200, "offset": offset})
            found |= {city["name"]: city for city in page["items"]}
            offset += 200
            if offset >= page["total"]:
                break
        if all(name in found for name in SIGNATORIES) or time.monotonic() > deadline:
            return found
        time.sleep(1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mmc_advocacy.demo.load")
    parser.add_argument("--url", default=os.environ.get("MMC_ADVOCACY_URL", DEFAULT_URL))
    parser.add_argument("--token", default=os.environ.get("MMC_API_TOKEN", DEVELOPMENT_API_TOKEN))
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for cities")
    args = parser.parse_args(argv)
    try:
        report = load(args.url, args.token, wait_seconds=args.wait)
    except (DemoLoadError, httpx.HTTPError) as error:
        print(f"the advocacy demo data failed: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

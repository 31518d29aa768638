"""Load outreach's demo data into a running service, through its HTTP API (today: 2026-12-01).

    python -m mmc_outreach.demo.load --url http://127.0.0.1:8104 [--cities-url URL]

Needs the cities service's demo cities (it looks their ids up by name there) and waits until
outreach's read model holds them. Inquiries (demo data, senders at example.org): five imported
from the sample mailbox `shared-mailbox.mbox`, two from the web form, one of each kind, at
every step of their life. A pipeline of secondary cities. Funding opportunities (the funders
are real MMC funders; titles and amounts are demo data) and connections at each stage. Run twice,
it changes nothing: it stops when outreach already holds inquiries.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from importlib import resources
from typing import Any

import httpx

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN

DEFAULT_URL = "http://127.0.0.1:8104"
DEFAULT_CITIES_URL = "http://127.0.0.1:8101"
Json = dict[str, Any]

PIPELINE: list[tuple[str, list[str], list[tuple[str, str, str]]]] = [
    # city, stages after `identified`, activities (kind, date, notes) - demo data
    (
        "Mexicali",
        ["contacted", "in_conversation"],
        [
            ("email", "2026-10-05", "Introduced the MMC and the border cities exchange."),
            ("meeting", "2026-11-12", "Met the planning department online (demo data)."),
        ],
    ),
    ("Zarqa", ["contacted"], [("call", "2026-11-18", "First call with the mayor's office.")]),
    (
        "Maiduguri",
        ["contacted", "in_conversation", "engaged"],
        [
            ("event", "2026-09-20", "Met at the Africa Climate Summit side event (demo data)."),
            ("call", "2026-11-02", "Discussed displacement figures and needs."),
        ],
    ),
    ("Agadez", [], []),
    ("Suva", ["contacted", "paused"], [("email", "2026-08-30", "No answer yet; elections.")]),
]


PARTNERS: list[tuple[str, list[str], str, str]] = [
    # the MMC's real partners and their public relationship to it
    (
        "C40 Cities",
        ["city_network", "strategic_partner"],
        "https://www.c40.org",
        "Co-founded the C40-MMC Global Mayors Task Force on Climate and Migration.",
    ),
    (
        "United Cities and Local Governments (UCLG)",
        ["city_network", "strategic_partner"],
        "https://www.uclg.org",
        "Partner in the Mayors Mechanism of the Global Forum on Migration and Development.",
    ),
    (
        "International Organization for Migration (IOM)",
        ["international_organisation", "strategic_partner"],
        "https://www.iom.int",
        "Partner in the Mayors Mechanism of the Global Forum on Migration and Development.",
    ),
    (
        "UN Refugee Agency (UNHCR)",
        ["international_organisation", "strategic_partner"],
        "https://www.unhcr.org",
        "Works with the MMC on cities' part in the Global Refugee Forum (demo wording).",
    ),
    (
        "Global Parliament of Mayors",
        ["city_network"],
        "https://globalparliamentofmayors.org",
        "A network of mayors; the MMC works with it on migration (demo wording).",
    ),
]


class Api:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def call(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self.client.request(method, url, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {response.status_code} {response.text}")
        return response.json()


def city_ids(cities: Api, names: Sequence[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for name in names:
        page = cities.call("GET", "/cities", params={"q": name, "limit": 5})
        for item in page["items"]:
            if item["name"] == name:
                ids[name] = item["id"]
    return ids


def wait_known(outreach: Api, ids: Sequence[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    for city_id in ids:
        while outreach.client.get(f"/cities/{city_id}").status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError(f"outreach does not know city {city_id} yet")
            time.sleep(0.5)


def load(url: str, cities_url: str, token: str, actor: str = "demo-loader") -> Json:
    headers = {"Authorization": f"Bearer {token}", "X-MMC-Actor": actor}
    timeout = httpx.Timeout(120.0, connect=5.0)
    with (
        httpx.Client(base_url=url, headers=headers, timeout=timeout) as o,
        httpx.Client(base_url=cities_url, headers=headers, timeout=timeout) as c,
    ):
        outreach, cities = Api(o), Api(c)
        if outreach.call("GET", "/inquiries", params={"limit": 1})["total"] > 0:
            return {"skipped": "outreach already holds inquiries"}
        names = [
            "Irbid", "Mexicali", "Gaziantep", "Maiduguri", "Tapachula", "Zarqa", "Agadez",
            "Suva", "Arua", "Koboko", "Barranquilla", "Mersin", "Cúcuta",
        ]  # fmt: skip
        ids = city_ids(cities, names)
        wait_known(outreach, list(ids.values()))
        summary: Json = {}

        # --- inquiries: the shared mailbox, then the web form -------------------------------
        mbox = resources.files("mmc_outreach.demo").joinpath("shared-mailbox.mbox").read_bytes()
        report = outreach.call(
            "POST",
            "/inquiries/import",
            content=mbox,
            headers={"Content-Type": "application/mbox"},
        )
        summary["mailbox"] = {k: report[k] for k in ("messages", "imported", "duplicates")}
        form = [
            {
                "sender_name": "Demo Person (demo data)",
                "sender_email": "migration.desk@tapachula.example.org",
                "subject": "Help with funding for a reception centre (demo data)",
                "message": "We ask for support to access funding for a reception centre.",
                "city_id": ids["Tapachula"],
                "kind": "assistance_request",
            },
            {
                "sender_name": "Demo Person (demo data)",
                "sender_email": "mayor.office@lodwar.example.org",
                "subject": "Our town would like to work with the MMC (demo data)",
                "message": "Lodwar hosts many refugees from Kakuma; can we become a partner?",
                "city_name": "Lodwar",
                "country_code": "KE",
                "size_class": "secondary",
            },
        ]
        inquiry_ids = report["inquiry_ids"] + [
            outreach.call("POST", "/inquiries", json=body)["id"] for body in form
        ]
        # Life cycles at every step: received, triaged, assigned, answered, closed.
        steps = ["closed", "answered", "assigned", "triaged", "triaged", "answered", "received"]
        for inquiry_id, step in zip(inquiry_ids, steps, strict=True):
            if step == "received":
                continue
            body: Json = {}
            inquiry = outreach.call("GET", f"/inquiries/{inquiry_id}")
            if inquiry["chosen_kind"] == "assistance_request" or "assistance" in inquiry["subject"]:
                body = {"kind": "assistance_request", "assistance_kind": "funding_access"}
            outreach.call("POST", f"/inquiries/{inquiry_id}/triage", json=body)
            if step == "triaged":
                continue
            outreach.call(
                "POST", f"/inquiries/{inquiry_id}/assign", json={"assignee": "outreach-lead"}
            )
            if step == "assigned":
                continue
            outreach.call(
                "POST",
                f"/inquiries/{inquiry_id}/answer",
                json={"text": "Thank you for writing to the MMC; a colleague will call you."},
            )
            if step == "closed":
                outreach.call("POST", f"/inquiries/{inquiry_id}/close", json={})
        summary["inquiries"] = len(inquiry_ids)

        # --- the outreach pipeline ----------------------------------------------------------
        for name, stages, activities in PIPELINE:
            target = outreach.call("POST", "/targets", json={"city_id": ids[name]})
            for kind, on, notes in activities:
                outreach.call(
                    "POST",
                    f"/targets/{target['id']}/activities",
                    json={"kind": kind, "on": on, "notes": notes},
                )
            for stage in stages:
                outreach.call("POST", f"/targets/{target['id']}/stage", json={"to_stage": stage})
        summary["targets"] = len(PIPELINE)

        # --- funding ------------------------------------------------------------------------
        fund = outreach.call(
            "POST",
            "/funding/opportunities",
            json={
                "funder": "Open Society Foundations",
                "title": "City grants for migrant inclusion (demo data)",
                "amount": "250000",
                "currency": "USD",
                "eligibility": "Partner and engaged cities; secondary cities first (demo data).",
                "deadline": "2027-03-31",
            },
        )
        swiss = outreach.call(
            "POST",
            "/funding/opportunities",
            json={
                "funder": "Government of Switzerland",
                "title": "Urban displacement response (demo data)",
                "amount": "150000",
                "currency": "CHF",
                "eligibility": "Cities hosting displaced people (demo data).",
                "deadline": "2027-01-31",
            },
        )
        path = {
            "intake": [],
            "concept_note": ["concept_note"],
            "review": ["concept_note", "review"],
            "declined": ["concept_note", "declined"],
        }
        for name, opportunity, stage in (
            ("Irbid", fund, "intake"),
            ("Tapachula", fund, "concept_note"),
            ("Koboko", swiss, "review"),
            ("Mersin", fund, "declined"),
        ):
            connection = outreach.call(
                "POST",
                "/funding/connections",
                json={"city_id": ids[name], "opportunity_id": opportunity["id"]},
            )
            for to in path[stage]:
                outreach.call(
                    "POST",
                    f"/funding/connections/{connection['id']}/stage",
                    json={"to_stage": to},
                )
        awards: list[tuple[str, Json, str, str, list[tuple[str, str | None]]]] = [
            # city, opportunity, amount, awarded on, reports (due, received) - demo data
            ("Arua", swiss, "120000", "2026-03-15", [("2026-09-15", "2026-09-10")]),
            ("Barranquilla", fund, "200000", "2025-11-01", [("2026-05-01", "2026-05-20")]),
            ("Cúcuta", fund, "180000", "2026-10-01", []),
        ]
        awards[0][4].append(("2027-03-15", None))  # due later: not late
        awards[1][4].append(("2026-11-01", None))  # due a month ago, not received: late
        for name, opportunity, amount, on, reports in awards:
            connection = outreach.call(
                "POST",
                "/funding/connections",
                json={"city_id": ids[name], "opportunity_id": opportunity["id"]},
            )
            cid = connection["id"]
            for to in ("concept_note", "review"):
                outreach.call("POST", f"/funding/connections/{cid}/stage", json={"to_stage": to})
            outreach.call(
                "POST",
                f"/funding/connections/{cid}/award",
                json={"amount": amount, "awarded_on": on},
            )
            for due, received in reports:
                outreach.call("POST", f"/funding/connections/{cid}/reports", json={"due_on": due})
                if received:
                    outreach.call(
                        "POST",
                        f"/funding/connections/{cid}/reports/received",
                        json={"due_on": due, "received_on": received},
                    )
        # --- partner organisations (public facts) and a coalition -----------------------------
        partners: dict[str, Json] = {}
        IOM = "International Organization for Migration (IOM)"  # noqa: N806
        for name, kinds, website, relationship in PARTNERS:
            partners[name] = outreach.call(
                "POST",
                "/partners",
                json={
                    "name": name,
                    "kinds": kinds,
                    "website": website,
                    "relationship_to_mmc": relationship,
                },
            )
        for org, city, relationship in (
            ("C40 Cities", "Barranquilla", "member city (demo data)"),
            ("United Cities and Local Governments (UCLG)", "Gaziantep", "member (demo data)"),
            ("International Organization for Migration (IOM)", "Tapachula", "field partner"),
            ("UN Refugee Agency (UNHCR)", "Arua", "refugee response partner (demo data)"),
        ):
            outreach.call(
                "POST",
                f"/partners/{partners[org]['id']}/cities",
                json={"city_id": ids[city], "relationship": relationship},
            )
        coalition = outreach.call(
            "POST",
            "/coalitions",
            json={
                "name": "Border cities on people in transit (demo data)",
                "goal": "A joint city input on safe transit to the next regional review "
                "of the Global Compact for Migration (demo data).",
                "requested_by_city_id": ids["Tapachula"],
            },
        )
        for kind, member, on in (
            ("city", ids["Tapachula"], "2026-09-01"),
            ("city", ids["Mexicali"], "2026-09-15"),
            ("city", ids["Cúcuta"], "2026-10-01"),
            ("organisation", partners[IOM]["id"], "2026-10-01"),
        ):  # fmt: skip
            outreach.call(
                "POST",
                f"/coalitions/{coalition['id']}/members",
                json={"member_kind": kind, "member_id": member, "on": on},
            )
        outreach.call(
            "POST",
            f"/coalitions/{coalition['id']}/members/leave",
            json={"member_kind": "city", "member_id": ids["Mexicali"], "on": "2026-11-20"},
        )
        summary["partners"] = len(partners)

        summary["funding_sums_by_city"] = outreach.call(
            "GET", "/funding/sums", params={"by": "city"}
        )
        return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_outreach.demo.load", description="Load outreach's demo data."
    )
    parser.add_argument("--url", default=os.environ.get("MMC_OUTREACH_URL", DEFAULT_URL))
    parser.add_argument(
        "--cities-url", default=os.environ.get("MMC_CITIES_URL", DEFAULT_CITIES_URL)
    )
    parser.add_argument("--token", default=os.environ.get("MMC_API_TOKEN", DEVELOPMENT_API_TOKEN))
    parser.add_argument("--actor", default="demo-loader")
    args = parser.parse_args(argv)
    try:
        summary = load(args.url, args.cities_url, args.token, args.actor)
    except (httpx.HTTPError, RuntimeError) as error:
        print(f"outreach demo data: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"outreach demo data": summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m mmc_outreach.demo.load` against the cities and outreach services served over real
HTTP, as `make run` does: the cities demo data first, then outreach's, twice."""

from __future__ import annotations

import asyncio
import json

import pytest

from mmc_cities.demo.load import main as load_cities
from mmc_outreach.demo.load import main as load_outreach
from tests.integration.board.conftest import Cities
from tests.integration.board.test_demo_load import served
from tests.integration.outreach.conftest import Outreach
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def test_the_demo_loader_tells_todays_story_once(
    cities: Cities, outreach: Outreach, capsys: pytest.CaptureFixture[str]
) -> None:
    async with (
        served(cities.runtime.http) as cities_url,
        served(outreach.runtime.http) as outreach_url,
    ):
        assert await asyncio.to_thread(load_cities, ["--url", cities_url]) == 0
        capsys.readouterr()
        args = ["--url", outreach_url, "--cities-url", cities_url]
        assert await asyncio.to_thread(load_outreach, args) == 0
        summary = json.loads(capsys.readouterr().out)["outreach demo data"]
        assert summary["mailbox"] == {"messages": 5, "imported": 5, "duplicates": 0}
        assert await asyncio.to_thread(load_outreach, args) == 0
        assert "skipped" in json.loads(capsys.readouterr().out)["outreach demo data"]

    inquiries = await outreach.ok("GET", "/inquiries", params={"limit": 50})
    assert inquiries["total"] == 7
    statuses = {item["status"] for item in inquiries["items"]}
    assert statuses == {"received", "triaged", "assigned", "answered", "closed"}
    kinds = {item["kind"] for item in inquiries["items"]} - {None}
    assert kinds == {
        "idea",
        "question",
        "assistance_request",
        "nomination_interest",
        "partnership_interest",
    }
    pipeline = await outreach.ok("GET", "/targets")
    assert pipeline["total"] == 5
    assert all("secondary city (+3)" in row["priority"]["reasons"] for row in pipeline["items"])
    stages = {item["stage"] for item in (await outreach.ok("GET", "/funding/connections"))["items"]}
    assert stages == {"intake", "concept_note", "review", "declined", "awarded", "reporting"}
    response = await outreach.client.get("/funding/sums", params={"by": "funder"})
    by_funder: list[dict[str, str]] = response.json()
    assert {(s["key"], s["currency"]) for s in by_funder} == {
        ("Government of Switzerland", "CHF"),
        ("Open Society Foundations", "USD"),
    }
    partners = await outreach.ok("GET", "/partners")
    assert partners["total"] == 5
    coalitions = await outreach.ok("GET", "/coalitions")
    (coalition,) = coalitions["items"]
    assert [m["left_on"] for m in coalition["memberships"]].count(None) == 3
    # Ciudad Juárez and Lodwar wrote in: the registry has them as prospects, once each.
    for name in ("Ciudad Juárez", "Lodwar"):

        async def registered(name: str = name) -> bool:
            found = await cities.ok("GET", "/cities", params={"q": name})
            total: int = found["total"]
            assert total <= 1, name
            return total == 1

        await eventually(registered, 30, f"{name} registered as a prospect")

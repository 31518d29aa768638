"""`python -m mmc_advocacy.demo.load` against both services served over real HTTP, as `make run`
does: the cities demo data first, then advocacy's calendar and demo story, twice."""

from __future__ import annotations

import asyncio
import json

import pytest

from mmc_advocacy.demo.load import SIGNATORIES
from mmc_advocacy.demo.load import main as load_advocacy
from mmc_cities.demo.load import main as load_cities
from tests.integration.advocacy.conftest import Advocacy, Service
from tests.integration.board.test_demo_load import served

pytestmark = pytest.mark.integration


async def test_the_demo_loader_tells_the_story_once(
    cities: Service, advocacy: Advocacy, capsys: pytest.CaptureFixture[str]
) -> None:
    async with served(cities.runtime.http) as cities_url, served(advocacy.runtime.http) as url:
        assert await asyncio.to_thread(load_cities, ["--url", cities_url]) == 0
        capsys.readouterr()
        assert await asyncio.to_thread(load_advocacy, ["--url", url, "--wait", "60"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["loaded"] is True
        assert report["signatures"] == len(SIGNATORIES)
        assert await asyncio.to_thread(load_advocacy, ["--url", url]) == 0
        assert json.loads(capsys.readouterr().out)["loaded"] is False

    campaigns = await advocacy.ok("GET", "/campaigns")
    (campaign,) = campaigns["items"]
    assert campaign["status"] == "live"
    assert campaign["amplification"]["reach"] > 0
    statement = next(
        m
        for m in (await advocacy.ok("GET", "/materials?kind=public_statement"))["items"]
        if m["status"] == "published"
    )
    public = await advocacy.ok("GET", f"/public/statements/{statement['id']}/signatories")
    assert len(public["signatories"]) == len(SIGNATORIES)
    assert (await advocacy.ok("GET", "/pledges"))["total"] >= 4
    assert (await advocacy.ok("GET", "/resources?limit=1"))["total"] >= 12
    found = await advocacy.ok("GET", "/resources", params={"q": "acolhimento migracao"})
    assert found["items"][0]["language"] == "pt"

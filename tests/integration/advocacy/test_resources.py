"""The knowledge repository over HTTP on the real database: research moves through its life
cycle, a resource's file round-trips through GridFS on FerretDB, and search finds what is added
at once (the in-memory index takes this process's writes)."""

from __future__ import annotations

import os

import pytest

from mmc_advocacy.adapters.files import BUCKET
from tests.integration.advocacy.conftest import Advocacy

pytestmark = pytest.mark.integration


async def test_research_moves_through_its_life_cycle_and_search_finds_it_at_once(
    advocacy: Advocacy,
) -> None:
    research = await advocacy.ok(
        "POST",
        "/resources",
        201,
        json={
            "kind": "research",
            "title": "Ciudades y migración climática en los Andes",
            "summary": "Investigación encargada sobre la movilidad por el clima.",
            "topics": ["movilidad climática"],
            "language": "es",
            "region": "Americas",
            "authors": ["A. Researcher"],
            "funder": "A Foundation",
            "commissioned_on": "2026-02-01",
        },
    )
    assert research["research_status"] == "commissioned"
    url = f"/resources/{research['id']}/research-status"
    early = await advocacy.client.post(url, json={"to_status": "published"})
    assert early.status_code == 409
    await advocacy.ok("POST", url, json={"to_status": "in_progress"})
    done = await advocacy.ok(
        "POST", url, json={"to_status": "published", "published_on": "2026-11-30"}
    )
    assert (done["research_status"], done["published_on"]) == ("published", "2026-11-30")
    found = await advocacy.ok("GET", "/resources", params={"q": "MIGRACION climatica andes"})
    assert found["items"][0]["id"] == research["id"]
    assert found["items"][0]["score"] > 0
    filtered = await advocacy.ok("GET", "/resources", params={"q": "migracion", "language": "fr"})
    assert filtered["total"] == 0
    listed = await advocacy.ok("GET", "/resources", params={"research_status": "published"})
    assert [r["id"] for r in listed["items"]] == [research["id"]]


async def test_a_file_round_trips_through_gridfs_and_a_replaced_one_is_removed(
    advocacy: Advocacy,
) -> None:
    guide = await advocacy.ok(
        "POST",
        "/resources",
        201,
        json={"kind": "guide", "title": "Welcoming guide", "summary": "How to", "topics": []},
    )
    missing = await advocacy.client.get(f"/resources/{guide['id']}/file")
    assert missing.status_code == 404
    data = os.urandom(2_500_000)
    url = f"/resources/{guide['id']}/file"
    stored = await advocacy.ok(
        "PUT",
        url,
        params={"file_name": "guide é.pdf"},
        content=data,
        headers={"Content-Type": "application/pdf"},
    )
    assert stored["file"]["size"] == len(data)
    response = await advocacy.client.get(url)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "application/pdf"
    await advocacy.ok("PUT", url, params={"file_name": "v2.pdf"}, content=b"second version")
    assert (await advocacy.client.get(url)).content == b"second version"
    assert advocacy.database is not None
    assert await advocacy.database[f"{BUCKET}.files"].count_documents({}) == 1
    unknown = await advocacy.client.put(
        "/resources/nope/file", params={"file_name": "x.pdf"}, content=b"x"
    )
    assert unknown.status_code == 404

"""Cities CSV import through the gateway's pages, over the real cities service, broker and
database: good rows registered in cities, bad rows listed with line and reason, nothing
half-done; the job's progress polled as HTMX does; CSV export of the list."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway, SignedIn

pytestmark = pytest.mark.integration


async def upload(person: SignedIn, content: str, *, csrf: bool = True) -> tuple[int, str]:
    data = {"csrf_token": person.csrf} if csrf else {}
    response = await person.client.post(
        "/cities/import",
        data=data,
        files={"file": ("cities.csv", content.encode(), "text/csv")},
    )
    return response.status_code, response.headers.get("location", response.text)


async def finished(person: SignedIn, job_path: str) -> str:
    """The progress fragment once the job is no longer running (polled like HTMX does)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        fragment = await person.client.get(f"{job_path}/progress", headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        if "hx-trigger" not in fragment.text:
            return fragment.text
        await asyncio.sleep(0.3)
    raise AssertionError("the import did not finish within 60 s")


async def test_good_rows_registered_bad_rows_listed(gateway: Gateway) -> None:
    admin = await gateway.signed_in(Role.SECRETARIAT)
    good = [unique("Importville"), unique("Importtown")]
    bad_size, bad_country = unique("Badsize"), unique("Badcountry")
    content = (
        "name,country_code,size_class,population\n"
        f"{good[0]},SL,secondary,120000\n"
        f"{bad_size},KE,enormous,5000\n"
        f"{good[1]},Kenya,primary,\n"
        f"{bad_country},ZZ,secondary,\n"
        f"{good[0]},SL,secondary,120000\n"
    )
    form = await admin.client.get("/cities/import")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    started = time.monotonic()
    status, job_path = await upload(admin, content)
    assert status == 303, job_path
    assert job_path.startswith("/cities/imports/import-")
    page = await admin.client.get(job_path)
    assert page.status_code == 200
    assert "<progress" in page.text or "Done:" in page.text
    report = await finished(admin, job_path)
    print(f"\nimport finished in {time.monotonic() - started:.2f} s")
    assert "Done: 2 imported, 1 already registered, 2 rejected." in report
    rejected = report.split('id="rejected-rows"')[1].split("</table>")[0]
    assert f"<td>3</td><td>{bad_size}</td>" in rejected
    assert f"<td>5</td><td>{bad_country}</td>" in rejected
    assert "size_class" in rejected  # the reason names the bad field
    assert "is not a country code" in rejected
    assert "<td>6</td><td>" in report.split('id="duplicate-rows"')[1]
    async with gateway.api("cities") as cities:
        for name in good:
            found = (await cities.get("/cities", params={"q": name})).json()["items"]
            assert [city["name"] for city in found] == [name], name
        for name in (bad_size, bad_country):
            assert (await cities.get("/cities", params={"q": name})).json()["items"] == []
    entry = await gateway.database["audit"].find_one(
        {"staff_id": admin.account.staff_id, "action": "cities.import"}
    )
    assert entry
    assert entry["target"] == job_path.rsplit("/", 1)[1]
    # The list's export carries the imported cities.
    export = await admin.client.get("/cities/export.csv", params={"q": good[0]})
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert good[0] in export.text
    assert export.text.splitlines()[0].startswith("name,")


async def test_a_file_the_service_refuses_ends_the_job_failed(gateway: Gateway) -> None:
    admin = await gateway.signed_in(Role.ADMIN)
    status, job_path = await upload(admin, "town,land\nX,Y\n")
    assert status == 303
    report = await finished(admin, job_path)
    assert "The import stopped:" in report
    assert "422" in report


async def test_no_file_no_token_no_role(gateway: Gateway) -> None:
    admin = await gateway.signed_in(Role.ADMIN)
    empty = await admin.client.post("/cities/import", data={"csrf_token": admin.csrf})
    assert empty.status_code == 422
    assert "Choose a CSV file" in empty.text
    status, _ = await upload(admin, "name,country_code,size_class\nA,SL,primary\n", csrf=False)
    assert status == 403
    refused = await gateway.database["audit"].find_one(
        {"staff_id": admin.account.staff_id, "action": "csrf", "target": "/cities/import"}
    )
    assert refused
    assert refused["outcome"] == "refused"
    viewer = await gateway.signed_in(Role.VIEWER)
    status, _ = await upload(viewer, "name,country_code,size_class\nA,SL,primary\n")
    assert status == 403
    assert (await admin.client.get("/cities/imports/import-none")).status_code == 404


async def test_a_job_its_process_left_running_shows_as_interrupted(gateway: Gateway) -> None:
    admin = await gateway.signed_in(Role.SECRETARIAT)
    job_id = f"import-{unique('stale')[-12:]}"
    await gateway.database["city_imports"].insert_one(
        {
            "_id": job_id,
            "staff_id": admin.account.staff_id,
            "file": "cities.csv",
            "status": "running",
            "processed": 100,
            "total": 400,
            "started_at": datetime.now(UTC) - timedelta(minutes=20),
        }
    )
    page = await admin.client.get(f"/cities/imports/{job_id}")
    assert page.status_code == 200
    assert "The import stopped: interrupted" in page.text
    assert "hx-trigger" not in page.text

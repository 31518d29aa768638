"""Public pages without sign-in, as HTML, CSV and JSON: public facts only."""

from __future__ import annotations

import csv
import io

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway

pytestmark = pytest.mark.integration


async def test_partner_cities_and_the_board_are_public(gateway: Gateway) -> None:
    staff = await gateway.signed_in(Role.SECRETARIAT)
    name = unique("Publicville")
    registered = await staff.client.post(
        "/cities/new",
        data={
            "name": name,
            "country_code": "UG",
            "size_class": "secondary",
            "csrf_token": staff.csrf,
        },
    )
    city_id = registered.headers["location"].rsplit("/", 1)[-1]
    for status in ("engaged", "partner"):
        moved = await staff.client.post(
            f"/cities/{city_id}/partnership",
            data={"to_status": status, "reason": "Agreed", "csrf_token": staff.csrf},
        )
        assert moved.status_code == 303

    async with gateway.client() as visitor:
        index = await visitor.get("/public")
        assert index.status_code == 200
        page = await visitor.get("/public/partner-cities")
        assert page.status_code == 200
        assert name in page.text
        as_json = (await visitor.get("/public/partner-cities.json")).json()
        mine = [c for c in as_json["items"] if c["name"] == name]
        assert mine == [
            {
                "name": name,
                "country_code": "UG",
                "region": "Africa",
                "sub_region": "Eastern Africa",
                "size_class": "secondary",
            }
        ]
        as_csv = await visitor.get("/public/partner-cities.csv")
        assert as_csv.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert any(row["name"] == name for row in rows)
        for path in ("/public/board", "/public/board-history"):
            for suffix in ("", ".json", ".csv"):
                response = await visitor.get(path + suffix)
                assert response.status_code == 200, path + suffix
                assert "staff-" not in response.text

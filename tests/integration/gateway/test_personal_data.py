"""The admin page and the API that export and erase a person's data across the services, with
the gateway's own rules for staff accounts (real broker, real database)."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from mmc_chassis.personal_data import PersonQuery, ask_services
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_contracts import decode
from mmc_contracts.gateway import AuditRecorded
from mmc_contracts.topics import GATEWAY_AUDIT
from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.board.conftest import read_all
from tests.integration.gateway.conftest import Gateway, sign_in
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def test_admin_exports_then_erases_a_staff_member_everywhere(
    gateway: Gateway, kafka_bootstrap: str
) -> None:
    admin = await gateway.signed_in(Role.ADMIN)
    email = f"{unique('leaving')}@mmc.example.org"
    person, password = await gateway.accounts.create(
        email=email, name="Leaving Person-Privacy", roles={Role.VIEWER}
    )
    viewer = gateway.client()
    assert (await sign_in(viewer, email, password)).status_code == 303

    # Not for a viewer: refused, and on record.
    page = await viewer.get("/admin/personal-data")
    assert page.status_code == 403

    # The person also owns a partner's webhook endpoint (their e-mail is its owner contact).
    async with gateway.api("webhooks") as webhooks:
        registered = await webhooks.post(
            "/endpoints",
            json={
                "url": "http://127.0.0.1:9/h",
                "topics": ["mmc.cities.city.v2"],
                "owner_contact": email,
            },
        )
    assert registered.status_code == 201, registered.text
    endpoint_id = registered.json()["id"]

    # Export: the gateway's account and every service's answer, each in its own section.
    form = await admin.client.get("/admin/personal-data")
    assert form.status_code == 200
    exported = await admin.client.post(
        "/admin/personal-data",
        data={"csrf_token": admin.csrf, "action": "export", "email": email.upper()},
    )
    assert exported.status_code == 200, exported.text
    assert "Leaving Person-Privacy" in exported.text
    sections = _sections(exported.text)
    assert set(sections) == {"gateway", "cities", "board", "advocacy", "outreach", "webhooks"}
    for name, section in sections.items():
        assert "error" not in section, f"{name} gave no answer: {section}"
    assert "webhook endpoint owner" in sections["webhooks"]

    # Without the CSRF token: refused.
    forged = await admin.client.post(
        "/admin/personal-data", data={"action": "erase", "email": email}
    )
    assert forged.status_code == 403
    # Neither e-mail nor id: 422 with the reason on the page.
    empty = await admin.client.post(
        "/admin/personal-data", data={"csrf_token": admin.csrf, "action": "export"}
    )
    assert empty.status_code == 422
    assert "give an email or a person_id" in empty.text

    erased = await admin.client.post(
        "/admin/personal-data",
        data={"csrf_token": admin.csrf, "action": "erase", "email": email},
    )
    assert erased.status_code == 200, erased.text
    assert f"staff account {person.staff_id}" in erased.text
    assert f"webhook endpoint owner {endpoint_id}" in _sections(erased.text)["webhooks"]

    # The account holds neither the e-mail nor the name; it is disabled, its session ended.
    stored = await gateway.database["accounts"].find_one({"_id": person.staff_id})
    assert stored is not None
    assert email not in json.dumps(stored, default=str)
    assert "Leaving Person-Privacy" not in json.dumps(stored, default=str)
    assert stored["disabled"] is True
    assert "password_hash" not in stored
    assert (await viewer.get("/")).status_code in (303, 401)
    assert await gateway.database["sessions"].count_documents({"staff_id": person.staff_id}) == 0

    # On the audit trail, by staff id only, and published without the e-mail.
    entries = [
        e
        async for e in gateway.database["audit"].find(
            {"staff_id": admin.account.staff_id, "action": {"$regex": "^(personal_data|accounts)"}}
        )
    ]
    assert {e["action"] for e in entries} >= {
        "personal_data.export",
        "personal_data.erase",
        "accounts.erase",
    }
    topic = gateway.settings.topic_prefix + GATEWAY_AUDIT

    async def published() -> bool:
        records = await read_all(kafka_bootstrap, topic)
        events = [decode(r.value, r.headers) for r in records]
        return any(
            isinstance(e, AuditRecorded)
            and e.action == "accounts.erase"
            and e.target == person.staff_id
            for e in events
        )

    await eventually(published, 30, "the erasure on the audit topic")
    for record in await read_all(kafka_bootstrap, topic):
        assert email.encode() not in (record.value or b"").lower()

    # Asking again: nothing more to erase.
    again = await ask_services(
        {"gateway": "http://gateway.test"},
        "erase",
        PersonQuery(email=email),
        token=DEVELOPMENT_API_TOKEN,
        actor=admin.account.staff_id,
        transport=httpx.ASGITransport(app=gateway.app),
    )
    assert again == {"gateway": {"service": "gateway", "erased": [], "kept": []}}


def _sections(page: str) -> dict[str, str]:
    """Each service's answer on the page, by service name."""
    found = re.findall(r'<h3 id="pd-([a-z]+)">[a-z]+</h3>\s*<pre[^>]*>(.*?)</pre>', page, re.S)
    return dict(found)


async def test_the_api_needs_the_token_and_a_person(gateway: Gateway) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gateway.app), base_url="http://gateway.test"
    ) as client:
        assert (await client.get("/personal-data", params={"email": "a@b.org"})).status_code == 401
        headers = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}"}
        nobody = await client.get("/personal-data", headers=headers)
        assert nobody.status_code == 422
        bad = await client.get(
            "/personal-data", params={"email": "not an address"}, headers=headers
        )
        assert bad.status_code == 422
        unknown = await client.get(
            "/personal-data", params={"person_id": "staff-none"}, headers=headers
        )
        assert unknown.json() == {"service": "gateway", "held": []}


async def test_an_operator_who_is_not_staff_may_erase(gateway: Gateway) -> None:
    """The command may be run by an operator named by an id that is not a staff id: the erasure
    is done and on the audit trail with nobody named, never a 500."""
    email = f"{unique('operator-erased')}@mmc.example.org"
    person, _ = await gateway.accounts.create(email=email, name="Op Erased", roles={Role.VIEWER})
    answers = await ask_services(
        {"gateway": "http://gateway.test"},
        "erase",
        PersonQuery(email=email),
        token=DEVELOPMENT_API_TOKEN,
        actor="ops-oncall",
        transport=httpx.ASGITransport(app=gateway.app),
    )
    assert answers["gateway"]["erased"] == [f"staff account {person.staff_id}"]
    entry = await gateway.database["audit"].find_one(
        {"action": "accounts.erase", "target": person.staff_id}
    )
    assert entry is not None
    assert entry["staff_id"] is None

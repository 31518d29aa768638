"""The refusals of issue 10's session rules, each seen in the audit trail (test_sign_in.py has
the rules themselves): CSRF on HTMX requests, sessions ended by their timeouts and by a disabled
account (within 60 s: at the next request), throttling per client address. Each test prints
what it saw."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway, sign_in

pytestmark = pytest.mark.integration


async def audited(gateway: Gateway, **query: object) -> dict[str, Any]:
    entry: dict[str, Any] | None = await gateway.database["audit"].find_one(
        query, sort=[("at", -1)]
    )
    assert entry, f"not in the audit trail: {query}"
    print(
        f"  audit: {entry['action']} {entry['outcome']} target={entry['target']} "
        f"staff={entry['staff_id']} from {entry['address']}"
    )
    return entry


async def test_htmx_requests_without_the_token_are_refused(gateway: Gateway) -> None:
    person = await gateway.signed_in(Role.SECRETARIAT)
    form = {"name": unique("Htmxville"), "country_code": "SL", "size_class": "secondary"}
    htmx = {"HX-Request": "true"}
    missing = await person.client.post("/cities/new", data=form, headers=htmx)
    forged = await person.client.post(
        "/cities/new", data=form, headers={**htmx, "X-CSRF-Token": "forged"}
    )
    print(f"\nHTMX POST without token: {missing.status_code}; forged token: {forged.status_code}")
    assert missing.status_code == 403
    assert forged.status_code == 403
    refusals = await gateway.database["audit"].count_documents(
        {"staff_id": person.account.staff_id, "action": "csrf", "outcome": "refused"}
    )
    assert refusals == 2
    await audited(gateway, staff_id=person.account.staff_id, action="csrf", target="/cities/new")
    async with gateway.api("cities") as cities:
        found = (await cities.get("/cities", params={"q": form["name"]})).json()["items"]
        assert found == [], "a refused request changed something"
    accepted = await person.client.post(
        "/cities/new", data=form, headers={**htmx, "X-CSRF-Token": person.csrf}
    )
    assert accepted.status_code == 303


async def test_the_timeouts_end_sessions_on_record(gateway: Gateway) -> None:
    sessions = gateway.database["sessions"]
    print()
    for timeout, change in (
        ("idle", {"last_seen": datetime.now(UTC) - timedelta(minutes=31)}),
        ("absolute", {"created_at": datetime.now(UTC) - timedelta(hours=12, minutes=1)}),
    ):
        person = await gateway.signed_in(Role.VIEWER, address="10.5.0.5")
        await sessions.update_many({"staff_id": person.account.staff_id}, {"$set": change})
        page = await person.client.get("/cities")
        print(f"{timeout} timeout: {page.status_code} -> {page.headers.get('location')}")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/sign-in")
        entry = await audited(
            gateway, staff_id=person.account.staff_id, action="auth.session_ended"
        )
        assert entry["target"] == timeout
        assert entry["outcome"] == "refused"
        assert entry["address"] == "10.5.0.5"


async def test_a_disabled_account_is_ended_within_60_seconds(gateway: Gateway) -> None:
    admin = await gateway.signed_in(Role.ADMIN)
    person = await gateway.signed_in(Role.SECRETARIAT)
    assert (await person.client.get("/cities")).status_code == 200
    at = time.monotonic()
    disabled = await admin.client.post(
        f"/admin/accounts/{person.account.staff_id}",
        data={"roles": ["secretariat"], "disabled": "true", "csrf_token": admin.csrf},
    )
    assert disabled.status_code == 303
    sessions = gateway.database["sessions"]
    left = await sessions.count_documents({"staff_id": person.account.staff_id})
    # An open page's next HTMX request, then a plain one.
    poll = await person.client.get("/cities", headers={"HX-Request": "true"})
    elapsed = time.monotonic() - at
    print(
        f"\ndisabled on the accounts page: {left} sessions left; the next request "
        f"{elapsed:.3f} s after the admin's got {poll.status_code} "
        f"{poll.headers.get('HX-Redirect')}"
    )
    assert left == 0
    assert poll.status_code == 401
    assert poll.headers["HX-Redirect"].startswith("/sign-in")
    assert elapsed < 60
    assert (await person.client.get("/cities")).status_code == 303
    entry = await audited(gateway, staff_id=admin.account.staff_id, action="accounts.update")
    assert entry["target"] == person.account.staff_id

    # Disabled elsewhere (another gateway process, the admin command): the session's next
    # request reads the account, ends every session of it, and says so in the audit trail.
    other = await gateway.signed_in(Role.VIEWER)
    await gateway.accounts.update(
        other.account.staff_id, roles={Role.VIEWER}, approver=False, disabled=True
    )
    page = await other.client.get("/")
    print(f"disabled in the database: the next request got {page.status_code}")
    assert page.status_code == 303
    assert await sessions.count_documents({"staff_id": other.account.staff_id}) == 0
    entry = await audited(gateway, staff_id=other.account.staff_id, action="auth.session_ended")
    assert entry["target"] == "disabled"


async def test_throttled_per_address_on_record(gateway: Gateway) -> None:
    other, password = await gateway.account(Role.VIEWER)
    print()
    async with gateway.client("10.4.0.4") as browser:
        for _ in range(gateway.settings.throttle_per_address):
            email = f"{unique('guess')}@mmc.example.org"
            assert (await sign_in(browser, email, "guess")).status_code == 401
        failed = await gateway.database["audit"].count_documents(
            {"action": "auth.sign_in", "outcome": "failed", "address": "10.4.0.4"}
        )
        print(f"{failed} failed sign-ins from 10.4.0.4 on record")
        assert failed == gateway.settings.throttle_per_address
        blocked = await sign_in(browser, other.email, password)
        print(f"then the right password from the same address: {blocked.status_code}")
        assert blocked.status_code == 429
    entry = await audited(gateway, staff_id=other.staff_id, action="auth.sign_in")
    assert entry["outcome"] == "refused"
    assert entry["target"] == "throttled"
    assert entry["address"] == "10.4.0.4"

"""Sign-in, sessions, CSRF, throttling and the audit trail, on the real database and broker."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import UTC, datetime, timedelta

import pytest

from mmc_contracts.topics import GATEWAY_AUDIT
from mmc_gateway.roles import Role
from mmc_gateway.sessions import COOKIE
from mmc_gateway.settings import GatewaySettings
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway, csrf_of, sign_in
from tests.kafka_reading import read_topic

pytestmark = pytest.mark.integration


async def audit_entry(gateway: Gateway, **query: object) -> dict[str, object] | None:
    return await gateway.database["audit"].find_one(query, sort=[("at", -1)])


async def test_sign_in_sets_a_safe_cookie_and_a_new_session_each_time(gateway: Gateway) -> None:
    account, password = await gateway.account(Role.VIEWER)
    async with gateway.client() as browser:
        first = await sign_in(browser, account.email, password, next_url="/cities")
        assert first.status_code == 303
        assert first.headers["location"] == "/cities"
        cookie = next(
            value for value in first.headers.get_list("set-cookie") if value.startswith(COOKIE)
        )
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert "Path=/" in cookie
        old_token = browser.cookies[COOKIE]
        again = await sign_in(browser, account.email, password)
        assert again.status_code == 303
        assert browser.cookies[COOKIE] != old_token, "no new session id at sign-in"
        assert await browser.get("/") is not None
    async with gateway.client() as thief:
        thief.cookies.set(COOKIE, old_token)
        stolen = await thief.get("/")
        assert stolen.status_code == 303, "the session before sign-in still works"
    entry = await audit_entry(gateway, staff_id=account.staff_id, action="auth.sign_in")
    assert entry
    assert entry["outcome"] == "succeeded"
    assert entry["address"] == "127.0.0.1"


async def test_the_cookie_is_secure_unless_turned_off_and_never_off_in_production() -> None:
    assert GatewaySettings(environment="development").cookie_secure
    with pytest.raises(ValueError, match="MMC_COOKIE_SECURE"):
        GatewaySettings(environment="production", api_token="x" * 40, cookie_secure=False)


async def test_next_never_leaves_the_site(gateway: Gateway) -> None:
    account, password = await gateway.account(Role.VIEWER)
    async with gateway.client() as browser:
        response = await sign_in(browser, account.email, password, next_url="//evil.example")
        assert response.headers["location"] == "/"


async def test_wrong_password_is_refused_and_audited(gateway: Gateway) -> None:
    account, _ = await gateway.account(Role.VIEWER)
    async with gateway.client("10.0.0.7") as browser:
        response = await sign_in(browser, account.email, "not the password")
        assert response.status_code == 401
        assert COOKIE not in browser.cookies
    entry = await audit_entry(gateway, staff_id=account.staff_id, action="auth.sign_in")
    assert entry
    assert entry["outcome"] == "failed"
    assert entry["address"] == "10.0.0.7"


async def test_sign_in_throttled_per_account_then_per_address(gateway: Gateway) -> None:
    account, password = await gateway.account(Role.VIEWER)
    async with gateway.client("10.1.0.1") as browser:
        for _ in range(gateway.settings.throttle_per_account):
            assert (await sign_in(browser, account.email, "wrong")).status_code == 401
        blocked = await sign_in(browser, account.email, password)
        assert blocked.status_code == 429, "the right password passes a throttled account"
    entry = await audit_entry(gateway, staff_id=account.staff_id, target="throttled")
    assert entry
    assert entry["outcome"] == "refused"

    other, other_password = await gateway.account(Role.VIEWER)
    async with gateway.client("10.2.0.2") as browser:
        for _ in range(gateway.settings.throttle_per_address):
            email = f"{unique('nobody')}@mmc.example.org"
            assert (await sign_in(browser, email, "guess")).status_code == 401
        blocked = await sign_in(browser, other.email, other_password)
        assert blocked.status_code == 429, "one address may guess at many accounts"
    async with gateway.client("10.3.0.3") as elsewhere:
        assert (await sign_in(elsewhere, other.email, other_password)).status_code == 303


async def test_forms_without_the_csrf_token_are_refused(gateway: Gateway) -> None:
    person = await gateway.signed_in(Role.SECRETARIAT)
    form = {"name": unique("Csrfville"), "country_code": "SL", "size_class": "secondary"}
    missing = await person.client.post("/cities/new", data=form)
    assert missing.status_code == 403
    wrong = await person.client.post("/cities/new", data={**form, "csrf_token": "forged"})
    assert wrong.status_code == 403
    entry = await audit_entry(gateway, staff_id=person.account.staff_id, action="csrf")
    assert entry
    assert entry["outcome"] == "refused"
    assert entry["target"] == "/cities/new"
    # HTMX sends the token as a header (hx-headers on <body>); that is accepted.
    accepted = await person.client.post(
        "/cities/new", data=form, headers={"X-CSRF-Token": person.csrf}
    )
    assert accepted.status_code == 303, accepted.text
    async with gateway.client() as stranger:
        form_page = await stranger.get("/sign-in")
        csrf_of(form_page.text)
        refused = await stranger.post(
            "/sign-in", data={"email": person.account.email, "password": "x", "csrf_token": "x"}
        )
        assert refused.status_code == 403


async def test_idle_and_absolute_timeouts_end_the_session(gateway: Gateway) -> None:
    sessions = gateway.database["sessions"]
    idle = await gateway.signed_in(Role.VIEWER)
    await sessions.update_many(
        {"staff_id": idle.account.staff_id},
        {"$set": {"last_seen": datetime.now(UTC) - timedelta(minutes=31)}},
    )
    assert (await idle.client.get("/")).status_code == 303
    assert await sessions.count_documents({"staff_id": idle.account.staff_id}) == 0

    busy = await gateway.signed_in(Role.VIEWER)
    await sessions.update_many(
        {"staff_id": busy.account.staff_id},
        {"$set": {"created_at": datetime.now(UTC) - timedelta(hours=12, minutes=1)}},
    )
    assert (await busy.client.get("/")).status_code == 303, "absolute timeout not applied"

    fresh = await gateway.signed_in(Role.VIEWER)
    await sessions.update_many(
        {"staff_id": fresh.account.staff_id},
        {"$set": {"last_seen": datetime.now(UTC) - timedelta(minutes=29)}},
    )
    assert (await fresh.client.get("/")).status_code == 200


async def test_a_disabled_account_is_signed_out_at_once(gateway: Gateway) -> None:
    admin = await gateway.signed_in(Role.ADMIN)
    person = await gateway.signed_in(Role.SECRETARIAT)
    assert (await person.client.get("/cities")).status_code == 200
    disabled = await admin.client.post(
        f"/admin/accounts/{person.account.staff_id}",
        data={"roles": ["secretariat"], "disabled": "true", "csrf_token": admin.csrf},
    )
    assert disabled.status_code == 303
    assert (await person.client.get("/cities")).status_code == 303
    again = await sign_in(person.client, person.account.email, "whatever")
    assert again.status_code == 401
    entry = await audit_entry(gateway, staff_id=admin.account.staff_id, action="accounts.update")
    assert entry
    assert entry["target"] == person.account.staff_id


async def test_sign_out_ends_the_session(gateway: Gateway) -> None:
    person = await gateway.signed_in(Role.VIEWER)
    out = await person.client.post("/sign-out", data={"csrf_token": person.csrf})
    assert out.status_code == 303
    assert (await person.client.get("/")).status_code == 303
    entry = await audit_entry(gateway, staff_id=person.account.staff_id, action="auth.sign_out")
    assert entry is not None


async def test_audit_events_carry_staff_ids_never_email_or_address(
    gateway: Gateway, kafka_bootstrap: str
) -> None:
    person = await gateway.signed_in(Role.VIEWER, address="10.9.8.7")
    refused = await person.client.get("/admin/audit")
    assert refused.status_code == 403
    topic = gateway.settings.topic_prefix + GATEWAY_AUDIT

    def mine(records: list) -> list[dict[str, object]]:  # type: ignore[type-arg]
        found = []
        for record in records:
            if person.account.staff_id.encode() in record.value:
                found.append(json.loads(record.value))
        return found

    records = await read_topic(
        kafka_bootstrap, topic, lambda seen: len(mine(seen)) >= 2, 30, "audit events"
    )
    events = mine(records)
    assert {event["action"] for event in events} >= {"auth.sign_in", "audit.view"}
    for record in records:
        assert person.account.email.encode() not in record.value
        assert b"10.9.8.7" not in record.value


async def create_admin(email: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mmc_gateway.admin",
        "create-admin",
        "--email",
        email,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return await process.wait(), output.decode()


async def test_create_admin_prints_a_one_time_password(gateway: Gateway) -> None:
    email = f"{unique('first-admin')}@mmc.example.org"
    env = {
        **os.environ,
        "MMC_MONGODB_URL": gateway.settings.mongodb_url,
        "MMC_MONGODB_DATABASE": gateway.settings.database_name,
        "MMC_ENVIRONMENT": "development",
    }
    returncode, output = await create_admin(email, env)
    assert returncode == 0, output
    password = output.strip().rsplit(" ", 1)[-1]
    assert len(password) >= 16
    stored = await gateway.database["accounts"].find_one({"email": email})
    assert stored
    assert password not in json.dumps(stored, default=str)
    assert str(stored["password_hash"]).startswith("$argon2id$")
    async with gateway.client() as browser:
        assert (await sign_in(browser, email, password)).status_code == 303
        assert (await browser.get("/admin/accounts")).status_code == 200
    returncode, _ = await create_admin(email, env)
    assert returncode == 1, "a second admin with the same e-mail"


async def test_demo_accounts_one_per_role_printed_once(gateway: Gateway) -> None:
    from mmc_gateway.demo.load import DEMO_ACCOUNTS, load

    printed = await load(gateway.settings)
    assert {role for _, role, _ in printed} == set(Role)
    again = await load(gateway.settings)
    assert [p for *_, p in printed] != [p for *_, p in again], "the same passwords twice"
    email, _, password = again[0]
    async with gateway.client() as browser:
        assert (await sign_in(browser, email, password)).status_code == 303
    assert len(DEMO_ACCOUNTS) == len(Role)

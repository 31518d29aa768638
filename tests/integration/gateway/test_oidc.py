"""Sign-in through a REAL OpenID Connect provider run locally: the certified npm package
`oidc-provider` (tests/oidc/provider.js, installed by deploy/local/fetch-oidc-provider.sh from
the committed package-lock.json). A browser (httpx, its own cookies) follows the real redirects
through the provider's login and consent pages back to the gateway, on the real database and
broker. No mock anywhere: the gateway's Authlib client fetches the discovery document, exchanges
the code with PKCE and verifies the ID token against the provider's keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import pytest
import pytest_asyncio
from pymongo import AsyncMongoClient

from mmc_gateway.accounts import Accounts
from mmc_gateway.app import build as build_gateway
from mmc_gateway.oidc import STATE_COOKIE, SUBJECT
from mmc_gateway.roles import Role
from mmc_gateway.sessions import COOKIE
from mmc_gateway.settings import GatewaySettings
from tests.conftest import unique
from tests.faults import free_port
from tests.integration.gateway.conftest import sign_in
from tests.oidc_provider import Provider, oidc_provider

pytestmark = pytest.mark.integration

GATEWAY = "http://gateway.test"
CALLBACK = f"{GATEWAY}/sign-in/oidc/callback"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The real provider as a process of its own, installed by the repo's script if missing."""
    log = tmp_path_factory.mktemp("oidc") / "provider.err"
    with oidc_provider(CALLBACK, log, unique("gateway")) as running:
        yield running


@dataclass
class Organisation:
    app: Any
    accounts: Accounts
    database: Any

    def browser(self) -> httpx.AsyncClient:
        """The gateway in-process at gateway.test; the provider over real HTTP."""
        return httpx.AsyncClient(
            mounts={GATEWAY: httpx.ASGITransport(app=self.app, client=("127.0.0.9", 50000))},
            base_url=GATEWAY,
            timeout=30,
        )

    async def audit(self, **query: object) -> dict[str, Any] | None:
        entry: dict[str, Any] | None = await self.database["audit"].find_one(
            query, sort=[("at", -1)]
        )
        return entry


@pytest_asyncio.fixture(scope="module")
async def organisation(
    provider: Provider,
    kafka_bootstrap: str,
    mongodb_url: str,
    mongo_client: AsyncMongoClient[dict[str, object]],
) -> AsyncIterator[Organisation]:
    settings = GatewaySettings(
        service_name=unique("gateway-oidc"),
        mongodb_database=unique("gateway_oidc").replace("-", "_"),
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        topic_prefix=unique("gwoidc") + ".",
        relay_sweep_seconds=0.5,
        log_json=False,
        cookie_secure=False,
        oidc_issuer=provider.issuer,
        oidc_client_id=provider.client_id,
        oidc_client_secret=provider.client_secret,
    )
    runtime = build_gateway(settings)
    async with runtime.http.router.lifespan_context(runtime.http):
        yield Organisation(
            runtime.http,
            runtime.http.state.gateway.accounts,
            mongo_client[settings.database_name],
        )
    await mongo_client.drop_database(settings.database_name)


class _Form(HTMLParser):
    """The first form of a page: its action and its inputs' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = found.get("action") or ""
        elif tag == "input" and found.get("name"):
            self.fields[str(found["name"])] = found.get("value") or ""


async def through_provider(
    browser: httpx.AsyncClient,
    login: str,
    *,
    next_url: str = "/events",
    tamper_state: bool = False,
) -> httpx.Response:
    """Start at the gateway, sign in at the provider (any password), consent, and come back:
    the gateway's answer to the callback."""
    response = await browser.get("/sign-in/oidc", params={"next": next_url})
    assert response.status_code == 303, response.text
    assert browser.cookies.get(STATE_COOKIE, domain="gateway.test")
    for _ in range(20):
        if response.is_redirect:
            target = urljoin(str(response.url), response.headers["location"])
            if target.startswith(CALLBACK):
                query = dict(parse_qsl(urlsplit(target).query))
                assert query.get("code")
                assert query.get("state")
                if tamper_state:
                    query["state"] = query["state"][:-2] + "xx"
                parts = urlsplit(target)
                return await browser.get(urlunsplit(parts._replace(query=urlencode(query))))
            response = await browser.get(target)
            continue
        assert response.status_code == 200, response.text[:500]
        form = _Form()
        form.feed(response.text)
        assert form.action, f"no form on the provider's page: {response.text[:300]}"
        if "login" in form.fields:
            form.fields.update({"login": login, "password": "any password"})
        response = await browser.post(urljoin(str(response.url), form.action), data=form.fields)
    raise AssertionError("the provider never sent the browser back")


async def test_a_known_person_signs_in_through_the_provider(organisation: Organisation) -> None:
    email = f"{unique('oidc')}@mmc.example.org"
    account, password = await organisation.accounts.create(
        email=email, name="OIDC Person", roles={Role.VIEWER}
    )
    async with organisation.browser() as browser:
        # A password session first: signing in again through the provider must replace it.
        assert (await sign_in(browser, email, password)).status_code == 303
        before = browser.cookies[COOKIE]
        answer = await through_provider(browser, email)
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == "/events"
        cookie = next(v for v in answer.headers.get_list("set-cookie") if v.startswith(COOKIE))
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert browser.cookies[COOKIE] != before, "no new session id at sign-in"
        page = await browser.get("/events")
        assert page.status_code == 200
        assert "OIDC Person" in page.text
    async with organisation.browser() as thief:
        thief.cookies.set(COOKIE, before, domain="gateway.test")
        assert (await thief.get("/events")).status_code == 303, "the older session still works"
    linked = await organisation.accounts.collection.find_one({"_id": account.staff_id})
    assert linked
    assert linked[SUBJECT]
    assert linked[SUBJECT] != email
    entry = await organisation.audit(staff_id=account.staff_id, target="oidc")
    assert entry
    assert entry["outcome"] == "succeeded"
    assert entry["address"] == "127.0.0.9"
    print(f"\nsigned in through the provider as {account.staff_id}, subject {linked[SUBJECT]}")


async def test_the_session_rules_apply_alike(organisation: Organisation) -> None:
    email = f"{unique('oidc')}@mmc.example.org"
    account, _ = await organisation.accounts.create(
        email=email, name="Idle Person", roles={Role.VIEWER}
    )
    async with organisation.browser() as browser:
        assert (await through_provider(browser, email)).status_code == 303
        assert (await browser.get("/events")).status_code == 200
        await organisation.database["sessions"].update_many(
            {"staff_id": account.staff_id},
            {"$set": {"last_seen": datetime.now(UTC) - timedelta(minutes=31)}},
        )
        idle = await browser.get("/events")
        assert idle.status_code == 303
        assert idle.headers["location"].startswith("/sign-in")
        assert (await through_provider(browser, email)).status_code == 303
        await organisation.database["sessions"].update_many(
            {"staff_id": account.staff_id},
            {"$set": {"created_at": datetime.now(UTC) - timedelta(hours=12, minutes=1)}},
        )
        old = await browser.get("/events")
        assert old.status_code == 303
        assert old.headers["location"].startswith("/sign-in")


async def test_an_unknown_person_is_refused_and_audited(organisation: Organisation) -> None:
    stranger = f"{unique('stranger')}@elsewhere.example.org"
    async with organisation.browser() as browser:
        answer = await through_provider(browser, stranger)
        assert answer.status_code == 403
        assert "No staff account" in answer.text
        assert COOKIE not in browser.cookies
        assert (await browser.get("/events")).status_code == 303
    entry = await organisation.audit(action="auth.sign_in", target="oidc.unknown")
    assert entry
    assert entry["outcome"] == "refused"
    assert entry["staff_id"] is None
    assert not await organisation.accounts.collection.find_one({"email": stranger})


async def test_a_disabled_account_is_refused(organisation: Organisation) -> None:
    email = f"{unique('oidc')}@mmc.example.org"
    account, _ = await organisation.accounts.create(email=email, name="Gone", roles={Role.VIEWER})
    await organisation.accounts.update(account.staff_id, roles=set(), approver=False, disabled=True)
    async with organisation.browser() as browser:
        answer = await through_provider(browser, email)
        assert answer.status_code == 403
        assert COOKIE not in browser.cookies
    entry = await organisation.audit(staff_id=account.staff_id, target="oidc.disabled")
    assert entry
    assert entry["outcome"] == "refused"


async def test_a_tampered_or_replayed_state_is_refused(organisation: Organisation) -> None:
    email = f"{unique('oidc')}@mmc.example.org"
    await organisation.accounts.create(email=email, name="Tampered", roles={Role.VIEWER})
    async with organisation.browser() as browser:
        answer = await through_provider(browser, email, tamper_state=True)
        assert answer.status_code == 403
        assert COOKIE not in browser.cookies
    entry = await organisation.audit(action="auth.sign_in", target="oidc.state")
    assert entry
    assert entry["outcome"] == "refused"
    async with organisation.browser() as browser:
        good = await through_provider(browser, email)
        assert good.status_code == 303
        # The same callback again (its state used once) is refused.
        browser.cookies.set(
            STATE_COOKIE, dict(parse_qsl(urlsplit(str(good.url)).query))["state"], "gateway.test"
        )
        again = await browser.get(str(good.url))
        assert again.status_code == 403


async def test_no_provider_configured_no_oidc_route() -> None:
    runtime = build_gateway(GatewaySettings(service_name=unique("gw-no-oidc")))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=runtime.http), base_url=GATEWAY
    ) as browser:
        assert (await browser.get("/sign-in/oidc")).status_code == 404
        assert "/sign-in/oidc" not in (await browser.get("/sign-in")).text
    await asyncio.sleep(0)


async def test_an_unreachable_provider_is_503_never_500(
    mongodb_url: str,
    kafka_bootstrap: str,
    mongo_client: AsyncMongoClient[dict[str, object]],
) -> None:
    settings = GatewaySettings(
        service_name=unique("gw-oidc-down"),
        mongodb_url=mongodb_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_database=unique("gateway_oidc_down").replace("-", "_"),
        cookie_secure=False,
        service_timeout_seconds=2,
        oidc_issuer=f"http://127.0.0.1:{free_port()}",
        oidc_client_id="gateway",
        oidc_client_secret="secret",
    )
    runtime = build_gateway(settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=runtime.http), base_url=GATEWAY
    ) as browser:
        answer = await browser.get("/sign-in/oidc")
        assert answer.status_code == 503
        assert "cancelled or failed" in answer.text
    refused = await mongo_client[settings.database_name]["audit"].find_one({})
    await mongo_client.drop_database(settings.database_name)
    assert refused
    assert refused["target"] == "oidc.provider"


def test_an_incomplete_or_insecure_provider_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="go together"):
        GatewaySettings(oidc_issuer="https://id.example.org", oidc_client_id="x")
    with pytest.raises(ValueError, match="https"):
        GatewaySettings(
            environment="production",
            api_token="x" * 40,
            oidc_issuer="http://id.example.org",
            oidc_client_id="x",
            oidc_client_secret="y",
        )
    assert GatewaySettings(
        oidc_issuer="http://127.0.0.1:1", oidc_client_id="x", oidc_client_secret="y"
    ).oidc_enabled

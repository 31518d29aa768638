"""Each person's language, chosen once and remembered on their account; Arabic right to left;
visitors get their browser's language."""

from __future__ import annotations

import pytest

from mmc_gateway.roles import Role
from tests.integration.gateway.conftest import Gateway, csrf_of, sign_in

pytestmark = pytest.mark.integration


async def test_a_chosen_language_is_remembered_across_sessions(gateway: Gateway) -> None:
    account, password = await gateway.account(Role.SECRETARIAT)
    async with gateway.client() as browser:
        assert (await sign_in(browser, account.email, password)).status_code == 303
        home = await browser.get("/")
        assert '<html lang="en" dir="ltr">' in home.text
        chosen = await browser.post(
            "/preferences/language",
            data={"locale": "ar", "csrf_token": csrf_of(home.text)},
            headers={"Referer": "http://gateway.test/cities?q=x"},
        )
        assert chosen.status_code == 303
        assert chosen.headers["location"] == "/cities?q=x"
        cities = await browser.get("/cities")
        assert '<html lang="ar" dir="rtl">' in cities.text
        assert "المدن" in cities.text
        out = await browser.post("/sign-out", data={"csrf_token": csrf_of(cities.text)})
        assert out.status_code == 303
    async with gateway.client() as elsewhere:
        assert (await sign_in(elsewhere, account.email, password)).status_code == 303
        board = await elsewhere.get("/board")
        assert '<html lang="ar" dir="rtl">' in board.text
        refused = await elsewhere.post(
            "/preferences/language", data={"locale": "de", "csrf_token": csrf_of(board.text)}
        )
        assert refused.status_code == 404


async def test_visitors_get_their_browser_language(gateway: Gateway) -> None:
    async with gateway.client() as visitor:
        page = await visitor.get("/sign-in", headers={"Accept-Language": "es-MX,es;q=0.9"})
        assert '<html lang="es" dir="ltr">' in page.text
        assert "Iniciar sesión" in page.text
        wrong = await visitor.post(
            "/sign-in",
            data={"email": "nobody@mmc.example.org", "password": "x", "csrf_token": "x"},
            headers={"Accept-Language": "fr"},
        )
        assert "Le formulaire a expiré" in wrong.text

"""`python -m mmc_cities.demo.load` against the service served over real HTTP."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable

import pytest
import uvicorn

from mmc_cities.demo.load import main
from tests.integration.cities.conftest import CitiesService
from tests.waiting import eventually

pytestmark = pytest.mark.integration


def _started(server: uvicorn.Server) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return server.started

    return check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_the_demo_loader_imports_once_then_finds_duplicates(
    cities: CitiesService, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    # The fixture has started the service; uvicorn only serves it.
    server = uvicorn.Server(
        uvicorn.Config(
            cities.runtime.http,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            access_log=False,
            log_config=None,
        )
    )
    serving = asyncio.create_task(server.serve())
    try:
        await eventually(_started(server), 10, "the HTTP server to start")
        url = f"http://127.0.0.1:{port}"
        assert await asyncio.to_thread(main, ["--url", url]) == 0
        first = json.loads(capsys.readouterr().out)
        assert await asyncio.to_thread(main, ["--url", url]) == 0
        second = json.loads(capsys.readouterr().out)
        assert await asyncio.to_thread(main, ["--url", url, "--token", "wrong"]) == 1
        assert "401" in capsys.readouterr().err
    finally:
        server.should_exit = True
        await serving
    assert first["imported"] == first["total"] >= 45
    assert first["rejected"] == []
    assert (second["imported"], second["duplicates"]) == (0, first["total"])

"""`python -m mmc_board.demo.load` against both services served over real HTTP, as `make run`
does: the cities demo data first, then the board's voters and founding Board, twice."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn

from mmc_board.demo.load import main as load_board
from mmc_board.domain import FOUNDED_ON, FOUNDING_BOARD, SUPPORTING_PARTNERS
from mmc_cities.demo.load import main as load_cities
from tests.integration.board.conftest import Board, Cities
from tests.waiting import eventually

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[str]:
    """Serve an app already started by its fixture (uvicorn only serves it)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, lifespan="off", access_log=False, log_config=None
        )
    )
    serving = asyncio.create_task(server.serve())

    async def started() -> bool:
        return server.started

    try:
        await eventually(started, 10, "the HTTP server to start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def test_the_demo_loader_seats_the_founding_board_once(
    cities: Cities, board: Board, capsys: pytest.CaptureFixture[str]
) -> None:
    async with served(cities.runtime.http) as cities_url, served(board.runtime.http) as board_url:
        assert await asyncio.to_thread(load_cities, ["--url", cities_url]) == 0
        capsys.readouterr()
        assert await asyncio.to_thread(load_board, ["--url", board_url]) == 0
        first = json.loads(capsys.readouterr().out)
        assert await asyncio.to_thread(load_board, ["--url", board_url, "--wait", "5"]) == 0
        second = json.loads(capsys.readouterr().out)
        assert await asyncio.to_thread(load_board, ["--url", board_url, "--token", "x"]) == 1
        assert "401" in capsys.readouterr().err

    assert first == {
        "voters_added": len(SUPPORTING_PARTNERS),
        "voters_existing": 0,
        "founding_seated": 10,
        "founding_existing": 0,
    }
    assert second == {
        "voters_added": 0,
        "voters_existing": len(SUPPORTING_PARTNERS),
        "founding_seated": 0,
        "founding_existing": 10,
    }
    founding = await board.ok("GET", "/memberships", params={"via": "founding"})
    assert founding["total"] == 10
    assert [(m["seat"], m["mayor"]["name"], m["term_start"]) for m in founding["items"]] == [
        (member.seat, member.mayor_name, FOUNDED_ON.isoformat()) for member in FOUNDING_BOARD
    ]
    as_of = await board.ok("GET", "/board/as-of/2019-06-01")
    assert [m["mayor"]["city_name"] for m in as_of["members"]] == [
        member.city_name for member in FOUNDING_BOARD
    ]

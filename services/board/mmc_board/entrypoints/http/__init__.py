"""The board service's HTTP API, one router per resource; `app.py` includes `routers()`.

Routes translate a request into a command or a query and the result into JSON; they receive
the service's parts as a dependency (`deps.Board`), so each router is a plain module.
"""

from __future__ import annotations

from fastapi import APIRouter

from mmc_board.entrypoints.http import board, cities, meetings, memberships, nominations, rounds


def routers() -> list[APIRouter]:
    return [
        board.router,
        memberships.router,
        nominations.router,
        nominations.voters_router,
        rounds.router,
        meetings.router,
        cities.router,
    ]

"""The webhooks service's HTTP API, one router per resource; `app.py` includes `routers()`."""

from __future__ import annotations

from fastapi import APIRouter

from mmc_webhooks.entrypoints.http import deliveries, endpoints


def routers() -> list[APIRouter]:
    return [endpoints.router, deliveries.router]

"""The cities service's HTTP API, one router per resource; `app.py` includes `routers()`.

Routes translate a request into a command or a query and the result into JSON; they receive
the service's parts as a dependency (`deps.Cities`), so each router is a plain module.
"""

from __future__ import annotations

from fastapi import APIRouter

from mmc_cities.entrypoints.http import assistance, cities, import_export


def routers() -> list[APIRouter]:
    # Import and export first: `/cities/import` and `/cities/export.csv` win over `/cities/{id}`.
    return [import_export.router, cities.router, assistance.router]

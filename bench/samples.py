"""Realistic documents and events, built with the cities domain itself, in a process of their own.

The orchestrator stays free of platform modules (a child's `ru_maxrss` starts from the memory of
the process that started it, so a big parent would inflate every child's peak), and the raw
sides get these as plain JSON in their parameters, so their memory holds no platform module.

    python -m bench.samples templates PARAMS   # a city document and its CityRegistered event
    python -m bench.samples indexes PARAMS     # the cities service's indexes in PARAMS' database
"""

from __future__ import annotations

from typing import Any

from bench.common import Params, mongo_client, profile_input
from bench.memory import side_main


async def templates(params: Params) -> dict[str, Any]:
    from mmc_cities.adapters.repository import search_name
    from mmc_cities.domain.city import City
    from mmc_contracts import EventContext

    city = City.register("template", profile_input("Template", 0), EventContext(actor="bench"))
    event = city.pull_events()[0].model_dump(mode="json")
    document = city.to_document() | {"search_name": search_name("Template")}
    return {"document": document, "event": event}


async def indexes(params: Params) -> dict[str, Any]:
    """So that the raw baseline writes into the same kind of collection as the platform."""
    from mmc_chassis.repository import ensure_indexes
    from mmc_cities.adapters.repository import INDEXES

    client = mongo_client(params.mongodb_url)
    try:
        await ensure_indexes(client[params.database], INDEXES)
    finally:
        await client.close()
    return {"database": params.database}


if __name__ == "__main__":
    side_main({"templates": templates, "indexes": indexes})

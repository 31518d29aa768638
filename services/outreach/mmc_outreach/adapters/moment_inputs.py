"""Outreach's read model of the cities' inputs to policy moments (`moment_inputs`), fed by
advocacy's `mmc.advocacy.policy-moment.v1`.

One document per input (`<moment id>:<input id>`): its moment, city and status. Both events
carry the input's whole state, so each applies when newer than the one held: a replayed or
redelivered event changes nothing.
"""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.mongo import Document
from mmc_chassis.projection import apply_if_newer
from mmc_contracts import Event
from mmc_contracts.advocacy import CityInputStatusChanged, CityInputSubmitted, InputStatus

MOMENT_INPUTS = "moment_inputs"
INPUT_INDEXES: list[IndexModel] = [IndexModel([("moment_id", ASCENDING)], name="by_moment")]


class MomentInputs:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def apply(self, event: Event) -> bool:
        if isinstance(event, CityInputSubmitted):
            status = event.status
        elif isinstance(event, CityInputStatusChanged):
            status = event.to_status
        else:
            return False
        return await apply_if_newer(
            self.collection,
            f"{event.aggregate_id}:{event.input_id}",
            event.aggregate_version,
            {"moment_id": event.aggregate_id, "city_id": event.city_id, "status": str(status)},
        )

    async def cities_with_input(self, moment_id: str) -> set[str]:
        """The cities with an input to the moment on record; a declined input does not count
        (the city has nothing going into the moment, so it is worth mobilising)."""
        query: Document = {"moment_id": moment_id, "status": {"$ne": str(InputStatus.DECLINED)}}
        return {str(d["city_id"]) async for d in self.collection.find(query, {"city_id": 1})}

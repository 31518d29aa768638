"""The hot path's single write: a command loads from the store's copy of its last write, and
published entries are marked in batches instead of trimmed one document at a time; neither may
lose or repeat an event, or let a stale copy win."""

from __future__ import annotations

import uuid

import pytest

from mmc_chassis.errors import StaleVersion
from mmc_chassis.mongo import Document
from mmc_chassis.outbox import PENDING_OUTBOX
from mmc_chassis.relay_marks import MARKS
from mmc_chassis.settings import ServiceSettings
from mmc_cities.adapters.repository import CityRepository
from mmc_cities.commands import RegisterCity, UpdateProfile, register_city, update_profile
from mmc_contracts import EventContext
from mmc_contracts.topics import CITIES_CITY
from tests.integration.chassis.probe import Probe, profile, registered
from tests.kafka_reading import read_count
from tests.waiting import eventually

pytestmark = pytest.mark.integration

CONTEXT = EventContext(actor="test")


async def test_marked_entries_left_in_their_documents_are_not_published_again_after_a_crash(
    probe_settings: ServiceSettings, kafka_bootstrap: str
) -> None:
    # Trims only at stop: the entries stay in their documents, marked, as under load.
    busy = probe_settings.model_copy(update={"relay_trim_seconds": 60.0})
    crashed = Probe(busy)
    cities = [uuid.uuid4().hex for _ in range(20)]
    events = [registered(city) for city in cities]
    async with crashed.running():
        for event in events:
            await crashed.save_new(event)
        ids = {str(event.event_id) for event in events}
        await eventually(lambda: _marked(crashed, ids), what="a mark of the 20 published entries")
        # What the process leaves if it dies now: published entries still in the documents.
        documents = [d async for d in crashed.store.collection.find({})]
        marks = [m async for m in crashed.runtime.database[MARKS].find({})]
    assert len(documents) == 20
    assert all(len(d["outbox"]) == 1 for d in documents), "nothing trimmed before the crash"

    restarted = Probe(probe_settings)
    for document in documents:  # the stop trimmed them: put back the state at the crash
        await restarted.store.collection.replace_one({"_id": document["_id"]}, document)
    await restarted.runtime.database[MARKS].delete_many({})
    await restarted.runtime.database[MARKS].insert_many(marks)
    async with restarted.running():
        await eventually(lambda: _tidy(restarted), what="the entries trimmed and the mark gone")
        assert restarted.runtime.relay.published == 0, "nothing published again"
    records = await read_count(kafka_bootstrap, probe_settings.topic_prefix + CITIES_CITY, 20)
    assert len(records) == 20


async def _marked(probe: Probe, ids: set[str]) -> bool:
    marked = {i async for mark in probe.runtime.database[MARKS].find({}) for i in mark["event_ids"]}
    return ids <= marked


async def _tidy(probe: Probe) -> bool:
    database = probe.runtime.database
    left = await database["cities"].count_documents(PENDING_OUTBOX)
    return left == 0 and await database[MARKS].count_documents({}) == 0


async def test_a_copy_behind_another_instances_write_is_refused_and_the_stored_state_used(
    probe_settings: ServiceSettings,
) -> None:
    probe = Probe(probe_settings)
    cities = CityRepository(probe.store)
    async with probe.running():
        city = await register_city(
            RegisterCity(profile=profile("Bo", 1000).model_dump(mode="json"), context=CONTEXT),
            cities=cities,
        )
        # Another instance changes the city: this store's copy of its own write is behind.
        document: Document = {"version": 2, "profile.population": 5000}
        await probe.store.collection.update_one({"_id": city.id}, {"$set": document})

        changed = await update_profile(
            UpdateProfile(city.id, 2, {"migrant_population": 700}, CONTEXT), cities=cities
        )
        assert changed.version == 3
        assert changed.profile.population == 5000, "the other instance's change is kept"
        with pytest.raises(StaleVersion):  # the client saw version 2: now a conflict
            await update_profile(
                UpdateProfile(city.id, 2, {"migrant_population": 800}, CONTEXT), cities=cities
            )
        stored = await cities.get(city.id)
    assert (stored.version, stored.profile.migrant_population) == (3, 700)

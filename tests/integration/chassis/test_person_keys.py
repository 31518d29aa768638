"""Crypto-shredding against the real database: a sealed value opens while the person's key
exists, and never again once it is shredded, wherever copies of it went."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.person_keys import PERSON_KEYS, PersonKeys, open_with, seal_with
from mmc_contracts.sealed import Sealed

pytestmark = pytest.mark.integration

STATEMENT = "Amina Diallo led Freetown's response to the 2026 floods."


async def test_sealed_opens_until_the_key_is_shredded(mongo_db: AsyncDatabase[Any]) -> None:
    database = mongo_db
    keys = PersonKeys(database[PERSON_KEYS])
    await keys.ensure_indexes()
    sealed = await keys.seal("person-1", STATEMENT)
    again = await keys.seal("person-1", "another field of the same person")
    other = await keys.seal("person-2", STATEMENT)

    wire = sealed.model_dump_json()  # what an event would carry, and a subscriber would copy
    assert "Amina" not in wire
    assert "person-1" not in wire  # the key id is random, never the person's id
    assert again.key_id == sealed.key_id != other.key_id
    assert sealed.ciphertext != other.ciphertext

    copy = Sealed.model_validate_json(wire)
    assert await keys.open(copy) == STATEMENT
    assert await keys.shred("person-1") is True
    assert await keys.open(copy) is None
    assert await keys.open(again) is None
    assert await keys.open(other) == STATEMENT  # another person's data is untouched
    assert await keys.shred("person-1") is False
    assert await database[PERSON_KEYS].count_documents({}) == 1


def test_a_wrong_key_or_an_altered_value_does_not_open() -> None:
    key, wrong = bytes(32), bytes([1]) * 32
    sealed = seal_with(key, "k1", STATEMENT)
    assert open_with(key, sealed) == STATEMENT
    with pytest.raises(ValueError, match="does not open"):
        open_with(wrong, sealed)
    with pytest.raises(ValueError, match="does not open"):
        open_with(key, sealed.model_copy(update={"key_id": "k2"}))

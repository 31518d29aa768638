"""One key per person, held by the service that owns the person's data: crypto-shredding.

Where an event must carry a person's data, the owner seals the value with the person's key
(`seal`), the event carries the `mmc_contracts.sealed.Sealed`, and the owner opens it on request
(`open`) while the key exists. Erasure deletes the key (`shred`): every copy of the value, in the
Kafka log and in every subscriber's store, is unreadable from then on, and a replay of the log
brings nothing back. Keys are AES-256-GCM, the key id (a random id, never the person's own id,
since it travels in events) bound to the ciphertext as associated data.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mmc_chassis.mongo import Document
from mmc_contracts.sealed import Sealed

PERSON_KEYS = "person_keys"


def seal_with(key: bytes, key_id: str, text: str) -> Sealed:
    """`text` sealed with `key` (pure: no storage)."""
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, text.encode(), key_id.encode())
    return Sealed(
        key_id=key_id,
        nonce=base64.b64encode(nonce).decode(),
        ciphertext=base64.b64encode(ciphertext).decode(),
    )


def open_with(key: bytes, sealed: Sealed) -> str:
    """The text; `ValueError` when the key is not the one it was sealed with, or it was altered."""
    try:
        plain = AESGCM(key).decrypt(
            base64.b64decode(sealed.nonce),
            base64.b64decode(sealed.ciphertext),
            sealed.key_id.encode(),
        )
    except (InvalidTag, ValueError) as error:
        raise ValueError("the sealed value does not open with this key") from error
    return plain.decode()


class PersonKeys:
    """The keys, one document per person: `{_id: person id, key_id, key}`."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("key_id", ASCENDING)], unique=True)

    async def _key_of(self, person_id: str) -> tuple[str, bytes]:
        found = await self.collection.find_one({"_id": person_id})
        if found is None:
            document: Document = {
                "_id": person_id,
                "key_id": uuid.uuid4().hex,
                "key": AESGCM.generate_key(bit_length=256),
                "created_at": datetime.now(UTC),
            }
            try:
                await self.collection.insert_one(document)
                found = document
            except DuplicateKeyError:  # made meanwhile by a concurrent seal: use that one
                found = await self.collection.find_one({"_id": person_id})
                assert found is not None
        return str(found["key_id"]), bytes(found["key"])

    async def seal(self, person_id: str, text: str) -> Sealed:
        key_id, key = await self._key_of(person_id)
        return seal_with(key, key_id, text)

    async def seal_all(self, person_id: str, texts: Iterable[str]) -> dict[str, Sealed]:
        """Each text sealed with the person's key, looked up (or made) once."""
        key_id, key = await self._key_of(person_id)
        return {text: seal_with(key, key_id, text) for text in texts}

    async def open(self, sealed: Sealed) -> str | None:
        """The text, or None once the person's key was shredded."""
        found = await self.collection.find_one({"key_id": sealed.key_id})
        if found is None:
            return None
        return open_with(bytes(found["key"]), sealed)

    async def shred(self, person_id: str) -> bool:
        """Delete the person's key; False if there was none."""
        result = await self.collection.delete_one({"_id": person_id})
        return result.deleted_count == 1

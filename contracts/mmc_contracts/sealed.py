"""`Sealed`: a person's data that an event must carry, encrypted with a key of that person's.

The owning service holds one key per person (AES-256-GCM; `mmc_chassis.person_keys`). A
subscriber that needs the value asks the owner, which opens it while the key exists; erasing the
person deletes the key, and every copy of the event, in the log and in subscribers' stores, is
unreadable from then on (crypto-shredding). Subscribers store a `Sealed` as it came.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Sealed(BaseModel):
    """A value encrypted with one person's key (AES-256-GCM, the key id as associated data)."""

    model_config = ConfigDict(frozen=True)

    key_id: str = Field(
        min_length=1, max_length=64, description="The person's key at the owning service."
    )
    nonce: str = Field(min_length=16, max_length=16, description="The 96-bit nonce, base64.")
    ciphertext: str = Field(min_length=1, max_length=100_000, description="Base64.")

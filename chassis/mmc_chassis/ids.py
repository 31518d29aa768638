"""Ids: a new one for what a command creates, a derived one for what a reaction creates.

A reaction derives the id of what it creates from the event (or aggregate) that caused it, so a
redelivered or replayed event finds it made already and changes nothing. Pure: no I/O.
"""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("6f1d2c8e-4b7a-5e3f-9a0c-1d2e3f4a5b6c")
"""Fixed for ever: every id derived so far depends on it."""


def new_id() -> str:
    """A fresh random id (32 hex digits)."""
    return uuid.uuid4().hex


def derived_id(kind: str, source: str) -> str:
    """The id of the `kind` that `source` (an event or aggregate id) causes: always the same."""
    return uuid.uuid5(_NAMESPACE, f"{kind}:{source}").hex

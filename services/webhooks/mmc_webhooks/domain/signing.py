"""Standard Webhooks signatures (https://www.standardwebhooks.com). Pure.

A delivery carries `webhook-id` (the event's id, the same on every retry, so a partner can drop
repeats), `webhook-timestamp` (seconds since the epoch, when this attempt was signed, so a
partner can refuse an old or replayed delivery) and `webhook-signature`: `v1,<base64 of
HMAC-SHA256 over "id.timestamp.body">`, one per live secret, separated by spaces, so a partner
holding either the old or the new secret accepts deliveries while a rotation's grace lasts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 24


def secret_from(raw: bytes) -> str:
    """A secret in the scheme's text form, from random bytes (the caller draws them)."""
    if len(raw) < SECRET_BYTES:
        raise ValueError(f"a secret needs at least {SECRET_BYTES} random bytes")
    return SECRET_PREFIX + base64.b64encode(raw).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key of a `whsec_...` secret."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("a secret starts with whsec_")
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One signature, `v1,<base64>`."""
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(
    secrets: Iterable[str], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three headers of a delivery signed with every live secret (newest first)."""
    signatures = [sign(secret, message_id, timestamp, body) for secret in secrets]
    if not signatures:
        raise ValueError("an endpoint always has a live secret")
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
    }
